/*
 * clock_res_get with id 99, which names no clock. The witx: "For unsupported clocks,
 * return errno::inval". Wasmtime instead treats a value outside the clockid enum as an
 * ABI error and traps, which is why this call is a test of its own.
 */
#include "tap.h"

int main(void) {
    __wasi_timestamp_t res = 0xC0FFEE;
    tap_begin();
    tap_errno(__wasi_clock_res_get(99, &res), __WASI_ERRNO_INVAL, "clock_res_get of an unknown clock id (99) gives inval (witx: unsupported clock)");
    return tap_end();
}
