/*
 * poll_oneoff with one relative clock subscription: the event it stores. How long it
 * waits is checked by poll_oneoff-timing; nsubscriptions == 0 by
 * poll_oneoff-zero-subscriptions; several clocks by poll_oneoff-two-clocks; abstime by
 * poll_oneoff-abstime-monotonic and poll_oneoff-abstime-realtime.
 */
#include "tap.h"
#include <string.h>

#define MS 1000000ULL

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != __WASI_ERRNO_SUCCESS) return 0;
    return t;
}

int main(void) {
    __wasi_subscription_t sub;
    __wasi_event_t ev[2];
    __wasi_size_t n = 99;
    tap_begin();

    memset(&sub, 0, sizeof sub);
    memset(ev, 0xFF, sizeof ev);
    sub.userdata = 0x0123456789ABCDEFULL;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = 10 * MS;
    sub.u.u.clock.precision = 0;
    sub.u.u.clock.flags = 0;
    __wasi_timestamp_t t0 = now();
    tap_errno(__wasi_poll_oneoff(&sub, ev, 1, &n), __WASI_ERRNO_SUCCESS, "poll_oneoff on a relative 10 ms monotonic clock succeeds");
    __wasi_timestamp_t dt = now() - t0;
    tap_eq(n, 1, "it stores exactly one event");
    tap_ok(ev[0].userdata == 0x0123456789ABCDEFULL, "the event carries the subscription's userdata (got 0x%llx)", (unsigned long long)ev[0].userdata);
    tap_errno(ev[0].error, __WASI_ERRNO_SUCCESS, "the event's error is success");
    tap_eq(ev[0].type, __WASI_EVENTTYPE_CLOCK, "the event's type is clock");
    tap_ok(ev[1].userdata == ~0ULL && ev[1].type == 0xFF, "nothing is stored past the one event");
    tap_ok(dt < 2000 * MS, "it returns well before 2 s (%llu us; the lower bound is checked by poll_oneoff-timing)", (unsigned long long)(dt / 1000));
    return tap_end();
}
