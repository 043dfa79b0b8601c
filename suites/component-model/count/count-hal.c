// wasmcert-cflags: -nostartfiles
/*
 * What one HAL call costs: wasi:i2c [method]i2c.read made N times by a P1 core module
 * through its Canonical ABI lowering (docs/hal.md §1; lib/hal.h), against the simulated
 * board of fixtures/hal-board.json (an EEPROM at 0x50 whose memory is all 0xA5). The
 * result is result<list<u8>, error-code>, so the host lowers each call's list through
 * exactly one cabi_realloc(0, 0, 1, len), an empty list too. Same arguments and output
 * as the other count guests (lib/count.h):
 *
 *   i2c-read <size> <calls> <reallocs-per-call> <realloc-bytes-per-call> [bench]
 *
 * The guest's cabi_realloc counts the calls and bytes the host asks for while the loop
 * runs (opening the bus is outside that window) and the TAP asserts calls × the per-call
 * expectations. `bench` makes 200 warm-up calls first (neither counted nor timed). The
 * last line is machine-readable:
 *
 *   # count op=i2c-read size=.. path=hal calls=.. reallocs=.. realloc_bytes=.. batch=.. ns_median=.. ns_p99=.. ns_max=..
 *
 * with the ns figures per call, from P1 clock_time_get(monotonic) read around each batch
 * of `batch` calls; only the calls are inside a timed batch, every check and free runs
 * between batches. The board traces every transfer, so the specs keep runs short.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hal.h"
#include "tap.h"

#define OP_NAME "i2c-read"
#define WARMUP_CALLS 200
/* the board's limit for one operation (docs/hal.md §3.1): a longer read is `other` */
#define MAX_SIZE 65536

struct tally {
    uint64_t failed, wrong_len, wrong_data, wrong_ptr;
    uint64_t first_failed, first_wrong_len, first_wrong_data, first_wrong_ptr;
    uint32_t first_len, first_blocks;
    const char *first_why;
    uint64_t *ns; /* per call, one value per batch */
    uint64_t batches;
};

static void check(uint32_t size, struct rec *rec, uint64_t call, struct tally *t) {
    if (!rec->ok) {
        if (!t->failed++) t->first_failed = call, t->first_why = rec->why;
        return;
    }
    if (rec->len != size) {
        if (!t->wrong_len++) t->first_wrong_len = call, t->first_len = rec->len;
        return;
    }
    if (!rec->ptr_is_block) {
        if (!t->wrong_ptr++) t->first_wrong_ptr = call, t->first_blocks = rec->blocks;
        return;
    }
    for (uint32_t k = 0; k < rec->len; k++)
        if (rec->data[k] != HAL_FILL) {
            if (!t->wrong_data++) t->first_wrong_data = call;
            break;
        }
}

static const char *loop(uint32_t size, uint64_t calls, uint32_t batch, struct tally *t, struct rec *recs) {
    memset(t, 0, sizeof *t);
    t->ns = calloc(calls / batch + 2, sizeof *t->ns);
    if (!t->ns) return "out of memory for the batch times";
    for (uint64_t done = 0; done < calls;) {
        uint32_t n = calls - done < batch ? (uint32_t)(calls - done) : batch;
        uint64_t t0 = now_ns();
        for (uint32_t i = 0; i < n; i++) path_call(size, &recs[i]);
        uint64_t t1 = now_ns();
        t->ns[t->batches++] = (t1 - t0) / n;
        for (uint32_t i = 0; i < n; i++) {
            check(size, &recs[i], done + i, t);
            path_release(&recs[i]);
        }
        path_batch_done();
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
    uint64_t size, calls, want_reallocs, want_bytes;
    int bench = argc == 7 && strcmp(argv[6], "bench") == 0;
    if ((argc != 6 && !bench) || strcmp(argv[1], OP_NAME) != 0 || !parse_u64(argv[2], &size) || size > MAX_SIZE || !parse_u64(argv[3], &calls) ||
        calls == 0 || !parse_u64(argv[4], &want_reallocs) || !parse_u64(argv[5], &want_bytes)) {
        printf("Bail out! usage: " OP_NAME " <size 0-%u> <calls> <reallocs-per-call> <realloc-bytes-per-call> [bench]\n", MAX_SIZE);
        return 2;
    }
    /* batches of 8, smaller when that would leave fewer than 8 batches */
    uint32_t batch = 8;
    while (batch > 1 && calls / batch < 8) batch /= 2;

    struct rec *recs = calloc(batch, sizeof *recs);
    const char *e = recs ? path_setup() : "out of memory for the records";
    if (!tap_ok(e == 0, "setup for %s of %u bytes (%s path): open-i2c(\"%s\")", OP_NAME, (unsigned)size, PATH_NAME, HAL_BUS)) {
        printf("  ---\n  message: %s\n  ...\n", e);
        return tap_end();
    }
    /* everything printed so far reaches stdout before the loop runs */
    fflush(stdout);

    struct tally t;
    if (bench) {
        e = loop((uint32_t)size, WARMUP_CALLS, batch, &t, recs);
        free(t.ns);
    }
    struct counts c0 = path_counts();
    if (!e) e = loop((uint32_t)size, calls, batch, &t, recs);
    struct counts c1 = path_counts();
    if (!tap_ok(e == 0, "the loop of %llu calls ran to its end", (unsigned long long)calls)) {
        printf("  ---\n  message: %s\n  ...\n", e);
        return tap_end();
    }
    if (!tap_ok(t.failed == 0, "every %s call of 0x%02X succeeded", OP_NAME, HAL_EEPROM))
        printf("  ---\n  failed_calls: %llu\n  first_failed_call: %llu\n  error: %s\n  ...\n", (unsigned long long)t.failed,
               (unsigned long long)t.first_failed, t.first_why ? t.first_why : "?");
    if (!tap_ok(t.wrong_len == 0, "every call that succeeded returned exactly %u bytes", (unsigned)size))
        printf("  ---\n  wrong_calls: %llu\n  first_wrong_call: %llu\n  returned: %u\n  want: %u\n  ...\n", (unsigned long long)t.wrong_len,
               (unsigned long long)t.first_wrong_len, t.first_len, (unsigned)size);
    if (!tap_ok(t.wrong_ptr == 0, "every list returned points at the one block cabi_realloc gave during its call"))
        printf("  ---\n  wrong_calls: %llu\n  first_wrong_call: %llu\n  blocks_in_that_call: %u\n  ...\n", (unsigned long long)t.wrong_ptr,
               (unsigned long long)t.first_wrong_ptr, t.first_blocks);
    if (!tap_ok(t.wrong_data == 0, "every list holds the EEPROM's bytes (all 0x%02X)", HAL_FILL))
        printf("  ---\n  wrong_calls: %llu\n  first_wrong_call: %llu\n  ...\n", (unsigned long long)t.wrong_data, (unsigned long long)t.first_wrong_data);

    uint64_t reallocs = c1.reallocs - c0.reallocs, bytes = c1.bytes - c0.bytes;
    tap_eq((long long)reallocs, (long long)(calls * want_reallocs), "the host made calls x %llu cabi_realloc calls in the loop",
           (unsigned long long)want_reallocs);
    tap_eq((long long)bytes, (long long)(calls * want_bytes), "the host asked cabi_realloc for calls x %llu bytes in the loop",
           (unsigned long long)want_bytes);
    tap_eq((long long)(c1.bad_old - c0.bad_old), 0, "every cabi_realloc in the loop had old_ptr 0");
    tap_eq((long long)(c1.bad_align - c0.bad_align), 0, "every cabi_realloc in the loop had a power-of-two alignment");
    if (hal_lost_blocks) printf("# %llu blocks past the guest's block list were not freed\n", (unsigned long long)hal_lost_blocks);
    hal_i2c_drop(hal_bus);

    qsort(t.ns, t.batches, sizeof *t.ns, cmp_u64);
    uint64_t p99 = (t.batches * 99 + 99) / 100;
    p99 = p99 ? p99 - 1 : 0;
    printf("# count op=%s size=%u path=%s calls=%llu reallocs=%llu realloc_bytes=%llu batch=%u ns_median=%llu ns_p99=%llu ns_max=%llu\n",
           OP_NAME, (unsigned)size, PATH_NAME, (unsigned long long)calls, (unsigned long long)reallocs, (unsigned long long)bytes, batch,
           (unsigned long long)t.ns[(t.batches - 1) / 2], (unsigned long long)t.ns[p99], (unsigned long long)t.ns[t.batches - 1]);
    return tap_end();
}
