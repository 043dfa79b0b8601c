/*
 * Sandbox escapes. The guest has two preopens: the jail (fixtures/security-jail) and,
 * beside it on the host, a sibling (fixtures/security-sibling, holding secret.txt). The
 * harness copies preopen i to WORKDIR/preopen<i>, so from the jail, '../preopen1/secret.txt'
 * and the jail's symlinks into '../preopen1' name a real host file; the in-process host
 * also keeps WORKDIR/stdout and WORKDIR/stderr there; deep '..' chains and absolute links
 * reach /etc/passwd. Every attempt must fail; where it could write, the sibling is checked
 * through its own preopen to show that nothing happened. One group per argument.
 *
 * Any error keeps the guest in, so these specs fail only on an escape (the message then
 * starts with SANDBOX ESCAPE) or on a side effect seen from the sibling. Which errno a
 * runtime gives is checked apart, by path_open_paths-dotdot-escape, path_open_paths-absolute
 * and path_open_symlink-escape (perm or notcapable, as upstream interesting_paths), so that
 * an expected failure for a wrong errno there never hides an escape here. Loops must give
 * loop (security-symlink-loop).
 */
#include "path_common.h"

#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW
#define DEEP "../../../../../../../../../../../../../../../../etc/passwd"

static int J = -1, S = -1;
static char leaked[24];

/* path_open; on success, the first bytes read are kept in `leaked` for the message. */
static __wasi_errno_t attempt(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path, __wasi_oflags_t of, __wasi_rights_t rights) {
    __wasi_fd_t fd;
    leaked[0] = 0;
    __wasi_errno_t e = __wasi_path_open(dir, lf, path, of, rights, 0, 0, &fd);
    if (e == 0) {
        __wasi_iovec_t iov = {(uint8_t *)leaked, sizeof leaked - 1};
        __wasi_size_t n = 0;
        if (__wasi_fd_read(fd, &iov, 1, &n) != 0) n = 0;
        leaked[n] = 0;
        for (size_t i = 0; i < n; i++)
            if (leaked[i] < 32 || leaked[i] > 126) leaked[i] = '.';
        (void)__wasi_fd_close(fd);
    }
    return e;
}

/*
 * The escape check: any error keeps the guest in. The witx names no errno for a path
 * that leaves the preopen (upstream accepts perm or notcapable; a runtime that clamps at
 * the preopen's root gets noent): which errno a runtime gives is checked by the path_*
 * specs, so that a wrong errno there never hides an escape here.
 */
static void no_escape(__wasi_errno_t e, const char *what) {
    if (e == 0)
        tap_ok(0, "SANDBOX ESCAPE: %s succeeded%s%s%s; want any error", what, leaked[0] ? " (read '" : "", leaked, leaked[0] ? "')" : "");
    else
        tap_ok(1, "%s is refused with an error (got %s)", what, tap_errno_name(e));
    leaked[0] = 0;
}

static int setup(void) {
    J = find_preopen("fixtures/security-jail");
    S = find_preopen("fixtures/security-sibling");
    char buf[32];
    size_t len;
    return tap_ok(J >= 0 && S >= 0 && slurp(S, 0, "secret.txt", buf, sizeof buf, &len) == 0 && len == 7 && !memcmp(buf, "secret\n", 7),
                  "both preopens are found by name and the sibling's secret.txt reads 'secret' through its own preopen (jail fd %d, sibling fd %d)",
                  J, S);
}

static int secret_intact(void) {
    char buf[32];
    size_t len;
    return slurp(S, 0, "secret.txt", buf, sizeof buf, &len) == 0 && len == 7 && !memcmp(buf, "secret\n", 7);
}

static __wasi_filestat_t stat_at(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path, __wasi_errno_t *e) {
    __wasi_filestat_t st;
    memset(&st, 0, sizeof st);
    *e = __wasi_path_filestat_get(dir, lf, path, &st);
    return st;
}

/* '..' itself: refused, or clamped to the preopen (the same directory). */
static void dotdot_dir(const char *path) {
    __wasi_fd_t fd;
    __wasi_filestat_t jail, got;
    __wasi_errno_t e = __wasi_path_open(J, 0, path, __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &fd);
    if (e == 0) {
        int same = __wasi_fd_filestat_get(J, &jail) == 0 && __wasi_fd_filestat_get(fd, &got) == 0 && jail.ino == got.ino && jail.dev == got.dev;
        (void)__wasi_fd_close(fd);
        tap_ok(same, "%s'%s' opened a directory: it must be the preopen itself (clamped), not its parent", same ? "" : "SANDBOX ESCAPE: ", path);
    } else {
        tap_ok(1, "'%s' is refused with an error (got %s)", path, tap_errno_name(e));
    }
}

static int g_dotdot_open(void) {
    dotdot_dir("..");
    no_escape(attempt(J, 0, "../preopen1/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'../preopen1/secret.txt' (the sibling preopen's host folder)");
    no_escape(attempt(J, 0, "../stdout", 0, __WASI_RIGHTS_FD_READ), "'../stdout' (the harness's file beside the preopen)");
    no_escape(attempt(J, 0, "../stderr", 0, __WASI_RIGHTS_FD_READ), "'../stderr'");
    no_escape(attempt(J, 0, DEEP, 0, __WASI_RIGHTS_FD_READ), "'../../(16 times)/etc/passwd'");
    no_escape(attempt(J, FOLLOW, "../preopen1/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'../preopen1/secret.txt' with symlink_follow");
    return tap_end();
}

static int g_dotdot_middle(void) {
    dotdot_dir("sub/../..");
    no_escape(attempt(J, 0, "sub/../../preopen1/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'sub/../../preopen1/secret.txt'");
    no_escape(attempt(J, 0, "sub/./../../preopen1/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'sub/./../../preopen1/secret.txt'");
    no_escape(attempt(J, 0, "sub/../../stdout", 0, __WASI_RIGHTS_FD_READ), "'sub/../../stdout'");
    no_escape(attempt(J, 0, "sub/" DEEP, 0, __WASI_RIGHTS_FD_READ), "'sub/../../(16 times)/etc/passwd'");
    no_escape(attempt(J, 0, "sub/../../preopen0/inside.txt", 0, __WASI_RIGHTS_FD_READ),
            "'sub/../../preopen0/inside.txt' (leaves the preopen by name, to come back in)");
    return tap_end();
}

static int g_dotdot_filestat(void) {
    __wasi_errno_t e;
    __wasi_filestat_t jail, st;
    (void)__wasi_fd_filestat_get(J, &jail);
    (void)stat_at(J, 0, "../preopen1/secret.txt", &e);
    no_escape(e, "path_filestat_get '../preopen1/secret.txt'");
    (void)stat_at(J, FOLLOW, "sub/../../preopen1/secret.txt", &e);
    no_escape(e, "path_filestat_get 'sub/../../preopen1/secret.txt' with symlink_follow");
    (void)stat_at(J, 0, DEEP, &e);
    no_escape(e, "path_filestat_get '../(16 times)/etc/passwd'");
    st = stat_at(J, 0, "..", &e);
    if (e == 0)
        tap_ok(st.ino == jail.ino && st.dev == jail.dev, "%spath_filestat_get '..' must describe the preopen itself (clamped), not its parent",
               st.ino == jail.ino && st.dev == jail.dev ? "" : "SANDBOX ESCAPE: ");
    else
        tap_ok(1, "path_filestat_get '..' is refused with an error (got %s)", tap_errno_name(e));
    return tap_end();
}

static int g_dotdot_write(void) {
    no_escape(attempt(J, 0, "../preopen1/planted.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE), "creat '../preopen1/planted.txt'");
    no_escape(attempt(J, 0, "sub/../../preopen1/planted2.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE), "creat 'sub/../../preopen1/planted2.txt'");
    no_escape(attempt(J, 0, "../preopen1/secret.txt", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE), "trunc '../preopen1/secret.txt'");
    tap_ok(!exists(S, "planted.txt") && !exists(S, "planted2.txt") && secret_intact(),
           "the sibling holds no planted file and secret.txt is intact");
    return tap_end();
}

static int g_dotdot_mkdir(void) {
    no_escape(__wasi_path_create_directory(J, "../preopen1/newdir"), "path_create_directory '../preopen1/newdir'");
    no_escape(__wasi_path_create_directory(J, "sub/../../preopen1/newdir2"), "path_create_directory 'sub/../../preopen1/newdir2'");
    tap_ok(!exists(S, "newdir") && !exists(S, "newdir2"), "the sibling holds no new directory");
    return tap_end();
}

static int g_dotdot_remove(void) {
    tap_errno(__wasi_path_create_directory(S, "empty"), E(SUCCESS), "the sibling makes an empty directory through its own preopen");
    no_escape(__wasi_path_remove_directory(J, "../preopen1/empty"), "path_remove_directory '../preopen1/empty'");
    no_escape(__wasi_path_unlink_file(J, "../preopen1/secret.txt"), "path_unlink_file '../preopen1/secret.txt'");
    no_escape(__wasi_path_unlink_file(J, "sub/../../preopen1/link"), "path_unlink_file 'sub/../../preopen1/link'");
    tap_ok(exists(S, "empty") && exists(S, "link") && secret_intact(), "the sibling's empty directory, link and secret.txt are all still there");
    return tap_end();
}

static int g_dotdot_rename(void) {
    no_escape(__wasi_path_rename(J, "../preopen1/secret.txt", J, "stolen.txt"), "path_rename '../preopen1/secret.txt' to 'stolen.txt'");
    no_escape(__wasi_path_rename(J, "inside.txt", J, "../preopen1/planted.txt"), "path_rename 'inside.txt' to '../preopen1/planted.txt'");
    tap_ok(secret_intact() && !exists(J, "stolen.txt") && !exists(S, "planted.txt") && exists(J, "inside.txt"),
           "secret.txt and inside.txt stayed where they were");
    return tap_end();
}

static int g_dotdot_link(void) {
    no_escape(__wasi_path_link(J, 0, "../preopen1/secret.txt", J, "stolen.txt"), "path_link '../preopen1/secret.txt' to 'stolen.txt'");
    no_escape(__wasi_path_link(J, 0, "inside.txt", J, "../preopen1/planted.txt"), "path_link 'inside.txt' to '../preopen1/planted.txt'");
    tap_ok(!exists(J, "stolen.txt") && !exists(S, "planted.txt"), "no link was made on either side");
    return tap_end();
}

static int g_dotdot_symlink(void) {
    no_escape(__wasi_path_symlink("inside.txt", J, "../preopen1/planted"), "path_symlink at '../preopen1/planted'");
    no_escape(__wasi_path_symlink("x", J, "sub/../../preopen1/planted2"), "path_symlink at 'sub/../../preopen1/planted2'");
    tap_ok(!exists(S, "planted") && !exists(S, "planted2"), "the sibling holds no planted link");
    return tap_end();
}

static int g_dotdot_readlink(void) {
    char buf[64];
    __wasi_size_t used = 0;
    __wasi_errno_t e = __wasi_path_readlink(J, "../preopen1/link", (uint8_t *)buf, sizeof buf, &used);
    if (e == 0) tap_ok(0, "SANDBOX ESCAPE: path_readlink '../preopen1/link' read the sibling's link (%d bytes); want any error", (int)used);
    else no_escape(e, "path_readlink '../preopen1/link'");
    return tap_end();
}

static int g_dotdot_set_times(void) {
    __wasi_errno_t e;
    __wasi_filestat_t before = stat_at(S, 0, "secret.txt", &e);
    no_escape(__wasi_path_filestat_set_times(J, 0, "../preopen1/secret.txt", 0, 1000000000ULL, __WASI_FSTFLAGS_MTIM),
            "path_filestat_set_times '../preopen1/secret.txt'");
    no_escape(__wasi_path_filestat_set_times(J, FOLLOW, "sub/../../preopen1/secret.txt", 0, 1000000000ULL, __WASI_FSTFLAGS_MTIM),
            "path_filestat_set_times 'sub/../../preopen1/secret.txt' with symlink_follow");
    __wasi_filestat_t after = stat_at(S, 0, "secret.txt", &e);
    tap_ok(e == 0 && after.mtim == before.mtim, "the sibling's secret.txt keeps its mtim");
    return tap_end();
}

static int g_absolute_open(void) {
    no_escape(attempt(J, 0, "/etc/passwd", 0, __WASI_RIGHTS_FD_READ), "path_open '/etc/passwd'");
    no_escape(attempt(J, FOLLOW, "/etc/passwd", 0, __WASI_RIGHTS_FD_READ), "path_open '/etc/passwd' with symlink_follow");
    no_escape(attempt(J, 0, "/etc/../etc/passwd", 0, __WASI_RIGHTS_FD_READ), "path_open '/etc/../etc/passwd'");
    no_escape(attempt(J, 0, "//etc/passwd", 0, __WASI_RIGHTS_FD_READ), "path_open '//etc/passwd'");
    dotdot_dir("/");
    return tap_end();
}

static int g_absolute_filestat(void) {
    __wasi_errno_t e;
    char buf[64];
    __wasi_size_t used = 0;
    (void)stat_at(J, 0, "/etc/passwd", &e);
    no_escape(e, "path_filestat_get '/etc/passwd'");
    (void)stat_at(J, FOLLOW, "/etc", &e);
    no_escape(e, "path_filestat_get '/etc'");
    e = __wasi_path_readlink(J, "/proc/self/cwd", (uint8_t *)buf, sizeof buf, &used);
    if (e == 0) tap_ok(0, "SANDBOX ESCAPE: path_readlink '/proc/self/cwd' read a host link (%d bytes)", (int)used);
    else no_escape(e, "path_readlink '/proc/self/cwd'");
    return tap_end();
}

static const char *const OUT_LINKS[] = {"out-rel", "out-abs", "out-deep", "chain", "sub/out-up"};
/* Links whose text is relative: every runtime can give it back (absolute texts: path_readlink-outward). */
static const char *const REL_LINKS[] = {"out-rel", "out-deep", "chain", "sub/out-up"};
#define N_OUT (int)(sizeof OUT_LINKS / sizeof *OUT_LINKS)

static int g_symlink_open(void) {
    char what[96];
    for (int i = 0; i < N_OUT; i++) {
        snprintf(what, sizeof what, "following the symlink '%s' out of the preopen", OUT_LINKS[i]);
        if (!strcmp(OUT_LINKS[i], "out-abs") || !strcmp(OUT_LINKS[i], "out-deep"))
            no_escape(attempt(J, FOLLOW, OUT_LINKS[i], 0, __WASI_RIGHTS_FD_READ), what);
        else
            no_escape(attempt(J, FOLLOW, OUT_LINKS[i], 0, __WASI_RIGHTS_FD_READ), what);
    }
    no_escape(attempt(J, FOLLOW, "out-stdout", 0, __WASI_RIGHTS_FD_READ), "following 'out-stdout' (-> ../stdout)");
    no_escape(attempt(J, 0, "out-rel", 0, __WASI_RIGHTS_FD_READ), "'out-rel' without symlink_follow");
    no_escape(attempt(J, 0, "out-abs", 0, __WASI_RIGHTS_FD_READ), "'out-abs' without symlink_follow");
    return tap_end();
}

static int g_symlink_filestat(void) {
    char what[96];
    __wasi_errno_t e;
    for (int i = 0; i < N_OUT; i++) {
        (void)stat_at(J, FOLLOW, OUT_LINKS[i], &e);
        snprintf(what, sizeof what, "path_filestat_get following '%s'", OUT_LINKS[i]);
        if (!strcmp(OUT_LINKS[i], "out-abs") || !strcmp(OUT_LINKS[i], "out-deep")) no_escape(e, what);
        else no_escape(e, what);
    }
    __wasi_filestat_t st = stat_at(J, 0, "out-abs", &e);
    tap_ok(e == 0 && st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK && st.size == 11,
           "without symlink_follow, 'out-abs' is described as the link itself: symbolic_link of size 11 (errno %s)", tap_errno_name(e));
    return tap_end();
}

static int g_symlink_readlink(void) {
    static const char *const texts[] = {"../preopen1/secret.txt", &DEEP[12], "sub/out-up", "../../preopen1/secret.txt"};
    for (int i = 0; i < 4; i++) {
        char buf[80];
        memset(buf, 0, sizeof buf);
        __wasi_size_t used = 0;
        __wasi_errno_t e = __wasi_path_readlink(J, REL_LINKS[i], (uint8_t *)buf, sizeof buf - 1, &used);
        tap_ok(e == 0 && used == strlen(texts[i]) && !memcmp(buf, texts[i], used),
               "path_readlink '%s' gives its text '%s': reading a link is no escape (errno %s, got '%s')", REL_LINKS[i], texts[i], tap_errno_name(e),
               buf);
    }
    char buf[64];
    __wasi_size_t used = 0;
    __wasi_errno_t e = __wasi_path_readlink(J, "out-dir/link", (uint8_t *)buf, sizeof buf, &used);
    if (e == 0) tap_ok(0, "SANDBOX ESCAPE: path_readlink 'out-dir/link' read the sibling's link through out-dir (%d bytes); want any error", (int)used);
    else tap_ok(1, "path_readlink 'out-dir/link' (through out-dir -> ../preopen1) is refused with an error (got %s)", tap_errno_name(e));
    return tap_end();
}

static int g_symlink_middle(void) {
    __wasi_errno_t e;
    no_escape(attempt(J, 0, "out-dir/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'out-dir/secret.txt' (out-dir -> ../preopen1)");
    no_escape(attempt(J, FOLLOW, "out-dir/link", 0, __WASI_RIGHTS_FD_READ), "'out-dir/link' with symlink_follow");
    no_escape(attempt(J, 0, "out-absdir/passwd", 0, __WASI_RIGHTS_FD_READ), "'out-absdir/passwd' (out-absdir -> /etc)");
    no_escape(attempt(J, 0, "sub/up/out-dir/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'sub/up/out-dir/secret.txt' (two links on the way)");
    (void)stat_at(J, 0, "out-dir/secret.txt", &e);
    no_escape(e, "path_filestat_get 'out-dir/secret.txt'");
    no_escape(__wasi_path_create_directory(J, "out-dir/planted"), "path_create_directory 'out-dir/planted'");
    no_escape(__wasi_path_unlink_file(J, "out-dir/link"), "path_unlink_file 'out-dir/link'");
    tap_ok(!exists(S, "planted") && exists(S, "link"), "the sibling holds no planted directory and keeps its link");
    return tap_end();
}

static int g_symlink_write(void) {
    __wasi_errno_t e, e2;
    no_escape(attempt(J, FOLLOW, "out-rel", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE), "trunc through 'out-rel' with symlink_follow");
    no_escape(attempt(J, FOLLOW, "out-new", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE),
            "creat through the dangling 'out-new' (-> ../preopen1/created.txt) with symlink_follow");
    __wasi_filestat_t before = stat_at(S, 0, "secret.txt", &e2);
    e = __wasi_path_filestat_set_times(J, FOLLOW, "out-rel", 0, 1000000000ULL, __WASI_FSTFLAGS_MTIM);
    __wasi_filestat_t after = stat_at(S, 0, "secret.txt", &e2);
    tap_ok(after.mtim == before.mtim, "%spath_filestat_set_times through 'out-rel' with symlink_follow leaves the sibling's secret.txt mtim alone (got %s)",
           after.mtim == before.mtim ? "" : "SANDBOX ESCAPE: ", tap_errno_name(e));
    e = __wasi_path_link(J, FOLLOW, "out-rel", J, "stolen.txt");
    __wasi_filestat_t st;
    int hard = e == 0 && __wasi_path_filestat_get(J, 0, "stolen.txt", &st) == 0 && st.filetype != __WASI_FILETYPE_SYMBOLIC_LINK;
    tap_ok(!hard, "%spath_link of 'out-rel' with symlink_follow does not hard-link the sibling's secret.txt into the jail (got %s%s)",
           hard ? "SANDBOX ESCAPE: " : "", tap_errno_name(e), e == 0 && !hard ? ", linked the symlink itself" : "");
    tap_ok(secret_intact() && !exists(S, "created.txt"), "secret.txt keeps its bytes and no created.txt appeared in the sibling");
    return tap_end();
}

/* Calls that must not follow a final symlink, on links out of the preopen: each may act on
 * the link itself, but never on its target in the sibling. */
static int g_symlink_final(void) {
    __wasi_errno_t e;
    __wasi_filestat_t st, before = stat_at(S, 0, "secret.txt", &e);
    tap_errno(__wasi_path_create_directory(S, "emptydir"), E(SUCCESS), "the sibling makes emptydir (the target of the jail's out-empty) through its own preopen");
    (void)__wasi_path_filestat_set_times(J, 0, "out-rel", 0, 1000000000ULL, __WASI_FSTFLAGS_MTIM);
    __wasi_filestat_t after = stat_at(S, 0, "secret.txt", &e);
    tap_ok(e == 0 && after.mtim == before.mtim, "%spath_filestat_set_times on 'out-rel' without symlink_follow leaves the sibling's secret.txt mtim alone",
           e == 0 && after.mtim == before.mtim ? "" : "SANDBOX ESCAPE: ");
    e = __wasi_path_link(J, 0, "out-rel", J, "hl");
    if (e == 0) {
        int is_link = __wasi_path_filestat_get(J, 0, "hl", &st) == 0 && st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK;
        tap_ok(is_link, "%spath_link of 'out-rel' without symlink_follow links the symlink itself, not the sibling's file", is_link ? "" : "SANDBOX ESCAPE: ");
    } else {
        tap_ok(1, "path_link of 'out-rel' without symlink_follow is refused (got %s)", tap_errno_name(e));
    }
    e = __wasi_path_remove_directory(J, "out-empty");
    tap_ok(exists(S, "emptydir"), "%spath_remove_directory 'out-empty' leaves the sibling's emptydir (got %s)", exists(S, "emptydir") ? "" : "SANDBOX ESCAPE: ",
           tap_errno_name(e));
    e = __wasi_path_rename(J, "out-rel", J, "moved-link");
    tap_ok(secret_intact(), "%spath_rename of 'out-rel' leaves the sibling's secret.txt where it is (got %s)", secret_intact() ? "" : "SANDBOX ESCAPE: ",
           tap_errno_name(e));
    e = __wasi_path_rename(J, "inside.txt", J, "chain");
    tap_ok(secret_intact(), "%spath_rename of inside.txt over 'chain' does not overwrite the sibling's secret.txt (got %s)",
           secret_intact() ? "" : "SANDBOX ESCAPE: ", tap_errno_name(e));
    e = __wasi_path_unlink_file(J, "sub/out-up");
    tap_ok(secret_intact(), "%spath_unlink_file 'sub/out-up' removes at most the link, not the sibling's secret.txt (got %s)",
           secret_intact() ? "" : "SANDBOX ESCAPE: ", tap_errno_name(e));
    return tap_end();
}

/* Calls that create a name, on a dangling link whose target would be in the sibling. */
static int g_dangling_write(void) {
    __wasi_errno_t e;
    no_escape(__wasi_path_symlink("x", J, "out-new"), "path_symlink onto the dangling 'out-new' (-> ../preopen1/created.txt)");
    tap_ok(!exists(S, "created.txt"), "%sno created.txt appeared in the sibling", exists(S, "created.txt") ? "SANDBOX ESCAPE: " : "");
    no_escape(__wasi_path_create_directory(J, "out-new"), "path_create_directory onto 'out-new'");
    tap_ok(!exists(S, "created.txt"), "%sstill no created.txt in the sibling", exists(S, "created.txt") ? "SANDBOX ESCAPE: " : "");
    no_escape(__wasi_path_link(J, 0, "inside.txt", J, "out-new"), "path_link of inside.txt onto 'out-new'");
    tap_ok(!exists(S, "created.txt"), "%sstill no created.txt in the sibling", exists(S, "created.txt") ? "SANDBOX ESCAPE: " : "");
    no_escape(attempt(J, 0, "out-new", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE), "creat on 'out-new' without symlink_follow");
    no_escape(attempt(J, FOLLOW, "out-new", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_WRITE), "creat|excl on 'out-new' with symlink_follow");
    tap_ok(!exists(S, "created.txt"), "%sstill no created.txt in the sibling", exists(S, "created.txt") ? "SANDBOX ESCAPE: " : "");
    e = __wasi_path_rename(J, "inside.txt", J, "out-new");
    tap_ok(!exists(S, "created.txt"), "%spath_rename of inside.txt onto 'out-new' replaces at most the link (got %s)",
           exists(S, "created.txt") ? "SANDBOX ESCAPE: " : "", tap_errno_name(e));
    return tap_end();
}

static int g_symlink_loop(void) {
    __wasi_errno_t e;
    tap_errno(attempt(J, FOLLOW, "loop-a", 0, __WASI_RIGHTS_FD_READ), E(LOOP), "following the loop loop-a -> loop-b -> loop-a gives loop");
    tap_errno(attempt(J, FOLLOW, "self", 0, __WASI_RIGHTS_FD_READ), E(LOOP), "following self -> self gives loop");
    tap_errno(attempt(J, 0, "loop-a/x", 0, __WASI_RIGHTS_FD_READ), E(LOOP), "a loop in the middle of a path gives loop");
    (void)stat_at(J, FOLLOW, "self", &e);
    tap_errno(e, E(LOOP), "path_filestat_get following self gives loop");
    tap_errno(attempt(J, FOLLOW, "self", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE), E(LOOP), "creat through a looping link gives loop");
    return tap_end();
}

static int g_symlink_created(void) {
    static const char *const targets[] = {"../preopen1/secret.txt", "/etc/passwd", DEEP, "../preopen1"};
    static const char *const names[] = {"mine-rel", "mine-abs", "mine-deep", "mine-dir"};
    for (int i = 0; i < 4; i++) {
        __wasi_errno_t e = __wasi_path_symlink(targets[i], J, names[i]);
        printf("# path_symlink '%s' -> '%s' gave %s (a target is only a string: making the link or refusing it both keep the guest in)\n",
               names[i], targets[i], tap_errno_name(e));
        if (e != 0) continue;
        char buf[80] = {0};
        __wasi_size_t used = 0;
        tap_ok(__wasi_path_readlink(J, names[i], (uint8_t *)buf, sizeof buf - 1, &used) == 0 && used == strlen(targets[i]) &&
                   !memcmp(buf, targets[i], used),
               "the made link reads back as '%s'", targets[i]);
        char what[96];
        snprintf(what, sizeof what, "following the guest-made link '%s'", names[i]);
        if (i == 3) {
            no_escape(attempt(J, 0, "mine-dir/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'mine-dir/secret.txt' through the guest-made link");
        } else if (i == 0) {
            no_escape(attempt(J, FOLLOW, names[i], 0, __WASI_RIGHTS_FD_READ), what);
        } else {
            no_escape(attempt(J, FOLLOW, names[i], 0, __WASI_RIGHTS_FD_READ), what);
        }
    }
    return tap_end();
}

static int g_derived_fd(void) {
    __wasi_fd_t sub;
    if (!tap_errno(open_dir(J, "sub", &sub), E(SUCCESS), "the jail's sub opens as a directory fd")) return tap_end();
    no_escape(attempt(sub, 0, "../../preopen1/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'../../preopen1/secret.txt' from the fd of sub");
    no_escape(attempt(sub, 0, "../" DEEP, 0, __WASI_RIGHTS_FD_READ), "'../(17 times)/etc/passwd' from the fd of sub");
    no_escape(attempt(sub, FOLLOW, "out-up", 0, __WASI_RIGHTS_FD_READ), "following 'out-up' from the fd of sub");
    no_escape(attempt(sub, 0, "up/../preopen1/secret.txt", 0, __WASI_RIGHTS_FD_READ), "'up/../preopen1/secret.txt' from the fd of sub (up -> ..)");
    return tap_end();
}

static int g_remove_preopen(void) {
    __wasi_errno_t e;
    e = __wasi_path_remove_directory(J, ".");
    tap_ok(e != 0, "path_remove_directory '.' does not remove the preopen (got %s)", tap_errno_name(e));
    e = __wasi_path_remove_directory(J, "sub/..");
    tap_ok(e != 0, "path_remove_directory 'sub/..' does not remove the preopen (got %s)", tap_errno_name(e));
    e = __wasi_path_remove_directory(J, "..");
    no_escape(e, "path_remove_directory '..'");
    e = __wasi_path_remove_directory(J, "../preopen1");
    no_escape(e, "path_remove_directory '../preopen1' (the sibling preopen)");
    e = __wasi_path_unlink_file(J, "../preopen1");
    no_escape(e, "path_unlink_file '../preopen1'");
    __wasi_filestat_t st;
    tap_ok(__wasi_path_filestat_get(J, 0, "inside.txt", &st) == 0 && secret_intact(), "both preopens still work");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!setup()) return tap_end();
    if (!strcmp(g, "dotdot-open")) return g_dotdot_open();
    if (!strcmp(g, "dotdot-middle")) return g_dotdot_middle();
    if (!strcmp(g, "dotdot-filestat")) return g_dotdot_filestat();
    if (!strcmp(g, "dotdot-write")) return g_dotdot_write();
    if (!strcmp(g, "dotdot-mkdir")) return g_dotdot_mkdir();
    if (!strcmp(g, "dotdot-remove")) return g_dotdot_remove();
    if (!strcmp(g, "dotdot-rename")) return g_dotdot_rename();
    if (!strcmp(g, "dotdot-link")) return g_dotdot_link();
    if (!strcmp(g, "dotdot-symlink")) return g_dotdot_symlink();
    if (!strcmp(g, "dotdot-readlink")) return g_dotdot_readlink();
    if (!strcmp(g, "dotdot-set-times")) return g_dotdot_set_times();
    if (!strcmp(g, "absolute-open")) return g_absolute_open();
    if (!strcmp(g, "absolute-filestat")) return g_absolute_filestat();
    if (!strcmp(g, "symlink-open")) return g_symlink_open();
    if (!strcmp(g, "symlink-filestat")) return g_symlink_filestat();
    if (!strcmp(g, "symlink-readlink")) return g_symlink_readlink();
    if (!strcmp(g, "symlink-middle")) return g_symlink_middle();
    if (!strcmp(g, "symlink-write")) return g_symlink_write();
    if (!strcmp(g, "symlink-loop")) return g_symlink_loop();
    if (!strcmp(g, "symlink-final")) return g_symlink_final();
    if (!strcmp(g, "dangling-write")) return g_dangling_write();
    if (!strcmp(g, "symlink-created")) return g_symlink_created();
    if (!strcmp(g, "derived-fd")) return g_derived_fd();
    if (!strcmp(g, "remove-preopen")) return g_remove_preopen();
    return unknown_group(g);
}
