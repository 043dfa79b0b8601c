/* path_unlink_file removes files, refuses directories, and reports missing names. */
#include "tap.h"

#define PREOPEN 3

int main(void) {
    __wasi_filestat_t st;
    tap_begin();
    tap_errno(__wasi_path_unlink_file(PREOPEN, "hello.txt"), __WASI_ERRNO_SUCCESS, "path_unlink_file on a file succeeds");
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "hello.txt", &st), __WASI_ERRNO_NOENT, "the unlinked file is gone (noent)");
    tap_errno(__wasi_path_unlink_file(PREOPEN, "hello.txt"), __WASI_ERRNO_NOENT, "unlinking it again gives noent");
    tap_errno(__wasi_path_unlink_file(PREOPEN, "sub"), __WASI_ERRNO_ISDIR, "path_unlink_file on a directory gives isdir (witx)");
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "sub", &st), __WASI_ERRNO_SUCCESS, "the directory is still there");
    tap_errno(__wasi_path_unlink_file(PREOPEN, "sub/file.txt"), __WASI_ERRNO_SUCCESS, "unlinking a file in a subdirectory succeeds");
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "sub/file.txt", &st), __WASI_ERRNO_NOENT, "and that file is gone too");
    tap_errno(__wasi_path_unlink_file(PREOPEN, "missing/x"), __WASI_ERRNO_NOENT, "a path under a missing directory gives noent");
    return tap_end();
}
