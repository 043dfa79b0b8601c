/*
 * An abstime subscription on the monotonic clock: the timeout is a monotonic
 * timestamp. A 1 s relative backstop subscription keeps a runtime that misreads the
 * deadline from blocking for long; only the 20 ms deadline may fire.
 */
#include "tap.h"
#include <string.h>

#define MS 1000000ULL

int main(void) {
    __wasi_subscription_t s[2];
    __wasi_event_t ev[2];
    __wasi_size_t n = 99;
    __wasi_timestamp_t t0 = 0, t1 = 0;
    tap_begin();
    memset(s, 0, sizeof s);
    memset(ev, 0xFF, sizeof ev);
    tap_errno(__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t0), __WASI_ERRNO_SUCCESS, "clock_time_get(monotonic) succeeds");
    s[0].userdata = 0xAB5;
    s[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[0].u.u.clock.timeout = t0 + 20 * MS;
    s[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    s[1].userdata = 0xBAC;
    s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[1].u.u.clock.timeout = 1000 * MS;
    tap_errno(__wasi_poll_oneoff(s, ev, 2, &n), __WASI_ERRNO_SUCCESS, "poll_oneoff on a monotonic deadline 20 ms ahead and a 1 s backstop succeeds");
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t1);
    tap_ok(n == 1 && ev[0].userdata == 0xAB5 && ev[0].type == __WASI_EVENTTYPE_CLOCK && ev[0].error == __WASI_ERRNO_SUCCESS,
           "one clock event, for the abstime deadline, with error success (got %d events, first userdata 0x%llx error %s; 0xbac is the backstop)",
           (int)n, (unsigned long long)ev[0].userdata, tap_errno_name(ev[0].error));
    tap_ok(t1 >= t0 + 20 * MS, "the monotonic deadline has passed on return (%lld us after it)", (long long)((long long)(t1 - t0) - (long long)(20 * MS)) / 1000);
    tap_ok(t1 - t0 < 1000 * MS, "it returns before the 1 s backstop (%llu ms)", (unsigned long long)((t1 - t0) / MS));
    return tap_end();
}
