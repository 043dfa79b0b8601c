/*
 * fd_fdstat_get. Groups (argv[1]):
 *   file          a file opened for reading: filetype regular_file and every requested
 *                 right (all apply to a regular file) in the base rights
 *   rights-subset the base rights hold no right that was not requested, the inheriting
 *                 rights none (0 was requested): path_open grants the requested rights,
 *                 "fewer ... if and only if those rights do not apply", never more
 *   dir           the preopen and a subdirectory opened with oflags directory: filetype
 *                 directory; the preopen's base rights hold path_open and fd_readdir,
 *                 which it is used for
 *   flags         fs_flags is exactly append for a file opened with fdflags append, and
 *                 exactly 0 for a file opened without fdflags and for the preopen (fs_flags
 *                 is checked here only, so a runtime reporting stray bits fails one test)
 *   stdio         fds 0, 1 and 2 are open: fd_fdstat_get succeeds (their type is not checked)
 *   badf          a closed fd, 0x7fffffff and 0xffffffff give badf
 */
#include "fd_common.h"

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_fdstat_t st;
    FD_BEGIN(argc, argv);
    if (is("file") || is("rights-subset")) {
        __wasi_rights_t want = R_READ | R_SEEK | R_TELL | R_FSTAT;
        if (!open_at("digits.txt", 0, want, 0, &fd)) return tap_end();
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on the file succeeds");
        if (is("file")) {
            tap_eq(st.fs_filetype, __WASI_FILETYPE_REGULAR_FILE, "fs_filetype is regular_file");
            tap_ok((st.fs_rights_base & want) == want,
                   "fs_rights_base holds every requested right (fd_read, fd_seek, fd_tell, fd_filestat_get; got 0x%llx)",
                   (unsigned long long)st.fs_rights_base);
        } else {
            tap_ok((st.fs_rights_base & ~want) == 0, "fs_rights_base holds no right beyond those requested (extra: 0x%llx)",
                   (unsigned long long)(st.fs_rights_base & ~want));
            tap_eq(st.fs_rights_inheriting, 0, "fs_rights_inheriting is 0, as requested");
        }
    } else if (is("dir")) {
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(PREOPEN, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on the preopen succeeds");
        tap_eq(st.fs_filetype, __WASI_FILETYPE_DIRECTORY, "the preopen's fs_filetype is directory");
        __wasi_rights_t used = __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR;
        tap_ok((st.fs_rights_base & used) == used, "the preopen's fs_rights_base holds path_open and fd_readdir (got 0x%llx)",
               (unsigned long long)st.fs_rights_base);
        if (!open_at("dir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, 0, &fd)) return tap_end();
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on the opened subdirectory succeeds");
        tap_eq(st.fs_filetype, __WASI_FILETYPE_DIRECTORY, "the subdirectory's fs_filetype is directory");
    } else if (is("flags")) {
        if (!open_at("digits.txt", 0, R_WRITE, __WASI_FDFLAGS_APPEND, &fd)) return tap_end();
        memset(&st, 0, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on the append fd succeeds");
        tap_eq(st.fs_flags, __WASI_FDFLAGS_APPEND, "fs_flags is append, as opened");
        if (!open_at("digits.txt", 0, R_WRITE, 0, &fd)) return tap_end();
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on a plain write fd succeeds");
        tap_eq(st.fs_flags, 0, "fs_flags is 0 without fdflags");
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(PREOPEN, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on the preopen succeeds");
        tap_eq(st.fs_flags, 0, "the preopen's fs_flags is 0");
    } else if (is("stdio")) {
        for (__wasi_fd_t s = 0; s <= 2; s++)
            tap_errno(__wasi_fd_fdstat_get(s, &st), __WASI_ERRNO_SUCCESS, "fd_fdstat_get on fd %u (stdio) succeeds", s);
    } else if (is("badf")) {
        tap_errno(__wasi_fd_fdstat_get(closed_fd(), &st), __WASI_ERRNO_BADF, "fd_fdstat_get on a closed fd gives badf");
        tap_errno(__wasi_fd_fdstat_get(FORGED_FD, &st), __WASI_ERRNO_BADF, "fd_fdstat_get on a forged fd (0x7fffffff) gives badf");
        tap_errno(__wasi_fd_fdstat_get(0xffffffffu, &st), __WASI_ERRNO_BADF, "fd_fdstat_get on fd 0xffffffff gives badf");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
