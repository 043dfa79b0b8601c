/*
 * clock_res_get / clock_time_get on the two required clocks: resolutions, the realtime
 * epoch, monotonicity. The optional cputime clocks are clock_res_get-cputime and
 * clock_time_get-cputime; an id that is no clockid is clock_*_get-unknown-id (Wasmtime
 * traps on it, so each call is a test of its own).
 */
#include "tap.h"

#define NS 1000000000ULL
#define Y2020 (1577836800ULL * NS) /* 2020-01-01T00:00:00Z */
#define Y2100 (4102444800ULL * NS) /* 2100-01-01T00:00:00Z */

int main(void) {
    __wasi_timestamp_t res = 0, t = 0, prev = 0;
    tap_begin();
    tap_errno(__wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &res), __WASI_ERRNO_SUCCESS, "clock_res_get(realtime) succeeds");
    tap_ok(res > 0, "the realtime resolution is non-zero (%llu ns)", (unsigned long long)res);
    res = 0;
    tap_errno(__wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res), __WASI_ERRNO_SUCCESS, "clock_res_get(monotonic) succeeds");
    tap_ok(res > 0, "the monotonic resolution is non-zero (%llu ns)", (unsigned long long)res);

    t = 0;
    tap_errno(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t), __WASI_ERRNO_SUCCESS, "clock_time_get(realtime) succeeds");
    tap_ok(t > Y2020 && t < Y2100, "realtime is nanoseconds since 1970: after 2020-01-01 and before 2100-01-01 (got %llu s)", (unsigned long long)(t / NS));

    int ok = 1, fails = 0;
    unsigned long long back = 0;
    for (int i = 0; i < 1000; i++) {
        if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != __WASI_ERRNO_SUCCESS) {
            fails++;
            ok = 0;
            continue;
        }
        if (i > 0 && t < prev) {
            ok = 0;
            back = prev - t;
        }
        prev = t;
    }
    tap_eq(fails, 0, "1000 calls of clock_time_get(monotonic) all succeed");
    tap_ok(ok, "monotonic never goes backwards over 1000 reads (last step back: %llu ns)", back);
    return tap_end();
}
