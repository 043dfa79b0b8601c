/*
 * path_open and lookupflags: a final symlink with and without symlink_follow, symlinks in
 * the middle of a path (always followed), dangling links and loops.
 */
#include "path_common.h"

#define PREOPEN 3
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

static __wasi_errno_t try_open(__wasi_lookupflags_t lf, const char *path, __wasi_oflags_t of) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(PREOPEN, lf, path, of, of & __WASI_OFLAGS_DIRECTORY ? 0 : __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    if (e == 0) (void)__wasi_fd_close(fd);
    return e;
}

static int g_nofollow_file(void) {
    tap_errno(try_open(0, "link-file", 0), E(LOOP), "opening a symlink to a file without symlink_follow gives loop (upstream nofollow_errors)");
    tap_errno_in(try_open(0, "link-file", __WASI_OFLAGS_DIRECTORY), ERRNOS(E(LOOP), E(NOTDIR)),
                 "with oflags directory too: loop or notdir (upstream nofollow_errors)");
    tap_errno(try_open(0, "link-file", __WASI_OFLAGS_CREAT), E(LOOP), "creat on an existing symlink without symlink_follow gives loop");
    tap_errno(try_open(0, "sub/up-file", 0), E(LOOP), "a symlink as the last component below a subdirectory gives loop as well");
    return tap_end();
}

static int g_nofollow_dir(void) {
    tap_errno_in(try_open(0, "link-dir", __WASI_OFLAGS_DIRECTORY), ERRNOS(E(LOOP), E(NOTDIR)),
                 "opening a symlink to a directory with oflags directory and no symlink_follow gives loop or notdir (upstream nofollow_errors)");
    tap_errno_in(try_open(0, "link-dir", 0), ERRNOS(E(LOOP), E(ACCES)),
                 "without oflags directory: loop or acces (upstream nofollow_errors)");
    return tap_end();
}

static int g_nofollow_dangling(void) {
    tap_errno(try_open(0, "dangling", 0), E(LOOP), "a dangling symlink without symlink_follow gives loop (upstream dangling_symlink)");
    tap_errno_in(try_open(0, "dangling", __WASI_OFLAGS_DIRECTORY), ERRNOS(E(NOTDIR), E(LOOP)),
                 "with oflags directory: notdir or loop (upstream dangling_symlink)");
    tap_errno(try_open(FOLLOW, "dangling", 0), E(NOENT), "followed, it gives noent");
    tap_errno(try_open(FOLLOW, "dangling", __WASI_OFLAGS_DIRECTORY), E(NOENT), "followed with oflags directory, it gives noent");
    return tap_end();
}

static int g_follow(void) {
    char buf[32];
    size_t len;
    __wasi_fd_t fd;
    __wasi_fdstat_t st;
    tap_ok(slurp(PREOPEN, FOLLOW, "link-file", buf, sizeof buf, &len) == 0 && len == 6 && !memcmp(buf, "hello\n", 6),
           "with symlink_follow a symlink to a file opens the file");
    tap_errno(__wasi_path_open(PREOPEN, FOLLOW, "link-dir", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &fd), E(SUCCESS),
              "with symlink_follow a symlink to a directory opens as a directory");
    tap_ok(__wasi_fd_fdstat_get(fd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_DIRECTORY, "the fd is a directory");
    tap_errno(try_open(FOLLOW, "link-file", __WASI_OFLAGS_DIRECTORY), E(NOTDIR),
              "following a symlink to a file with oflags directory gives notdir (upstream nofollow_errors)");
    tap_ok(slurp(PREOPEN, FOLLOW, "sub/up-file", buf, sizeof buf, &len) == 0 && len == 6,
           "a '../hello.txt' link inside sub resolves from sub");
    return tap_end();
}

static int g_middle(void) {
    char buf[32];
    size_t len;
    tap_ok(slurp(PREOPEN, 0, "link-dir/file.txt", buf, sizeof buf, &len) == 0 && len == 1 && buf[0] == 'x',
           "a symlink in the middle of a path is followed even without symlink_follow (lookupflags apply to the last component)");
    tap_ok(slurp(PREOPEN, FOLLOW, "link-dir/file.txt", buf, sizeof buf, &len) == 0 && len == 1, "and with symlink_follow");
    tap_ok(slurp(PREOPEN, FOLLOW, "link-dir/up-file", buf, sizeof buf, &len) == 0 && len == 6,
           "two links on one path (link-dir, then up-file -> ../hello.txt) resolve");
    tap_errno(try_open(0, "link-file/x", 0), E(NOTDIR), "a symlink to a file in the middle of a path gives notdir");
    return tap_end();
}

static int g_loop(void) {
    tap_errno(try_open(FOLLOW, "loop-a", 0), E(LOOP), "following a two-link loop gives loop");
    tap_errno(try_open(FOLLOW, "self", 0), E(LOOP), "following a self-referencing link gives loop (upstream symlink_loop)");
    tap_errno(try_open(0, "self", 0), E(LOOP), "not following it gives loop too: it is a symlink");
    tap_errno(try_open(0, "loop-a/x", 0), E(LOOP), "a loop in the middle of a path gives loop");
    __wasi_filestat_t st;
    tap_errno(__wasi_path_filestat_get(PREOPEN, FOLLOW, "loop-b", &st), E(LOOP), "path_filestat_get following a loop gives loop");
    tap_ok(__wasi_path_filestat_get(PREOPEN, 0, "loop-b", &st) == 0 && st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK,
           "path_filestat_get without symlink_follow sees the link itself");
    return tap_end();
}

/* Run with the security fixtures: links in the jail point out of it (see security-escape.c). */
static int g_escape(void) {
    int jail = find_preopen("fixtures/security-jail");
    if (!tap_ok(jail >= 0, "the jail preopen is found by name")) return tap_end();
    static const char *const links[] = {"out-rel", "chain", "sub/out-up", "out-abs", "out-deep", "out-dir/secret.txt", "out-absdir/passwd"};
    for (int i = 0; i < 7; i++) {
        __wasi_fd_t fd;
        __wasi_errno_t e = __wasi_path_open(jail, FOLLOW, links[i], 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
        if (e == 0) (void)__wasi_fd_close(fd);
        tap_errno_in(e, ERRNOS(E(PERM), E(NOTCAPABLE)),
                     "following '%s' out of the preopen gives perm or notcapable, as the same path spelled with '..' or '/' (upstream interesting_paths)", links[i]);
    }
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "nofollow-file")) return g_nofollow_file();
    if (!strcmp(g, "nofollow-dir")) return g_nofollow_dir();
    if (!strcmp(g, "nofollow-dangling")) return g_nofollow_dangling();
    if (!strcmp(g, "follow")) return g_follow();
    if (!strcmp(g, "middle")) return g_middle();
    if (!strcmp(g, "loop")) return g_loop();
    if (!strcmp(g, "escape")) return g_escape();
    return unknown_group(g);
}
