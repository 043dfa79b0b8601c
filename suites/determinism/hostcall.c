/*
 * Cost of one host call, as a distribution. Args: <call> <n>
 *   clock_time_get     clock_time_get(monotonic)
 *   random_get         16 bytes
 *   fd_write           2 bytes "#\n" to stdout (a TAP comment line)
 *   fd_pread           64 bytes at offset 0 of /data.bin (the fixture root)
 *   sched_yield
 *   poll_oneoff-zero   one relative monotonic clock subscription of 0 ns: it must
 *                      return its event promptly
 * First n back-to-back clock_time_get pairs give the timer's own cost
 * (# dist name=clock-pair), so a reader can subtract it; then 200 warm-up calls; then n
 * calls, each timed on its own with clock_time_get around it (# dist name=<call>).
 * Asserts only that every call succeeded and returned what it must: fd_pread the 64
 * bytes of the fixture, random_get some non-zero bytes in at least one call, fd_write
 * 2 bytes, poll_oneoff one clock event with its userdata and error 0.
 *
 * data.bin is 4096 bytes of x = x * 1103515245 + 12345 (u32, seed 2024), each byte
 * (x >> 16) & 0xff of the new x; expected() below recomputes them.
 */
#include "tap.h"
#include "lib/dist.h"
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define WARMUP 200

static uint64_t samples[DIST_MAX];
static uint8_t want[64];

static void expected(void) {
    uint32_t x = 2024;
    for (int i = 0; i < 64; i++) {
        x = x * 1103515245u + 12345u;
        want[i] = (uint8_t)(x >> 16);
    }
}

enum { C_CLOCK, C_RANDOM, C_WRITE, C_PREAD, C_YIELD, C_POLL0 };
static const char *const names[] = {"clock_time_get", "random_get", "fd_write", "fd_pread", "sched_yield", "poll_oneoff-zero"};

static int fd = -1;
static int fails = 0, first_errno = 0, bad_result = 0, nonzero_random = 0;
static uint8_t buf[64];

static void fail(int e) {
    if (!fails++) first_errno = e;
}

/* One call; the checks that need no timing happen after the second clock reading. */
static void call(int which, uint64_t i) {
    __wasi_errno_t e;
    switch (which) {
    case C_CLOCK: {
        __wasi_timestamp_t t = 0;
        e = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
        if (e) fail(e);
        else if (t == 0) bad_result++;
        break;
    }
    case C_RANDOM: {
        memset(buf, 0, 16);
        e = __wasi_random_get(buf, 16);
        if (e) fail(e);
        else {
            int nz = 0;
            for (int k = 0; k < 16; k++) nz |= buf[k];
            if (nz) nonzero_random++;
        }
        break;
    }
    case C_WRITE: {
        __wasi_ciovec_t iov = {(const uint8_t *)"#\n", 2};
        __wasi_size_t nw = 0;
        e = __wasi_fd_write(1, &iov, 1, &nw);
        if (e) fail(e);
        else if (nw != 2) bad_result++;
        break;
    }
    case C_PREAD: {
        memset(buf, 0, sizeof buf);
        __wasi_iovec_t iov = {buf, sizeof buf};
        __wasi_size_t nr = 0;
        e = __wasi_fd_pread((__wasi_fd_t)fd, &iov, 1, 0, &nr);
        if (e) fail(e);
        else if (nr != 64 || memcmp(buf, want, 64) != 0) bad_result++;
        break;
    }
    case C_YIELD:
        e = __wasi_sched_yield();
        if (e) fail(e);
        break;
    default: {
        __wasi_subscription_t s;
        __wasi_event_t ev[2];
        __wasi_size_t nev = 0xdead;
        memset(&s, 0, sizeof s);
        memset(ev, 0xa5, sizeof ev);
        s.userdata = 0x5eed000000000000ULL | i;
        s.u.tag = __WASI_EVENTTYPE_CLOCK;
        s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        s.u.u.clock.timeout = 0;
        e = __wasi_poll_oneoff(&s, ev, 1, &nev);
        if (e) fail(e);
        else if (nev != 1 || ev[0].type != __WASI_EVENTTYPE_CLOCK || ev[0].userdata != s.userdata || ev[0].error != 0) bad_result++;
        break;
    }
    }
}

int main(int argc, char **argv) {
    tap_begin();
    int which = -1;
    for (int k = 0; argc > 1 && k < (int)(sizeof names / sizeof *names); k++)
        if (strcmp(argv[1], names[k]) == 0) which = k;
    long long n = argc > 2 ? dist_arg(argv[2]) : -1;
    if (!tap_ok(argc == 3 && which >= 0 && n >= 1 && n <= DIST_MAX, "arguments are <call> <n> with a known call and 1 <= n <= %d", DIST_MAX))
        return tap_end();
    expected();
    if (which == C_PREAD) {
        fd = open("/data.bin", O_RDONLY);
        if (!tap_ok(fd >= 0, "open /data.bin from the fixture root succeeds")) return tap_end();
    }
    fflush(stdout); /* fd_write goes round stdio's buffer: keep the TAP lines in order */
    dist_clock_failures = 0;

    for (long long i = 0; i < n; i++) {
        uint64_t a = dist_now();
        uint64_t b = dist_now();
        samples[i] = b - a;
    }
    tap_eq(dist_clock_failures, 0, "%lld back-to-back clock_time_get(monotonic) pairs all succeeded", n);
    int backwards = 0;
    for (long long i = 0; i < n; i++) backwards += samples[i] > (1ULL << 63);
    tap_eq(backwards, 0, "the monotonic clock never went backwards between the two readings of a pair");
    dist_reset();
    for (long long i = 0; i < n; i++) dist_add(samples[i] > (1ULL << 63) ? 0 : samples[i]);
    dist_print("clock-pair");
    fflush(stdout);

    for (int i = 0; i < WARMUP; i++) call(which, (uint64_t)i);
    int warm_fails = fails, warm_bad = bad_result;
    fails = bad_result = nonzero_random = 0;
    dist_clock_failures = 0;
    for (long long i = 0; i < n; i++) {
        uint64_t a = dist_now();
        call(which, (uint64_t)(WARMUP + i));
        uint64_t b = dist_now();
        samples[i] = b - a;
    }
    tap_ok(warm_fails == 0 && warm_bad == 0, "the %d warm-up %s calls all succeeded (%d failed, %d wrong results)", WARMUP, names[which], warm_fails, warm_bad);
    tap_eq(dist_clock_failures, 0, "clock_time_get(monotonic) succeeded around every timed call");
    tap_ok(fails == 0, "all %lld timed %s calls returned success (%d failed, first: %s)", n, names[which], fails, tap_errno_name(first_errno));
    switch (which) {
    case C_CLOCK: tap_eq(bad_result, 0, "no clock_time_get returned time 0"); break;
    case C_RANDOM: tap_ok(nonzero_random > 0, "random_get filled some non-zero bytes in at least one call (%d of %lld did)", nonzero_random, n); break;
    case C_WRITE: tap_eq(bad_result, 0, "every fd_write wrote its 2 bytes (calls that wrote fewer)"); break;
    case C_PREAD: tap_eq(bad_result, 0, "every fd_pread returned the fixture's first 64 bytes (calls that did not)"); break;
    case C_POLL0: tap_eq(bad_result, 0, "every poll_oneoff stored exactly 1 clock event with its userdata and error 0 (calls that did not)"); break;
    default: break;
    }
    dist_reset();
    for (long long i = 0; i < n; i++) dist_add(samples[i]);
    dist_print(names[which]);
    return tap_end();
}
