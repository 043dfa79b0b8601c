/*
 * clock_time_get with id 99, which names no clock: inval, as clock_res_get must give
 * for an unsupported clock (witx) and POSIX clock_gettime gives. Wasmtime instead
 * treats a value outside the clockid enum as an ABI error and traps, which is why this
 * call is a test of its own.
 */
#include "tap.h"

int main(void) {
    __wasi_timestamp_t t = 0xC0FFEE;
    tap_begin();
    tap_errno(__wasi_clock_time_get(99, 1, &t), __WASI_ERRNO_INVAL, "clock_time_get of an unknown clock id (99) gives inval (as clock_res_get and POSIX clock_gettime)");
    return tap_end();
}
