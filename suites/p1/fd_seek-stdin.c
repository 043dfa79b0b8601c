/*
 * stdin is a pipe (no `stdin` field: an empty one). Seeking a pipe is meaningless:
 * fd_seek and fd_tell give spipe, or notcapable if the host did not grant stdin the
 * fd_seek / fd_tell right (the witx rights model), which fd_fdstat_get tells us.
 */
#include "tap.h"

int main(void) {
    __wasi_fdstat_t st;
    __wasi_filesize_t off = 0;
    tap_begin();
    tap_errno(__wasi_fd_fdstat_get(0, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on stdin succeeds");
    int can_seek = (st.fs_rights_base & __WASI_RIGHTS_FD_SEEK) != 0;
    int can_tell = (st.fs_rights_base & (__WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_SEEK)) != 0;
    tap_errno(__wasi_fd_seek(0, 0, __WASI_WHENCE_CUR, &off), can_seek ? __WASI_ERRNO_SPIPE : __WASI_ERRNO_NOTCAPABLE,
              "fd_seek(0, cur) on the stdin pipe gives %s (stdin %s the fd_seek right)", can_seek ? "spipe" : "notcapable", can_seek ? "has" : "lacks");
    tap_errno(__wasi_fd_seek(0, 5, __WASI_WHENCE_SET, &off), can_seek ? __WASI_ERRNO_SPIPE : __WASI_ERRNO_NOTCAPABLE,
              "fd_seek(5, set) on the stdin pipe gives %s", can_seek ? "spipe" : "notcapable");
    tap_errno(__wasi_fd_tell(0, &off), can_tell ? __WASI_ERRNO_SPIPE : __WASI_ERRNO_NOTCAPABLE,
              "fd_tell on the stdin pipe gives %s (stdin %s the fd_tell right)", can_tell ? "spipe" : "notcapable", can_tell ? "has" : "lacks");
    return tap_end();
}
