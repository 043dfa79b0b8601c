/*
 * wasi:gpio/digital@0.2.0, wasi:gpio/delay@0.2.0 and the pollables of wasi:io/poll@0.2.0
 * lowered to P1 core imports (docs/hal.md §1), as adapters/host/hal/gpio-imports.ts. Every
 * result<T, gpio-error> is 16 B / 4: disc @0, T @4. pin-state is {active 0, inactive 1}.
 */
#include "hal.h"

#include <stdio.h>
#include <stdlib.h>

/* ok(T) at ret, T's byte at @4 unless t < 0; 0 after a trap */
static int ok(env_t env, int32_t ret, int t)
{
    uint8_t *p = area(env, (uint32_t)ret, 16, 4);
    if (!p) return 0;
    p[0] = 0;
    if (t >= 0) p[4] = (uint8_t)t;
    return 1;
}

static int pin_of(env_t env, int32_t h, enum kind k)
{
    struct slot *s = handle_get(env, h, k);
    return s ? s->pin : -1;
}

static void set(env_t env, int32_t self, int active_or_toggle, int32_t ret)
{
    int pin = pin_of(env, self, K_OUT);
    if (pin < 0) return;
    gpio_drive(pin, active_or_toggle < 0 ? !gpio_active(pin) : active_or_toggle);
    ok(env, ret, -1);
}
static void set_active(env_t env, int32_t self, int32_t ret) { set(env, self, 1, ret); }
static void set_inactive(env_t env, int32_t self, int32_t ret) { set(env, self, 0, ret); }
static void toggle(env_t env, int32_t self, int32_t ret) { set(env, self, -1, ret); }

/* An enum is lifted from the whole i32: any value above 1, as unsigned, traps. */
static int pin_state(env_t env, int32_t state)
{
    if ((uint32_t)state > 1) hal_trap(env, "pin-state %u out of range", (uint32_t)state);
    return (uint32_t)state <= 1;
}

static void set_state(env_t env, int32_t self, int32_t state, int32_t ret)
{
    if (pin_state(env, state)) set(env, self, state == 0, ret);
}

/* digital-config: label @0/@4, pin-mode @8, active-level @9, option<pull-resistor> @10/@11 */
static void get_config(env_t env, int32_t self, int32_t ret, enum kind k, uint8_t mode)
{
    int pin = pin_of(env, self, k);
    if (pin < 0 || !area(env, (uint32_t)ret, 12, 4)) return;
    const struct pin *p = &board.pins[pin];
    uint32_t n = (uint32_t)strlen(p->label);
    uint32_t s = guest_list(env, (const uint8_t *)p->label, n);
    if (trapped(env)) return;
    put_list(env, (uint32_t)ret, s, n);
    uint8_t *v = mem_at(env, (uint32_t)ret);
    v[8] = mode;
    v[9] = (uint8_t)p->active_low;
    v[10] = p->pull != PULL_NONE;
    if (p->pull != PULL_NONE) v[11] = p->pull == PULL_UP ? 0 : 1;
}
static void out_config(env_t env, int32_t self, int32_t ret) { get_config(env, self, ret, K_OUT, 1); }
static void in_config(env_t env, int32_t self, int32_t ret) { get_config(env, self, ret, K_IN, 0); }

/* watch-for-ready: a pollable ready at once */
static int32_t ready_now(env_t env, int32_t self, enum kind k)
{
    if (pin_of(env, self, k) < 0) return 0;
    struct pollable *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->fired = 1;
    return handle_add(K_POLLABLE, p, 0);
}
static int32_t out_ready(env_t env, int32_t self) { return ready_now(env, self, K_OUT); }
static int32_t in_ready(env_t env, int32_t self) { return ready_now(env, self, K_IN); }

static void drop_pin(env_t env, int32_t h, enum kind k)
{
    struct slot was;
    if (handle_drop(env, h, k, &was)) gpio_close(was.pin);
}
static void out_drop(env_t env, int32_t h) { drop_pin(env, h, K_OUT); }
static void in_drop(env_t env, int32_t h) { drop_pin(env, h, K_IN); }

/* read: pin-state; is-active / is-inactive: bool */
static void read_pin(env_t env, int32_t self, int32_t ret, int want_active)
{
    int pin = pin_of(env, self, K_IN);
    if (pin < 0) return;
    int active = gpio_active(pin);
    ok(env, ret, want_active < 0 ? !active : active == want_active);
}
static void in_read(env_t env, int32_t self, int32_t ret) { read_pin(env, self, ret, -1); }
static void is_active(env_t env, int32_t self, int32_t ret) { read_pin(env, self, ret, 1); }
static void is_inactive(env_t env, int32_t self, int32_t ret) { read_pin(env, self, ret, 0); }

static void watch(env_t env, int32_t self, int32_t ret, enum watch_kind kind)
{
    int pin = pin_of(env, self, K_IN);
    if (pin < 0) return;
    int32_t h = handle_add(K_POLLABLE, gpio_watch(pin, kind), 0);
    uint8_t *p = area(env, (uint32_t)ret, 16, 4);
    if (!p) return;
    p[0] = 0;
    put32(p + 4, (uint32_t)h);
}
static void watch_state(env_t env, int32_t self, int32_t state, int32_t ret)
{
    if (pin_state(env, state)) watch(env, self, ret, state == 0 ? W_ACTIVE : W_INACTIVE);
}
static void watch_active(env_t env, int32_t self, int32_t ret) { watch(env, self, ret, W_ACTIVE); }
static void watch_inactive(env_t env, int32_t self, int32_t ret) { watch(env, self, ret, W_INACTIVE); }
static void watch_rising(env_t env, int32_t self, int32_t ret) { watch(env, self, ret, W_RISING); }
static void watch_falling(env_t env, int32_t self, int32_t ret) { watch(env, self, ret, W_FALLING); }

/* Arduino-style free functions; the trace shows each delay in nanoseconds. */
static void gpio_pause(env_t env, int32_t n, uint64_t mult)
{
    traced_delay(env, (uint64_t)(uint32_t)n * mult);
}
static void delay_ns(env_t env, int32_t n) { gpio_pause(env, n, 1); }
static void delay_us(env_t env, int32_t n) { gpio_pause(env, n, 1000); }
static void delay_ms(env_t env, int32_t n) { gpio_pause(env, n, 1000000); }

static int32_t pollable_ready(env_t env, int32_t self)
{
    struct slot *s = handle_get(env, self, K_POLLABLE);
    return s ? ((struct pollable *)s->ptr)->fired : 0;
}

/* block moves board time to each next timeline event until the pollable is ready; when no
 * later event can make it ready it traps (on hardware it would block for ever; on the
 * board that is certain, so the run ends now instead of at its timeout). */
static void pollable_block(env_t env, int32_t self)
{
    struct slot *s = handle_get(env, self, K_POLLABLE);
    if (!s) return;
    struct pollable *p = s->ptr;
    while (!p->fired) {
        uint64_t next;
        if (!gpio_next_event(&next)) {
            hal_trap(env, "pollable.block would wait for ever: no later event on the board can make it ready");
            return;
        }
        board_advance_to(next);
    }
}

static void pollable_drop(env_t env, int32_t h)
{
    struct slot was;
    if (handle_drop(env, h, K_POLLABLE, &was)) free(was.ptr);
}

static NativeSymbol digital_symbols[] = {
    SYM("[method]digital-out-pin.set-active", set_active, "(ii)"),
    SYM("[method]digital-out-pin.set-inactive", set_inactive, "(ii)"),
    SYM("[method]digital-out-pin.toggle", toggle, "(ii)"),
    SYM("[method]digital-out-pin.set-state", set_state, "(iii)"),
    SYM("[method]digital-out-pin.get-config", out_config, "(ii)"),
    SYM("[method]digital-out-pin.watch-for-ready", out_ready, "(i)i"),
    SYM("[resource-drop]digital-out-pin", out_drop, "(i)"),
    SYM("[method]digital-in-pin.read", in_read, "(ii)"),
    SYM("[method]digital-in-pin.is-active", is_active, "(ii)"),
    SYM("[method]digital-in-pin.is-inactive", is_inactive, "(ii)"),
    SYM("[method]digital-in-pin.get-config", in_config, "(ii)"),
    SYM("[method]digital-in-pin.watch-state", watch_state, "(iii)"),
    SYM("[method]digital-in-pin.watch-active", watch_active, "(ii)"),
    SYM("[method]digital-in-pin.watch-inactive", watch_inactive, "(ii)"),
    SYM("[method]digital-in-pin.watch-rising-edge", watch_rising, "(ii)"),
    SYM("[method]digital-in-pin.watch-falling-edge", watch_falling, "(ii)"),
    SYM("[method]digital-in-pin.watch-for-ready", in_ready, "(i)i"),
    SYM("[resource-drop]digital-in-pin", in_drop, "(i)"),
};
static NativeSymbol gpio_delay_symbols[] = {
    SYM("delay-ns", delay_ns, "(i)"),
    SYM("delay-us", delay_us, "(i)"),
    SYM("delay-ms", delay_ms, "(i)"),
};
static NativeSymbol poll_symbols[] = {
    SYM("[method]pollable.ready", pollable_ready, "(i)i"),
    SYM("[method]pollable.block", pollable_block, "(i)"),
    SYM("[resource-drop]pollable", pollable_drop, "(i)"),
};
const struct native_module digital_module = MODULE("wasi:gpio/digital@0.2.0", digital_symbols);
const struct native_module gpio_delay_module = MODULE("wasi:gpio/delay@0.2.0", gpio_delay_symbols);
const struct native_module poll_module = MODULE("wasi:io/poll@0.2.0", poll_symbols);
