/*
 * fd_pread (preadv): reads at an offset, neither using nor moving the fd's offset; needs
 * the fd_read and fd_seek rights. Groups (argv[1]):
 *   basic         reads at an offset; the fd's offset stays (0 before any read, 7 after
 *                 a seek) and the next fd_read continues at it
 *   scatter       one call fills two iovecs (3 + 2 bytes) in order: preadv on a regular
 *                 file returns fewer bytes only at the end of the file
 *   eof           at the end of the file or past it: 0 bytes; across the end: the bytes
 *                 up to it
 *   huge-offset   offsets 2^63 and 2^64 - 1 (u64 filesize, past any file): 0 bytes, or
 *                 inval/overflow where the host offset is signed; never data
 *   no-read       an fd with fd_seek but not fd_read gives notcapable
 *   no-seek       an fd with fd_read but not fd_seek gives notcapable ("If rights::fd_seek
 *                 is set, includes the right to invoke fd_pread")
 *   dir           the preopen gives isdir, badf or notcapable (the set upstream accepts)
 *   badf          a closed fd and a forged fd give badf
 *   stdin         stdin, a stream, gives spipe or notcapable (as fd_seek-stdin)
 */
#include "fd_common.h"

static char buf[32];

static __wasi_errno_t pread1(__wasi_fd_t fd, __wasi_filesize_t off, size_t len, __wasi_size_t *n) {
    memset(buf, '.', sizeof buf);
    __wasi_iovec_t iov = {(uint8_t *)buf, len};
    *n = 0xdead;
    return __wasi_fd_pread(fd, &iov, 1, off, n);
}

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_size_t n;
    __wasi_errno_t e;
    FD_BEGIN(argc, argv);
    if (is("basic")) {
        if (!open_at("digits.txt", 0, R_READ | R_SEEK | R_TELL, 0, &fd)) return tap_end();
        tap_errno(pread1(fd, 2, 4, &n), __WASI_ERRNO_SUCCESS, "fd_pread(offset 2, 4 bytes) succeeds");
        tap_ok(n == 4 && memcmp(buf, "2345", 4) == 0, "it reads '2345' (got %u bytes '%.4s')", n, buf);
        tap_eq(offset_of(fd), 0, "the fd's offset is still 0");
        __wasi_filesize_t off = 0;
        tap_ok(__wasi_fd_seek(fd, 7, __WASI_WHENCE_SET, &off) == 0, "fd_seek to 7 succeeds");
        tap_errno(pread1(fd, 0, 3, &n), __WASI_ERRNO_SUCCESS, "fd_pread(offset 0, 3 bytes) succeeds");
        tap_ok(n == 3 && memcmp(buf, "012", 3) == 0, "it reads at offset 0, not at the fd's offset: '012' (got '%.3s')", buf);
        tap_eq(offset_of(fd), 7, "the fd's offset is still 7");
        memset(buf, '.', sizeof buf);
        __wasi_iovec_t iov = {(uint8_t *)buf, 8};
        e = __wasi_fd_read(fd, &iov, 1, &n);
        tap_ok(e == 0 && n == 3 && memcmp(buf, "789", 3) == 0, "the next fd_read continues at offset 7: '789' (%s, %u bytes)", tap_errno_name(e), n);
    } else if (is("scatter")) {
        if (!open_at("digits.txt", 0, R_READ | R_SEEK, 0, &fd)) return tap_end();
        char a[4] = "...", b[3] = "..";
        __wasi_iovec_t iovs[2] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 2}};
        n = 0;
        tap_errno(__wasi_fd_pread(fd, iovs, 2, 1, &n), __WASI_ERRNO_SUCCESS, "fd_pread into two iovecs (3 + 2 bytes) at offset 1 succeeds");
        tap_eq(n, 5, "nread is 5: both iovecs are filled, the file has the bytes");
        tap_ok(memcmp(a, "123", 3) == 0 && memcmp(b, "45", 2) == 0, "it scatters '123' then '45' (got '%s' '%s')", a, b);
    } else if (is("eof")) {
        if (!open_at("digits.txt", 0, R_READ | R_SEEK, 0, &fd)) return tap_end();
        tap_errno(pread1(fd, 10, 4, &n), __WASI_ERRNO_SUCCESS, "fd_pread at offset 10, the end of the file, succeeds");
        tap_eq(n, 0, "it reads 0 bytes");
        tap_errno(pread1(fd, 1000, 4, &n), __WASI_ERRNO_SUCCESS, "fd_pread at offset 1000, past the end, succeeds");
        tap_eq(n, 0, "it reads 0 bytes");
        tap_errno(pread1(fd, 8, 5, &n), __WASI_ERRNO_SUCCESS, "fd_pread(offset 8, 5 bytes) across the end succeeds");
        tap_ok(n == 2 && memcmp(buf, "89..", 4) == 0, "it reads the 2 bytes up to the end, '89', and nothing more (got %u)", n);
    } else if (is("huge-offset")) {
        if (!open_at("digits.txt", 0, R_READ | R_SEEK, 0, &fd)) return tap_end();
        static const __wasi_filesize_t offs[] = {0x8000000000000000ull, ~0ull};
        static const char *names[] = {"2^63", "2^64 - 1"};
        for (int i = 0; i < 2; i++) {
            e = pread1(fd, offs[i], 4, &n);
            tap_ok((e == 0 && n == 0) || e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_OVERFLOW,
                   "fd_pread at offset %s reads 0 bytes (past the end) or gives inval or overflow (host limit); never data (got %s, %u bytes)",
                   names[i], tap_errno_name(e), e == 0 ? n : 0);
        }
    } else if (is("no-read")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~R_READ, 0, &fd)) return tap_end();
        tap_errno(pread1(fd, 0, 4, &n), __WASI_ERRNO_NOTCAPABLE, "fd_pread on an fd with every file right but fd_read gives notcapable");
    } else if (is("no-seek")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~(R_SEEK | R_TELL), 0, &fd)) return tap_end();
        tap_errno(pread1(fd, 0, 4, &n), __WASI_ERRNO_NOTCAPABLE,
                  "fd_pread on an fd with every file right but fd_seek (and fd_tell) gives notcapable");
    } else if (is("dir")) {
        e = pread1(PREOPEN, 0, 4, &n);
        tap_ok(ERRNO_IN(e, __WASI_ERRNO_ISDIR, __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE),
               "fd_pread on a directory fd gives isdir, badf or notcapable (the witx names none; got %s)", tap_errno_name(e));
    } else if (is("badf")) {
        tap_errno(pread1(closed_fd(), 0, 4, &n), __WASI_ERRNO_BADF, "fd_pread on a closed fd gives badf");
        tap_errno(pread1(FORGED_FD, 0, 4, &n), __WASI_ERRNO_BADF, "fd_pread on a forged fd (0x7fffffff) gives badf");
    } else if (is("stdin")) {
        e = pread1(0, 0, 4, &n);
        tap_ok(e == __WASI_ERRNO_SPIPE || e == __WASI_ERRNO_NOTCAPABLE,
               "fd_pread on stdin (a stream: no offset) gives spipe or notcapable (spec ambiguity: either is accepted; got %s)", tap_errno_name(e));
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
