/*
 * WasmEdge dialect, the V1 imports (sheet 3.2): sock_open, sock_bind / sock_connect with a
 * raw 4- or 16-byte __wasi_address_t and a separate port (host order), sock_listen, the
 * 2-parameter sock_accept, sock_send_to, the 7-parameter sock_recv_from and the 4-parameter
 * sock_getlocaladdr / sock_getpeeraddr. This module imports no _v2 name (3.1).
 * Groups: connect, server, addr, addr-type, udp. connect, server and udp are the shared
 * scenarios of ../lib/scenarios.h, which wamr/tcp.c and wamr/udp.c run too.
 */
#include "we_common.h"
#include "../lib/scenarios.h"

/* What the V1 sock_recv_from wrote: the peer's raw address bytes (no port), and roflags. */
static void check_source(const ws_from_t *src, int v6, uint16_t port) {
    (void)port;
    tap_bytes(src->raw, v6 ? 16 : 4, v6 ? LOOP6 : LOOP4, v6 ? 16 : 4, "the source address is the peer's %s", peer_name());
    tap_eq(src->roflags, 0, "roflags is 0 for a datagram that fit");
}

/* addr_type as the sheet's enum would have it (INET4 1 / INET6 2) */
static int check_addr(const char *what, int32_t e, const uint8_t *raw, uint32_t type, uint32_t port, int v6, uint16_t want_port) {
    int ok = tap_errno(e, E(SUCCESS), "%s succeeds", what);
    ok &= tap_bytes(raw, v6 ? 16 : 4, v6 ? LOOP6 : LOOP4, v6 ? 16 : 4, "%s writes the %s address bytes", what, v6 ? "::1" : "127.0.0.1");
    if (want_port) ok &= tap_eq(port, want_port, "%s gives port %u as a u32 in host byte order", what, want_port);
    else ok &= tap_ok(port != 0 && port < 65536, "%s gives the ephemeral port as a u32 in host byte order (%u)", what, port);
    (void)type;
    return ok;
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = 0;
    int v6 = peer_is_ipv6();
    if (!strcmp(g, "connect")) {
        char label[128];
        snprintf(label, sizeof label, "sock_open(%s, stream) + V1 sock_connect({%s, buf_len %d}, port %u) succeed", v6 ? "inet6" : "inet4", peer_name(),
                 v6 ? 16 : 4, env_port("WASMCERT_PEER_PORT"));
        sc_tcp_connect(label, 0);
    } else if (!strcmp(g, "server")) {
        sc_tcp_server(1, 1);
    } else if (!strcmp(g, "addr")) {
        /* peer: expect EOF. The address bytes and the port; the type is group addr-type's */
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        if (!tap_errno(sc_connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer at %s:%u", peer_name(), port)) return tap_end();
        uint8_t raw[16];
        uint32_t type = 0xAAAAAAAA, p = 0xAAAAAAAA;
        memset(raw, 0xAA, sizeof raw);
        we_address_t a = {raw, v6 ? 16 : 4};
        check_addr("V1 sock_getpeeraddr", we_sock_getpeeraddr_v1(fd, &a, &type, &p), raw, type, p, v6, port);
        uint32_t lport = 0xAAAAAAAA;
        memset(raw, 0xAA, sizeof raw);
        check_addr("V1 sock_getlocaladdr", we_sock_getlocaladdr_v1(fd, &a, &type, &lport), raw, type, lport, v6, 0);
        tap_ok(lport != port, "the local port is not the peer's (%u)", lport);
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds");
    } else if (!strcmp(g, "addr-type")) {
        /* peer (IPv4): expect EOF. Then a UDP socket bound to [::1]:0 for the IPv6 case. */
        if (!tap_errno(sc_connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer at 127.0.0.1")) return tap_end();
        uint8_t raw[16];
        uint32_t type = 0xAAAAAAAA, p = 0;
        we_address_t a = {raw, 4};
        tap_errno(we_sock_getpeeraddr_v1(fd, &a, &type, &p), E(SUCCESS), "V1 sock_getpeeraddr on the IPv4 socket succeeds");
        tap_eq(type, WE_AF_INET4, "its *addr_type is the address family inet4 (1)");
        type = 0xAAAAAAAA;
        tap_errno(we_sock_getlocaladdr_v1(fd, &a, &type, &p), E(SUCCESS), "V1 sock_getlocaladdr on the IPv4 socket succeeds");
        tap_eq(type, WE_AF_INET4, "its *addr_type is the address family inet4 (1)");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) on the TCP socket succeeds");
        __wasi_fd_t u = 0;
        we_address_t b = v1_loopback(raw, 1);
        int32_t e = we_sock_open(WE_AF_INET6, WE_SOCK_DGRAM, &u);
        if (!e) e = we_sock_bind(u, &b, 0);
        if (tap_errno(e, E(SUCCESS), "a UDP socket binds to [::1]:0")) {
            type = 0xAAAAAAAA;
            b.buf_len = 16;
            tap_errno(we_sock_getlocaladdr_v1(u, &b, &type, &p), E(SUCCESS), "V1 sock_getlocaladdr on the IPv6 socket succeeds");
            tap_eq(type, WE_AF_INET6, "its *addr_type is the address family inet6 (2)");
            closefd(u);
        }
    } else if (!strcmp(g, "udp")) {
        /* peer: expect "ping", send "pong" */
        sc_udp_exchange(check_source);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
