/* Where the test's peer is, as the harness tells every socket guest (docs/sockets.md). */
#ifndef WASMCERT_PEER_ENV_H
#define WASMCERT_PEER_ENV_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A port from the environment; 0 when unset or not a port. */
__attribute__((unused)) static uint16_t env_port(const char *name) {
    const char *s = getenv(name);
    if (!s || !*s) return 0;
    char *end;
    long v = strtol(s, &end, 10);
    return (*end || v <= 0 || v > 65535) ? 0 : (uint16_t)v;
}

/* The peer listens (or sends) on ::1 rather than 127.0.0.1. */
__attribute__((unused)) static int peer_is_ipv6(void) {
    const char *h = getenv("WASMCERT_PEER_HOST");
    return h && strchr(h, ':') != NULL;
}
#endif
