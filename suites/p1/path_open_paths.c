/* path_open path shapes: absolute paths, '..' that stays inside, trailing slashes, and
 * '..' above a directory fd opened below the preopen. */
#include "path_common.h"

#define PREOPEN 3

static __wasi_errno_t try_open(__wasi_fd_t dir, const char *path, __wasi_oflags_t of) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, 0, path, of, 0, 0, 0, &fd);
    if (e == 0) (void)__wasi_fd_close(fd);
    return e;
}

static int g_absolute(void) {
    tap_errno_in(try_open(PREOPEN, "/hello.txt", 0), ERRNOS(E(PERM), E(NOTCAPABLE)),
                 "an absolute path naming a file inside the preopen gives perm or notcapable (upstream interesting_paths)");
    tap_errno_in(try_open(PREOPEN, "/", __WASI_OFLAGS_DIRECTORY), ERRNOS(E(PERM), E(NOTCAPABLE)), "'/' gives perm or notcapable");
    tap_errno_in(try_open(PREOPEN, "//sub", __WASI_OFLAGS_DIRECTORY), ERRNOS(E(PERM), E(NOTCAPABLE)), "'//sub' gives perm or notcapable");
    return tap_end();
}

static int g_dotdot_escape(void) {
    tap_errno_in(try_open(PREOPEN, "..", __WASI_OFLAGS_DIRECTORY), ERRNOS(E(PERM), E(NOTCAPABLE)), "'..' gives perm or notcapable (upstream interesting_paths: too many '..')");
    tap_errno_in(try_open(PREOPEN, "../hello.txt", 0), ERRNOS(E(PERM), E(NOTCAPABLE)), "'../hello.txt' gives perm or notcapable");
    tap_errno_in(try_open(PREOPEN, "sub/../../hello.txt", 0), ERRNOS(E(PERM), E(NOTCAPABLE)), "'sub/../../hello.txt' gives perm or notcapable");
    tap_errno_in(try_open(PREOPEN, "../../../../../../../../../../../../etc/passwd", 0), ERRNOS(E(PERM), E(NOTCAPABLE)),
                 "'../(12 times)/etc/passwd' gives perm or notcapable");
    return tap_end();
}

static int g_dotdot(void) {
    tap_errno(try_open(PREOPEN, "sub/../hello.txt", 0), E(SUCCESS), "'sub/../hello.txt' stays inside and opens");
    tap_errno(try_open(PREOPEN, "sub/./../sub/file.txt", 0), E(SUCCESS), "'sub/./../sub/file.txt' opens");
    tap_errno(try_open(PREOPEN, "full/.//deep/../../full/deep/../deep///./b.txt", 0), E(SUCCESS),
              "a path mixing '.', '..' and repeated slashes opens (upstream interesting_paths)");
    tap_errno(try_open(PREOPEN, "sub/..", __WASI_OFLAGS_DIRECTORY), E(SUCCESS), "'sub/..' names the preopen and opens as a directory");
    tap_errno(try_open(PREOPEN, "link-dir/../hello.txt", 0), E(SUCCESS),
              "'..' after a symlinked directory goes up from the link's target (sub), which is also the preopen");
    return tap_end();
}

static int g_trailing_slash(void) {
    tap_errno(try_open(PREOPEN, "sub/", 0), E(SUCCESS), "a directory opens with a trailing slash (upstream interesting_paths)");
    tap_errno(try_open(PREOPEN, "sub///", 0), E(SUCCESS), "and with trailing slashes");
    tap_errno_in(try_open(PREOPEN, "hello.txt/", 0), ERRNOS(E(NOTDIR), E(NOENT)),
                 "a file with a trailing slash gives notdir or noent (upstream interesting_paths)");
    tap_errno_in(try_open(PREOPEN, "hello.txt///", 0), ERRNOS(E(NOTDIR), E(NOENT)), "with trailing slashes too");
    return tap_end();
}

static int g_derived(void) {
    __wasi_fd_t sub;
    if (!tap_errno(open_dir(PREOPEN, "sub", &sub), E(SUCCESS), "opening sub as a directory fd succeeds")) return tap_end();
    tap_errno(try_open(sub, "file.txt", 0), E(SUCCESS), "a file below the derived fd opens");
    tap_errno_in(try_open(sub, "../hello.txt", 0), ERRNOS(E(PERM), E(NOTCAPABLE)),
                 "'..' above a derived directory fd gives perm or notcapable, even though the file is inside the preopen: an fd is the capability");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "absolute")) return g_absolute();
    if (!strcmp(g, "dotdot")) return g_dotdot();
    if (!strcmp(g, "dotdot-escape")) return g_dotdot_escape();
    if (!strcmp(g, "trailing-slash")) return g_trailing_slash();
    if (!strcmp(g, "derived-dotdot")) return g_derived();
    return unknown_group(g);
}
