/*
 * Helpers shared by the fd_* guests (fd_advise.c ... fd_tell.c). Every guest picks a
 * behaviour group from argv[1], so several specs share one module and one runtime's
 * deviation in a group does not hide the others.
 *
 * The fixture is fixtures/fd-basic mounted as / (fd 3):
 *   digits.txt      "0123456789" (10 bytes)
 *   dir/inner.txt   "inner\n"
 * Contents are checked through a fresh read-only fd (fd_seek + fd_read), never through
 * the call under test.
 */
#ifndef WASMCERT_FD_COMMON_H
#define WASMCERT_FD_COMMON_H

#include "tap.h"
#include <string.h>

#define PREOPEN 3
#define DIGITS "0123456789"
#define NOT_OPEN 4242         /* a number no runtime hands out to this guest */
#define FORGED_FD 0x7fffffffu /* the largest fd a P1 runtime may allocate (< 2^31) */

#define R_READ __WASI_RIGHTS_FD_READ
#define R_WRITE __WASI_RIGHTS_FD_WRITE
#define R_SEEK __WASI_RIGHTS_FD_SEEK
#define R_TELL __WASI_RIGHTS_FD_TELL
#define R_FSTAT __WASI_RIGHTS_FD_FILESTAT_GET
/* Every right that applies to a regular file. */
#define R_FILE_ALL                                                                                                        \
    (__WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS |    \
     __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ADVISE |                   \
     __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |                    \
     __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_POLL_FD_READWRITE)

__attribute__((unused)) static const char *group = "";

/* The call's errno is one of the `n` listed. */
__attribute__((unused)) static int errno_in(__wasi_errno_t e, int n, const __wasi_errno_t *set) {
    for (int i = 0; i < n; i++)
        if (e == set[i]) return 1;
    return 0;
}
#define ERRNO_IN(e, ...) errno_in((e), sizeof((__wasi_errno_t[]){__VA_ARGS__}) / sizeof(__wasi_errno_t), (__wasi_errno_t[]){__VA_ARGS__})

/* Opens `path` below the preopen; the open is an assertion of its own. Returns 1 on success. */
__attribute__((unused)) static int open_at(const char *path, __wasi_oflags_t oflags, __wasi_rights_t base, __wasi_fdflags_t fdflags,
                                           __wasi_fd_t *fd) {
    __wasi_errno_t e = __wasi_path_open(PREOPEN, 0, path, oflags, base, 0, fdflags, fd);
    tap_errno(e, __WASI_ERRNO_SUCCESS, "path_open %s (rights 0x%llx, fdflags 0x%x) succeeds", path, (unsigned long long)base, fdflags);
    return e == __WASI_ERRNO_SUCCESS;
}

/* The whole content of `path` through a new read-only fd: length, or -1 on any error. */
__attribute__((unused)) static int contents(const char *path, char *buf, int cap) {
    __wasi_fd_t fd;
    int len = 0;
    if (__wasi_path_open(PREOPEN, 0, path, 0, R_READ, 0, 0, &fd) != 0) return -1;
    for (;;) {
        __wasi_iovec_t iov = {(uint8_t *)buf + len, (size_t)(cap - len)};
        __wasi_size_t n = 0;
        if (len == cap) break;
        if (__wasi_fd_read(fd, &iov, 1, &n) != 0) {
            len = -1;
            break;
        }
        if (n == 0) break;
        len += n;
    }
    if (__wasi_fd_close(fd) != 0) return -1;
    return len;
}

/* `path` holds exactly the `want_len` bytes at `want`. */
__attribute__((unused)) static int holds(const char *path, const char *want, int want_len) {
    char buf[256];
    int len = contents(path, buf, sizeof buf);
    if (len == want_len && memcmp(buf, want, len) == 0) return 1;
    printf("  ---\n  file: %s\n  got: \"", path);
    for (int i = 0; i < len; i++) printf(buf[i] >= 32 && buf[i] < 127 ? "%c" : "\\x%02x", (unsigned char)buf[i]);
    printf("\" (%d bytes)\n  want: \"", len);
    for (int i = 0; i < want_len; i++) printf(want[i] >= 32 && want[i] < 127 ? "%c" : "\\x%02x", (unsigned char)want[i]);
    printf("\" (%d bytes)\n  ...\n", want_len);
    return 0;
}

/* path_filestat_get of `path`; size ~0 on error. */
__attribute__((unused)) static __wasi_filestat_t stat_path(const char *path) {
    __wasi_filestat_t st;
    memset(&st, 0, sizeof st);
    if (__wasi_path_filestat_get(PREOPEN, 0, path, &st) != 0) st.size = ~0ull;
    return st;
}

/* The fd's current offset, or ~0 if fd_tell fails. */
__attribute__((unused)) static __wasi_filesize_t offset_of(__wasi_fd_t fd) {
    __wasi_filesize_t off = 0;
    return __wasi_fd_tell(fd, &off) == 0 ? off : ~0ull;
}

/* An fd number that was open and is now closed. */
__attribute__((unused)) static __wasi_fd_t closed_fd(void) {
    __wasi_fd_t fd = NOT_OPEN;
    if (__wasi_path_open(PREOPEN, 0, "digits.txt", 0, R_READ, 0, 0, &fd) != 0 || __wasi_fd_close(fd) != 0) return NOT_OPEN;
    return fd;
}

__attribute__((unused)) static int is(const char *name) {
    return strcmp(group, name) == 0;
}

/* Call at the start of main: takes the group from argv[1]. */
#define FD_BEGIN(argc, argv)                    \
    do {                                        \
        tap_begin();                            \
        group = (argc) > 1 ? (argv)[1] : "";    \
        printf("# group: %s\n", group);         \
    } while (0)

/* Call when no group matched: a spec naming an unknown group fails. */
#define FD_UNKNOWN() tap_ok(0, "the spec names a known behaviour group (got '%s')", group)

#endif
