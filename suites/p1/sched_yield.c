/* sched_yield: always succeeds, and many calls in a row neither fail nor hang. */
#include "path_common.h"

int main(void) {
    tap_begin();
    tap_errno(__wasi_sched_yield(), E(SUCCESS), "sched_yield returns success");
    int failures = 0;
    __wasi_errno_t last = 0;
    for (int i = 0; i < 10000; i++) {
        __wasi_errno_t e = __wasi_sched_yield();
        if (e) failures++, last = e;
    }
    tap_ok(failures == 0, "10000 sched_yield calls in a row all succeed (%d failed, last errno %s)", failures, tap_errno_name(last));
    return tap_end();
}
