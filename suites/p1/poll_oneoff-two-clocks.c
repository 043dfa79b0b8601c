/*
 * poll_oneoff on two relative monotonic clocks, 2 s and 10 ms, in both orders: it
 * returns when the 10 ms one fires and stores exactly that event (the 2 s clock has not
 * fired, so it has no event). "At least 5 ms" only tells waiting from returning at once:
 * the exact lower bound is poll_oneoff-timing's.
 */
#include "tap.h"
#include <string.h>

#define MS 1000000ULL

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != __WASI_ERRNO_SUCCESS) return 0;
    return t;
}

static void clock_sub(__wasi_subscription_t *s, __wasi_userdata_t ud, __wasi_timestamp_t timeout) {
    memset(s, 0, sizeof *s);
    s->userdata = ud;
    s->u.tag = __WASI_EVENTTYPE_CLOCK;
    s->u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s->u.u.clock.timeout = timeout;
}

static void two_clocks(int short_first) {
    __wasi_subscription_t subs[2];
    __wasi_event_t ev[2];
    __wasi_size_t n = 99;
    const char *order = short_first ? "10 ms then 2 s" : "2 s then 10 ms";
    memset(ev, 0xFF, sizeof ev);
    clock_sub(&subs[short_first ? 1 : 0], 2000, 2000 * MS);
    clock_sub(&subs[short_first ? 0 : 1], 10, 10 * MS);
    __wasi_timestamp_t t0 = now();
    __wasi_errno_t e = __wasi_poll_oneoff(subs, ev, 2, &n);
    __wasi_timestamp_t dt = now() - t0;
    tap_errno(e, __WASI_ERRNO_SUCCESS, "poll_oneoff on two clocks (%s) succeeds", order);
    tap_ok(n == 1 && ev[0].userdata == 10 && ev[0].type == __WASI_EVENTTYPE_CLOCK,
           "(%s) exactly one event, for the 10 ms clock (got %d events, first userdata %llu type %d; 2000 is the 2 s clock)", order, (int)n,
           (unsigned long long)ev[0].userdata, ev[0].type);
    tap_errno(ev[0].error, __WASI_ERRNO_SUCCESS, "(%s) the event's error is success", order);
    tap_ok(dt >= 5 * MS && dt < 2000 * MS, "(%s) it waits for the 10 ms clock, not returning at once nor waiting for the 2 s one (%llu us)", order,
           (unsigned long long)(dt / 1000));
}

int main(void) {
    tap_begin();
    two_clocks(0);
    two_clocks(1);
    return tap_end();
}
