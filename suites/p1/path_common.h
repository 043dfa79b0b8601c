/*
 * Helpers shared by the path_* and security-* guests: errno sets, preopen lookup by
 * name, small file helpers. Each guest picks one behaviour group by its argument, so
 * one spec per group keeps a runtime's deviation in one group from hiding the others.
 */
#ifndef WASMCERT_PATH_COMMON_H
#define WASMCERT_PATH_COMMON_H

#include "groups.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>


#define R_FILE_RW                                                                                                         \
    (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |                    \
     __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES)
#define R_FILE_RO (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET)

/* The fd of the pre-opened folder whose guest name is `name`, or -1. */
__attribute__((unused)) static int find_preopen(const char *name) {
    for (__wasi_fd_t fd = 3; fd < 64; fd++) {
        __wasi_prestat_t p;
        if (__wasi_fd_prestat_get(fd, &p) != 0) continue;
        if (p.tag != __WASI_PREOPENTYPE_DIR) continue;
        char buf[256];
        size_t len = p.u.dir.pr_name_len;
        if (len >= sizeof buf || __wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, len) != 0) continue;
        buf[len] = 0;
        if (strcmp(buf, name) == 0) return (int)fd;
    }
    return -1;
}

/* The inheriting rights of a directory fd: what may be asked for below it. */
__attribute__((unused)) static __wasi_rights_t inheriting_of(__wasi_fd_t dir) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(dir, &st) != 0) return 0;
    return st.fs_rights_inheriting;
}

/* The rights that apply to a directory fd itself (no fd_read/fd_write: asking a
 * directory for fd_write gives isdir, upstream path_open_preopen). */
#define R_DIR                                                                                                             \
    (__WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES |                    \
     __WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_LINK_SOURCE |             \
     __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_READLINK |                          \
     __WASI_RIGHTS_PATH_RENAME_SOURCE | __WASI_RIGHTS_PATH_RENAME_TARGET | __WASI_RIGHTS_PATH_FILESTAT_GET |            \
     __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE | __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES | __WASI_RIGHTS_PATH_SYMLINK |        \
     __WASI_RIGHTS_PATH_REMOVE_DIRECTORY | __WASI_RIGHTS_PATH_UNLINK_FILE)

/* Opens a folder below `dir` with the directory rights `dir` can pass on, and all of its inheriting rights. */
__attribute__((unused)) static __wasi_errno_t open_dir(__wasi_fd_t dir, const char *path, __wasi_fd_t *out) {
    __wasi_rights_t r = inheriting_of(dir);
    return __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, __WASI_OFLAGS_DIRECTORY, r & R_DIR, r, 0, out);
}

/* Reads a whole file (up to cap-1 bytes, NUL-terminated) by path; returns the errno of the first failing step. */
__attribute__((unused)) static __wasi_errno_t slurp(__wasi_fd_t dir, __wasi_lookupflags_t lf, const char *path, char *buf, size_t cap,
                                                     size_t *len) {
    __wasi_fd_t fd;
    *len = 0;
    buf[0] = 0;
    __wasi_errno_t e = __wasi_path_open(dir, lf, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
    if (e) return e;
    for (;;) {
        __wasi_iovec_t iov = {(uint8_t *)buf + *len, cap - 1 - *len};
        __wasi_size_t n = 0;
        e = __wasi_fd_read(fd, &iov, 1, &n);
        if (e || n == 0 || *len + n >= cap - 1) {
            *len += n;
            break;
        }
        *len += n;
    }
    buf[*len] = 0;
    (void)__wasi_fd_close(fd);
    return e;
}

/* Creates (or truncates) a file and writes `text` into it. */
__attribute__((unused)) static __wasi_errno_t put(__wasi_fd_t dir, const char *path, const char *text) {
    __wasi_fd_t fd;
    __wasi_errno_t e =
        __wasi_path_open(dir, 0, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd);
    if (e) return e;
    size_t off = 0, len = strlen(text);
    while (!e && off < len) {
        __wasi_ciovec_t iov = {(const uint8_t *)text + off, len - off};
        __wasi_size_t n = 0;
        e = __wasi_fd_write(fd, &iov, 1, &n);
        if (!e && n == 0) e = __WASI_ERRNO_IO;
        off += n;
    }
    (void)__wasi_fd_close(fd);
    return e;
}

/* True when `path` names something (without following a final symlink). */
__attribute__((unused)) static int exists(__wasi_fd_t dir, const char *path) {
    __wasi_filestat_t st;
    return __wasi_path_filestat_get(dir, 0, path, &st) == 0;
}

#endif
