/* path_symlink: links to files and folders, the exist paths, dangling links, and errors. */
#include "path_common.h"

#define PREOPEN 3

static int readlink_is(const char *path, const char *want) {
    char buf[64] = {0};
    __wasi_size_t used = 0;
    __wasi_errno_t e = __wasi_path_readlink(PREOPEN, path, (uint8_t *)buf, sizeof buf, &used);
    return e == 0 && used == strlen(want) && !memcmp(buf, want, used);
}

static int g_basic(void) {
    __wasi_filestat_t st;
    __wasi_fdstat_t fst;
    __wasi_fd_t fd;
    char buf[32];
    size_t len;
    tap_errno(__wasi_path_symlink("hello.txt", PREOPEN, "ln"), E(SUCCESS), "path_symlink makes a link to a file (target first, then fd and name)");
    tap_ok(readlink_is("ln", "hello.txt"), "path_readlink gives back the target text");
    tap_ok(__wasi_path_filestat_get(PREOPEN, 0, "ln", &st) == 0 && st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK,
           "without symlink_follow, path_filestat_get sees a symbolic_link");
    tap_eq(st.size, 9, "a symlink's size is the length of its target text (typenames.witx filestat.size)");
    tap_ok(slurp(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "ln", buf, sizeof buf, &len) == 0 && len == 6 && !memcmp(buf, "hello\n", 6),
           "opened with symlink_follow it reads the target's bytes");
    tap_errno(__wasi_path_symlink("sub", PREOPEN, "ln-dir"), E(SUCCESS), "path_symlink makes a link to a directory");
    tap_errno(open_dir(PREOPEN, "ln-dir", &fd), E(SUCCESS), "it opens as a directory with symlink_follow");
    tap_ok(__wasi_fd_fdstat_get(fd, &fst) == 0 && fst.fs_filetype == __WASI_FILETYPE_DIRECTORY, "and the fd is a directory");
    tap_errno(__wasi_path_symlink("../hello.txt", PREOPEN, "sub/ln-up"), E(SUCCESS), "a link in a subdirectory with a relative '..' target");
    tap_ok(slurp(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "sub/ln-up", buf, sizeof buf, &len) == 0 && len == 6,
           "its target resolves from the link's own directory");
    return tap_end();
}

static int g_exist(void) {
    tap_errno(__wasi_path_symlink("x", PREOPEN, "hello.txt"), E(EXIST), "a link path naming an existing file gives exist");
    tap_errno(__wasi_path_symlink("x", PREOPEN, "sub"), E(EXIST), "a link path naming an existing directory gives exist");
    tap_errno(__wasi_path_symlink("x", PREOPEN, "link-file"), E(EXIST), "a link path naming an existing symlink gives exist");
    tap_errno(__wasi_path_symlink("x", PREOPEN, "dangling"), E(EXIST), "a link path naming a dangling symlink gives exist");
    tap_errno(__wasi_path_symlink("x", PREOPEN, "sub/"), E(EXIST),
              "a link path naming an existing directory with a trailing slash gives exist (upstream path_symlink_trailing_slashes)");
    tap_ok(readlink_is("link-file", "hello.txt"), "the existing symlink is untouched");
    return tap_end();
}

static int g_dangling(void) {
    __wasi_fd_t fd;
    tap_errno(__wasi_path_symlink("nothing", PREOPEN, "dl"), E(SUCCESS), "a link to a missing target can be made");
    tap_ok(readlink_is("dl", "nothing"), "it reads back");
    tap_errno(__wasi_path_open(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dl", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(NOENT),
              "following it gives noent");
    tap_errno(__wasi_path_open(PREOPEN, 0, "dl", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(LOOP),
              "opening it without symlink_follow gives loop (upstream dangling_symlink)");
    tap_errno(__wasi_path_open(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dl", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL,
                               __WASI_RIGHTS_FD_WRITE, 0, 0, &fd),
              E(EXIST), "creat|excl on a dangling symlink gives exist (POSIX open: O_CREAT|O_EXCL fails on any symlink)");
    tap_ok(!exists(PREOPEN, "nothing"), "and did not create its target");
    return tap_end();
}

static int g_errors(void) {
    tap_errno(__wasi_path_symlink("hello.txt", PREOPEN, "nodir/ln"), E(NOENT), "a link path under a missing directory gives noent");
    tap_errno(__wasi_path_symlink("hello.txt", PREOPEN, "hello.txt/ln"), E(NOTDIR), "a file used as a directory gives notdir");
    tap_errno(__wasi_path_symlink("source", PREOPEN, "target/"), E(NOENT),
              "a new link path with a trailing slash gives noent (upstream path_symlink_trailing_slashes)");
    tap_errno(__wasi_path_symlink("hello.txt", 42, "ln"), E(BADF), "an fd that is not open gives badf");
    tap_ok(!exists(PREOPEN, "target") && !exists(PREOPEN, "ln"), "no failed call left a link behind");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "basic")) return g_basic();
    if (!strcmp(g, "exist")) return g_exist();
    if (!strcmp(g, "dangling")) return g_dangling();
    if (!strcmp(g, "errors")) return g_errors();
    return unknown_group(g);
}
