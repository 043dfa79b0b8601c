/*
 * wasi:gpio/digital on the GPIO board (boards/gpio.json): led -> led-sense and nled (active-low)
 * -> nled-sense are wired loopbacks, od -> od-sense (pulled up), button / nbutton / door are
 * driven by the board's input timeline. One group per spec (argv[1]); the spec's hal.trace
 * checks the electrical levels and the board time (`@Tns`) of each drive and input event.
 */
#include "include/gpio.h"
#include "include/delay.h"
#include "hal_tap.h"

static int code_eq(int got, int want, const char *what) {
    int ok = tap_ok(got == want, "%s gives %s", what, gpio_code_name(want));
    if (!ok) printf("  ---\n  got: %s\n  want: %s\n  ...\n", gpio_code_name(got), gpio_code_name(want));
    return ok;
}
static const char *state_name(int s) { return s == PIN_ACTIVE ? "active" : s == PIN_INACTIVE ? "inactive" : "(error)"; }
static int state_eq(int got, int want, const char *what) {
    int ok = tap_ok(got == want, "%s reads %s", what, state_name(want));
    if (!ok) printf("  ---\n  got: %s\n  want: %s\n  ...\n", state_name(got), state_name(want));
    return ok;
}
static hal_handle out(const char *label) {
    hal_handle h;
    int c = gpio_open_out(label, &h);
    if (c != GPIO_OK) tap_ok(0, "open-digital-out(%s) gives %s", label, gpio_code_name(c));
    return h;
}
static hal_handle in(const char *label) {
    hal_handle h;
    int c = gpio_open_in(label, &h);
    if (c != GPIO_OK) tap_ok(0, "open-digital-in(%s) gives %s", label, gpio_code_name(c));
    return h;
}
/* the input's state through all three readers; each must agree */
static void sense(hal_handle pin, int want, const char *what) {
    char buf[160];
    state_eq(gpio_read(pin), want, what);
    snprintf(buf, sizeof buf, "%s: is-active is %d", what, want == PIN_ACTIVE);
    tap_eq(gpio_is_active(pin), want == PIN_ACTIVE, "%s", buf);
    snprintf(buf, sizeof buf, "%s: is-inactive is %d", what, want == PIN_INACTIVE);
    tap_eq(gpio_is_inactive(pin), want == PIN_INACTIVE, "%s", buf);
}
static int streq_n(const char *p, uint32_t n, const char *want) { return n == strlen(want) && !memcmp(p, want, n); }

int main(int argc, char **argv) {
    const char *group = argc > 1 ? argv[1] : "";
    tap_begin();

    if (GROUP("readback")) {
        hal_handle led = out("led"), s = in("led-sense");
        sense(s, PIN_INACTIVE, "opening the output drives it inactive: led-sense");
        code_eq(gpio_set_active(led), GPIO_OK, "set-active");
        sense(s, PIN_ACTIVE, "after set-active, the looped-back led-sense");
        code_eq(gpio_set_inactive(led), GPIO_OK, "set-inactive");
        sense(s, PIN_INACTIVE, "after set-inactive, led-sense");
    } else if (GROUP("toggle")) {
        hal_handle led = out("led"), s = in("led-sense");
        code_eq(gpio_toggle(led), GPIO_OK, "toggle of an inactive output");
        state_eq(gpio_read(s), PIN_ACTIVE, "toggle inverted it: led-sense");
        code_eq(gpio_toggle(led), GPIO_OK, "a second toggle");
        state_eq(gpio_read(s), PIN_INACTIVE, "toggled back: led-sense");
        gpio_set_active(led);
        gpio_toggle(led);
        state_eq(gpio_read(s), PIN_INACTIVE, "toggle after set-active: led-sense");
    } else if (GROUP("set-state")) {
        hal_handle led = out("led"), s = in("led-sense");
        code_eq(gpio_set_state(led, PIN_ACTIVE), GPIO_OK, "set-state(active)");
        state_eq(gpio_read(s), PIN_ACTIVE, "led-sense");
        code_eq(gpio_set_state(led, PIN_INACTIVE), GPIO_OK, "set-state(inactive)");
        state_eq(gpio_read(s), PIN_INACTIVE, "led-sense");
    } else if (GROUP("set-state-invalid")) {
        hal_handle led = out("led");
        tap_ok(1, "set-state(2): pin-state has 2 cases, lifting 2 must trap");
        fflush(stdout);
        gpio_set_state(led, 2);
        printf("# not trapped\n");
        return 3;
    } else if (GROUP("active-low-out")) {
        hal_handle n = out("nled"), s = in("nled-sense");
        state_eq(gpio_read(s), PIN_ACTIVE, "opened inactive, an active-low output drives the line high: the active-high nled-sense");
        code_eq(gpio_set_active(n), GPIO_OK, "set-active of the active-low nled");
        state_eq(gpio_read(s), PIN_INACTIVE, "set-active drove the line low: nled-sense");
        code_eq(gpio_set_state(n, PIN_INACTIVE), GPIO_OK, "set-state(inactive)");
        state_eq(gpio_read(s), PIN_ACTIVE, "the line is high again: nled-sense");
    } else if (GROUP("active-low-in")) {
        hal_handle b = in("nbutton");
        sense(b, PIN_INACTIVE, "an active-low input pulled up (button released)");
        hal_handle p = gpio_watch_active(b);
        tap_eq(pollable_ready(p), 0, "watch-active on the released button is not ready");
        pollable_block(p);
        tap_eq(pollable_ready(p), 1, "block returns once the timeline pulls the line low (30 ms)");
        sense(b, PIN_ACTIVE, "pressed (line low), the active-low input");
        hal_handle led = out("led");
        (void)led;
    } else if (GROUP("pulls")) {
        sense(in("pu"), PIN_ACTIVE, "an unconnected input with a pull-up");
        sense(in("pd"), PIN_INACTIVE, "an unconnected input with a pull-down");
        sense(in("float"), PIN_INACTIVE, "an unconnected input with no pull (the board reads 0)");
    } else if (GROUP("release-drive")) {
        hal_handle o = out("od"), s = in("od-sense");
        state_eq(gpio_read(s), PIN_INACTIVE, "od drives od-sense low over its pull-up");
        gpio_set_active(o);
        state_eq(gpio_read(s), PIN_ACTIVE, "od drives it high");
        gpio_set_inactive(o);
        gpio_out_drop(o);
        state_eq(gpio_read(s), PIN_ACTIVE, "dropped, od stops driving: od-sense reads its pull-up");
        o = out("od");
        state_eq(gpio_read(s), PIN_INACTIVE, "reopened, od drives it inactive again");
    } else if (GROUP("level-now")) {
        hal_handle pu = in("pu"), pd = in("pd"), led = out("led");
        hal_handle a = gpio_watch_active(pu), i = gpio_watch_inactive(pd);
        hal_handle sa = gpio_watch_state(pu, PIN_ACTIVE), si = gpio_watch_state(pd, PIN_INACTIVE);
        tap_ok(a && i && sa && si, "watch-active, watch-inactive and watch-state give pollables");
        tap_eq(pollable_ready(a), 1, "watch-active on a pin already active is ready at once");
        tap_eq(pollable_ready(i), 1, "watch-inactive on a pin already inactive is ready at once");
        tap_eq(pollable_ready(sa), 1, "watch-state(active) on an active pin is ready at once");
        tap_eq(pollable_ready(si), 1, "watch-state(inactive) on an inactive pin is ready at once");
        pollable_block(a);
        pollable_block(si);
        tap_ok(1, "block on them returns (board time does not move: see the trace)");
        gpio_set_active(led);
        hal_handle na = gpio_watch_active(pd), ni = gpio_watch_state(pu, PIN_INACTIVE);
        tap_eq(pollable_ready(na), 0, "watch-active on an inactive pin is not ready");
        tap_eq(pollable_ready(ni), 0, "watch-state(inactive) on an active pin is not ready");
        pollable_drop(a), pollable_drop(i), pollable_drop(sa), pollable_drop(si), pollable_drop(na), pollable_drop(ni);
    } else if (GROUP("watch-timeline")) {
        hal_handle b = in("button"), led = out("led");
        hal_handle p = gpio_watch_inactive(b);
        tap_eq(pollable_ready(p), 0, "watch-inactive on the released button is not ready");
        tap_eq(pollable_ready(p), 0, "ready does not move board time");
        pollable_block(p);
        tap_eq(pollable_ready(p), 1, "block returns when the button is pressed (10 ms)");
        sense(b, PIN_INACTIVE, "the pressed button");
        gpio_set_active(led);
        hal_handle r = gpio_watch_active(b);
        pollable_block(r);
        sense(b, PIN_ACTIVE, "after the next block, the released button (20 ms)");
        gpio_set_inactive(led);
    } else if (GROUP("rising-edge-already-high")) {
        hal_handle d = in("door"), led = out("led");
        state_eq(gpio_read(d), PIN_ACTIVE, "the door contact is high at 0");
        hal_handle p = gpio_watch_rising_edge(d);
        tap_ok(p != 0, "watch-rising-edge gives a pollable");
        tap_eq(pollable_ready(p), 0, "on a pin already high, watch-rising-edge is not ready");
        hal_handle lvl = gpio_watch_active(d);
        tap_eq(pollable_ready(lvl), 1, "while watch-active on the same pin is");
        pollable_block(p);
        tap_eq(pollable_ready(p), 1, "block returns after low -> high");
        gpio_set_active(led); /* marks the board time in the trace: 15 ms, not 0 nor 5 ms */
    } else if (GROUP("falling-edge")) {
        hal_handle b = in("button"), led = out("led");
        hal_handle p = gpio_watch_falling_edge(b);
        tap_eq(pollable_ready(p), 0, "watch-falling-edge on the released (high) button is not ready");
        pollable_block(p);
        tap_eq(pollable_ready(p), 1, "block returns at the press");
        gpio_set_active(led);
        hal_handle r = gpio_watch_rising_edge(b);
        pollable_block(r);
        gpio_set_inactive(led);
        tap_eq(pollable_ready(p), 1, "a fired edge pollable stays ready");
    } else if (GROUP("edge-within-delay")) {
        hal_handle d = in("door"), led = out("led");
        hal_handle r = gpio_watch_rising_edge(d), f = gpio_watch_falling_edge(d);
        tap_eq(pollable_ready(r) + pollable_ready(f), 0, "on the high door contact, neither edge watch is ready");
        delay_ms(20); /* the door goes low at 5 ms and high again at 15 ms, both inside this one delay */
        tap_eq(pollable_ready(f), 1, "a low pulse inside one delay: the falling edge was seen");
        tap_eq(pollable_ready(r), 1, "and the rising edge too, though the level is back where it was");
        state_eq(gpio_read(d), PIN_ACTIVE, "the door");
        gpio_set_active(led);
    } else if (GROUP("edge-loopback")) {
        hal_handle led = out("led"), s = in("led-sense");
        hal_handle r = gpio_watch_rising_edge(s), f = gpio_watch_falling_edge(s);
        tap_eq(pollable_ready(r), 0, "rising-edge on an inactive input: not ready");
        tap_eq(pollable_ready(f), 0, "falling-edge on an inactive input: not ready");
        gpio_set_inactive(led);
        tap_eq(pollable_ready(r), 0, "driving the same level again is not an edge");
        gpio_set_active(led);
        tap_eq(pollable_ready(r), 1, "set-active on the wired output: the rising edge fired");
        tap_eq(pollable_ready(f), 0, "but not the falling edge");
        hal_handle r2 = gpio_watch_rising_edge(s);
        gpio_set_active(led);
        tap_eq(pollable_ready(r2), 0, "a rising-edge watch made while active: set-active again is no edge");
        gpio_set_inactive(led);
        tap_eq(pollable_ready(f), 1, "set-inactive: the falling edge fired");
        tap_eq(pollable_ready(r2), 0, "and the new rising-edge watch still waits for low -> high");
        gpio_toggle(led);
        tap_eq(pollable_ready(r2), 1, "toggle to active: now it fired");
    } else if (GROUP("block-forever")) {
        hal_handle pd = in("pd");
        hal_handle p = gpio_watch_active(pd);
        tap_eq(pollable_ready(p), 0, "watch-active on the pulled-down pd is not ready and nothing will drive it");
        tap_ok(1, "block must trap (docs/hal.md §3.3) instead of hanging");
        fflush(stdout);
        pollable_block(p);
        printf("# not trapped\n");
        return 3;
    } else if (GROUP("watch-for-ready")) {
        hal_handle o = out("led"), i = in("pu");
        hal_handle a = gpio_out_watch_for_ready(o), b = gpio_in_watch_for_ready(i);
        tap_ok(a != 0 && b != 0 && a != b, "watch-for-ready gives a pollable for an output and an input");
        tap_eq(pollable_ready(a), 1, "the output's is ready at once");
        tap_eq(pollable_ready(b), 1, "the input's is ready at once");
        pollable_block(a);
        pollable_drop(a);
        pollable_drop(b);
    } else if (GROUP("not-allowed")) {
        hal_handle h;
        code_eq(gpio_open_out("secure", &h), GPIO_PIN_NOT_ALLOWED, "open-digital-out of a pin the policy forbids");
        code_eq(gpio_open_in("secure", &h), GPIO_PIN_NOT_ALLOWED, "open-digital-in of it");
        code_eq(gpio_open_out("secure-in", &h), GPIO_PIN_NOT_ALLOWED, "a forbidden pin in a mode it lacks (pin-not-allowed is checked first)");
    } else if (GROUP("undefined-label")) {
        hal_handle h;
        code_eq(gpio_open_out("nosuchpin", &h), GPIO_UNDEFINED_PIN_LABEL, "open-digital-out of an unknown label");
        code_eq(gpio_open_in("", &h), GPIO_UNDEFINED_PIN_LABEL, "open-digital-in of the empty label");
        code_eq(gpio_open_in("LED", &h), GPIO_UNDEFINED_PIN_LABEL, "labels are case-sensitive: LED");
    } else if (GROUP("mode-not-allowed")) {
        hal_handle h;
        code_eq(gpio_open_in("led", &h), GPIO_PIN_MODE_NOT_ALLOWED, "open-digital-in of the output-only led");
        code_eq(gpio_open_out("pu", &h), GPIO_PIN_MODE_NOT_ALLOWED, "open-digital-out of the input-only pu");
        code_eq(gpio_open_out("dual", &h), GPIO_OK, "open-digital-out of dual (modes in and out)");
    } else if (GROUP("already-in-use")) {
        hal_handle a, b, c;
        code_eq(gpio_open_out("led", &a), GPIO_OK, "open-digital-out(led)");
        code_eq(gpio_open_out("led", &b), GPIO_ALREADY_IN_USE, "a second open-digital-out(led)");
        code_eq(gpio_open_in("pu", &c), GPIO_OK, "open-digital-in(pu)");
        code_eq(gpio_open_in("pu", &b), GPIO_ALREADY_IN_USE, "a second open-digital-in(pu)");
        code_eq(gpio_open_out("dual", &b), GPIO_OK, "open-digital-out(dual)");
        code_eq(gpio_open_in("dual", &b), GPIO_ALREADY_IN_USE, "open-digital-in(dual) while it is an output");
        gpio_out_drop(a);
        code_eq(gpio_open_out("led", &b), GPIO_OK, "after [resource-drop], open-digital-out(led)");
        gpio_in_drop(c);
        code_eq(gpio_open_in("pu", &c), GPIO_OK, "after [resource-drop], open-digital-in(pu)");
    } else if (GROUP("error-layout")) {
        uint8_t area[20] __attribute__((aligned(8)));
        memset(area, 0xAA, sizeof area);
        hal_alloc_reset();
        hal_open_digital_out_raw("secure", 6, (hal_ret_pin *)area);
        tap_ok(area[0] == 1 && area[4] == GPIO_PIN_NOT_ALLOWED, "result<pin, gpio-error>: disc 1 @0, pin-not-allowed (2) @4 (got %d %d)", area[0], area[4]);
        tap_ok(area[16] == 0xAA, "nothing written past the 16-byte area");
        tap_eq(hal_alloc_calls, 0, "an error case without a string allocates nothing");
        memset(area, 0xAA, sizeof area);
        hal_open_digital_in_raw("pu", 2, (hal_ret_pin *)area);
        int32_t h;
        memcpy(&h, area + 4, 4);
        tap_ok(area[0] == 0 && h > 0, "ok: disc 0 @0, the handle @4 (got %d, %d)", area[0], (int)h);
        memset(area, 0xAA, sizeof area);
        gpio_read_raw(h, (gpio_ret *)area);
        tap_ok(area[0] == 0 && area[4] == PIN_ACTIVE, "read: disc 0 @0, pin-state active (0) @4 (got %d %d)", area[0], area[4]);
        memset(area, 0xAA, sizeof area);
        gpio_is_inactive_raw(h, (gpio_ret *)area);
        tap_ok(area[0] == 0 && area[4] == 0, "is-inactive: disc 0 @0, bool false @4 (got %d %d)", area[0], area[4]);
    } else if (GROUP("get-config")) {
        gpio_config c;
        hal_handle n = out("nled");
        memset(&c, 0xAA, sizeof c);
        hal_alloc_reset();
        gpio_out_get_config(n, &c);
        tap_ok(hal_alloc_calls == 1 && hal_alloc_bytes == 4, "the label comes through one cabi_realloc of 4 bytes (got %u calls, %u bytes)", hal_alloc_calls, hal_alloc_bytes);
        tap_ok(streq_n(c.label, c.label_len, "nled"), "label is \"nled\" (len %u)", c.label_len);
        tap_eq(c.mode, PIN_MODE_OUT, "pin-mode out");
        tap_eq(c.active_level, ACTIVE_LOW, "active-level active-low");
        tap_eq(c.has_pull, 0, "no pull-resistor (none)");
        hal_handle pu = in("pu"), pd = in("pd"), s = in("led-sense");
        memset(&c, 0xAA, sizeof c);
        gpio_in_get_config(pu, &c);
        tap_ok(streq_n(c.label, c.label_len, "pu") && c.mode == PIN_MODE_IN && c.active_level == ACTIVE_HIGH, "pu: label, mode in, active-high");
        tap_ok(c.has_pull == 1 && c.pull == PULL_UP, "pu: some(pull-up) (got disc %d value %d)", c.has_pull, c.pull);
        memset(&c, 0xAA, sizeof c);
        gpio_in_get_config(pd, &c);
        tap_ok(c.has_pull == 1 && c.pull == PULL_DOWN, "pd: some(pull-down) (got disc %d value %d)", c.has_pull, c.pull);
        memset(&c, 0xAA, sizeof c);
        hal_alloc_reset();
        gpio_in_get_config(s, &c);
        tap_ok(streq_n(c.label, c.label_len, "led-sense") && hal_alloc_bytes == 9, "led-sense: label through cabi_realloc (%u bytes)", hal_alloc_bytes);
    } else if (GROUP("trap-dropped-pin")) {
        hal_handle led = out("led");
        gpio_out_drop(led);
        tap_ok(1, "dropped the pin; using it again must trap");
        fflush(stdout);
        gpio_set_active(led);
        printf("# not trapped\n");
        return 3;
    } else if (GROUP("trap-wrong-handle")) {
        hal_handle s = in("led-sense");
        tap_ok(1, "an input handle passed as an output must trap");
        fflush(stdout);
        gpio_set_active(s);
        printf("# not trapped\n");
        return 3;
    } else if (GROUP("delay-board-time")) {
        hal_handle led = out("led"), b = in("button");
        delay_ms(12);
        sense(b, PIN_INACTIVE, "after delay-ms(12), the button pressed at 10 ms");
        gpio_set_active(led);
        delay_us(8000);
        sense(b, PIN_ACTIVE, "after delay-us(8000) more, the button released at 20 ms");
        gpio_set_inactive(led);
        delay_ns(1);
        gpio_toggle(led);
    } else {
        tap_ok(0, "unknown group %s", group);
    }
    return tap_end();
}
