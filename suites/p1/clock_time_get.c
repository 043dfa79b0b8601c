/* clock_res_get / clock_time_get: resolutions, monotonicity, the realtime epoch, bad ids. */
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

    /* The cputime clocks are optional: unsupported gives inval, supported a non-zero resolution. */
    for (__wasi_clockid_t id = __WASI_CLOCKID_PROCESS_CPUTIME_ID; id <= __WASI_CLOCKID_THREAD_CPUTIME_ID; id++) {
        res = 0;
        __wasi_errno_t e = __wasi_clock_res_get(id, &res);
        tap_ok((e == __WASI_ERRNO_SUCCESS && res > 0) || e == __WASI_ERRNO_INVAL,
               "clock_res_get(%s) is either inval (unsupported) or a non-zero resolution (got %s, %llu ns)",
               id == __WASI_CLOCKID_PROCESS_CPUTIME_ID ? "process_cputime_id" : "thread_cputime_id", tap_errno_name(e), (unsigned long long)res);
    }

    tap_errno(__wasi_clock_res_get(99, &res), __WASI_ERRNO_INVAL, "clock_res_get of an unknown clock id (99) gives inval (witx)");
    tap_errno(__wasi_clock_time_get(99, 1, &t), __WASI_ERRNO_INVAL, "clock_time_get of an unknown clock id (99) gives inval (as POSIX clock_gettime)");

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
