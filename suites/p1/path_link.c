/*
 * path_link (hard links): a second name for the same inode, the exist and noent paths,
 * directories, symlinks with and without symlink_follow, and links between two preopens.
 */
#include "path_common.h"

#define PREOPEN 3

static __wasi_filestat_t stat_at(__wasi_fd_t dir, const char *path) {
    __wasi_filestat_t st;
    if (__wasi_path_filestat_get(dir, 0, path, &st) != 0) memset(&st, 0xFF, sizeof st);
    return st;
}

static int g_basic(void) {
    char buf[32];
    size_t len;
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "hard.txt"), E(SUCCESS), "path_link makes a second name for a file");
    __wasi_filestat_t a = stat_at(PREOPEN, "hello.txt"), b = stat_at(PREOPEN, "hard.txt");
    tap_ok(a.dev == b.dev && a.ino == b.ino, "both names have the same dev and ino");
    tap_ok(a.nlink == 2 && b.nlink == 2, "nlink is 2 for both names (%llu, %llu)", (unsigned long long)a.nlink, (unsigned long long)b.nlink);
    tap_ok(slurp(PREOPEN, 0, "hard.txt", buf, sizeof buf, &len) == 0 && len == 6 && !memcmp(buf, "hello\n", 6), "the new name reads the same bytes");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "sub/hard2.txt"), E(SUCCESS), "a link into a subdirectory succeeds");
    tap_eq(stat_at(PREOPEN, "sub/hard2.txt").ino, a.ino, "it names the same inode");
    tap_errno(__wasi_path_unlink_file(PREOPEN, "hello.txt"), E(SUCCESS), "unlinking the first name succeeds");
    tap_ok(slurp(PREOPEN, 0, "hard.txt", buf, sizeof buf, &len) == 0 && len == 6 && !memcmp(buf, "hello\n", 6),
           "the data stays reachable through the other name");
    tap_eq(stat_at(PREOPEN, "hard.txt").nlink, 2, "nlink drops to 2 (hard.txt and sub/hard2.txt)");
    return tap_end();
}

static int g_exist(void) {
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "sub/file.txt"), E(EXIST), "a new path naming an existing file gives exist");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "sub"), E(EXIST), "a new path naming an existing directory gives exist");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "hello.txt"), E(EXIST), "linking a file to its own name gives exist");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "dangling"), E(EXIST),
              "a new path naming a dangling symlink gives exist (the link is not followed)");
    __wasi_filestat_t st = stat_at(PREOPEN, "sub/file.txt");
    tap_eq(st.size, 1, "the existing file was not replaced");
    return tap_end();
}

static int g_errors(void) {
    tap_errno(__wasi_path_link(PREOPEN, 0, "missing.txt", PREOPEN, "new.txt"), E(NOENT), "a missing source gives noent");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "nodir/new.txt"), E(NOENT), "a new path under a missing directory gives noent");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt/x", PREOPEN, "new.txt"), E(NOTDIR), "a file used as a directory in the source gives notdir");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", PREOPEN, "new.txt/"), E(NOENT),
              "a trailing slash on a new name for a file gives noent (upstream path_link)");
    tap_errno(__wasi_path_link(42, 0, "hello.txt", PREOPEN, "new.txt"), E(BADF), "an old fd that is not open gives badf");
    tap_errno(__wasi_path_link(PREOPEN, 0, "hello.txt", 42, "new.txt"), E(BADF), "a new fd that is not open gives badf");
    tap_ok(!exists(PREOPEN, "new.txt"), "no failed call left new.txt behind");
    return tap_end();
}

static int g_dir(void) {
    tap_errno_in(__wasi_path_link(PREOPEN, 0, "sub", PREOPEN, "sub-link"), ERRNOS(E(PERM), E(ACCES)),
                 "a hard link to a directory is refused with perm or acces (POSIX link: EPERM; upstream path_link)");
    tap_ok(!exists(PREOPEN, "sub-link"), "no sub-link was made");
    return tap_end();
}

static int g_symlink(void) {
    __wasi_filestat_t st;
    char buf[32] = {0};
    __wasi_size_t used = 0;
    tap_errno(__wasi_path_link(PREOPEN, 0, "link-file", PREOPEN, "hl"), E(SUCCESS), "without symlink_follow, a symlink can be hard-linked");
    tap_ok(__wasi_path_filestat_get(PREOPEN, 0, "hl", &st) == 0 && st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK,
           "the new name is the symlink itself, not its target");
    tap_ok(__wasi_path_readlink(PREOPEN, "hl", (uint8_t *)buf, sizeof buf, &used) == 0 && used == 9 && !memcmp(buf, "hello.txt", 9),
           "and reads as a link to hello.txt");
    tap_errno(__wasi_path_link(PREOPEN, 0, "dangling", PREOPEN, "hl-dangling"), E(SUCCESS),
              "a dangling symlink can be hard-linked without symlink_follow (upstream path_link)");
    tap_errno(__wasi_path_link(PREOPEN, 0, "loop-a", PREOPEN, "hl-loop"), E(SUCCESS), "so can a symlink in a loop (upstream path_link)");
    tap_errno_in(__wasi_path_link(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", PREOPEN, "hl-follow"), ERRNOS(E(INVAL), E(NOENT)),
                 "symlink_follow on a dangling symlink gives inval or noent (upstream path_link)");
    return tap_end();
}

static int g_follow(void) {
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_link(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link-file", PREOPEN, "hl");
    tap_errno_in(e, ERRNOS(E(SUCCESS), E(INVAL)),
                 "path_link with symlink_follow on a symlink to a file succeeds (linkat AT_SYMLINK_FOLLOW), or gives inval from a runtime that "
                 "refuses symlink_follow there (upstream path_link accepts inval)");
    if (e == 0)
        tap_ok(__wasi_path_filestat_get(PREOPEN, 0, "hl", &st) == 0 && st.filetype == __WASI_FILETYPE_REGULAR_FILE &&
                   st.ino == stat_at(PREOPEN, "hello.txt").ino,
               "the new name is the link's target hello.txt (same ino, regular_file), not the link");
    else
        tap_ok(!exists(PREOPEN, "hl"), "the refused call made nothing");
    return tap_end();
}

static int g_cross(void) {
    int tree = find_preopen("fixtures/path-tree"), other = find_preopen("fixtures/path-other");
    char buf[32];
    size_t len;
    if (!tap_ok(tree >= 0 && other >= 0, "both preopens are found by name (%d, %d)", tree, other)) return tap_end();
    tap_errno(__wasi_path_link(tree, 0, "hello.txt", other, "linked.txt"), E(SUCCESS),
              "a hard link from one preopen into another on the same filesystem succeeds (witx: old_fd and new_fd are separate)");
    tap_ok(stat_at(other, "linked.txt").ino == stat_at(tree, "hello.txt").ino, "it names the same inode");
    tap_ok(slurp(other, 0, "linked.txt", buf, sizeof buf, &len) == 0 && len == 6 && !memcmp(buf, "hello\n", 6), "and reads the same bytes");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "basic")) return g_basic();
    if (!strcmp(g, "exist")) return g_exist();
    if (!strcmp(g, "errors")) return g_errors();
    if (!strcmp(g, "dir")) return g_dir();
    if (!strcmp(g, "symlink")) return g_symlink();
    if (!strcmp(g, "follow")) return g_follow();
    if (!strcmp(g, "cross-preopen")) return g_cross();
    return unknown_group(g);
}
