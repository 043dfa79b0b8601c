/*
 * fd_pwrite (pwritev): writes at an offset, neither using nor moving the fd's offset;
 * needs the fd_write and fd_seek rights. Groups (argv[1]):
 *   basic      writes at an offset; the fd's offset stays 0
 *   gather     one call writes two ciovecs (1 + 2 bytes) in order at the offset:
 *              pwritev to a regular file is not short unless the disk is full
 *   past-eof   a write at 15 on the 10-byte file grows it to 16; bytes 10-14 are zeros
 *   append     on an fd opened with fdflags append, the fd's offset stays; the data goes
 *              either to the offset given or to the end (POSIX leaves it open, Linux
 *              appends): both accepted, nothing else
 *   huge-offset  offsets 2^63 and 2^64 - 1 (u64 filesize): inval, fbig or overflow (pwrite:
 *              EINVAL for a negative offset, EFBIG past the largest file); the file is
 *              unchanged
 *   no-write   an fd with fd_seek but not fd_write gives notcapable; the file is unchanged
 *   no-seek    an fd with fd_write but not fd_seek gives notcapable; the file is unchanged
 *   dir        the preopen gives isdir, badf or notcapable (the set upstream accepts)
 *   badf       a closed fd and a forged fd give badf
 */
#include "fd_common.h"

static __wasi_errno_t pwrite_str(__wasi_fd_t fd, const char *s, __wasi_filesize_t off, __wasi_size_t *n) {
    __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
    *n = 0xdead;
    return __wasi_fd_pwrite(fd, &iov, 1, off, n);
}

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_size_t n;
    __wasi_errno_t e;
    FD_BEGIN(argc, argv);
    if (is("basic")) {
        if (!open_at("digits.txt", 0, R_WRITE | R_SEEK | R_TELL, 0, &fd)) return tap_end();
        tap_errno(pwrite_str(fd, "ab", 2, &n), __WASI_ERRNO_SUCCESS, "fd_pwrite('ab', offset 2) succeeds");
        tap_eq(n, 2, "nwritten is 2");
        tap_ok(holds("digits.txt", "01ab456789", 10), "the bytes landed at offset 2");
        tap_eq(offset_of(fd), 0, "the fd's offset is still 0");
    } else if (is("gather")) {
        if (!open_at("digits.txt", 0, R_WRITE | R_SEEK, 0, &fd)) return tap_end();
        __wasi_ciovec_t iovs[2] = {{(const uint8_t *)"X", 1}, {(const uint8_t *)"YZ", 2}};
        n = 0;
        tap_errno(__wasi_fd_pwrite(fd, iovs, 2, 6, &n), __WASI_ERRNO_SUCCESS, "fd_pwrite of two ciovecs ('X', 'YZ') at offset 6 succeeds");
        tap_eq(n, 3, "nwritten is 3: both ciovecs are written");
        tap_ok(holds("digits.txt", "012345XYZ9", 10), "they are gathered in order at offset 6");
    } else if (is("past-eof")) {
        if (!open_at("digits.txt", 0, R_WRITE | R_SEEK, 0, &fd)) return tap_end();
        tap_errno(pwrite_str(fd, "E", 15, &n), __WASI_ERRNO_SUCCESS, "fd_pwrite('E', offset 15) on the 10-byte file succeeds");
        tap_ok(holds("digits.txt", "0123456789\0\0\0\0\0E", 16), "the file is 16 bytes: the gap 10-14 is zeros, 'E' at 15");
    } else if (is("append")) {
        if (!open_at("digits.txt", 0, R_WRITE | R_SEEK | R_TELL, __WASI_FDFLAGS_APPEND, &fd)) return tap_end();
        __wasi_filesize_t off = 0;
        tap_ok(__wasi_fd_seek(fd, 3, __WASI_WHENCE_SET, &off) == 0, "fd_seek to 3 succeeds");
        tap_errno(pwrite_str(fd, "PQ", 5, &n), __WASI_ERRNO_SUCCESS, "fd_pwrite('PQ', offset 5) on the append fd succeeds");
        tap_eq(n, 2, "nwritten is 2");
        char got[64];
        int len = contents("digits.txt", got, sizeof got);
        int at_off = len == 10 && memcmp(got, "01234PQ789", 10) == 0;
        int at_end = len == 12 && memcmp(got, "0123456789PQ", 12) == 0;
        tap_ok(at_off || at_end, "the data went to offset 5 or to the end, and nowhere else (%s; file '%.*s')",
               at_off ? "at the offset" : at_end ? "at the end" : "neither", len < 0 ? 0 : len, got);
        tap_eq(offset_of(fd), 3, "the fd's offset is still 3");
    } else if (is("huge-offset")) {
        if (!open_at("digits.txt", 0, R_WRITE | R_SEEK, 0, &fd)) return tap_end();
        static const __wasi_filesize_t offs[] = {0x8000000000000000ull, ~0ull};
        static const char *names[] = {"2^63", "2^64 - 1"};
        for (int i = 0; i < 2; i++) {
            e = pwrite_str(fd, "x", offs[i], &n);
            tap_ok(ERRNO_IN(e, __WASI_ERRNO_INVAL, __WASI_ERRNO_FBIG, __WASI_ERRNO_OVERFLOW),
                   "fd_pwrite at offset %s gives inval, fbig or overflow: no file reaches it (got %s)", names[i], tap_errno_name(e));
        }
        tap_eq(stat_path("digits.txt").size, 10, "the file keeps its 10 bytes");
        tap_ok(holds("digits.txt", DIGITS, 10), "the file is unchanged");
    } else if (is("no-write")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~R_WRITE, 0, &fd)) return tap_end();
        tap_errno(pwrite_str(fd, "ab", 2, &n), __WASI_ERRNO_NOTCAPABLE, "fd_pwrite on an fd with every file right but fd_write gives notcapable");
        tap_ok(holds("digits.txt", DIGITS, 10), "the file is unchanged");
    } else if (is("no-seek")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~(R_SEEK | R_TELL), 0, &fd)) return tap_end();
        tap_errno(pwrite_str(fd, "ab", 2, &n), __WASI_ERRNO_NOTCAPABLE,
                  "fd_pwrite on an fd with every file right but fd_seek (and fd_tell) gives notcapable");
        tap_ok(holds("digits.txt", DIGITS, 10), "the file is unchanged");
    } else if (is("dir")) {
        e = pwrite_str(PREOPEN, "ab", 0, &n);
        tap_ok(ERRNO_IN(e, __WASI_ERRNO_ISDIR, __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE),
               "fd_pwrite on a directory fd gives isdir, badf or notcapable (the witx names none; got %s)", tap_errno_name(e));
    } else if (is("badf")) {
        tap_errno(pwrite_str(closed_fd(), "ab", 0, &n), __WASI_ERRNO_BADF, "fd_pwrite on a closed fd gives badf");
        tap_errno(pwrite_str(FORGED_FD, "ab", 0, &n), __WASI_ERRNO_BADF, "fd_pwrite on a forged fd (0x7fffffff) gives badf");
        tap_ok(holds("digits.txt", DIGITS, 10), "the fixture file is unchanged");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
