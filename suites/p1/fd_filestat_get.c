/*
 * fd_filestat_get. Groups (argv[1]):
 *   file    the 10-byte file: filetype regular_file, size 10, nlink >= 1, and the same
 *           dev and ino as path_filestat_get; after 5 more bytes are written through the
 *           fd, size 15
 *   dir     the preopen and an opened subdirectory: filetype directory; the
 *           subdirectory's dev and ino are those path_filestat_get reports for it
 *   rights  an fd without the fd_filestat_get right gives notcapable
 *   badf    a closed fd and a forged fd give badf
 */
#include "fd_common.h"

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_filestat_t st, ref;
    FD_BEGIN(argc, argv);
    if (is("file")) {
        if (!open_at("digits.txt", 0, R_READ | R_WRITE | R_FSTAT, 0, &fd)) return tap_end();
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_filestat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_filestat_get on the file succeeds");
        tap_eq(st.filetype, __WASI_FILETYPE_REGULAR_FILE, "filetype is regular_file");
        tap_eq(st.size, 10, "size is 10");
        tap_ok(st.nlink >= 1, "nlink is at least 1 (got %llu)", (unsigned long long)st.nlink);
        ref = stat_path("digits.txt");
        tap_ok(st.dev == ref.dev && st.ino == ref.ino, "dev and ino equal path_filestat_get's (fd %llu/%llu, path %llu/%llu)",
               (unsigned long long)st.dev, (unsigned long long)st.ino, (unsigned long long)ref.dev, (unsigned long long)ref.ino);
        __wasi_ciovec_t iov = {(const uint8_t *)"abcdefghijklmno", 15};
        __wasi_size_t n = 0;
        tap_ok(__wasi_fd_write(fd, &iov, 1, &n) == 0 && n == 15, "fd_write of 15 bytes at offset 0 succeeds");
        tap_errno(__wasi_fd_filestat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_filestat_get after the write succeeds");
        tap_eq(st.size, 15, "size follows the write: 15");
    } else if (is("dir")) {
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_filestat_get(PREOPEN, &st), __WASI_ERRNO_SUCCESS, "fd_filestat_get on the preopen succeeds");
        tap_eq(st.filetype, __WASI_FILETYPE_DIRECTORY, "the preopen's filetype is directory");
        if (!open_at("dir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | R_FSTAT, 0, &fd)) return tap_end();
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_filestat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_filestat_get on the opened subdirectory succeeds");
        tap_eq(st.filetype, __WASI_FILETYPE_DIRECTORY, "the subdirectory's filetype is directory");
        ref = stat_path("dir");
        tap_ok(st.dev == ref.dev && st.ino == ref.ino, "its dev and ino equal path_filestat_get's (fd %llu/%llu, path %llu/%llu)",
               (unsigned long long)st.dev, (unsigned long long)st.ino, (unsigned long long)ref.dev, (unsigned long long)ref.ino);
    } else if (is("rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~R_FSTAT, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_filestat_get(fd, &st), __WASI_ERRNO_NOTCAPABLE,
                  "fd_filestat_get on an fd with every file right but fd_filestat_get gives notcapable");
    } else if (is("badf")) {
        tap_errno(__wasi_fd_filestat_get(closed_fd(), &st), __WASI_ERRNO_BADF, "fd_filestat_get on a closed fd gives badf");
        tap_errno(__wasi_fd_filestat_get(FORGED_FD, &st), __WASI_ERRNO_BADF, "fd_filestat_get on a forged fd (0x7fffffff) gives badf");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
