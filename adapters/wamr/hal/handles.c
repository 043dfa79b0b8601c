/*
 * The one handle table every HAL interface shares (docs/hal.md §2). Handle numbers are
 * visible to the guest, so they are given out exactly as the TS host's Handles do: the
 * last freed slot first, else a new one at the end; 0 is never a handle.
 */
#include "hal.h"

#include <stdlib.h>

static const char *const kind_names[] = {"", "i2c", "delay", "spi-device", "digital-out-pin", "digital-in-pin", "pollable"};

static struct slot *slots; /* kind 0: free */
static uint32_t n_slots = 1, cap_slots;
static int32_t *free_list;
static uint32_t n_free;

int32_t handle_add(enum kind k, void *ptr, int pin)
{
    int32_t h;
    if (n_free) {
        h = free_list[--n_free];
    } else {
        if (n_slots >= cap_slots) {
            cap_slots = cap_slots ? cap_slots * 2 : 64;
            slots = realloc(slots, cap_slots * sizeof *slots);
            free_list = realloc(free_list, cap_slots * sizeof *free_list);
            if (!slots || !free_list) abort();
        }
        h = (int32_t)n_slots++;
    }
    slots[h] = (struct slot){.kind = k, .ptr = ptr, .pin = pin};
    return h;
}

/* A live handle of kind k, or NULL after a trap, as the Canonical ABI traps on an
 * unknown, dropped or wrong-type handle. */
struct slot *handle_get(env_t env, int32_t h, enum kind k)
{
    if (h <= 0 || (uint32_t)h >= n_slots || !slots[h].kind) {
        hal_trap(env, "unknown handle %d (expected a %s)", h, kind_names[k]);
        return NULL;
    }
    if (slots[h].kind != k) {
        hal_trap(env, "handle %d is a %s, not a %s", h, kind_names[slots[h].kind], kind_names[k]);
        return NULL;
    }
    return &slots[h];
}

/* Frees h; *was gets what it held. 0 after a trap. */
int handle_drop(env_t env, int32_t h, enum kind k, struct slot *was)
{
    struct slot *s = handle_get(env, h, k);
    if (!s) return 0;
    if (was) *was = *s;
    s->kind = 0;
    free_list[n_free++] = h;
    return 1;
}

void each_pollable(void (*fn)(struct pollable *))
{
    for (uint32_t h = 1; h < n_slots; h++)
        if (slots[h].kind == K_POLLABLE) fn(slots[h].ptr);
}
