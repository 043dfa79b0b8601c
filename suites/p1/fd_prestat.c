/*
 * fd_prestat_get and fd_prestat_dir_name. The specs preopen two folders under their
 * own names (`dirs`): "fixtures/fd-prestat" (19 bytes) and "fixtures/fd-basic" (17
 * bytes). P1 does not fix which fd each gets, so the guest accepts either order for
 * fds 3 and 4. Groups (argv[1]):
 *   get           fds 3 and 4 are the two preopens: tag dir, pr_name_len 19 and 17
 *   not-preopen   open fds that are no preopens -- fds 0-2, a file and a directory opened
 *                 with path_open -- give badf (the answer wasi-libc's preopen scan stops at)
 *   badf          fd 5 (after the last preopen, never opened), a closed fd and a forged
 *                 fd give badf
 *   name          a buffer of exactly pr_name_len receives the name; a larger one
 *                 receives the name in its first pr_name_len bytes
 *   no-overrun    a buffer of exactly pr_name_len: nothing is written past it (no NUL
 *                 terminator: the name is a string of pr_name_len bytes)
 *   short         buffers of 0 and pr_name_len - 1 bytes give inval or nametoolong (the set
 *                 upstream accepts; the witx names none) and nothing is written past them
 *   name-badf     a file fd, a closed fd and a forged fd give badf
 */
#include "fd_common.h"

static const char *const NAMES[2] = {"fixtures/fd-prestat", "fixtures/fd-basic"};

/* Which of NAMES fd (3 or 4) carries, by its length: 0, 1, or -1. */
static int which(__wasi_fd_t fd) {
    __wasi_prestat_t p;
    if (__wasi_fd_prestat_get(fd, &p) != 0 || p.tag != __WASI_PREOPENTYPE_DIR) return -1;
    for (int i = 0; i < 2; i++)
        if (p.u.dir.pr_name_len == strlen(NAMES[i])) return i;
    return -1;
}

int main(int argc, char **argv) {
    __wasi_prestat_t p;
    __wasi_fd_t fd;
    __wasi_errno_t e;
    uint8_t buf[64];
    FD_BEGIN(argc, argv);
    if (is("get")) {
        size_t len[2];
        for (int i = 0; i < 2; i++) {
            memset(&p, 0xAA, sizeof p);
            tap_errno(__wasi_fd_prestat_get(3 + i, &p), __WASI_ERRNO_SUCCESS, "fd_prestat_get(%d) succeeds", 3 + i);
            tap_eq(p.tag, __WASI_PREOPENTYPE_DIR, "fd %d's tag is dir (0)", 3 + i);
            len[i] = p.u.dir.pr_name_len;
        }
        tap_ok((len[0] == 19 && len[1] == 17) || (len[0] == 17 && len[1] == 19),
               "their pr_name_len are 19 and 17, the lengths of the two names, with no NUL counted (got %zu and %zu)", len[0], len[1]);
    } else if (is("not-preopen")) {
        for (__wasi_fd_t s = 0; s <= 2; s++)
            tap_errno(__wasi_fd_prestat_get(s, &p), __WASI_ERRNO_BADF, "fd_prestat_get(%u) (stdio, no preopen) gives badf", s);
        __wasi_fd_t dir = which(3) == 1 ? 3 : 4; /* fixtures/fd-basic */
        if (__wasi_path_open(dir, 0, "digits.txt", 0, R_READ, 0, 0, &fd) == 0)
            tap_errno(__wasi_fd_prestat_get(fd, &p), __WASI_ERRNO_BADF, "fd_prestat_get on a file opened with path_open gives badf");
        else
            tap_ok(0, "path_open digits.txt in fixtures/fd-basic succeeds");
        if (__wasi_path_open(dir, 0, "dir", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd) == 0)
            tap_errno(__wasi_fd_prestat_get(fd, &p), __WASI_ERRNO_BADF,
                      "fd_prestat_get on a directory opened with path_open gives badf (it is no preopen)");
        else
            tap_ok(0, "path_open dir in fixtures/fd-basic succeeds");
    } else if (is("badf")) {
        tap_errno(__wasi_fd_prestat_get(5, &p), __WASI_ERRNO_BADF, "fd_prestat_get(5), past the last preopen and never opened, gives badf");
        tap_errno(__wasi_fd_prestat_get(FORGED_FD, &p), __WASI_ERRNO_BADF, "fd_prestat_get on a forged fd (0x7fffffff) gives badf");
        __wasi_fd_t dir = which(3) == 1 ? 3 : 4;
        if (__wasi_path_open(dir, 0, "digits.txt", 0, R_READ, 0, 0, &fd) == 0 && __wasi_fd_close(fd) == 0)
            tap_errno(__wasi_fd_prestat_get(fd, &p), __WASI_ERRNO_BADF, "fd_prestat_get on a closed fd gives badf");
        else
            tap_ok(0, "opening and closing digits.txt succeeds");
    } else if (is("name") || is("no-overrun") || is("short")) {
        for (__wasi_fd_t f = 3; f <= 4; f++) {
            int w = which(f);
            if (w < 0) {
                tap_ok(0, "fd %u is one of the two preopens (fd_prestat_get)", f);
                continue;
            }
            const char *name = NAMES[w];
            size_t len = strlen(name);
            if (is("name")) {
                memset(buf, 0xAA, sizeof buf);
                tap_errno(__wasi_fd_prestat_dir_name(f, buf, len), __WASI_ERRNO_SUCCESS, "fd_prestat_dir_name(%u) into %zu bytes succeeds", f, len);
                tap_ok(memcmp(buf, name, len) == 0, "fd %u's name is '%s' (got '%.*s')", f, name, (int)len, buf);
                memset(buf, 0xAA, sizeof buf);
                tap_errno(__wasi_fd_prestat_dir_name(f, buf, sizeof buf), __WASI_ERRNO_SUCCESS, "fd_prestat_dir_name(%u) into 64 bytes succeeds", f);
                tap_ok(memcmp(buf, name, len) == 0, "the first %zu bytes are '%s'", len, name);
            } else if (is("no-overrun")) {
                memset(buf, 0xAA, sizeof buf);
                e = __wasi_fd_prestat_dir_name(f, buf, len);
                int clean = 1;
                for (size_t i = len; i < sizeof buf; i++)
                    if (buf[i] != 0xAA) clean = 0;
                tap_errno(e, __WASI_ERRNO_SUCCESS, "fd_prestat_dir_name(%u) into exactly %zu bytes succeeds", f, len);
                tap_ok(clean, "nothing is written past the %zu-byte buffer (byte %zu is 0x%02x)", len, len, buf[len]);
            } else {
                size_t lens[2] = {0, len - 1};
                for (int k = 0; k < 2; k++) {
                    memset(buf, 0xAA, sizeof buf);
                    e = __wasi_fd_prestat_dir_name(f, buf, lens[k]);
                    int clean = 1;
                    for (size_t i = lens[k]; i < sizeof buf; i++)
                        if (buf[i] != 0xAA) clean = 0;
                    tap_ok(e == __WASI_ERRNO_INVAL || e == __WASI_ERRNO_NAMETOOLONG,
                           "fd_prestat_dir_name(%u) into %zu bytes (name: %zu) gives inval or nametoolong (got %s)", f, lens[k], len,
                           tap_errno_name(e));
                    tap_ok(clean, "nothing is written past the %zu-byte buffer", lens[k]);
                }
            }
        }
    } else if (is("name-badf")) {
        __wasi_fd_t dir = which(3) == 1 ? 3 : 4;
        if (__wasi_path_open(dir, 0, "digits.txt", 0, R_READ, 0, 0, &fd) == 0)
            tap_errno(__wasi_fd_prestat_dir_name(fd, buf, sizeof buf), __WASI_ERRNO_BADF, "fd_prestat_dir_name on a file fd gives badf");
        else
            tap_ok(0, "path_open digits.txt in fixtures/fd-basic succeeds");
        if (__wasi_path_open(dir, 0, "digits.txt", 0, R_READ, 0, 0, &fd) == 0 && __wasi_fd_close(fd) == 0)
            tap_errno(__wasi_fd_prestat_dir_name(fd, buf, sizeof buf), __WASI_ERRNO_BADF, "fd_prestat_dir_name on a closed fd gives badf");
        else
            tap_ok(0, "opening and closing digits.txt succeeds");
        tap_errno(__wasi_fd_prestat_dir_name(FORGED_FD, buf, sizeof buf), __WASI_ERRNO_BADF,
                  "fd_prestat_dir_name on a forged fd (0x7fffffff) gives badf");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
