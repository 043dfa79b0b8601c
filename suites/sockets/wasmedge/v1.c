/*
 * WasmEdge dialect, the V1 imports (sheet 3.2): sock_open, sock_bind / sock_connect with a
 * raw 4- or 16-byte __wasi_address_t and a separate port (host order), sock_listen, the
 * 2-parameter sock_accept, sock_send_to, the 7-parameter sock_recv_from and the 4-parameter
 * sock_getlocaladdr / sock_getpeeraddr. This module imports no _v2 name (3.1).
 * Groups: connect, server, addr, addr-type, udp.
 */
#include "we_common.h"

static int32_t connect_peer(__wasi_fd_t *fd) {
    uint8_t raw[16];
    we_address_t a = v1_loopback(raw, peer_is_ipv6());
    int32_t e = we_sock_open(peer_af(), WE_SOCK_STREAM, fd);
    if (e) return e;
    return we_sock_connect(*fd, &a, env_port("WASMCERT_PEER_PORT"));
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
    uint32_t n = 0;
    char buf[64];
    int v6 = peer_is_ipv6();
    if (!strcmp(g, "connect")) {
        /* peer: expect "ping", send "pong", expect EOF */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "sock_open(%s, stream) + V1 sock_connect({%s, buf_len %d}, port %u) succeed", v6 ? "inet6" : "inet4",
                       peer_name(), v6 ? 16 : 4, env_port("WASMCERT_PEER_PORT")))
            return tap_end();
        tap_errno(send_str(fd, "ping", &n), E(SUCCESS), "sock_send of \"ping\" succeeds");
        tap_eq(n, 4, "it sends 4 bytes");
        int32_t e = recv_exact(fd, buf, 4, &n);
        tap_errno(e, E(SUCCESS), "sock_recv succeeds");
        tap_bytes(buf, n, "pong", 4, "it receives the peer's \"pong\"");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds (the peer then sees EOF)");
        tap_errno(__wasi_fd_close(fd), E(SUCCESS), "fd_close on the socket succeeds");
    } else if (!strcmp(g, "server")) {
        /* peer (client): send "hello", expect "world", close */
        uint16_t port = env_port("WASMCERT_LISTEN_PORT");
        uint8_t raw[16];
        we_address_t a = v1_loopback(raw, v6);
        __wasi_fd_t lfd = 0;
        int32_t e = we_sock_open(peer_af(), WE_SOCK_STREAM, &lfd);
        if (!e) e = we_sock_bind(lfd, &a, port);
        if (!tap_errno(e, E(SUCCESS), "sock_open + V1 sock_bind to %s:%u succeed", peer_name(), port)) return tap_end();
        if (!tap_errno(we_sock_listen(lfd, 4), E(SUCCESS), "sock_listen succeeds")) return tap_end();
        __wasi_fd_t cfd = 0;
        if (!tap_errno(we_sock_accept_v1(lfd, &cfd), E(SUCCESS), "V1 sock_accept(fd, *newfd) returns the peer's connection")) return tap_end();
        tap_ok(cfd != lfd && cfd > 2, "the accepted fd is a new descriptor (%u, listener %u)", cfd, lfd);
        __wasi_fdstat_t st;
        memset(&st, 0xAA, sizeof st);
        tap_ok(__wasi_fd_fdstat_get(cfd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM && st.fs_flags == 0,
               "fd_fdstat_get on it gives filetype socket_stream (6) and fs_flags 0 (got %u, 0x%x)", st.fs_filetype, st.fs_flags);
        e = recv_exact(cfd, buf, 5, &n);
        tap_errno(e, E(SUCCESS), "sock_recv on the accepted socket succeeds");
        tap_bytes(buf, n, "hello", 5, "it receives the peer's \"hello\"");
        tap_errno(send_str(cfd, "world", &n), E(SUCCESS), "sock_send of \"world\" succeeds");
        tap_eq(n, 5, "it sends 5 bytes");
        tap_errno(recv_buf(cfd, buf, sizeof buf, 0, &n), E(SUCCESS), "sock_recv after the peer closed succeeds");
        tap_eq(n, 0, "it returns 0 bytes: EOF");
        tap_errno(__wasi_fd_close(cfd), E(SUCCESS), "fd_close on the accepted socket succeeds");
        tap_errno(__wasi_fd_close(lfd), E(SUCCESS), "fd_close on the listener succeeds");
    } else if (!strcmp(g, "addr")) {
        /* peer: expect EOF. The address bytes and the port; the type is group addr-type's */
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer at %s:%u", peer_name(), port)) return tap_end();
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
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer at 127.0.0.1")) return tap_end();
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
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        uint8_t raw[16], src[16];
        we_address_t a = v1_loopback(raw, v6);
        int32_t e = we_sock_open(peer_af(), WE_SOCK_DGRAM, &fd);
        if (!e) e = we_sock_bind(fd, &a, 0);
        if (!tap_errno(e, E(SUCCESS), "sock_open(%s, dgram) + V1 sock_bind to %s port 0 succeed", v6 ? "inet6" : "inet4", peer_name())) return tap_end();
        __wasi_ciovec_t out[2] = {{(const uint8_t *)"pi", 2}, {(const uint8_t *)"ng", 2}};
        tap_errno(we_sock_send_to(fd, out, 2, &a, port, 0, &n), E(SUCCESS), "V1 sock_send_to the peer (port %u) with two ciovecs \"pi\" \"ng\" succeeds",
                  port);
        tap_eq(n, 4, "it sends 4 bytes, one datagram");
        memset(src, 0xAA, sizeof src);
        memset(buf, 0, sizeof buf);
        we_address_t from = {src, v6 ? 16 : 4};
        __wasi_iovec_t in = {(uint8_t *)buf, sizeof buf};
        uint16_t ro = 0xBEEF;
        n = 0;
        tap_errno(we_sock_recv_from_v1(fd, &in, 1, &from, 0, &n, &ro), E(SUCCESS), "V1 sock_recv_from (7 parameters, no port) succeeds");
        tap_bytes(buf, n, "pong", 4, "it receives the peer's datagram \"pong\"");
        tap_bytes(src, v6 ? 16 : 4, v6 ? LOOP6 : LOOP4, v6 ? 16 : 4, "the source address is the peer's %s", peer_name());
        tap_eq(ro, 0, "roflags is 0 for a datagram that fit");
        uint32_t type = 0, lport = 0;
        we_address_t l = {src, v6 ? 16 : 4};
        tap_errno(we_sock_getlocaladdr_v1(fd, &l, &type, &lport), E(SUCCESS), "V1 sock_getlocaladdr on the UDP socket succeeds");
        tap_ok(lport != 0 && lport < 65536, "the UDP socket has the port bind chose (%u)", lport);
        closefd(fd);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
