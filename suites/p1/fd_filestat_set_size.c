/*
 * fd_filestat_set_size (ftruncate). Groups (argv[1]):
 *   grow      10 -> 20 bytes: the new bytes are zeros ("growing zero-fills"), the old
 *             kept, the fd's offset unchanged
 *   shrink    10 -> 4 bytes keeps "0123"; growing back to 10 gives zeros, never the old
 *             bytes (a truncated file's data does not come back)
 *   rights    an fd with fd_write but not fd_filestat_set_size gives notcapable; size kept
 *   dir       the preopen gives isdir, inval, badf or notcapable (the set upstream accepts)
 *   badf      a closed fd and a forged fd give badf
 *   overflow  size 2^63, which no off_t holds, gives inval or fbig (ftruncate: EINVAL for a
 *             negative length, EFBIG past the largest size); the size is kept
 */
#include "fd_common.h"

#define RW_SIZE (R_READ | R_WRITE | R_SEEK | R_TELL | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE)

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_errno_t e;
    char want[32];
    FD_BEGIN(argc, argv);
    if (is("grow")) {
        if (!open_at("digits.txt", 0, RW_SIZE, 0, &fd)) return tap_end();
        __wasi_filesize_t off = 0;
        tap_ok(__wasi_fd_seek(fd, 3, __WASI_WHENCE_SET, &off) == 0, "fd_seek to 3 succeeds");
        tap_errno(__wasi_fd_filestat_set_size(fd, 20), __WASI_ERRNO_SUCCESS, "fd_filestat_set_size(20) on the 10-byte file succeeds");
        tap_eq(stat_path("digits.txt").size, 20, "the file is 20 bytes");
        memset(want, 0, sizeof want);
        memcpy(want, DIGITS, 10);
        tap_ok(holds("digits.txt", want, 20), "bytes 0-9 are kept and bytes 10-19 are zeros");
        tap_eq(offset_of(fd), 3, "the fd's offset is still 3");
    } else if (is("shrink")) {
        if (!open_at("digits.txt", 0, RW_SIZE, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_filestat_set_size(fd, 4), __WASI_ERRNO_SUCCESS, "fd_filestat_set_size(4) succeeds");
        tap_eq(stat_path("digits.txt").size, 4, "the file is 4 bytes");
        tap_ok(holds("digits.txt", "0123", 4), "it holds '0123'");
        tap_errno(__wasi_fd_filestat_set_size(fd, 10), __WASI_ERRNO_SUCCESS, "fd_filestat_set_size(10) grows it back");
        memset(want, 0, sizeof want);
        memcpy(want, "0123", 4);
        tap_ok(holds("digits.txt", want, 10), "bytes 4-9 are zeros, not the truncated '456789'");
    } else if (is("rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~__WASI_RIGHTS_FD_FILESTAT_SET_SIZE, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_filestat_set_size(fd, 4), __WASI_ERRNO_NOTCAPABLE,
                  "fd_filestat_set_size(4) on an fd with every file right (fd_write too) but fd_filestat_set_size gives notcapable");
        tap_errno(__wasi_fd_filestat_set_size(fd, 20), __WASI_ERRNO_NOTCAPABLE, "fd_filestat_set_size(20) on it gives notcapable");
        tap_ok(holds("digits.txt", DIGITS, 10), "the file still holds its 10 bytes");
    } else if (is("dir")) {
        e = __wasi_fd_filestat_set_size(PREOPEN, 0);
        tap_ok(ERRNO_IN(e, __WASI_ERRNO_ISDIR, __WASI_ERRNO_INVAL, __WASI_ERRNO_BADF, __WASI_ERRNO_NOTCAPABLE),
               "fd_filestat_set_size on a directory fd gives isdir, inval, badf or notcapable (the witx names none; got %s)", tap_errno_name(e));
    } else if (is("badf")) {
        tap_errno(__wasi_fd_filestat_set_size(closed_fd(), 0), __WASI_ERRNO_BADF, "fd_filestat_set_size on a closed fd gives badf");
        tap_errno(__wasi_fd_filestat_set_size(FORGED_FD, 0), __WASI_ERRNO_BADF, "fd_filestat_set_size on a forged fd (0x7fffffff) gives badf");
    } else if (is("overflow")) {
        if (!open_at("digits.txt", 0, RW_SIZE, 0, &fd)) return tap_end();
        e = __wasi_fd_filestat_set_size(fd, 0x8000000000000000ull);
        tap_ok(e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_FBIG,
               "fd_filestat_set_size(2^63) gives inval or fbig (ftruncate's EINVAL or EFBIG; got %s)", tap_errno_name(e));
        e = __wasi_fd_filestat_set_size(fd, ~0ull);
        tap_ok(e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_FBIG, "fd_filestat_set_size(2^64 - 1) gives inval or fbig (got %s)",
               tap_errno_name(e));
        tap_eq(stat_path("digits.txt").size, 10, "the file keeps its 10 bytes");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
