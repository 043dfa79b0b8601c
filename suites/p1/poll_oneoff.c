/*
 * poll_oneoff with relative clock subscriptions: the event it stores. How long it
 * waits is checked by poll_oneoff-timing, abstime by poll_oneoff-abstime-monotonic.
 */
#include "tap.h"
#include <string.h>

#define MS 1000000ULL

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != __WASI_ERRNO_SUCCESS) return 0;
    return t;
}

static void clock_sub(__wasi_subscription_t *s, __wasi_userdata_t ud, __wasi_timestamp_t timeout, __wasi_subclockflags_t flags) {
    memset(s, 0, sizeof *s);
    s->userdata = ud;
    s->u.tag = __WASI_EVENTTYPE_CLOCK;
    s->u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s->u.u.clock.timeout = timeout;
    s->u.u.clock.precision = 0;
    s->u.u.clock.flags = flags;
}

int main(void) {
    __wasi_subscription_t subs[2];
    __wasi_event_t ev[2];
    __wasi_size_t n = 0;
    tap_begin();

    clock_sub(&subs[0], 1, 10 * MS, 0);
    tap_errno(__wasi_poll_oneoff(subs, ev, 0, &n), __WASI_ERRNO_INVAL, "poll_oneoff with nsubscriptions == 0 gives inval (witx)");

    memset(ev, 0xFF, sizeof ev);
    n = 99;
    clock_sub(&subs[0], 0x0123456789ABCDEFULL, 10 * MS, 0);
    __wasi_timestamp_t t0 = now();
    tap_errno(__wasi_poll_oneoff(subs, ev, 1, &n), __WASI_ERRNO_SUCCESS, "poll_oneoff on a relative 10 ms monotonic clock succeeds");
    __wasi_timestamp_t dt = now() - t0;
    tap_eq(n, 1, "it stores exactly one event");
    tap_ok(ev[0].userdata == 0x0123456789ABCDEFULL, "the event carries the subscription's userdata (got 0x%llx)", (unsigned long long)ev[0].userdata);
    tap_errno(ev[0].error, __WASI_ERRNO_SUCCESS, "the event's error is success");
    tap_eq(ev[0].type, __WASI_EVENTTYPE_CLOCK, "the event's type is clock");
    tap_ok(dt < 2000 * MS, "it returns well before 2 s (%llu us; the lower bound is checked by poll_oneoff-timing)", (unsigned long long)(dt / 1000));

    memset(ev, 0xFF, sizeof ev);
    n = 99;
    clock_sub(&subs[0], 111, 2000 * MS, 0);
    clock_sub(&subs[1], 222, 10 * MS, 0);
    t0 = now();
    tap_errno(__wasi_poll_oneoff(subs, ev, 2, &n), __WASI_ERRNO_SUCCESS, "poll_oneoff on a 2 s and a 10 ms clock succeeds");
    dt = now() - t0;
    tap_ok(dt < 2000 * MS, "it returns once the 10 ms clock fires, before the 2 s one (%llu us)", (unsigned long long)(dt / 1000));
    tap_ok(n == 1 && ev[0].userdata == 222, "only the expired clock is reported: one event, userdata 222 (got %d events, first %llu)",
           (int)n, (unsigned long long)ev[0].userdata);
    return tap_end();
}
