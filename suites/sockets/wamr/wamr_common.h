/*
 * Helpers shared by the wamr-dialect guests: the peer's address from the environment
 * (docs/sockets.md) and __wasi_addr_t builders; the generic helpers are in sock_tap.h.
 * Each guest picks one behaviour group by its argument, one spec per group.
 */
#ifndef WASMCERT_WAMR_COMMON_H
#define WASMCERT_WAMR_COMMON_H

#include "../include/sock_tap.h"
#include "../include/wamr_sockets.h"

/* A port from the environment, or 0 when it is missing or malformed. */
#include "../include/peer_env.h"

__attribute__((unused)) static wamr_addr_t addr4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
    wamr_addr_t x;
    memset(&x, 0, sizeof x);
    x.kind = WAMR_IPv4;
    x.addr.ip4.addr = (wamr_addr_ip4_t){a, b, c, d};
    x.addr.ip4.port = port;
    return x;
}
/* ::1 */
__attribute__((unused)) static wamr_addr_t addr6_loopback(uint16_t port) {
    wamr_addr_t x;
    memset(&x, 0, sizeof x);
    x.kind = WAMR_IPv6;
    x.addr.ip6.addr.h3 = 1;
    x.addr.ip6.port = port;
    return x;
}
/* The peer (WASMCERT_PEER_HOST/PORT) as a __wasi_addr_t. */
__attribute__((unused)) static wamr_addr_t peer_addr(void) {
    uint16_t port = env_port("WASMCERT_PEER_PORT");
    return peer_is_ipv6() ? addr6_loopback(port) : addr4(127, 0, 0, 1, port);
}
__attribute__((unused)) static int is_loopback4(const wamr_addr_t *a) {
    const wamr_addr_ip4_t *i = &a->addr.ip4.addr;
    return a->kind == WAMR_IPv4 && i->n0 == 127 && i->n1 == 0 && i->n2 == 0 && i->n3 == 1;
}
__attribute__((unused)) static int is_loopback6(const wamr_addr_t *a) {
    const wamr_addr_ip6_t *i = &a->addr.ip6.addr;
    return a->kind == WAMR_IPv6 && !i->n0 && !i->n1 && !i->n2 && !i->n3 && !i->h0 && !i->h1 && !i->h2 && i->h3 == 1;
}
__attribute__((unused)) static void show_addr(const char *what, const wamr_addr_t *a) {
    const uint8_t *b = (const uint8_t *)a;
    printf("# %s:", what);
    for (size_t i = 0; i < sizeof *a; i++) printf(" %02x", b[i]);
    printf("\n");
}

/* A TCP socket connected to the peer; returns the errno of the failing step. */
__attribute__((unused)) static int32_t connect_peer(__wasi_fd_t *fd) {
    wamr_addr_t a = peer_addr();
    int32_t e = wamr_sock_open(-1, peer_is_ipv6() ? WAMR_INET6 : WAMR_INET4, WAMR_SOCKET_STREAM, fd);
    if (e) return e;
    return wamr_sock_connect((int32_t)*fd, &a);
}

/* A listener on 127.0.0.1:WASMCERT_LISTEN_PORT (or [::1] when the peer is IPv6). */
__attribute__((unused)) static int32_t listen_here(__wasi_fd_t *fd) {
    uint16_t port = env_port("WASMCERT_LISTEN_PORT");
    wamr_addr_t a = peer_is_ipv6() ? addr6_loopback(port) : addr4(127, 0, 0, 1, port);
    int32_t e = wamr_sock_open(-1, peer_is_ipv6() ? WAMR_INET6 : WAMR_INET4, WAMR_SOCKET_STREAM, fd);
    if (e) return e;
    if ((e = wamr_sock_bind((int32_t)*fd, &a))) return e;
    return wamr_sock_listen((int32_t)*fd, 4);
}

#endif
