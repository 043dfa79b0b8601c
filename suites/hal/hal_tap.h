/* Shared by the HAL guests: TAP, the group chosen by argv[1], and the monotonic clock. */
#ifndef WASMCERT_HAL_TAP_H
#define WASMCERT_HAL_TAP_H
#include "tap.h"
#include <time.h>

static inline uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}
#define GROUP(name) (!strcmp(group, (name)))
#endif
