/* path_open oflags combinations the basic tests leave out: directory with trunc or creat,
 * creat on a directory, write rights on a directory, and missing names. */
#include "path_common.h"

#define PREOPEN 3

static __wasi_errno_t try_open(const char *path, __wasi_oflags_t of, __wasi_rights_t r) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(PREOPEN, 0, path, of, r, 0, 0, &fd);
    if (e == 0) (void)__wasi_fd_close(fd);
    return e;
}

static int sub_intact(void) {
    __wasi_filestat_t st;
    return __wasi_path_filestat_get(PREOPEN, 0, "sub/file.txt", &st) == 0 && st.size == 1;
}

static int g_directory_trunc(void) {
    /* On a folder opened without write rights, POSIX leaves O_TRUNC undefined: only its survival is checked. */
    __wasi_errno_t e = try_open("sub", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READDIR);
    printf("# directory|trunc on a folder gave %s\n", tap_errno_name(e));
    tap_errno_in(try_open("hello.txt", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE),
                 ERRNOS(E(NOTDIR), E(INVAL)), "directory|trunc on a regular file gives notdir (POSIX O_DIRECTORY) or inval (contradictory oflags)");
    __wasi_filestat_t st;
    tap_ok(__wasi_path_filestat_get(PREOPEN, 0, "hello.txt", &st) == 0 && st.size == 6, "the file was not truncated");
    tap_ok(sub_intact(), "the directory is intact");
    return tap_end();
}

static int g_directory_creat(void) {
    __wasi_filestat_t st;
    __wasi_errno_t e = try_open("newdir", __WASI_OFLAGS_DIRECTORY | __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READDIR);
    tap_errno(e, E(INVAL), "creat|directory on a new name gives inval (POSIX open: O_CREAT|O_DIRECTORY is EINVAL on Linux >= 6.4)");
    int made = __wasi_path_filestat_get(PREOPEN, 0, "newdir", &st) == 0;
    tap_ok(!made || (e == 0 && st.filetype == __WASI_FILETYPE_DIRECTORY), "no regular file was left behind under a name asked for as a directory");
    return tap_end();
}

static int g_creat_dir(void) {
    tap_errno(try_open("sub", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ), E(ISDIR),
              "creat on an existing directory gives isdir (POSIX open: O_CREAT on a directory is EISDIR)");
    tap_errno(try_open("sub", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_READ), E(EXIST),
              "creat|excl on an existing directory gives exist");
    tap_ok(sub_intact(), "the directory is intact");
    return tap_end();
}

static int g_missing(void) {
    tap_errno(try_open("missing", __WASI_OFLAGS_DIRECTORY, 0), E(NOENT), "oflags directory on a missing name gives noent");
    tap_errno(try_open("missing", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE), E(NOENT), "trunc without creat on a missing name gives noent");
    tap_errno(try_open("missing", __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_READ), E(NOENT), "excl without creat on a missing name gives noent");
    tap_ok(!exists(PREOPEN, "missing"), "nothing was created");
    return tap_end();
}

static int g_dir_write(void) {
    tap_errno(try_open("sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE), E(ISDIR),
              "a directory opened with oflags directory and the fd_write right gives isdir (upstream path_open_preopen)");
    tap_errno(try_open("sub", 0, __WASI_RIGHTS_FD_WRITE), E(ISDIR), "without oflags directory too (POSIX open: a directory for writing is EISDIR)");
    tap_errno(try_open("sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READ), E(SUCCESS), "with fd_read only, it opens");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "directory-trunc")) return g_directory_trunc();
    if (!strcmp(g, "directory-creat")) return g_directory_creat();
    if (!strcmp(g, "creat-dir")) return g_creat_dir();
    if (!strcmp(g, "missing")) return g_missing();
    if (!strcmp(g, "dir-write")) return g_dir_write();
    return unknown_group(g);
}
