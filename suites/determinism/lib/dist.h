/*
 * Timing distributions for determinism guests. Samples (u64 ns) go into one static
 * array; dist_print sorts it and prints one line, the shape a reader parses:
 *   # dist name=<name> n=<count> min=<ns> median=<ns> p90=<ns> p99=<ns> p999=<ns> max=<ns>
 * Quantile q is the sample at index floor(q * (n - 1)) of the sorted array (median is
 * q 0.5); the index is computed in integers (per mille), so it is exact. With no
 * samples every value prints as 0. Samples past DIST_MAX are counted but dropped, and
 * dist_add reports it by returning 0.
 */
#ifndef WASMCERT_DIST_H
#define WASMCERT_DIST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

#define DIST_MAX 4096

static uint64_t dist_samples[DIST_MAX];
static int dist_n = 0;
static int dist_dropped = 0;

/* Monotonic now in ns; 0 if the clock fails (the callers check dist_clock_ok). */
static int dist_clock_failures = 0;
__attribute__((unused)) static uint64_t dist_now(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != __WASI_ERRNO_SUCCESS) {
        dist_clock_failures++;
        return 0;
    }
    return t;
}

__attribute__((unused)) static void dist_reset(void) {
    dist_n = 0;
    dist_dropped = 0;
}

__attribute__((unused)) static int dist_add(uint64_t ns) {
    if (dist_n >= DIST_MAX) {
        dist_dropped++;
        return 0;
    }
    dist_samples[dist_n++] = ns;
    return 1;
}

static int dist_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The sample at floor(permille / 1000 * (n - 1)) of the sorted samples; 0 if none. */
static uint64_t dist_q(int permille) {
    if (dist_n == 0) return 0;
    return dist_samples[(uint64_t)permille * (uint64_t)(dist_n - 1) / 1000];
}

/* Bit length of x: bucket k of the histogram holds the samples in [2^(k-1), 2^k), bucket 0 holds 0. */
static int dist_bits(uint64_t x) {
    return x ? 64 - __builtin_clzll(x) : 0;
}

/*
 * Sorts the samples and prints the distribution line, then its histogram on powers of two
 * (machine-independent buckets), from the minimum's bucket to the maximum's:
 *   # hist name=<name> log2=<first bucket> counts=<c>,<c>,...
 */
__attribute__((unused)) static void dist_print(const char *name) {
    qsort(dist_samples, (size_t)dist_n, sizeof *dist_samples, dist_cmp);
    printf("# dist name=%s n=%d min=%llu median=%llu p90=%llu p99=%llu p999=%llu max=%llu\n", name, dist_n,
           (unsigned long long)dist_q(0), (unsigned long long)dist_q(500), (unsigned long long)dist_q(900),
           (unsigned long long)dist_q(990), (unsigned long long)dist_q(999), (unsigned long long)dist_q(1000));
    if (dist_n == 0) return;
    int first = dist_bits(dist_samples[0]), last = dist_bits(dist_samples[dist_n - 1]);
    printf("# hist name=%s log2=%d counts=", name, first);
    int i = 0;
    for (int k = first; k <= last; k++) {
        int c = 0;
        while (i < dist_n && dist_bits(dist_samples[i]) == k) i++, c++;
        printf(k == first ? "%d" : ",%d", c);
    }
    printf("\n");
}

/* Parses a non-negative decimal argument; -1 if it is not one. */
__attribute__((unused)) static long long dist_arg(const char *s) {
    if (!s || !*s) return -1;
    long long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000000000LL) return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

#endif
