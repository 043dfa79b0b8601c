/*
 * abstime subscriptions on the realtime clock: the timeout is a realtime timestamp
 * (ns since 1970) and the event must not fire before it. Five rounds, each a deadline
 * 20 ms ahead plus a 1 s relative monotonic backstop, so a runtime that misreads the
 * deadline (as a monotonic one, or a relative one) cannot block for long; only the
 * deadline may fire. The deadline is checked on the realtime clock it names. A round
 * that goes wrong ends the loop.
 */
#include "tap.h"
#include <string.h>

#define MS 1000000ULL
#define ROUNDS 5

int main(void) {
    __wasi_subscription_t s[2];
    __wasi_event_t ev[2];
    int rounds = 0, ok_call = 1, ok_event = 1, ok_deadline = 1, ok_backstop = 1;
    __wasi_errno_t err = 0;
    __wasi_size_t n = 0;
    long long margin = 1LL << 62;
    unsigned long long bad_ud = 0, longest = 0;
    __wasi_errno_t bad_error = 0;
    tap_begin();
    while (rounds < ROUNDS && ok_call && ok_event) {
        __wasi_timestamp_t r0 = 0, r1 = 0, m0 = 0, m1 = 0;
        if (__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &r0) != 0 || __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m0) != 0) {
            tap_ok(0, "clock_time_get(realtime) and clock_time_get(monotonic) succeed");
            return tap_end();
        }
        memset(s, 0, sizeof s);
        memset(ev, 0xFF, sizeof ev);
        s[0].userdata = 0xAB5;
        s[0].u.tag = __WASI_EVENTTYPE_CLOCK;
        s[0].u.u.clock.id = __WASI_CLOCKID_REALTIME;
        s[0].u.u.clock.timeout = r0 + 20 * MS;
        s[0].u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
        s[1].userdata = 0xBAC;
        s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
        s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        s[1].u.u.clock.timeout = 1000 * MS;
        n = 99;
        err = __wasi_poll_oneoff(s, ev, 2, &n);
        (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &r1);
        (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &m1);
        rounds++;
        if (err != __WASI_ERRNO_SUCCESS) ok_call = 0;
        if (!(n == 1 && ev[0].userdata == 0xAB5 && ev[0].type == __WASI_EVENTTYPE_CLOCK && ev[0].error == __WASI_ERRNO_SUCCESS)) {
            ok_event = 0;
            bad_ud = ev[0].userdata;
            bad_error = ev[0].error;
        }
        long long m = (long long)(r1 - (r0 + 20 * MS));
        if (m < margin) margin = m;
        if (m < 0) ok_deadline = 0;
        if (m1 - m0 > longest) longest = m1 - m0;
        if (m1 - m0 >= 1000 * MS) ok_backstop = 0;
    }
    tap_ok(ok_call, "poll_oneoff on a realtime deadline 20 ms ahead and a 1 s backstop succeeds (%d of %d rounds run; last: %s (%d))", rounds, ROUNDS,
           tap_errno_name(err), err);
    if (ok_event)
        tap_ok(1, "each round stores one clock event, for the abstime deadline, with error success");
    else
        tap_ok(0, "each round stores one clock event, for the abstime deadline, with error success (round %d: %d events, first userdata 0x%llx error %s; 0xbac is the backstop)",
               rounds, (int)n, bad_ud, tap_errno_name(bad_error));
    tap_ok(ok_deadline, "the realtime deadline has passed on every return (smallest margin %lld us)", margin / 1000);
    tap_ok(ok_backstop, "every round returns before the 1 s backstop (longest %llu ms)", longest / MS);
    return tap_end();
}
