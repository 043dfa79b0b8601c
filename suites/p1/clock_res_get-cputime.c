/*
 * The cputime clocks are optional. The witx, clock_res_get: "Implementations are
 * required to provide a non-zero value for supported clocks. For unsupported clocks,
 * return errno::inval." So each gives either success with a non-zero resolution or inval.
 */
#include "tap.h"

int main(void) {
    static const __wasi_clockid_t ids[] = {__WASI_CLOCKID_PROCESS_CPUTIME_ID, __WASI_CLOCKID_THREAD_CPUTIME_ID};
    static const char *const names[] = {"process_cputime_id", "thread_cputime_id"};
    tap_begin();
    for (int i = 0; i < 2; i++) {
        __wasi_timestamp_t res = 0;
        __wasi_errno_t e = __wasi_clock_res_get(ids[i], &res);
        tap_ok((e == __WASI_ERRNO_SUCCESS && res > 0) || e == __WASI_ERRNO_INVAL,
               "clock_res_get(%s) is either success with a non-zero resolution or inval (unsupported, witx) (got %s (%d), %llu ns)", names[i],
               tap_errno_name(e), e, (unsigned long long)res);
    }
    return tap_end();
}
