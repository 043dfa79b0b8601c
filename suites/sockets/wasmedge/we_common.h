/*
 * Helpers shared by the wasmedge-dialect guests: the peer's address from the environment
 * (docs/sockets.md) and address builders for V1 (raw 4/16 bytes) and V2 (the 128-byte
 * storage); the generic helpers are in sock_tap.h. Each guest picks one behaviour group by
 * its argument, one spec per group.
 */
#ifndef WASMCERT_WE_COMMON_H
#define WASMCERT_WE_COMMON_H

#include "../include/sock_tap.h"
#include "../include/wasmedge_sockets.h"

static const uint8_t LOOP4[4] = {127, 0, 0, 1};
static const uint8_t LOOP6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

/* A port from the environment, or 0 when it is missing or malformed. */
#include "../include/peer_env.h"
__attribute__((unused)) static const char *peer_name(void) {
    return peer_is_ipv6() ? "::1" : "127.0.0.1";
}
__attribute__((unused)) static int peer_af(void) {
    return peer_is_ipv6() ? WE_AF_INET6 : WE_AF_INET4;
}

/* V1: the loopback address of the peer's family as raw bytes (4 or 16), in `raw`. */
__attribute__((unused)) static we_address_t v1_loopback(uint8_t raw[16], int v6) {
    memcpy(raw, v6 ? LOOP6 : LOOP4, v6 ? 16 : 4);
    return (we_address_t){raw, v6 ? 16u : 4u};
}
/* V2: the 128-byte storage, family @0 (u16 LE), the address @2. */
__attribute__((unused)) static we_address_t v2_loopback(we_addr_storage_t *st, int v6) {
    memset(st, 0, sizeof *st);
    st->family = v6 ? WE_AF_INET6 : WE_AF_INET4;
    memcpy(st->data, v6 ? LOOP6 : LOOP4, v6 ? 16 : 4);
    return (we_address_t){(uint8_t *)st, WE_ADDR_STORAGE_LEN};
}

__attribute__((unused)) static void show_hex(const char *what, const uint8_t *b, size_t n) {
    printf("# %s:", what);
    for (size_t i = 0; i < n; i++) printf(" %02x", b[i]);
    printf("\n");
}

#endif
