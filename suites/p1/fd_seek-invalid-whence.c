/*
 * fd_seek with a whence that is no whence value (argv[1]: 3, one past `end`, or 255):
 * inval, as POSIX lseek gives EINVAL, and the offset is left alone. The witx does not
 * say what an out-of-range enum value does; Wasmtime treats it as an ABI error and
 * traps, which is why each value is a test of its own.
 */
#include "tap.h"
#include <stdlib.h>

#define PREOPEN 3

int main(int argc, char **argv) {
    __wasi_fd_t fd = 0;
    __wasi_filesize_t off = 99;
    int whence = argc > 1 ? atoi(argv[1]) : -1;
    tap_begin();
    if (whence < 3 || whence > 255) {
        tap_ok(0, "argv[1] is a whence from 3 to 255 (got %d)", whence);
        return tap_end();
    }
    if (__wasi_path_open(PREOPEN, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL, 0, 0, &fd) != 0 ||
        __wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &off) != 0 || off != 2) {
        tap_ok(0, "open hello.txt with fd_read, fd_seek and fd_tell rights and seek to offset 2");
        return tap_end();
    }
    off = 99;
    tap_errno(__wasi_fd_seek(fd, 0, (__wasi_whence_t)whence, &off), __WASI_ERRNO_INVAL, "fd_seek(0, whence %d), not a whence value, gives inval", whence);
    off = 99;
    tap_errno(__wasi_fd_tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell succeeds afterwards");
    tap_eq(off, 2, "the rejected seek leaves the offset at 2");
    return tap_end();
}
