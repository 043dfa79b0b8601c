/* path_open: the error paths a sandboxed guest can reach from its preopen. */
#include "tap.h"
#include <string.h>

#define PREOPEN 3

int main(void) {
    __wasi_fd_t fd;
    tap_begin();
    tap_errno(__wasi_path_open(PREOPEN, 0, "missing.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), __WASI_ERRNO_NOENT,
              "opening a missing file gives noent");
    tap_errno(__wasi_path_open(PREOPEN, 0, "hello.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_READ, 0, 0, &fd),
              __WASI_ERRNO_EXIST, "creat|excl on an existing file gives exist");
    tap_errno(__wasi_path_open(PREOPEN, 0, "hello.txt", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ, 0, 0, &fd),
              __WASI_ERRNO_NOTDIR, "directory flag on a regular file gives notdir");
    tap_errno(__wasi_path_open(PREOPEN, 0, "hello.txt/x", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), __WASI_ERRNO_NOTDIR,
              "a file used as a path component gives notdir");
    /* The harness keeps files beside the preopen's host folder: a runtime that resolves
       '..' past the preopen would open one. Refusing (notcapable, perm) and clamping
       at the root (noent) both keep the guest inside. */
    __wasi_errno_t e = __wasi_path_open(PREOPEN, 0, "../stdout", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    tap_ok(e != __WASI_ERRNO_SUCCESS, "'..' cannot reach a file beside the preopen (got %s)", tap_errno_name(e));
    tap_errno(__wasi_path_open(42, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), __WASI_ERRNO_BADF,
              "an fd that is not open gives badf");
    tap_errno(__wasi_path_open(PREOPEN, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), __WASI_ERRNO_SUCCESS,
              "opening an existing file succeeds");
    char buf[16] = {0};
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
    __wasi_size_t n = 0;
    tap_errno(__wasi_fd_read(fd, &iov, 1, &n), __WASI_ERRNO_SUCCESS, "reading the opened file succeeds");
    tap_ok(n == 6 && memcmp(buf, "hello\n", 6) == 0, "the file holds its fixture bytes");
    return tap_end();
}
