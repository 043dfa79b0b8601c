/*
 * Guests that hold several behaviour groups pick one by their first argument, so one
 * spec per group keeps a runtime's deviation in one group from hiding the others.
 */
#ifndef WASMCERT_GROUPS_H
#define WASMCERT_GROUPS_H

#include "tap.h"

/* The argument that picks the behaviour group, or "" with none. */
__attribute__((unused)) static const char *group(int argc, char **argv) {
    return argc > 1 ? argv[1] : "";
}

/* For a guest given an unknown group: one failing assertion, so a typo in a spec shows. */
__attribute__((unused)) static int unknown_group(const char *g) {
    tap_ok(0, "known behaviour group (got '%s')", g);
    return tap_end();
}

#endif
