/*
 * The board's digital pins (docs/hal.md §3.3), as adapters/host/hal/gpio-pins.ts. A pin's
 * electrical level is, first that applies: what it drives itself (an opened output), what
 * the pin wired to it drives, the last timeline level, its pull (up 1, down 0), else 0. The
 * logical state is the level inverted for an active-low pin. Watches see every change of
 * state as it happens in board time.
 */
#include "hal.h"

#include <stdlib.h>

static int level(int pin)
{
    const struct pin *p = &board.pins[pin];
    if (p->driven >= 0) return p->driven;
    if (p->peer >= 0 && board.pins[p->peer].driven >= 0) return board.pins[p->peer].driven;
    if (p->external >= 0) return p->external;
    return p->pull == PULL_UP;
}

int gpio_active(int pin)
{
    return (level(pin) == 1) != board.pins[pin].active_low;
}

static void see(struct pollable *w)
{
    if (!w->watch) return;
    int was = w->last, active = gpio_active(w->pin);
    w->last = active;
    if ((w->kind == W_ACTIVE && active) || (w->kind == W_INACTIVE && !active) || (w->kind == W_RISING && !was && active)
        || (w->kind == W_FALLING && was && !active))
        w->fired = 1;
}

static void changed(void)
{
    each_pollable(see);
}

static void trace_level(int pin, int lvl, uint64_t at)
{
    struct sbuf line = {0};
    sb_add(&line, "gpio: %s=%d @%lluns", board.pins[pin].label, lvl, (unsigned long long)at);
    trace_line(line.p);
    sb_free(&line);
}

/* An output drives a logical state; the trace shows the electrical level. */
void gpio_drive(int pin, int active)
{
    int lvl = active != board.pins[pin].active_low;
    board.pins[pin].driven = lvl;
    trace_level(pin, lvl, board_now());
    changed();
}

/* Opens a pin in a mode: 0, or the gpio-error case that refuses it, checked in the
 * documented order. An output starts driving inactive. */
int gpio_open(const struct str *label, int mode, int *pin)
{
    int i = -1;
    for (size_t k = 0; k < board.n_pins && i < 0; k++)
        if (board.pins[k].has_spec && str_is(label, board.pins[k].label)) i = (int)k;
    if (i < 0) return GPIO_UNDEFINED_PIN_LABEL;
    struct pin *p = &board.pins[i];
    if (!p->allowed) return GPIO_PIN_NOT_ALLOWED;
    if (!(p->modes & mode)) return GPIO_PIN_MODE_NOT_ALLOWED;
    if (p->opened) return GPIO_ALREADY_IN_USE;
    p->opened = mode;
    if (mode == MODE_OUT) gpio_drive(i, 0);
    *pin = i;
    return 0;
}

/* Dropping a pin releases it; an output stops driving (no trace line: nothing drives). */
void gpio_close(int pin)
{
    struct pin *p = &board.pins[pin];
    p->opened = 0;
    if (p->driven >= 0) {
        p->driven = -1;
        changed();
    }
}

/* A level watch is ready at once when the state already holds; an edge waits for one. */
struct pollable *gpio_watch(int pin, enum watch_kind kind)
{
    struct pollable *w = calloc(1, sizeof *w);
    if (!w) abort();
    w->watch = 1;
    w->pin = pin;
    w->kind = kind;
    w->last = gpio_active(pin);
    w->fired = (kind == W_ACTIVE && w->last) || (kind == W_INACTIVE && !w->last);
    return w;
}

/* Board time of the next timeline event after now: 0 when there is none. */
int gpio_next_event(uint64_t *at)
{
    for (size_t i = 0; i < board.n_timeline; i++)
        if (board.timeline[i].at_ns > board_now()) {
            *at = board.timeline[i].at_ns;
            return 1;
        }
    return 0;
}

/* The board clock moved from `from` to `to`: the events in between happen, in order. */
void gpio_timeline(uint64_t from, uint64_t to)
{
    for (size_t i = 0; i < board.n_timeline; i++) {
        const struct timeline_event *e = &board.timeline[i];
        if (e->at_ns > from && e->at_ns <= to) {
            board.pins[e->pin].external = e->level;
            trace_level(e->pin, e->level, e->at_ns);
            changed();
        }
    }
}
