/*
 * The --native-lib entry. iwasm's contract registers one import module per library
 * (get_native_lib returns one name) and the HAL has seven, so get_native_lib registers six
 * itself with wasm_runtime_register_natives and returns the seventh: one library, so one
 * handle table and one board that every interface shares.
 *
 * The run's setting comes from the environment, as the adapter gives it:
 * WASMCERT_HAL_BOARD, the board file (unset: the empty board), and WASMCERT_HAL_TRACE, the
 * trace file (unset: none). init_native_lib fails on a bad board, so the launcher exits
 * non-zero before the guest starts; a bad board leaves no trace file, as in the TS host.
 */
#include "hal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define EXPORT __attribute__((visibility("default")))

static const struct native_module *const registered_here[] = {
    &board_module, &i2c_module, &i2c_delay_module, &spi_module, &digital_module, &gpio_delay_module,
};
static const struct native_module *const returned = &poll_module;

static int state; /* 0 not yet, 1 ready, -1 failed */

EXPORT int init_native_lib(void)
{
    if (state) return state > 0 ? 0 : 1;
    state = -1;
    if (!board_load(getenv("WASMCERT_HAL_BOARD"))) return 1;
    const char *trace = getenv("WASMCERT_HAL_TRACE");
    if (trace && !trace_open(trace)) {
        fprintf(stderr, "hal: cannot write the trace %s: %s\n", trace, strerror(errno));
        return 1;
    }
    state = 1;
    return 0;
}

EXPORT uint32_t get_native_lib(char **module_name, NativeSymbol **native_symbols)
{
    static int registered;
    if (init_native_lib() != 0) return 0; /* a host that does not call it first */
    if (!registered) {
        registered = 1;
        for (size_t i = 0; i < sizeof registered_here / sizeof registered_here[0]; i++) {
            const struct native_module *m = registered_here[i];
            if (!wasm_runtime_register_natives(m->name, m->symbols, m->n)) {
                fprintf(stderr, "hal: cannot register %s\n", m->name);
                return 0;
            }
        }
    }
    *module_name = (char *)returned->name;
    *native_symbols = returned->symbols;
    return returned->n;
}
