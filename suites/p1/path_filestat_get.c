/* path_filestat_get: filetype and size of fixture entries, and its error paths. */
#include "tap.h"
#include <string.h>

#define PREOPEN 3

int main(void) {
    __wasi_filestat_t st, fst;
    __wasi_fd_t fd;
    tap_begin();
    memset(&st, 0xFF, sizeof st);
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "hello.txt", &st), __WASI_ERRNO_SUCCESS, "path_filestat_get on hello.txt succeeds");
    tap_eq(st.filetype, __WASI_FILETYPE_REGULAR_FILE, "hello.txt is a regular_file");
    tap_eq(st.size, 6, "hello.txt's size is its 6 bytes");
    tap_ok(st.nlink >= 1, "hello.txt has at least one link (nlink %lld)", (long long)st.nlink);

    memset(&st, 0xFF, sizeof st);
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "sub/file.txt", &st), __WASI_ERRNO_SUCCESS, "a path through a subdirectory works");
    tap_eq(st.size, 1, "sub/file.txt's size is 1");

    memset(&st, 0xFF, sizeof st);
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "sub", &st), __WASI_ERRNO_SUCCESS, "path_filestat_get on a directory succeeds");
    tap_eq(st.filetype, __WASI_FILETYPE_DIRECTORY, "sub is a directory");

    memset(&st, 0xFF, sizeof st);
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, ".", &st), __WASI_ERRNO_SUCCESS, "'.' names the preopen itself");
    tap_eq(st.filetype, __WASI_FILETYPE_DIRECTORY, "'.' is a directory");

    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "missing.txt", &st), __WASI_ERRNO_NOENT, "a missing file gives noent");
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "hello.txt/x", &st), __WASI_ERRNO_NOTDIR, "a file used as a directory gives notdir");
    tap_errno(__wasi_path_filestat_get(42, 0, "hello.txt", &st), __WASI_ERRNO_BADF, "an fd that is not open gives badf");

    memset(&st, 0, sizeof st);
    memset(&fst, 0xFF, sizeof fst);
    if (__wasi_path_open(PREOPEN, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd) == 0 &&
        __wasi_path_filestat_get(PREOPEN, 0, "hello.txt", &st) == 0) {
        tap_errno(__wasi_fd_filestat_get(fd, &fst), __WASI_ERRNO_SUCCESS, "fd_filestat_get on the opened file succeeds");
        tap_ok(fst.dev == st.dev && fst.ino == st.ino && fst.size == st.size && fst.filetype == st.filetype,
               "fd_filestat_get agrees with path_filestat_get on dev, ino, size and filetype");
    } else {
        tap_ok(0, "open hello.txt to compare fd_filestat_get");
    }
    return tap_end();
}
