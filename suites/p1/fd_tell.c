/*
 * fd_tell. The rights: "fd_seek: The right to invoke fd_seek. This flag implies
 * rights::fd_tell." and "fd_tell: The right to invoke fd_tell". Groups (argv[1]):
 *   basic      0 on a new fd; follows fd_read (3) and fd_write (+2); after a seek past
 *              the end, the offset sought (20)
 *   append     on an fd opened with append, after a write the offset is the file's end
 *   tell-right an fd with fd_tell but not fd_seek: fd_tell succeeds
 *   seek-right an fd with fd_seek but not fd_tell: fd_tell succeeds (fd_seek implies it)
 *   rights     an fd with neither fd_tell nor fd_seek gives notcapable
 *   dir        the preopen gives isdir, badf or notcapable (the set upstream accepts)
 *   badf       a closed fd and a forged fd give badf
 */
#include "fd_common.h"

static __wasi_errno_t tell(__wasi_fd_t fd, __wasi_filesize_t *off) {
    *off = 0xdead;
    return __wasi_fd_tell(fd, off);
}

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_filesize_t off;
    __wasi_errno_t e;
    char c[4];
    __wasi_size_t n = 0;
    FD_BEGIN(argc, argv);
    if (is("basic")) {
        if (!open_at("digits.txt", 0, R_READ | R_WRITE | R_SEEK | R_TELL, 0, &fd)) return tap_end();
        tap_errno(tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell on a new fd succeeds");
        tap_eq(off, 0, "a new fd's offset is 0");
        __wasi_iovec_t iov = {(uint8_t *)c, 3};
        tap_ok(__wasi_fd_read(fd, &iov, 1, &n) == 0 && n == 3, "fd_read of 3 bytes succeeds");
        tap_errno(tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell succeeds");
        tap_eq(off, 3, "the offset follows the read: 3");
        __wasi_ciovec_t ciov = {(const uint8_t *)"ab", 2};
        tap_ok(__wasi_fd_write(fd, &ciov, 1, &n) == 0 && n == 2, "fd_write of 2 bytes succeeds");
        tap_errno(tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell succeeds");
        tap_eq(off, 5, "the offset follows the write: 5");
        __wasi_filesize_t got;
        tap_ok(__wasi_fd_seek(fd, 20, __WASI_WHENCE_SET, &got) == 0, "fd_seek to 20, past the end, succeeds");
        tap_errno(tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell succeeds");
        tap_eq(off, 20, "the offset is 20, past the end of the 10-byte file");
    } else if (is("append")) {
        if (!open_at("digits.txt", 0, R_WRITE | R_SEEK | R_TELL, __WASI_FDFLAGS_APPEND, &fd)) return tap_end();
        __wasi_ciovec_t ciov = {(const uint8_t *)"ab", 2};
        tap_ok(__wasi_fd_write(fd, &ciov, 1, &n) == 0 && n == 2, "fd_write of 2 bytes on the append fd succeeds");
        tap_errno(tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell succeeds");
        tap_eq(off, 12, "the offset is the new end of the file, 12");
    } else if (is("tell-right") || is("seek-right")) {
        int t = is("tell-right");
        if (!open_at("digits.txt", 0, R_READ | (t ? R_TELL : R_SEEK), 0, &fd)) return tap_end();
        __wasi_iovec_t iov = {(uint8_t *)c, 3};
        tap_ok(__wasi_fd_read(fd, &iov, 1, &n) == 0 && n == 3, "fd_read of 3 bytes succeeds");
        tap_errno(tell(fd, &off), __WASI_ERRNO_SUCCESS, "fd_tell on an fd with %s succeeds", t ? "fd_tell but not fd_seek" : "fd_seek (which implies fd_tell) but not fd_tell");
        tap_eq(off, 3, "it reports 3");
    } else if (is("rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~(R_SEEK | R_TELL), 0, &fd)) return tap_end();
        tap_errno(tell(fd, &off), __WASI_ERRNO_NOTCAPABLE, "fd_tell on an fd with every file right but fd_seek and fd_tell gives notcapable");
    } else if (is("dir")) {
        e = tell(PREOPEN, &off);
        tap_ok(ERRNO_IN(e, __WASI_ERRNO_ISDIR, __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE),
               "fd_tell on a directory fd gives isdir, badf or notcapable (the witx names none; got %s)", tap_errno_name(e));
    } else if (is("badf")) {
        tap_errno(tell(closed_fd(), &off), __WASI_ERRNO_BADF, "fd_tell on a closed fd gives badf");
        tap_errno(tell(FORGED_FD, &off), __WASI_ERRNO_BADF, "fd_tell on a forged fd (0x7fffffff) gives badf");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
