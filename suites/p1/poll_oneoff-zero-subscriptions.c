/*
 * The witx, poll_oneoff: "If `nsubscriptions` is 0, returns `errno::inval`." A valid
 * subscription lies at `in` all the same, so a runtime that ignores the count cannot
 * fault on it; a runtime that polls nothing forever is stopped by the spec's timeout.
 */
#include "tap.h"
#include <string.h>

int main(void) {
    __wasi_subscription_t sub;
    __wasi_event_t ev;
    __wasi_size_t n = 99;
    tap_begin();
    memset(&sub, 0, sizeof sub);
    memset(&ev, 0xFF, sizeof ev);
    sub.userdata = 1;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = 10 * 1000000ULL;
    tap_errno(__wasi_poll_oneoff(&sub, &ev, 0, &n), __WASI_ERRNO_INVAL, "poll_oneoff with nsubscriptions == 0 gives inval (witx)");
    tap_ok(ev.userdata == ~0ULL && ev.type == 0xFF, "no event is stored");
    return tap_end();
}
