/*
 * Board time (docs/hal.md §4): its own clock in ns, moved only by delays (exactly the
 * request) and by pollable.block, so traces are the same on every machine. A delay also
 * really pauses at least that long on CLOCK_MONOTONIC, so a guest can measure it.
 */
#include "hal.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

static uint64_t t;

uint64_t board_now(void)
{
    return t;
}

/* Timeline events between the old and the new time fire as the clock passes them. */
void board_advance_to(uint64_t to)
{
    if (to <= t) return;
    uint64_t from = t;
    t = to;
    gpio_timeline(from, to);
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Sleeps in whole milliseconds while more than 2 ms remain, then spins to the end, as the
 * TS host does: a plain sleep overshoots by the scheduler's slack. Sleeps are cut into
 * slices so that wasm_runtime_terminate (the launcher's --timeout) is seen: 0 then. */
static int real_pause(env_t env, uint64_t ns)
{
    uint64_t end = mono_ns() + ns;
    for (;;) {
        uint64_t now = mono_ns();
        if (now >= end) return 1;
        uint64_t left = end - now;
        if (left <= 2000000u) continue;
        uint64_t ms = left / 1000000u - 1;
        if (ms > 100) ms = 100;
        struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
        if (trapped(env)) return 0;
    }
}

/* A delay: the real pause, then board time moves by exactly ns. 0 when terminated. */
int board_delay(env_t env, uint64_t ns)
{
    if (ns && !real_pause(env, ns)) return 0;
    board_advance_to(t + ns);
    return 1;
}

int traced_delay(env_t env, uint64_t ns)
{
    char line[48];
    snprintf(line, sizeof line, "delay: %lluns", (unsigned long long)ns);
    trace_line(line);
    return board_delay(env, ns);
}
