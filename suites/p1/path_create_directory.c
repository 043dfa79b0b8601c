/* path_create_directory / path_remove_directory in the writable fixture copy. */
#include "tap.h"

#define PREOPEN 3

int main(void) {
    __wasi_filestat_t st;
    __wasi_fd_t fd;
    tap_begin();
    tap_errno(__wasi_path_create_directory(PREOPEN, "newdir"), __WASI_ERRNO_SUCCESS, "path_create_directory makes a new directory");
    st.filetype = 0;
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "newdir", &st), __WASI_ERRNO_SUCCESS, "the new directory can be looked up");
    tap_eq(st.filetype, __WASI_FILETYPE_DIRECTORY, "it is a directory");
    tap_errno(__wasi_path_create_directory(PREOPEN, "newdir"), __WASI_ERRNO_EXIST, "creating it again gives exist");
    tap_errno(__wasi_path_create_directory(PREOPEN, "hello.txt"), __WASI_ERRNO_EXIST, "creating over an existing file gives exist");
    tap_errno(__wasi_path_create_directory(PREOPEN, "missing/child"), __WASI_ERRNO_NOENT, "creating under a missing parent gives noent");
    tap_errno(__wasi_path_create_directory(PREOPEN, "newdir/inner"), __WASI_ERRNO_SUCCESS, "creating inside the new directory succeeds");

    tap_errno(__wasi_path_remove_directory(PREOPEN, "newdir"), __WASI_ERRNO_NOTEMPTY, "path_remove_directory on a non-empty directory gives notempty");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "sub"), __WASI_ERRNO_NOTEMPTY, "the fixture folder holding a file gives notempty");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "hello.txt"), __WASI_ERRNO_NOTDIR, "path_remove_directory on a file gives notdir");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "missing"), __WASI_ERRNO_NOENT, "path_remove_directory on a missing name gives noent");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "newdir/inner"), __WASI_ERRNO_SUCCESS, "removing the empty inner directory succeeds");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "newdir"), __WASI_ERRNO_SUCCESS, "the now-empty directory is removed");
    tap_errno(__wasi_path_filestat_get(PREOPEN, 0, "newdir", &st), __WASI_ERRNO_NOENT, "the removed directory is gone (noent)");
    tap_errno(__wasi_path_open(PREOPEN, 0, "newdir", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &fd), __WASI_ERRNO_NOENT, "and cannot be opened (noent)");
    return tap_end();
}
