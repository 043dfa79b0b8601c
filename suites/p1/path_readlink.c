/* path_readlink: the link text, truncation to a short buffer, and the error paths. */
#include "path_common.h"

#define PREOPEN 3

static int readlink_is(const char *path, const char *want) {
    char buf[64];
    memset(buf, 0xAA, sizeof buf);
    __wasi_size_t used = 999;
    __wasi_errno_t e = __wasi_path_readlink(PREOPEN, path, (uint8_t *)buf, sizeof buf, &used);
    size_t n = strlen(want);
    return tap_ok(e == 0 && used == n && !memcmp(buf, want, n), "readlink '%s' gives '%s' and bufused %d (errno %s, bufused %d)", path, want,
                  (int)n, tap_errno_name(e), (int)used);
}

static int g_basic(void) {
    readlink_is("link-file", "hello.txt");
    readlink_is("link-dir", "sub");
    readlink_is("sub/up-file", "../hello.txt");
    readlink_is("dangling", "missing.txt");
    readlink_is("loop-a", "loop-b");
    readlink_is("link-dir/up-file", "../hello.txt");
    return tap_end();
}

static int g_truncate(void) {
    char buf[16];
    __wasi_size_t used = 999;
    memset(buf, 0xAA, sizeof buf);
    tap_errno(__wasi_path_readlink(PREOPEN, "link-file", (uint8_t *)buf, 4, &used), E(SUCCESS),
              "a buffer shorter than the link text is not an error");
    tap_eq(used, 4, "bufused is the buffer's length");
    tap_ok(!memcmp(buf, "hell", 4), "the buffer holds the first 4 bytes of the text");
    tap_ok((unsigned char)buf[4] == 0xAA, "nothing is written past buf_len");
    memset(buf, 0xAA, sizeof buf);
    used = 999;
    tap_errno(__wasi_path_readlink(PREOPEN, "link-file", (uint8_t *)buf, 9, &used), E(SUCCESS), "a buffer of exactly the text's length succeeds");
    tap_ok(used == 9 && !memcmp(buf, "hello.txt", 9) && (unsigned char)buf[9] == 0xAA, "it holds the whole text, with no NUL after it (%d)", (int)used);
    return tap_end();
}

static int g_errors(void) {
    char buf[32];
    __wasi_size_t used;
    tap_errno(__wasi_path_readlink(PREOPEN, "hello.txt", (uint8_t *)buf, sizeof buf, &used), E(INVAL),
              "readlink on a regular file gives inval (POSIX readlinkat: not a symbolic link)");
    tap_errno(__wasi_path_readlink(PREOPEN, "sub", (uint8_t *)buf, sizeof buf, &used), E(INVAL), "readlink on a directory gives inval");
    tap_errno(__wasi_path_readlink(PREOPEN, "missing", (uint8_t *)buf, sizeof buf, &used), E(NOENT), "readlink on a missing name gives noent");
    tap_errno(__wasi_path_readlink(PREOPEN, "hello.txt/x", (uint8_t *)buf, sizeof buf, &used), E(NOTDIR),
              "a file used as a directory gives notdir");
    tap_errno(__wasi_path_readlink(PREOPEN, "link-dir/file.txt", (uint8_t *)buf, sizeof buf, &used), E(INVAL),
              "a symlink in the middle of the path is followed, and the file it reaches is no link: inval");
    tap_errno(__wasi_path_readlink(42, "link-file", (uint8_t *)buf, sizeof buf, &used), E(BADF), "an fd that is not open gives badf");
    return tap_end();
}

/* With the security fixtures: links whose text is an absolute path or climbs out of the preopen. */
static int g_outward(void) {
    int jail = find_preopen("fixtures/security-jail");
    if (!tap_ok(jail >= 0, "the jail preopen is found by name")) return tap_end();
    static const char *const links[] = {"out-abs", "out-absdir", "out-rel", "out-dir"};
    static const char *const texts[] = {"/etc/passwd", "/etc", "../preopen1/secret.txt", "../preopen1"};
    for (int i = 0; i < 4; i++) {
        char buf[64] = {0};
        __wasi_size_t used = 0;
        __wasi_errno_t e = __wasi_path_readlink(jail, links[i], (uint8_t *)buf, sizeof buf - 1, &used);
        tap_ok(e == 0 && used == strlen(texts[i]) && !memcmp(buf, texts[i], used),
               "path_readlink '%s' gives its text '%s': the witx puts no limit on what a link's text may say (errno %s, got '%s')", links[i], texts[i],
               tap_errno_name(e), buf);
    }
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "basic")) return g_basic();
    if (!strcmp(g, "truncate")) return g_truncate();
    if (!strcmp(g, "errors")) return g_errors();
    if (!strcmp(g, "outward")) return g_outward();
    return unknown_group(g);
}
