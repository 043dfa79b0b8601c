/*
 * wasmcert:hal/board@0.1.0 (docs/hal.md §2), as adapters/host/hal/board-imports.ts: how a
 * guest gets its first handles, since no HAL interface has a constructor. open-i2c and
 * open-delay give option<own<…>> (8 B / 4: disc @0, handle @4); open-digital-out/-in give
 * result<own<…>, gpio-error> (16 B / 4), wasi-gpio's commented-out get-digital-*.
 */
#include "hal.h"

#include <stdlib.h>

/* The TS host adds the handle before it checks the return area; so does this. */
static void option(env_t env, int32_t ret, enum kind k, void *ptr, int found)
{
    int32_t h = found ? handle_add(k, ptr, 0) : 0;
    uint8_t *p = area(env, (uint32_t)ret, 8, 4);
    if (!p) return;
    p[0] = (uint8_t)found;
    if (found) put32(p + 4, (uint32_t)h);
}

static void open_i2c(env_t env, int32_t ptr, int32_t len, int32_t ret)
{
    struct str label;
    if (!guest_text(env, (uint32_t)ptr, (uint32_t)len, &label)) return;
    struct i2c_bus *bus = NULL;
    for (size_t i = board.n_i2c; i-- > 0 && !bus;)
        if (str_is(&label, board.i2c[i].label)) bus = &board.i2c[i];
    free(label.p);
    option(env, ret, K_I2C, bus, bus != NULL);
}

static void open_delay(env_t env, int32_t ptr, int32_t len, int32_t ret)
{
    struct str label;
    if (!guest_text(env, (uint32_t)ptr, (uint32_t)len, &label)) return;
    int found = 0;
    for (size_t i = 0; i < board.n_delays && !found; i++) found = str_is(&label, board.delays[i]);
    free(label.p);
    option(env, ret, K_DELAY, NULL, found);
}

static void open_pin(env_t env, int32_t ptr, int32_t len, int32_t ret, int mode)
{
    struct str label;
    if (!guest_text(env, (uint32_t)ptr, (uint32_t)len, &label)) return;
    if (area(env, (uint32_t)ret, 16, 4)) {
        int pin = -1, err = gpio_open(&label, mode, &pin);
        uint8_t *p = mem_at(env, (uint32_t)ret);
        p[0] = err != 0;
        if (err) p[4] = (uint8_t)err;
        else put32(p + 4, (uint32_t)handle_add(mode == MODE_OUT ? K_OUT : K_IN, NULL, pin));
    }
    free(label.p);
}

static void open_out(env_t env, int32_t ptr, int32_t len, int32_t ret) { open_pin(env, ptr, len, ret, MODE_OUT); }
static void open_in(env_t env, int32_t ptr, int32_t len, int32_t ret) { open_pin(env, ptr, len, ret, MODE_IN); }

static NativeSymbol board_symbols[] = {
    SYM("open-i2c", open_i2c, "(iii)"),
    SYM("open-delay", open_delay, "(iii)"),
    SYM("open-digital-out", open_out, "(iii)"),
    SYM("open-digital-in", open_in, "(iii)"),
};
const struct native_module board_module = MODULE("wasmcert:hal/board@0.1.0", board_symbols);
