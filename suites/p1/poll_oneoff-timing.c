/*
 * poll_oneoff must not return before a clock subscription's timeout: the witx lets
 * `precision` delay the event (coalescing), never advance it. The elapsed time is
 * measured on the subscription's own clock from just before the call, so it is never
 * more than the real wait. Relative timeouts only: abstime deadlines are
 * poll_oneoff-abstime-monotonic and poll_oneoff-abstime-realtime, which carry a backstop
 * so a runtime that misreads them cannot block.
 */
#include "tap.h"
#include <string.h>

#define US 1000ULL
#define MS 1000000ULL

static __wasi_timestamp_t now(__wasi_clockid_t id) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(id, 1, &t) != __WASI_ERRNO_SUCCESS) return 0;
    return t;
}

/* Polls one clock subscription; returns the elapsed ns on `id`, or 0 on any failure. */
static __wasi_timestamp_t wait_on(__wasi_clockid_t id, __wasi_timestamp_t timeout) {
    __wasi_subscription_t s;
    __wasi_event_t ev;
    __wasi_size_t n = 0;
    memset(&s, 0, sizeof s);
    s.userdata = 7;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    __wasi_timestamp_t t0 = now(id);
    if (__wasi_poll_oneoff(&s, &ev, 1, &n) != __WASI_ERRNO_SUCCESS || n != 1 || ev.userdata != 7) return 0;
    return now(id) - t0;
}

static void repeat(__wasi_clockid_t id, __wasi_timestamp_t timeout, int times, const char *what) {
    int early = 0, failed = 0;
    __wasi_timestamp_t shortest = ~0ULL;
    for (int i = 0; i < times; i++) {
        __wasi_timestamp_t dt = wait_on(id, timeout);
        if (dt == 0) failed++;
        else if (dt < timeout) early++;
        if (dt && dt < shortest) shortest = dt;
    }
    tap_ok(early == 0 && failed == 0, "%s: none of %d waits returns early (%d early, %d failed, shortest %llu us)", what, times, early, failed,
           (unsigned long long)(shortest == ~0ULL ? 0 : shortest / US));
}

int main(void) {
    tap_begin();
    __wasi_timestamp_t dt = wait_on(__WASI_CLOCKID_MONOTONIC, 10 * MS);
    tap_ok(dt >= 10 * MS, "a relative 10 ms monotonic clock returns after at least 10 ms (%llu us)", (unsigned long long)(dt / US));
    repeat(__WASI_CLOCKID_MONOTONIC, 1500 * US, 20, "a relative 1.5 ms monotonic clock waits at least 1.5 ms");
    repeat(__WASI_CLOCKID_MONOTONIC, 500 * US, 20, "a relative 0.5 ms monotonic clock waits at least 0.5 ms");
    return tap_end();
}
