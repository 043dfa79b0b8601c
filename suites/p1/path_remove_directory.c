/* path_remove_directory: empty folders go; non-empty ones, files, '.', the preopen itself
 * and missing names are refused. */
#include "path_common.h"

#define PREOPEN 3

static int preopen_alive(void) {
    __wasi_filestat_t st;
    return __wasi_path_filestat_get(PREOPEN, 0, ".", &st) == 0 && st.filetype == __WASI_FILETYPE_DIRECTORY &&
           __wasi_path_filestat_get(PREOPEN, 0, "hello.txt", &st) == 0;
}

static int g_basic(void) {
    tap_errno(__wasi_path_create_directory(PREOPEN, "newdir"), E(SUCCESS), "creating a directory succeeds");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "newdir"), E(SUCCESS), "removing the empty directory succeeds");
    tap_ok(!exists(PREOPEN, "newdir"), "it is gone");
    tap_errno(__wasi_path_unlink_file(PREOPEN, "full/deep/b.txt"), E(SUCCESS), "emptying full/deep succeeds");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "full/deep"), E(SUCCESS), "removing a nested empty directory succeeds");
    tap_ok(!exists(PREOPEN, "full/deep") && exists(PREOPEN, "full/a.txt"), "only it is gone");
    return tap_end();
}

static int g_notempty(void) {
    tap_errno(__wasi_path_remove_directory(PREOPEN, "full"), E(NOTEMPTY), "a directory holding a file and a directory gives notempty (witx)");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "full/deep"), E(NOTEMPTY), "a directory holding a file gives notempty");
    tap_ok(exists(PREOPEN, "full/a.txt") && exists(PREOPEN, "full/deep/b.txt"), "nothing was removed");
    return tap_end();
}

static int g_file(void) {
    tap_errno(__wasi_path_remove_directory(PREOPEN, "hello.txt"), E(NOTDIR), "a regular file gives notdir (upstream)");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "link-dir"), E(NOTDIR),
              "a symlink to a directory gives notdir: the link is not followed (POSIX unlinkat AT_REMOVEDIR)");
    tap_ok(exists(PREOPEN, "hello.txt") && exists(PREOPEN, "link-dir") && exists(PREOPEN, "sub/file.txt"), "nothing was removed");
    return tap_end();
}

static int g_dot(void) {
    tap_errno(__wasi_path_create_directory(PREOPEN, "empty"), E(SUCCESS), "creating an empty directory succeeds");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "empty/."), E(INVAL), "'empty/.' gives inval (POSIX rmdir: a last component '.' is EINVAL)");
    tap_ok(exists(PREOPEN, "empty"), "the empty directory is still there");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "."), E(INVAL), "'.' (the preopen itself) gives inval");
    tap_ok(preopen_alive(), "the preopen is intact");
    return tap_end();
}

static int g_preopen(void) {
    __wasi_errno_t e;
    e = __wasi_path_remove_directory(PREOPEN, "");
    tap_errno(e, E(NOENT), "an empty path gives noent (POSIX: an empty path names no file)");
    tap_errno(__wasi_path_create_directory(PREOPEN, "empty"), E(SUCCESS), "creating an empty directory succeeds");
    e = __wasi_path_remove_directory(PREOPEN, "empty/..");
    tap_ok(e != E(SUCCESS), "'empty/..' (the preopen, by way of a subdirectory) is not removed (got %s)", tap_errno_name(e));
    e = __wasi_path_remove_directory(PREOPEN, "/");
    tap_errno_in(e, ERRNOS(E(PERM), E(NOTCAPABLE)), "'/' gives perm or notcapable (absolute path, upstream interesting_paths)");
    tap_ok(preopen_alive() && exists(PREOPEN, "empty"), "the preopen and its contents are intact");
    return tap_end();
}

static int g_trailing_slash(void) {
    tap_errno(__wasi_path_create_directory(PREOPEN, "newdir"), E(SUCCESS), "creating a directory succeeds");
    __wasi_errno_t e = __wasi_path_remove_directory(PREOPEN, "newdir/");
    tap_errno_in(e, ERRNOS(E(SUCCESS), E(ACCES)),
                 "a trailing slash on a directory is accepted, or refused with acces (upstream remove_directory_trailing_slashes accepts both)");
    tap_ok(e != 0 || !exists(PREOPEN, "newdir"), "when accepted, the directory is gone");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "hello.txt/"), E(NOTDIR),
              "a trailing slash on a file gives notdir (upstream remove_directory_trailing_slashes)");
    return tap_end();
}

static int g_errors(void) {
    tap_errno(__wasi_path_remove_directory(PREOPEN, "missing"), E(NOENT), "a missing name gives noent");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "missing/x"), E(NOENT), "a name under a missing directory gives noent");
    tap_errno(__wasi_path_remove_directory(PREOPEN, "hello.txt/x"), E(NOTDIR), "a file used as a directory gives notdir");
    tap_errno(__wasi_path_remove_directory(42, "sub"), E(BADF), "an fd that is not open gives badf");
    tap_ok(exists(PREOPEN, "sub"), "sub is still there");
    return tap_end();
}

/* The preopen emptied, then removed through '', '.' and 'x/..': it must survive. */
static int g_empty_preopen(void) {
    __wasi_errno_t e;
    tap_errno(__wasi_path_unlink_file(PREOPEN, "only.txt"), E(SUCCESS), "the preopen's only file is unlinked: the preopen is empty");
    e = __wasi_path_remove_directory(PREOPEN, ".");
    tap_ok(e != 0, "%spath_remove_directory '.' on the empty preopen fails: the preopen's own host folder is not the guest's to remove (got %s)",
           e ? "" : "SANDBOX ESCAPE: ", tap_errno_name(e));
    e = __wasi_path_remove_directory(PREOPEN, "");
    tap_ok(e != 0, "%spath_remove_directory '' on the empty preopen fails (got %s)", e ? "" : "SANDBOX ESCAPE: ", tap_errno_name(e));
    tap_errno(__wasi_path_create_directory(PREOPEN, "x"), E(SUCCESS), "a folder x is made in the preopen");
    e = __wasi_path_remove_directory(PREOPEN, "x/..");
    tap_ok(e != 0, "%spath_remove_directory 'x/..' fails (got %s)", e ? "" : "SANDBOX ESCAPE: ", tap_errno_name(e));
    tap_errno(__wasi_path_remove_directory(PREOPEN, "x"), E(SUCCESS), "x is removed: the preopen is empty again");
    e = __wasi_path_remove_directory(PREOPEN, "./");
    tap_ok(e != 0, "%spath_remove_directory './' on the empty preopen fails (got %s)", e ? "" : "SANDBOX ESCAPE: ", tap_errno_name(e));
    tap_errno(__wasi_path_create_directory(PREOPEN, "still-here"), E(SUCCESS), "the preopen's host folder still exists: a folder can be made in it");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "basic")) return g_basic();
    if (!strcmp(g, "notempty")) return g_notempty();
    if (!strcmp(g, "file")) return g_file();
    if (!strcmp(g, "dot")) return g_dot();
    if (!strcmp(g, "preopen")) return g_preopen();
    if (!strcmp(g, "trailing-slash")) return g_trailing_slash();
    if (!strcmp(g, "errors")) return g_errors();
    if (!strcmp(g, "empty-preopen")) return g_empty_preopen();
    return unknown_group(g);
}
