/*
 * clock_time_get on the optional cputime clocks agrees with clock_res_get: a clock
 * clock_res_get supports can be read, one it rejects as unsupported (inval, the witx's
 * answer there) is rejected by clock_time_get with the same inval (as POSIX
 * clock_gettime gives EINVAL for a clock it does not support).
 */
#include "tap.h"

int main(void) {
    static const __wasi_clockid_t ids[] = {__WASI_CLOCKID_PROCESS_CPUTIME_ID, __WASI_CLOCKID_THREAD_CPUTIME_ID};
    static const char *const names[] = {"process_cputime_id", "thread_cputime_id"};
    tap_begin();
    for (int i = 0; i < 2; i++) {
        __wasi_timestamp_t res = 0, t = 0;
        __wasi_errno_t r = __wasi_clock_res_get(ids[i], &res);
        __wasi_errno_t e = __wasi_clock_time_get(ids[i], 1, &t);
        if (r == __WASI_ERRNO_SUCCESS)
            tap_errno(e, __WASI_ERRNO_SUCCESS, "clock_res_get(%s) succeeds, so clock_time_get(%s) succeeds", names[i], names[i]);
        else
            tap_errno(e, __WASI_ERRNO_INVAL, "clock_res_get(%s) gives %s (unsupported), so clock_time_get(%s) gives inval", names[i], tap_errno_name(r),
                      names[i]);
    }
    return tap_end();
}
