/*
 * Execution determinism (docs/determinism.md): a fixed computation whose every result is
 * printed, so that runs of the same module with the same input can be compared byte for
 * byte (the spec's `repeat`). Integer hashing, libm (compiled into the guest), memory
 * growth, and NaN bit patterns: the core spec lets a runtime choose a NaN's payload and
 * sign (non-deterministic NaNs), so the bits are printed as TAP comments and only their
 * NaN-ness is asserted; across runs on one runtime they must not change.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static uint32_t f32_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static uint64_t f64_bits(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

int main(void) {
    tap_begin();
    /* volatile: computed by the runtime at run time, not folded by the compiler */
    volatile float zf = 0.0f, inff = INFINITY, negf = -1.0f;
    volatile double zd = 0.0, infd = INFINITY, negd = -1.0;
    float nans_f[] = {zf / zf, inff - inff, sqrtf(negf), zf * inff, (zf / zf) + 1.0f};
    double nans_d[] = {zd / zd, infd - infd, sqrt(negd), zd * infd, (zd / zd) * 2.0};
    int all_nan = 1;
    for (unsigned i = 0; i < sizeof nans_f / sizeof *nans_f; i++) {
        all_nan &= isnan(nans_f[i]) != 0;
        printf("# f32 nan %u bits 0x%08x\n", i, (unsigned)f32_bits(nans_f[i]));
    }
    for (unsigned i = 0; i < sizeof nans_d / sizeof *nans_d; i++) {
        all_nan &= isnan(nans_d[i]) != 0;
        printf("# f64 nan %u bits 0x%016llx\n", i, (unsigned long long)f64_bits(nans_d[i]));
    }
    tap_ok(all_nan, "every NaN-producing operation gave a NaN (its bits are printed; the spec lets the runtime choose them)");

    /* FNV-1a over a xorshift stream: the same 32-bit value on every conforming runtime */
    uint32_t x = 2463534242u, h = 2166136261u;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        h = (h ^ (x & 0xff)) * 16777619u;
    }
    tap_ok(h == 0x2e83ac7au, "the integer hash of 100000 xorshift steps is 0x2e83ac7a (wasm integer arithmetic is exact), got 0x%08x", (unsigned)h);
    printf("# fnv 0x%08x\n", (unsigned)h);

    double acc = 0;
    for (int i = 1; i <= 1000; i++) acc += sin(i) * cos(i / 3.0) / i;
    printf("# libm %.17g\n", acc);
    tap_ok(isfinite(acc), "libm sum is finite");

    size_t before = __builtin_wasm_memory_size(0);
    void *big = malloc(1 << 20);
    size_t after = __builtin_wasm_memory_size(0);
    tap_ok(big != NULL && after >= before, "a 1 MiB allocation grows memory from %zu to %zu pages", before, after);
    printf("# pages %zu %zu\n", before, after);
    free(big);
    return tap_end();
}
