/*
 * What one host call costs: the same I/O operation made N times through the component
 * model's canonical ABI (count-cm: direct WASI 0.2.12 imports, hand-written lowering,
 * lib/cm.h) or through WASI preview 1 (count-p1: lib/p1.h). This file is the driver both
 * share: it parses the arguments, runs setup, times the loop in batches and prints TAP.
 *
 *   <op> <size> <calls> <reallocs-per-call> <realloc-bytes-per-call> [bench]
 *
 * The cm build counts, with its own cabi_realloc, the allocations the host makes while the
 * loop runs (setup is outside that window) and asserts calls × the per-call expectations;
 * the P1 build takes the same arguments and ignores the two expectations. `bench` makes
 * 200 warm-up calls first (neither counted nor timed). The last line is machine-readable:
 *
 *   # count op=.. size=.. path=cm|p1 calls=.. reallocs=.. realloc_bytes=.. batch=.. ns_median=.. ns_p99=.. ns_max=..
 *
 * with the ns figures per call, from the monotonic clock read around each batch of `batch`
 * calls; only the calls are inside a timed batch, every check and free runs between batches.
 */
#ifndef WASMCERT_COUNT_H
#define WASMCERT_COUNT_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#include "tap.h"

enum op { OP_STDOUT_WRITE, OP_FILE_WRITE, OP_FILE_READ, OP_STREAM_WRITE, OP_STREAM_READ, OP_RANDOM, OP_CLOCK, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"stdout-write", "file-write", "file-read", "stream-write", "stream-read", "random", "clock"};

#define WARMUP_CALLS 200
/* blocking-write-and-flush takes at most 4096 bytes (check-write's promise); larger writes are split */
#define PIECE 4096
/* a stream op's file offset is never let past this: between batches the stream starts again at 0 */
#define STREAM_CAP (16u << 20)
/* the reads' data file has this much more than the loop reads, so no read meets end of file */
#define SLACK 4096
#define DATA_NAME "count.dat"
#define DATA_PATH "/count.dat"

/* One call's outcome, kept until the end of its batch: whether the host reported success,
 * how many bytes it moved and, for reads, where the bytes are (cm: a cabi_realloc block). */
struct rec {
    int ok;
    uint32_t len;
    uint8_t *data;
    uint64_t clock;
    const char *why; /* the failure, when !ok */
};

struct run {
    enum op op;
    uint32_t size;
    uint64_t calls, total; /* total: calls plus any warm-up */
    uint32_t batch;
    uint64_t limit;        /* stream ops: bytes the stream may move before it starts again at 0 */
    uint64_t stream_pos;   /* stream ops: the offset the next call reads or writes at */
    uint8_t *payload;      /* writes: the bytes every call writes */
    uint8_t *rbuf;         /* P1 reads: batch × size bytes the host writes into */
};

static int is_read(enum op op) { return op == OP_FILE_READ || op == OP_STREAM_READ || op == OP_RANDOM; }
static int is_stream(enum op op) { return op == OP_STREAM_READ || op == OP_STREAM_WRITE; }
static uint8_t pattern(uint64_t i) { return (uint8_t)('a' + i % 26); }

/* ---- what a path (cm.h, p1.h) provides: PATH_NAME ("cm" or "p1") and these ---- */
static uint64_t now_ns(void);
/* opens what the loop needs; 0 on success, else a message */
static const char *path_setup(struct run *r);
/* stream ops: start the stream again at offset 0 (between batches, untimed) */
static const char *path_rewind(struct run *r);
/* the measured call: call `i` of its batch */
static void path_call(struct run *r, uint32_t i, struct rec *out);
/* gives back what the call's result holds (cm: the cabi_realloc block) */
static void path_release(struct run *r, struct rec *rec);
/* the cm path's counters (all zero for P1) */
struct counts { uint64_t reallocs, bytes, bad_old, bad_align; };
static struct counts path_counts(void);

/* ---- setup through ordinary libc (P1, or the P1 adapter in the component) ---- */
static const char *write_file(uint64_t bytes) {
    int fd = open(DATA_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return "open(" DATA_PATH ") failed";
    static uint8_t chunk[65536];
    uint64_t done = 0;
    while (done < bytes) {
        size_t n = bytes - done < sizeof chunk ? (size_t)(bytes - done) : sizeof chunk;
        for (size_t k = 0; k < n; k++) chunk[k] = pattern(done + k);
        ssize_t w = write(fd, chunk, n);
        if (w <= 0) {
            close(fd);
            return "write of the data file failed";
        }
        done += (uint64_t)w;
    }
    if (close(fd) != 0) return "close of the data file failed";
    return 0;
}

/* ---- the result of a loop ---- */
struct tally {
    uint64_t calls, failed, wrong_len, wrong_data, all_zero;
    uint64_t first_failed, first_wrong_len, first_wrong_data;
    uint32_t first_len;
    const char *first_why;
    uint64_t *ns; /* per call, one value per batch */
    uint64_t batches;
};

static void check(struct run *r, struct rec *rec, uint64_t call, struct tally *t) {
    if (!rec->ok) {
        if (!t->failed++) t->first_failed = call, t->first_why = rec->why;
        return;
    }
    if (r->op != OP_CLOCK && rec->len != r->size) {
        if (!t->wrong_len++) t->first_wrong_len = call, t->first_len = rec->len;
        return;
    }
    if (r->op == OP_FILE_READ || r->op == OP_STREAM_READ) {
        uint64_t base = r->op == OP_STREAM_READ ? r->stream_pos : 0;
        for (uint32_t k = 0; k < rec->len; k++)
            if (rec->data[k] != pattern(base + k)) {
                if (!t->wrong_data++) t->first_wrong_data = call;
                break;
            }
    }
    if (r->op == OP_RANDOM && r->size >= 64) {
        uint8_t any = 0;
        for (uint32_t k = 0; k < rec->len; k++) any |= rec->data[k];
        if (!any) t->all_zero++;
    }
}

static const char *loop(struct run *r, uint64_t calls, struct tally *t, struct rec *recs) {
    memset(t, 0, sizeof *t);
    t->calls = calls;
    t->ns = calloc(calls / r->batch + 2, sizeof *t->ns);
    if (!t->ns) return "out of memory for the batch times";
    uint64_t last_clock = 0;
    for (uint64_t done = 0; done < calls;) {
        uint32_t n = calls - done < r->batch ? (uint32_t)(calls - done) : r->batch;
        if (is_stream(r->op) && r->stream_pos + (uint64_t)n * r->size > r->limit) {
            const char *e = path_rewind(r);
            if (e) return e;
            r->stream_pos = 0;
        }
        uint64_t t0 = now_ns();
        for (uint32_t i = 0; i < n; i++) path_call(r, i, &recs[i]);
        uint64_t t1 = now_ns();
        t->ns[t->batches++] = (t1 - t0) / n;
        for (uint32_t i = 0; i < n; i++) {
            check(r, &recs[i], done + i, t);
            if (r->op == OP_CLOCK && recs[i].ok) {
                if (recs[i].clock < last_clock && !t->wrong_data++) t->first_wrong_data = done + i;
                last_clock = recs[i].clock;
            }
            if (is_stream(r->op)) r->stream_pos += r->size;
            path_release(r, &recs[i]);
        }
        done += n;
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int parse_u64(const char *s, uint64_t *v) {
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') return 0;
    *v = x;
    return 1;
}

int main(int argc, char **argv) {
    tap_begin();
    struct run r = {0};
    uint64_t size, want_reallocs, want_bytes;
    int bench = argc == 7 && strcmp(argv[6], "bench") == 0;
    int op = -1;
    if (argc >= 2)
        for (int k = 0; k < OP_COUNT; k++)
            if (strcmp(argv[1], op_names[k]) == 0) op = k;
    if ((argc != 6 && !bench) || op < 0 || !parse_u64(argv[2], &size) || size > (1u << 24) || !parse_u64(argv[3], &r.calls) ||
        r.calls == 0 || !parse_u64(argv[4], &want_reallocs) || !parse_u64(argv[5], &want_bytes)) {
        printf("Bail out! usage: <op> <size> <calls> <reallocs-per-call> <realloc-bytes-per-call> [bench]\n");
        return 2;
    }
    r.op = (enum op)op;
    r.size = (uint32_t)size;
    r.total = r.calls + (bench ? WARMUP_CALLS : 0);
    /* batches of 8, smaller when that would leave fewer than 8 batches */
    r.batch = 8;
    while (r.batch > 1 && r.calls / r.batch < 8) r.batch /= 2;
    uint64_t want_stream = r.total * r.size;
    r.limit = want_stream < STREAM_CAP ? want_stream : (STREAM_CAP / r.size) * r.size;
    if (r.limit < (uint64_t)r.batch * r.size) r.limit = (uint64_t)r.batch * r.size;

    const char *e = 0;
    if (r.op == OP_FILE_READ) e = write_file(r.size + SLACK);
    else if (r.op == OP_STREAM_READ) e = write_file(r.limit + SLACK);
    else if (r.op == OP_FILE_WRITE || r.op == OP_STREAM_WRITE) e = write_file(0);
    if (!e && !is_read(r.op) && r.op != OP_CLOCK) {
        /* stdout: a TAP comment of exactly size bytes ("" / "\n" / "#---…\n"); files: the pattern */
        r.payload = malloc(r.size ? r.size : 1);
        if (!r.payload) e = "out of memory for the payload";
        for (uint32_t k = 0; !e && k < r.size; k++) r.payload[k] = r.op == OP_STDOUT_WRITE ? (k == 0 && r.size > 1 ? '#' : '-') : pattern(k);
        if (!e && r.op == OP_STDOUT_WRITE && r.size) r.payload[r.size - 1] = '\n';
    }
    if (!e && is_read(r.op) && strcmp(PATH_NAME, "p1") == 0) {
        r.rbuf = malloc((size_t)r.batch * r.size + 1);
        if (!r.rbuf) e = "out of memory for the read buffers";
    }
    struct rec *recs = calloc(r.batch, sizeof *recs);
    if (!e && !recs) e = "out of memory for the records";
    if (!e) e = path_setup(&r);
    if (!tap_ok(e == 0, "setup for %s of %u bytes (%s path)", op_names[r.op], r.size, PATH_NAME)) {
        printf("  ---\n  message: %s\n  ...\n", e);
        return tap_end();
    }
    /* everything printed so far reaches stdout before the loop writes to it directly */
    fflush(stdout);

    struct tally t;
    if (bench && !e) {
        e = loop(&r, WARMUP_CALLS, &t, recs);
        free(t.ns);
    }
    struct counts c0 = path_counts();
    if (!e) e = loop(&r, r.calls, &t, recs);
    struct counts c1 = path_counts();
    if (!tap_ok(e == 0, "the loop of %llu calls ran to its end", (unsigned long long)r.calls)) {
        printf("  ---\n  message: %s\n  ...\n", e);
        return tap_end();
    }
    if (!tap_ok(t.failed == 0, "every %s call succeeded", op_names[r.op]))
        printf("  ---\n  failed_calls: %llu\n  first_failed_call: %llu\n  error: %s\n  ...\n", (unsigned long long)t.failed,
               (unsigned long long)t.first_failed, t.first_why ? t.first_why : "?");
    if (r.op != OP_CLOCK) {
        if (!tap_ok(t.wrong_len == 0, "every call that succeeded moved exactly %u bytes", r.size))
            printf("  ---\n  wrong_calls: %llu\n  first_wrong_call: %llu\n  moved: %u\n  want: %u\n  ...\n", (unsigned long long)t.wrong_len,
                   (unsigned long long)t.first_wrong_len, t.first_len, r.size);
    }
    if (r.op == OP_FILE_READ || r.op == OP_STREAM_READ)
        tap_eq((long long)t.wrong_data, 0, "every read returned the file's bytes at its offset");
    if (r.op == OP_RANDOM && r.size >= 64) tap_eq((long long)t.all_zero, 0, "no random payload of %u bytes is all zero", r.size);
    if (r.op == OP_CLOCK) tap_eq((long long)t.wrong_data, 0, "the monotonic clock never went back");

    uint64_t reallocs = c1.reallocs - c0.reallocs, bytes = c1.bytes - c0.bytes;
    if (strcmp(PATH_NAME, "cm") == 0) {
        tap_eq((long long)reallocs, (long long)(r.calls * want_reallocs), "the host made calls x %llu cabi_realloc calls in the loop",
               (unsigned long long)want_reallocs);
        tap_eq((long long)bytes, (long long)(r.calls * want_bytes), "the host asked cabi_realloc for calls x %llu bytes in the loop",
               (unsigned long long)want_bytes);
        tap_eq((long long)(c1.bad_old - c0.bad_old), 0, "every cabi_realloc in the loop had old_ptr 0");
        tap_eq((long long)(c1.bad_align - c0.bad_align), 0, "every cabi_realloc in the loop had a power-of-two alignment");
    }

    qsort(t.ns, t.batches, sizeof *t.ns, cmp_u64);
    uint64_t p99 = (t.batches * 99 + 99) / 100;
    p99 = p99 ? p99 - 1 : 0;
    printf("# count op=%s size=%u path=%s calls=%llu reallocs=%llu realloc_bytes=%llu batch=%u ns_median=%llu ns_p99=%llu ns_max=%llu\n",
           op_names[r.op], r.size, PATH_NAME, (unsigned long long)r.calls, (unsigned long long)reallocs, (unsigned long long)bytes, r.batch,
           (unsigned long long)t.ns[(t.batches - 1) / 2], (unsigned long long)t.ns[p99], (unsigned long long)t.ns[t.batches - 1]);
    return tap_end();
}

#endif
