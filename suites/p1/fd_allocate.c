/*
 * fd_allocate (posix_fallocate). A runtime may not support it at all: upstream
 * wasi-testsuite accepts notsup then. Each group first asks whether fd_allocate works on
 * a writable fd with the right; only if that gives notsup is notsup accepted below.
 * Groups (argv[1]):
 *   grow       allocate(0, 100) on the 10-byte file makes it 100 bytes, zero-filled,
 *              content kept; allocate inside the file changes nothing; the offset stays
 *   badf       a closed fd and a forged fd give badf
 *   rights     an fd without the fd_allocate right gives notcapable; the file is unchanged
 *   dir        the preopen (a directory) gives isdir, badf or notcapable
 *   zero-len   len 0 gives inval (as posix_fallocate)
 *   overflow   offset + len past the largest file offset gives inval or fbig
 */
#include "fd_common.h"

#define RW_ALLOC (R_READ | R_WRITE | R_SEEK | R_TELL | __WASI_RIGHTS_FD_ALLOCATE)

/* 1 if fd_allocate is implemented at all (a supported call on a writable fd with the right). */
static int supported(void) {
    __wasi_fd_t fd;
    if (__wasi_path_open(PREOPEN, 0, "digits.txt", 0, RW_ALLOC, 0, 0, &fd) != 0) return 1;
    __wasi_errno_t e = __wasi_fd_allocate(fd, 0, 1);
    if (__wasi_fd_close(fd) != 0) return 1;
    if (e == __WASI_ERRNO_NOTSUP) printf("# fd_allocate gives notsup on a writable fd with the right: not supported\n");
    return e != __WASI_ERRNO_NOTSUP;
}

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_errno_t e;
    FD_BEGIN(argc, argv);
    int sup = supported();
    if (is("grow")) {
        if (!open_at("digits.txt", 0, RW_ALLOC, 0, &fd)) return tap_end();
        e = __wasi_fd_allocate(fd, 0, 100);
        if (e == __WASI_ERRNO_NOTSUP) {
            tap_skip("fd_allocate is not supported (notsup, accepted by upstream)", "fd_allocate(0, 100) grows the file");
            return tap_end();
        }
        tap_errno(e, __WASI_ERRNO_SUCCESS, "fd_allocate(0, 100) on a 10-byte file succeeds");
        tap_eq(stat_path("digits.txt").size, 100, "the file is now 100 bytes (offset + len)");
        char want[100];
        memset(want, 0, sizeof want);
        memcpy(want, DIGITS, 10);
        tap_ok(holds("digits.txt", want, 100), "its first 10 bytes are kept and the 90 new bytes are zeros");
        tap_eq(offset_of(fd), 0, "the fd's offset is still 0");
        tap_errno(__wasi_fd_allocate(fd, 5, 3), __WASI_ERRNO_SUCCESS, "fd_allocate(5, 3), inside the file, succeeds");
        tap_eq(stat_path("digits.txt").size, 100, "allocating inside the file never shrinks it (still 100 bytes)");
    } else if (is("badf")) {
        tap_errno(__wasi_fd_allocate(closed_fd(), 0, 10), __WASI_ERRNO_BADF, "fd_allocate on a closed fd gives badf");
        tap_errno(__wasi_fd_allocate(FORGED_FD, 0, 10), __WASI_ERRNO_BADF, "fd_allocate on a forged fd (0x7fffffff) gives badf");
    } else if (is("rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~__WASI_RIGHTS_FD_ALLOCATE, 0, &fd)) return tap_end();
        e = __wasi_fd_allocate(fd, 0, 100);
        if (sup)
            tap_errno(e, __WASI_ERRNO_NOTCAPABLE, "fd_allocate(0, 100) on an fd with every file right but fd_allocate gives notcapable");
        else
            tap_ok(e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_NOTSUP,
                   "fd_allocate without the right gives notcapable, or notsup as fd_allocate is unsupported (got %s)", tap_errno_name(e));
        tap_eq(stat_path("digits.txt").size, 10, "the file keeps its 10 bytes");
    } else if (is("dir")) {
        e = __wasi_fd_allocate(PREOPEN, 0, 100);
        if (sup)
            tap_ok(ERRNO_IN(e, __WASI_ERRNO_ISDIR, __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE),
                   "fd_allocate on a directory fd gives isdir, badf or notcapable (the set upstream accepts; got %s)", tap_errno_name(e));
        else
            tap_ok(ERRNO_IN(e, __WASI_ERRNO_ISDIR, __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_NOTSUP),
                   "fd_allocate on a directory fd gives isdir, badf, notcapable, or notsup as fd_allocate is unsupported (got %s)",
                   tap_errno_name(e));
    } else if (is("zero-len")) {
        if (!open_at("digits.txt", 0, RW_ALLOC, 0, &fd)) return tap_end();
        e = __wasi_fd_allocate(fd, 0, 0);
        if (sup)
            tap_errno(e, __WASI_ERRNO_INVAL, "fd_allocate with len 0 gives inval (posix_fallocate: len <= 0 is EINVAL)");
        else
            tap_ok(e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_NOTSUP,
                   "fd_allocate with len 0 gives inval, or notsup as fd_allocate is unsupported (got %s)", tap_errno_name(e));
        tap_eq(stat_path("digits.txt").size, 10, "the file keeps its 10 bytes");
    } else if (is("overflow")) {
        if (!open_at("digits.txt", 0, RW_ALLOC, 0, &fd)) return tap_end();
        e = __wasi_fd_allocate(fd, 0x7fffffffffffffffull, 2);
        if (sup)
            tap_ok(e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_FBIG,
                   "fd_allocate(2^63 - 1, 2), whose end is past the largest file offset, gives inval or fbig (posix_fallocate: EINVAL "
                   "or EFBIG; got %s)",
                   tap_errno_name(e));
        else
            tap_ok(ERRNO_IN(e, __WASI_ERRNO_INVAL, __WASI_ERRNO_FBIG, __WASI_ERRNO_NOTSUP),
                   "fd_allocate(2^63 - 1, 2) gives inval or fbig, or notsup as fd_allocate is unsupported (got %s)", tap_errno_name(e));
        e = __wasi_fd_allocate(fd, 0x8000000000000000ull, 1);
        if (sup)
            tap_ok(e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_FBIG,
                   "fd_allocate(2^63, 1), an offset no off_t holds, gives inval or fbig (got %s)", tap_errno_name(e));
        else
            tap_ok(ERRNO_IN(e, __WASI_ERRNO_INVAL, __WASI_ERRNO_FBIG, __WASI_ERRNO_NOTSUP),
                   "fd_allocate(2^63, 1) gives inval or fbig, or notsup as fd_allocate is unsupported (got %s)", tap_errno_name(e));
        tap_eq(stat_path("digits.txt").size, 10, "the file keeps its 10 bytes");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
