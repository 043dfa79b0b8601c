/*
 * WAMR dialect, UDP (sheet 2.2): sock_send_to and sock_recv_from with the harness's UDP
 * peer, the source address sock_recv_from reports (the peer's address, port in host byte
 * order), and roflags on a truncated datagram (quirk: sheet 2.6 says *roflags is never
 * written). Groups: exchange, roflags.
 */
#include "wamr_common.h"

static int open_bound(__wasi_fd_t *fd) {
    int v6 = peer_is_ipv6();
    wamr_addr_t a = v6 ? addr6_loopback(0) : addr4(127, 0, 0, 1, 0);
    int32_t e = wamr_sock_open(-1, v6 ? WAMR_INET6 : WAMR_INET4, WAMR_SOCKET_DGRAM, fd);
    if (!e) e = wamr_sock_bind(*fd, &a);
    return tap_errno(e, E(SUCCESS), "sock_open(%s, dgram) + sock_bind to %s port 0 succeed", v6 ? "inet6" : "inet4", v6 ? "::1" : "127.0.0.1");
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = 0;
    uint8_t buf[64];
    uint32_t n = 0;
    uint16_t port = env_port("WASMCERT_PEER_PORT");
    wamr_addr_t peer = peer_addr();
    if (!strcmp(g, "exchange")) {
        /* peer: expect "ping", send "pong" back to where "ping" came from */
        if (!open_bound(&fd)) return tap_end();
        __wasi_ciovec_t out[2] = {{(const uint8_t *)"pi", 2}, {(const uint8_t *)"ng", 2}};
        tap_errno(wamr_sock_send_to(fd, out, 2, 0, &peer, &n), E(SUCCESS), "sock_send_to the peer (port %u) with two ciovecs \"pi\" \"ng\" succeeds", port);
        tap_eq(n, 4, "it sends 4 bytes, one datagram");
        wamr_addr_t src;
        memset(&src, 0xAA, sizeof src);
        memset(buf, 0, sizeof buf);
        __wasi_iovec_t in = {buf, sizeof buf};
        n = 0;
        tap_errno(wamr_sock_recv_from(fd, &in, 1, 0, &src, &n), E(SUCCESS), "sock_recv_from succeeds");
        tap_bytes(buf, n, "pong", 4, "it receives the peer's datagram \"pong\"");
        const uint8_t *b = (const uint8_t *)&src;
        if (peer_is_ipv6()) {
            tap_ok(is_loopback6(&src), "the source address is IPv6 ::1 (kind %u)", (unsigned)src.kind);
            tap_ok(b[20] == (port & 0xff) && b[21] == (port >> 8), "the source port is the peer's %u, host byte order at bytes 20..21 (got %02x %02x)", port,
                   b[20], b[21]);
        } else {
            tap_ok(is_loopback4(&src), "the source address is IPv4 127.0.0.1 (kind %u, %u.%u.%u.%u)", (unsigned)src.kind, b[4], b[5], b[6], b[7]);
            tap_ok(b[8] == (port & 0xff) && b[9] == (port >> 8), "the source port is the peer's %u, host byte order at bytes 8..9 (got %02x %02x)", port, b[8],
                   b[9]);
        }
        wamr_addr_t l;
        memset(&l, 0, sizeof l);
        tap_errno(wamr_sock_addr_local(fd, &l), E(SUCCESS), "sock_addr_local on the UDP socket succeeds");
        uint16_t lport = peer_is_ipv6() ? l.addr.ip6.port : l.addr.ip4.port;
        tap_ok(lport != 0, "the UDP socket has the port bind chose (%u)", lport);
    } else if (!strcmp(g, "roflags")) {
        /* peer: expect "ping", send "0123456789", send "abc" */
        if (!open_bound(&fd)) return tap_end();
        __wasi_ciovec_t out = {(const uint8_t *)"ping", 4};
        tap_errno(wamr_sock_send_to(fd, &out, 1, 0, &peer, &n), E(SUCCESS), "sock_send_to the peer succeeds");
        memset(buf, 0, sizeof buf);
        __wasi_iovec_t in = {buf, 4};
        __wasi_size_t got = 0;
        __wasi_roflags_t ro = 0xBEEF;
        tap_errno(__wasi_sock_recv(fd, &in, 1, 0, &got, &ro), E(SUCCESS), "sock_recv of the 10-byte datagram into 4 bytes succeeds");
        tap_bytes(buf, got, "0123", 4, "it gets the datagram's first 4 bytes");
        tap_eq(ro, __WASI_ROFLAGS_RECV_DATA_TRUNCATED, "roflags is recv_data_truncated (0x1): the rest of the datagram was dropped (0xbeef = never written)");
        in.buf_len = sizeof buf;
        ro = 0xBEEF;
        tap_errno(__wasi_sock_recv(fd, &in, 1, 0, &got, &ro), E(SUCCESS), "sock_recv of the next datagram succeeds");
        tap_bytes(buf, got, "abc", 3, "it is the next datagram, \"abc\": the truncated one's tail is gone");
        tap_eq(ro, 0, "roflags is 0 for a datagram that fit (0xbeef = never written)");
    } else {
        return unknown_group(g);
    }
    closefd(fd);
    return tap_end();
}
