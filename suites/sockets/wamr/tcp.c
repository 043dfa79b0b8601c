/*
 * WAMR dialect, TCP (sheet section 2.2): a client to the harness's peer server, a server the
 * peer connects to, the addresses sock_addr_local / sock_addr_remote report (the port in
 * host byte order, 2.3/2.4), a refused connection and the filetype of socket fds.
 * Groups: connect, server, addr, addr-listener, refused, fdstat. connect and server are
 * the shared scenarios of ../lib/scenarios.h, which wasmedge/v1.c runs too.
 */
#include "wamr_common.h"
#include "../lib/scenarios.h"

/* The 24 bytes of an IPv4 __wasi_addr_t: kind 0, 127.0.0.1 at 4..7, the port at 8..9 little-endian. */
static int check_addr4_bytes(const wamr_addr_t *a, uint16_t port, const char *what) {
    const uint8_t *b = (const uint8_t *)a;
    int ok = tap_ok(is_loopback4(a), "%s is IPv4 127.0.0.1 (kind %u, bytes 4..7 %u.%u.%u.%u)", what, (unsigned)a->kind, b[4], b[5], b[6], b[7]);
    ok &= tap_ok(b[8] == (port & 0xff) && b[9] == (port >> 8), "%s carries port %u in host (little-endian) byte order at bytes 8..9 (got %02x %02x)", what,
                 port, b[8], b[9]);
    if (!ok) show_addr(what, a);
    return ok;
}
static int check_addr6_bytes(const wamr_addr_t *a, uint16_t port, const char *what) {
    const uint8_t *b = (const uint8_t *)a;
    int ok = tap_ok(is_loopback6(a), "%s is IPv6 ::1 (kind %u, last u16 %u)", what, (unsigned)a->kind, a->addr.ip6.addr.h3);
    ok &= tap_ok(b[20] == (port & 0xff) && b[21] == (port >> 8), "%s carries port %u in host (little-endian) byte order at bytes 20..21 (got %02x %02x)",
                 what, port, b[20], b[21]);
    if (!ok) show_addr(what, a);
    return ok;
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = 0;
    char buf[64];
    if (!strcmp(g, "connect")) {
        char label[96];
        snprintf(label, sizeof label, "sock_open + sock_connect to the peer at %s:%u succeed", sc_host(peer_is_ipv6()), env_port("WASMCERT_PEER_PORT"));
        sc_tcp_connect(label, 1);
    } else if (!strcmp(g, "server")) {
        /* the guest closes last (a close of WAMR's accepted sockets resets the connection:
         * quirk-close-linger) */
        sc_tcp_server(0, 0);
    } else if (!strcmp(g, "addr")) {
        /* peer: expect EOF */
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer (port %u)", port)) return tap_end();
        wamr_addr_t r, l;
        memset(&r, 0xAA, sizeof r);
        memset(&l, 0xAA, sizeof l);
        tap_errno(wamr_sock_addr_remote(fd, &r), E(SUCCESS), "sock_addr_remote on the connected socket succeeds");
        if (peer_is_ipv6()) check_addr6_bytes(&r, port, "the remote address");
        else check_addr4_bytes(&r, port, "the remote address");
        tap_errno(wamr_sock_addr_local(fd, &l), E(SUCCESS), "sock_addr_local on the connected socket succeeds");
        uint16_t lport = peer_is_ipv6() ? l.addr.ip6.port : l.addr.ip4.port;
        tap_ok(peer_is_ipv6() ? is_loopback6(&l) : is_loopback4(&l), "the local address is the loopback address of the peer's family (kind %u)",
               (unsigned)l.kind);
        tap_ok(lport != 0 && lport != port, "the local port is an ephemeral one, neither 0 nor the peer's (%u)", lport);
        closefd(fd);
    } else if (!strcmp(g, "addr-listener")) {
        /* no peer connection needed: the listener's own address */
        uint16_t port = env_port("WASMCERT_LISTEN_PORT");
        __wasi_fd_t lfd = 0;
        if (!tap_errno(listen_here(&lfd), E(SUCCESS), "a listener binds to 127.0.0.1:%u", port)) return tap_end();
        wamr_addr_t l;
        memset(&l, 0xAA, sizeof l);
        tap_errno(wamr_sock_addr_local(lfd, &l), E(SUCCESS), "sock_addr_local on the listener succeeds");
        check_addr4_bytes(&l, port, "the listener's local address");
        __wasi_fd_t cfd = 0;
        if (tap_errno(__wasi_sock_accept(lfd, 0, &cfd), E(SUCCESS), "the peer's connection is accepted")) {
            wamr_addr_t r;
            memset(&r, 0xAA, sizeof r);
            tap_errno(wamr_sock_addr_remote(cfd, &r), E(SUCCESS), "sock_addr_remote on the accepted socket succeeds");
            tap_ok(is_loopback4(&r) && r.addr.ip4.port != 0 && r.addr.ip4.port != port,
                   "the accepted socket's remote address is 127.0.0.1 with the peer's ephemeral port (%u)", r.addr.ip4.port);
            memset(&l, 0xAA, sizeof l);
            tap_errno(wamr_sock_addr_local(cfd, &l), E(SUCCESS), "sock_addr_local on the accepted socket succeeds");
            check_addr4_bytes(&l, port, "the accepted socket's local address");
            uint32_t got = 99;
            tap_ok(recv_buf(cfd, buf, sizeof buf, 0, &got) == 0 && got == 0, "the peer's close then reads as EOF (%u bytes)", got);
            closefd(cfd);
        }
        closefd(lfd);
    } else if (!strcmp(g, "refused")) {
        /* a port bound but not listening: nothing accepts there */
        __wasi_fd_t b = 0;
        wamr_addr_t any = addr4(127, 0, 0, 1, 0), l;
        if (!tap_errno(wamr_sock_open(-1, WAMR_INET4, WAMR_SOCKET_STREAM, &b) || wamr_sock_bind(b, &any), E(SUCCESS), "a TCP socket binds to 127.0.0.1:0"))
            return tap_end();
        memset(&l, 0, sizeof l);
        wamr_sock_addr_local(b, &l);
        tap_ok(l.addr.ip4.port != 0, "the bound socket got a port (%u)", l.addr.ip4.port);
        wamr_sock_open(-1, WAMR_INET4, WAMR_SOCKET_STREAM, &fd);
        wamr_addr_t to = addr4(127, 0, 0, 1, l.addr.ip4.port);
        if (tap_errno(wamr_sock_connect(fd, &to), E(CONNREFUSED), "sock_connect to that bound, not listening port gives connrefused")) {
            uint32_t tmp;
            tap_errno(recv_buf(fd, buf, sizeof buf, 0, &tmp), E(NOTCONN), "sock_recv on the socket whose connect failed gives notconn");
        } /* else it is connected to something: a blocking recv would wait for good */
    } else if (!strcmp(g, "fdstat")) {
        __wasi_fd_t t = 0, u = 0;
        __wasi_fdstat_t st;
        tap_errno(wamr_sock_open(-1, WAMR_INET4, WAMR_SOCKET_STREAM, &t), E(SUCCESS), "sock_open(inet4, stream) succeeds");
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(t, &st), E(SUCCESS), "fd_fdstat_get on the TCP socket succeeds");
        tap_eq(st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM, "its filetype is socket_stream (6)");
        tap_errno(wamr_sock_open(-1, WAMR_INET6, WAMR_SOCKET_DGRAM, &u), E(SUCCESS), "sock_open(inet6, dgram) succeeds");
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(u, &st), E(SUCCESS), "fd_fdstat_get on the UDP socket succeeds");
        tap_eq(st.fs_filetype, __WASI_FILETYPE_SOCKET_DGRAM, "its filetype is socket_dgram (5)");
        tap_errno(__wasi_fd_close(t), E(SUCCESS), "fd_close on the TCP socket succeeds");
        tap_errno(__wasi_fd_fdstat_get(t, &st), E(BADF), "fd_fdstat_get on the closed socket gives badf");
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
