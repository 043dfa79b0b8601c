/*
 * Delay accuracy of poll_oneoff (hal.md section 7): a pause is never shorter than asked.
 * Args: <kind> <ns> <n>
 *   relative   one monotonic clock subscription, relative timeout <ns>
 *   absolute   the same with flags = abstime and timeout = now + <ns>
 * Each of the n pauses is timed on the monotonic clock; for absolute, the reading taken
 * before the call is the one the deadline is computed from, so elapsed < ns means the
 * runtime woke the guest before the deadline. Asserts: every call succeeded with
 * exactly one clock event carrying its userdata and error 0; no pause was shorter than
 * asked (the count of early wake-ups and the shortest pause are printed). Then reports
 *   # dist name=overshoot   elapsed - requested, over the pauses that were not early
 *   # dist name=elapsed     every successful pause
 * Nothing here judges an absolute time: overshoot is data, not a verdict.
 */
#include "tap.h"
#include "lib/dist.h"
#include <string.h>

#define MAX_N DIST_MAX

static uint64_t elapsed[MAX_N];

int main(int argc, char **argv) {
    tap_begin();
    int absolute = argc > 1 && strcmp(argv[1], "absolute") == 0;
    int relative = argc > 1 && strcmp(argv[1], "relative") == 0;
    long long ns = argc > 2 ? dist_arg(argv[2]) : -1;
    long long n = argc > 3 ? dist_arg(argv[3]) : -1;
    if (!tap_ok(argc == 4 && (absolute || relative) && ns >= 0 && n >= 1 && n <= MAX_N,
                "arguments are <relative|absolute> <ns> <n> with 1 <= n <= %d", MAX_N))
        return tap_end();

    int call_fail = 0, count_fail = 0, type_fail = 0, ud_fail = 0, err_fail = 0, early = 0, ok_n = 0;
    int first_errno = 0, first_count = 0, first_type = 0, first_err = 0;
    uint64_t shortest = ~0ULL, early_shortest = ~0ULL;
    dist_clock_failures = 0;

    for (long long i = 0; i < n; i++) {
        __wasi_subscription_t s;
        __wasi_event_t ev[2];
        __wasi_size_t nev = 0xdead;
        memset(&s, 0, sizeof s);
        memset(ev, 0xa5, sizeof ev);
        __wasi_userdata_t ud = 0x5eed000000000000ULL | (uint64_t)i;
        s.userdata = ud;
        s.u.tag = __WASI_EVENTTYPE_CLOCK;
        s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        s.u.u.clock.precision = 0;
        uint64_t t0 = dist_now();
        if (absolute) {
            s.u.u.clock.timeout = t0 + (uint64_t)ns;
            s.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
        } else {
            s.u.u.clock.timeout = (uint64_t)ns;
            s.u.u.clock.flags = 0;
        }
        __wasi_errno_t e = __wasi_poll_oneoff(&s, ev, 1, &nev);
        uint64_t t1 = dist_now();
        if (e != __WASI_ERRNO_SUCCESS) {
            if (!call_fail++) first_errno = e;
            continue;
        }
        if (nev != 1) {
            if (!count_fail++) first_count = (int)nev;
            continue;
        }
        if (ev[0].type != __WASI_EVENTTYPE_CLOCK && !type_fail++) first_type = ev[0].type;
        if (ev[0].userdata != ud) ud_fail++;
        if (ev[0].error != __WASI_ERRNO_SUCCESS && !err_fail++) first_err = ev[0].error;
        uint64_t dt = t1 - t0;
        elapsed[ok_n++] = dt;
        if (dt < shortest) shortest = dt;
        if (dt < (uint64_t)ns) {
            early++;
            if (dt < early_shortest) early_shortest = dt;
        }
    }

    tap_eq(dist_clock_failures, 0, "clock_time_get(monotonic) succeeded around every pause");
    tap_ok(call_fail == 0, "all %lld poll_oneoff calls returned success (%d failed, first: %s)", n, call_fail, tap_errno_name(first_errno));
    tap_ok(count_fail == 0, "every successful call stored exactly 1 event (%d did not, first: %d)", count_fail, first_count);
    tap_ok(type_fail == 0, "every event has type clock (%d did not, first type: %d)", type_fail, first_type);
    tap_ok(ud_fail == 0, "every event carries its subscription's userdata (%d did not)", ud_fail);
    tap_ok(err_fail == 0, "every event has error 0 (%d did not, first: %s)", err_fail, tap_errno_name(first_err));
    tap_ok(early == 0, "no %s pause of %lld ns was shorter than asked (%d of %d early, shortest %llu ns)", absolute ? "absolute" : "relative", ns, early, ok_n,
           (unsigned long long)(shortest == ~0ULL ? 0 : shortest));
    if (early) printf("  ---\n  early: %d\n  requested_ns: %lld\n  shortest_early_ns: %llu\n  ...\n", early, ns, (unsigned long long)early_shortest);

    dist_reset();
    for (int i = 0; i < ok_n; i++)
        if (elapsed[i] >= (uint64_t)ns) dist_add(elapsed[i] - (uint64_t)ns);
    dist_print("overshoot");
    dist_reset();
    for (int i = 0; i < ok_n; i++) dist_add(elapsed[i]);
    dist_print("elapsed");
    return tap_end();
}
