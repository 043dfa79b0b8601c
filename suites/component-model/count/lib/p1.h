/*
 * The P1 path of the count guests: the same operations as lib/cm.h, each one WASI
 * preview 1 call made through wasi-libc's raw __wasi_* functions (no libc buffering in
 * between). P1 lowers no lists: the guest hands the host its own buffers, so there is no
 * allocator to count and the realloc figures are 0; the timing clock is clock_time_get.
 */
#ifndef WASMCERT_COUNT_P1_H
#define WASMCERT_COUNT_P1_H

#define PATH_NAME "p1"
#include "count.h"

static int fd_file = -1;

static struct counts path_counts(void) { return (struct counts){0}; }

static uint64_t now_ns(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != 0) return 0;
    return t;
}

static const char *path_rewind(struct run *r) {
    (void)r;
    __wasi_filesize_t pos;
    return __wasi_fd_seek(fd_file, 0, __WASI_WHENCE_SET, &pos) ? "fd_seek(0) failed" : 0;
}

static const char *path_setup(struct run *r) {
    if (r->op == OP_STDOUT_WRITE || r->op == OP_RANDOM || r->op == OP_CLOCK) return 0;
    fd_file = open(DATA_PATH, O_RDWR);
    return fd_file < 0 ? "open(" DATA_PATH ", O_RDWR) failed" : 0;
}

static const char *errno_text(__wasi_errno_t e) {
    static char text[64];
    snprintf(text, sizeof text, "errno %s (%d)", tap_errno_name(e), e);
    return text;
}

static void path_call(struct run *r, uint32_t i, struct rec *out) {
    __wasi_errno_t e = 0;
    __wasi_size_t n = 0;
    uint8_t *buf = r->rbuf ? r->rbuf + (size_t)i * r->size : 0;
    __wasi_ciovec_t out_iov = {r->payload, r->size};
    __wasi_iovec_t in_iov = {buf, r->size};
    out->data = buf;
    switch (r->op) {
    case OP_STDOUT_WRITE: e = __wasi_fd_write(1, &out_iov, 1, &n); break;
    case OP_FILE_WRITE: e = __wasi_fd_pwrite(fd_file, &out_iov, 1, 0, &n); break;
    case OP_FILE_READ: e = __wasi_fd_pread(fd_file, &in_iov, 1, 0, &n); break;
    case OP_STREAM_WRITE: e = __wasi_fd_write(fd_file, &out_iov, 1, &n); break;
    case OP_STREAM_READ: e = __wasi_fd_read(fd_file, &in_iov, 1, &n); break;
    case OP_RANDOM:
        e = __wasi_random_get(buf, r->size);
        n = r->size;
        break;
    case OP_CLOCK: e = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &out->clock); break;
    default: e = __WASI_ERRNO_INVAL;
    }
    out->ok = e == 0;
    out->why = e ? errno_text(e) : 0;
    out->len = e ? 0 : n;
}

static void path_release(struct run *r, struct rec *rec) { (void)r, (void)rec; }

#endif
