/*
 * path_rename: files and folders to new names, over existing files and folders, into
 * itself, symlinks renamed as links, the error paths, and renames between two preopens.
 */
#include "path_common.h"

#define PREOPEN 3

static __wasi_filestat_t stat_at(__wasi_fd_t dir, const char *path) {
    __wasi_filestat_t st;
    if (__wasi_path_filestat_get(dir, 0, path, &st) != 0) memset(&st, 0xFF, sizeof st);
    return st;
}

static int holds(__wasi_fd_t dir, const char *path, const char *text) {
    char buf[64];
    size_t len;
    return slurp(dir, 0, path, buf, sizeof buf, &len) == 0 && len == strlen(text) && !memcmp(buf, text, len);
}

static int g_file(void) {
    __wasi_filestat_t before = stat_at(PREOPEN, "hello.txt");
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "renamed.txt"), E(SUCCESS), "renaming a file to a new name succeeds");
    tap_ok(!exists(PREOPEN, "hello.txt"), "the old name is gone");
    tap_ok(holds(PREOPEN, "renamed.txt", "hello\n"), "the new name holds the file's bytes");
    tap_eq(stat_at(PREOPEN, "renamed.txt").ino, before.ino, "it is the same inode");
    tap_errno(__wasi_path_rename(PREOPEN, "renamed.txt", PREOPEN, "sub/moved.txt"), E(SUCCESS), "moving it into a subdirectory succeeds");
    tap_ok(holds(PREOPEN, "sub/moved.txt", "hello\n") && !exists(PREOPEN, "renamed.txt"), "it is there and only there");
    return tap_end();
}

static int g_over_file(void) {
    __wasi_filestat_t src = stat_at(PREOPEN, "hello.txt");
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "sub/file.txt"), E(SUCCESS), "renaming a file over an existing file succeeds");
    tap_ok(holds(PREOPEN, "sub/file.txt", "hello\n"), "the target name now holds the source's bytes");
    tap_eq(stat_at(PREOPEN, "sub/file.txt").ino, src.ino, "and is the source's inode");
    tap_ok(!exists(PREOPEN, "hello.txt"), "the source name is gone");
    return tap_end();
}

static int g_dir(void) {
    tap_errno(__wasi_path_rename(PREOPEN, "full", PREOPEN, "full2"), E(SUCCESS), "renaming a directory succeeds");
    tap_ok(!exists(PREOPEN, "full") && holds(PREOPEN, "full2/a.txt", "a") && holds(PREOPEN, "full2/deep/b.txt", "b"),
           "its whole tree moved with it");
    tap_errno(__wasi_path_create_directory(PREOPEN, "empty"), E(SUCCESS), "creating an empty directory succeeds");
    tap_errno(__wasi_path_rename(PREOPEN, "full2", PREOPEN, "empty"), E(SUCCESS),
              "renaming a directory over an empty directory succeeds (POSIX rename; upstream path_rename)");
    tap_ok(holds(PREOPEN, "empty/a.txt", "a") && !exists(PREOPEN, "full2"), "the empty directory was replaced");
    return tap_end();
}

static int g_notempty(void) {
    tap_errno_in(__wasi_path_rename(PREOPEN, "sub", PREOPEN, "full"), ERRNOS(E(NOTEMPTY), E(EXIST)),
                 "renaming a directory over a non-empty directory gives notempty or exist (POSIX rename allows both)");
    tap_ok(holds(PREOPEN, "full/a.txt", "a") && holds(PREOPEN, "sub/file.txt", "x"), "both directories are untouched");
    return tap_end();
}

static int g_dir_over_file(void) {
    tap_errno(__wasi_path_rename(PREOPEN, "sub", PREOPEN, "hello.txt"), E(NOTDIR),
              "renaming a directory over a file gives notdir (POSIX rename; upstream path_rename)");
    tap_ok(holds(PREOPEN, "hello.txt", "hello\n") && holds(PREOPEN, "sub/file.txt", "x"), "both are untouched");
    return tap_end();
}

static int g_file_over_dir(void) {
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "sub"), E(ISDIR),
              "renaming a file over a directory gives isdir (POSIX rename; upstream path_rename)");
    tap_errno(__wasi_path_create_directory(PREOPEN, "empty"), E(SUCCESS), "creating an empty directory succeeds");
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "empty"), E(ISDIR), "over an empty directory too");
    tap_ok(holds(PREOPEN, "hello.txt", "hello\n") && holds(PREOPEN, "sub/file.txt", "x"), "both are untouched");
    return tap_end();
}

static int g_into_itself(void) {
    tap_errno(__wasi_path_rename(PREOPEN, "full", PREOPEN, "full/deep/inner"), E(INVAL),
              "moving a directory into its own subdirectory gives inval (POSIX rename)");
    tap_errno(__wasi_path_rename(PREOPEN, "full", PREOPEN, "full/inner"), E(INVAL), "into itself gives inval");
    tap_ok(holds(PREOPEN, "full/a.txt", "a") && holds(PREOPEN, "full/deep/b.txt", "b"), "the tree is untouched");
    return tap_end();
}

static int g_same(void) {
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "hello.txt"), E(SUCCESS),
              "renaming a file to its own name succeeds and does nothing (POSIX rename)");
    tap_ok(holds(PREOPEN, "hello.txt", "hello\n"), "the file is still there with its bytes");
    tap_errno(__wasi_path_rename(PREOPEN, "sub", PREOPEN, "sub"), E(SUCCESS), "renaming a directory to its own name succeeds");
    tap_ok(holds(PREOPEN, "sub/file.txt", "x"), "the directory is still there");
    return tap_end();
}

static int g_symlink(void) {
    char buf[32] = {0};
    __wasi_size_t used = 0;
    tap_errno(__wasi_path_rename(PREOPEN, "link-file", PREOPEN, "ln2"), E(SUCCESS), "renaming a symlink succeeds");
    tap_ok(__wasi_path_readlink(PREOPEN, "ln2", (uint8_t *)buf, sizeof buf, &used) == 0 && used == 9 && !memcmp(buf, "hello.txt", 9),
           "the link itself moved: ln2 reads as a link to hello.txt");
    tap_ok(holds(PREOPEN, "hello.txt", "hello\n"), "its target stayed where it was");
    tap_errno(__wasi_path_rename(PREOPEN, "dangling", PREOPEN, "dangling2"), E(SUCCESS), "a dangling symlink can be renamed");
    tap_errno(__wasi_path_rename(PREOPEN, "sub/file.txt", PREOPEN, "ln2"), E(SUCCESS), "renaming a file over a symlink succeeds");
    __wasi_filestat_t st = stat_at(PREOPEN, "ln2");
    tap_ok(st.filetype == __WASI_FILETYPE_REGULAR_FILE && holds(PREOPEN, "hello.txt", "hello\n"),
           "the symlink was replaced, not followed: hello.txt is untouched");
    return tap_end();
}

static int g_errors(void) {
    tap_errno(__wasi_path_rename(PREOPEN, "missing.txt", PREOPEN, "new.txt"), E(NOENT), "a missing source gives noent");
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt", PREOPEN, "nodir/new.txt"), E(NOENT), "a target under a missing directory gives noent");
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt/x", PREOPEN, "new.txt"), E(NOTDIR), "a file used as a directory gives notdir");
    tap_errno(__wasi_path_rename(42, "hello.txt", PREOPEN, "new.txt"), E(BADF), "an old fd that is not open gives badf");
    tap_errno(__wasi_path_rename(PREOPEN, "hello.txt", 42, "new.txt"), E(BADF), "a new fd that is not open gives badf");
    tap_ok(holds(PREOPEN, "hello.txt", "hello\n") && !exists(PREOPEN, "new.txt"), "no failed call moved anything");
    return tap_end();
}

static int g_dir_trailing_slash(void) {
    tap_errno(__wasi_path_rename(PREOPEN, "sub/", PREOPEN, "sub2/"), E(SUCCESS),
              "a directory renames with trailing slashes on both names (upstream path_rename_dir_trailing_slashes)");
    tap_ok(holds(PREOPEN, "sub2/file.txt", "x"), "it moved");
    tap_errno_in(__wasi_path_rename(PREOPEN, "hello.txt/", PREOPEN, "h2"), ERRNOS(E(NOTDIR), E(NOENT)),
                 "a trailing slash on a file's name gives notdir or noent (upstream trailing-slash rule)");
    tap_ok(holds(PREOPEN, "hello.txt", "hello\n"), "the file did not move");
    return tap_end();
}

static int g_cross(void) {
    int tree = find_preopen("fixtures/path-tree"), other = find_preopen("fixtures/path-other");
    if (!tap_ok(tree >= 0 && other >= 0, "both preopens are found by name (%d, %d)", tree, other)) return tap_end();
    tap_errno(__wasi_path_rename(tree, "hello.txt", other, "moved.txt"), E(SUCCESS),
              "renaming from one preopen into another on the same filesystem succeeds (witx: fd and new_fd are separate)");
    tap_ok(holds(other, "moved.txt", "hello\n") && !exists(tree, "hello.txt"), "the file moved across");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "file")) return g_file();
    if (!strcmp(g, "over-file")) return g_over_file();
    if (!strcmp(g, "dir")) return g_dir();
    if (!strcmp(g, "notempty")) return g_notempty();
    if (!strcmp(g, "dir-over-file")) return g_dir_over_file();
    if (!strcmp(g, "file-over-dir")) return g_file_over_dir();
    if (!strcmp(g, "into-itself")) return g_into_itself();
    if (!strcmp(g, "same")) return g_same();
    if (!strcmp(g, "symlink")) return g_symlink();
    if (!strcmp(g, "errors")) return g_errors();
    if (!strcmp(g, "dir-trailing-slash")) return g_dir_trailing_slash();
    if (!strcmp(g, "cross-preopen")) return g_cross();
    return unknown_group(g);
}
