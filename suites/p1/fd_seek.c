/*
 * fd_seek / fd_tell on hello.txt ("hello\n", 6 bytes) in the fixture copy. A whence
 * that is no whence value is fd_seek-invalid-whence (Wasmtime traps on it).
 */
#include "tap.h"

#define PREOPEN 3

static __wasi_fd_t fd;

static int read1(char *c) {
    __wasi_iovec_t iov = {(uint8_t *)c, 1};
    __wasi_size_t n = 0;
    return __wasi_fd_read(fd, &iov, 1, &n) == __WASI_ERRNO_SUCCESS && n == 1;
}

static __wasi_filesize_t tell(void) {
    __wasi_filesize_t off = 0xDEAD;
    if (__wasi_fd_tell(fd, &off) != __WASI_ERRNO_SUCCESS) return 0xBAD;
    return off;
}

int main(void) {
    __wasi_filesize_t off = 0;
    char c = 0;
    tap_begin();
    if (__wasi_path_open(PREOPEN, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL, 0, 0, &fd) != 0) {
        tap_ok(0, "open hello.txt with fd_read, fd_seek and fd_tell rights");
        return tap_end();
    }
    off = 99;
    tap_errno(__wasi_fd_tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell on a new fd succeeds");
    tap_eq(off, 0, "a newly opened file's offset is 0");

    off = 99;
    tap_errno(__wasi_fd_seek(fd, 2, __WASI_WHENCE_SET, &off), __WASI_ERRNO_SUCCESS, "fd_seek(2, set) succeeds");
    tap_eq(off, 2, "whence set: the new offset is 2");
    tap_ok(read1(&c) && c == 'l', "the next read starts at offset 2 ('l', got '%c')", c);
    tap_eq(tell(), 3, "fd_tell follows the read: 3");

    off = 99;
    tap_errno(__wasi_fd_seek(fd, 1, __WASI_WHENCE_CUR, &off), __WASI_ERRNO_SUCCESS, "fd_seek(1, cur) succeeds");
    tap_eq(off, 4, "whence cur: 3 + 1 = 4");
    tap_ok(read1(&c) && c == 'o', "the next read starts at offset 4 ('o', got '%c')", c);
    off = 99;
    tap_errno(__wasi_fd_seek(fd, -3, __WASI_WHENCE_CUR, &off), __WASI_ERRNO_SUCCESS, "fd_seek(-3, cur) succeeds");
    tap_eq(off, 2, "whence cur with a negative delta: 5 - 3 = 2");

    off = 99;
    tap_errno(__wasi_fd_seek(fd, 0, __WASI_WHENCE_END, &off), __WASI_ERRNO_SUCCESS, "fd_seek(0, end) succeeds");
    tap_eq(off, 6, "whence end: the offset is the file size, 6");
    off = 99;
    tap_errno(__wasi_fd_seek(fd, -2, __WASI_WHENCE_END, &off), __WASI_ERRNO_SUCCESS, "fd_seek(-2, end) succeeds");
    tap_eq(off, 4, "whence end with a negative delta: 6 - 2 = 4");
    tap_ok(read1(&c) && c == 'o', "the next read starts at offset 4 ('o', got '%c')", c);
    tap_eq(tell(), 5, "fd_tell reports 5");

    tap_errno(__wasi_fd_seek(fd, -1, __WASI_WHENCE_SET, &off), __WASI_ERRNO_INVAL, "fd_seek(-1, set), a negative offset, gives inval");
    tap_errno(__wasi_fd_seek(fd, -6, __WASI_WHENCE_CUR, &off), __WASI_ERRNO_INVAL, "fd_seek(-6, cur) from 5 gives inval");
    tap_errno(__wasi_fd_seek(fd, -7, __WASI_WHENCE_END, &off), __WASI_ERRNO_INVAL, "fd_seek(-7, end) on a 6-byte file gives inval");
    tap_eq(tell(), 5, "failed seeks leave the offset at 5 (as POSIX lseek)");

    tap_errno(__wasi_fd_seek(42, 0, __WASI_WHENCE_SET, &off), __WASI_ERRNO_BADF, "fd_seek on an fd that is not open gives badf");
    tap_errno(__wasi_fd_tell(42, &off), __WASI_ERRNO_BADF, "fd_tell on an fd that is not open gives badf");
    __wasi_errno_t e = __wasi_fd_seek(PREOPEN, 0, __WASI_WHENCE_CUR, &off);
    tap_ok(e == __WASI_ERRNO_ISDIR || e == __WASI_ERRNO_BADF || e == __WASI_ERRNO_NOTCAPABLE,
           "fd_seek on a directory fd fails with isdir, badf or notcapable (the witx names none; got %s)", tap_errno_name(e));
    return tap_end();
}
