/*
 * Delays on the standard board: wasi:gpio/delay's free functions delay-ns/-us/-ms and the
 * wasi:i2c delay resource (open-delay("delay0")). Each is measured against the guest's
 * monotonic clock (clock_time_get) over many samples: a pause must never be shorter than
 * asked (hal.md §7 Delay 1). Overshoot (median, p99, max) is reported as TAP comments and
 * never asserted against a tight bound. The spec's hal.trace checks the requests in ns.
 */
#include "include/delay.h"
#include "include/i2c.h"
#include "hal_tap.h"

static hal_handle dly;

typedef void (*delay_fn)(uint32_t);
static void via_resource(uint32_t ns) { i2c_delay_ns(dly, ns); }

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
#define MAX_SAMPLES 400
static uint64_t took[MAX_SAMPLES];

/* n samples of fn(arg), expected to last want_ns each: TAP point "never shorter", stats as comments; returns the median */
static uint64_t sample(const char *name, delay_fn fn, uint32_t arg, uint64_t want_ns, int n) {
    int shorter = 0;
    uint64_t shortest = UINT64_MAX;
    for (int i = 0; i < n; i++) {
        uint64_t t0 = now_ns();
        fn(arg);
        took[i] = now_ns() - t0;
        if (took[i] < want_ns) shorter++;
        if (took[i] < shortest) shortest = took[i];
    }
    qsort(took, n, sizeof took[0], cmp_u64);
    tap_ok(shorter == 0, "%s(%u): %d samples, none shorter than %llu ns (shortest %llu ns, %d shorter)", name, arg, n, (unsigned long long)want_ns,
           (unsigned long long)shortest, shorter);
    printf("# %s(%u) overshoot ns: median %lld, p99 %lld, max %lld\n", name, arg, (long long)(took[n / 2] - want_ns), (long long)(took[(n * 99) / 100] - want_ns),
           (long long)(took[n - 1] - want_ns));
    return took[n / 2];
}

int main(int argc, char **argv) {
    const char *group = argc > 1 ? argv[1] : "";
    tap_begin();
    dly = hal_open_delay("delay0");
    if (!tap_ok(dly != 0, "the board gives delay0")) return tap_end();

    if (GROUP("ns")) {
        sample("delay-ns", delay_ns, 1000, 1000, 200);
        sample("delay-ns", delay_ns, 20000, 20000, 200);
        sample("delay-ns", delay_ns, 250000, 250000, 100);
        sample("delay-ns", delay_ns, 2500000, 2500000, 20);
    } else if (GROUP("us")) {
        sample("delay-us", delay_us, 1, 1000, 200);
        sample("delay-us", delay_us, 50, 50000, 200);
        sample("delay-us", delay_us, 700, 700000, 50);
        sample("delay-us", delay_us, 2100, 2100000, 20);
    } else if (GROUP("ms")) {
        sample("delay-ms", delay_ms, 1, 1000000, 40);
        sample("delay-ms", delay_ms, 3, 3000000, 20);
        sample("delay-ms", delay_ms, 10, 10000000, 5);
    } else if (GROUP("resource")) {
        sample("delay.delay-ns", via_resource, 1000, 1000, 200);
        sample("delay.delay-ns", via_resource, 100000, 100000, 100);
        sample("delay.delay-ns", via_resource, 1500000, 1500000, 20);
    } else if (GROUP("units")) {
        /* interleaved, so a slow patch of the host hits all three alike */
        uint64_t us[20], ms[20], ns[20];
        int shorter = 0;
        for (int i = 0; i < 20; i++) {
            uint64_t t0 = now_ns();
            delay_us(1000);
            uint64_t t1 = now_ns();
            delay_ms(1);
            uint64_t t2 = now_ns();
            delay_ns(1000000);
            uint64_t t3 = now_ns();
            us[i] = t1 - t0, ms[i] = t2 - t1, ns[i] = t3 - t2;
            shorter += (us[i] < 1000000) + (ms[i] < 1000000) + (ns[i] < 1000000);
        }
        tap_eq(shorter, 0, "delay-us(1000), delay-ms(1) and delay-ns(1000000), 20 samples each: none shorter than 1 ms");
        qsort(us, 20, 8, cmp_u64), qsort(ms, 20, 8, cmp_u64), qsort(ns, 20, 8, cmp_u64);
        uint64_t lo = us[10], hi = us[10];
        if (ms[10] < lo) lo = ms[10];
        if (ns[10] < lo) lo = ns[10];
        if (ms[10] > hi) hi = ms[10];
        if (ns[10] > hi) hi = ns[10];
        printf("# medians ns: delay-us(1000) %llu, delay-ms(1) %llu, delay-ns(1000000) %llu\n", (unsigned long long)us[10], (unsigned long long)ms[10],
               (unsigned long long)ns[10]);
        tap_ok(hi - lo < 50000000, "their medians are about equal (within a generous 50 ms: %llu ns apart)", (unsigned long long)(hi - lo));
        tap_ok(hi < 1000000 * 50ull, "none is a unit off: every median is under 50 ms (largest %llu ns)", (unsigned long long)hi);
    } else if (GROUP("zero")) {
        uint64_t t0 = now_ns();
        for (int i = 0; i < 300; i++) delay_ns(0), delay_us(0), delay_ms(0), i2c_delay_ns(dly, 0);
        uint64_t dt = now_ns() - t0;
        printf("# 1200 zero delays took %llu ns\n", (unsigned long long)dt);
        tap_ok(dt < 2000000000ull, "delay-ns(0), delay-us(0), delay-ms(0) and delay.delay-ns(0), 300 each, return promptly (under 2 s in all)");
        t0 = now_ns();
        delay_ns(1);
        tap_ok(now_ns() >= t0, "delay-ns(1) returns");
    } else if (GROUP("trace-units")) {
        delay_ns(7);
        delay_us(3);
        delay_ms(2);
        i2c_delay_ns(dly, 4500);
        delay_ns(4294967295u / 1000);
        tap_ok(1, "the trace gives each request in ns (u32 arguments read unsigned)");
    } else if (GROUP("u32-unsigned")) {
        /* 2^31 + 1 ns = 2.147 s: a host reading the i32 as signed would give a negative delay */
        uint64_t t0 = now_ns();
        delay_ns(2147483649u);
        uint64_t dt = now_ns() - t0;
        tap_ok(dt >= 2147483649ull, "delay-ns(2147483649) lasts at least 2.147 s (took %llu ns)", (unsigned long long)dt);
    } else if (GROUP("trap-dropped-delay")) {
        i2c_delay_drop(dly);
        tap_ok(1, "dropped the delay resource; using it again must trap");
        fflush(stdout);
        i2c_delay_ns(dly, 1000);
        printf("# not trapped\n");
        return 3;
    } else {
        tap_ok(0, "unknown group %s", group);
    }
    return tap_end();
}
