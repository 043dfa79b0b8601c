/*
 * WasmEdge dialect, the _v2 imports (sheet 3.2, 0.12.0 ABI): the 128-byte address storage
 * (family u16 LE @0, address @2) in sock_bind_v2 / sock_connect_v2 / sock_send_to_v2 /
 * sock_recv_from_v2 / sock_getlocaladdr_v2 / sock_getpeeraddr_v2, the standard
 * 3-parameter sock_accept_v2 with its fdflags, and the plain name sock_accept imported with
 * the standard type, which resolves to sock_accept_v2 (3.1). This module imports no V1-only
 * type. Groups: connect, server, accept-nonblock, accept-standard, addr, udp, udp-port.
 */
#include "we_common.h"
#include "../lib/scenarios.h"

static int32_t open_v2(int af, int type, __wasi_fd_t *fd) {
    return we_sock_open_v2(af, type, fd);
}
static int32_t connect_peer(__wasi_fd_t *fd) {
    we_addr_storage_t st;
    we_address_t a = v2_loopback(&st, peer_is_ipv6());
    int32_t e = open_v2(peer_af(), WE_SOCK_STREAM, fd);
    if (e) return e;
    return we_sock_connect_v2(*fd, &a, env_port("WASMCERT_PEER_PORT"));
}
static int32_t listen_here(__wasi_fd_t *fd, uint16_t port) {
    we_addr_storage_t st;
    we_address_t a = v2_loopback(&st, peer_is_ipv6());
    int32_t e = open_v2(peer_af(), WE_SOCK_STREAM, fd);
    if (!e) e = we_sock_bind_v2(*fd, &a, port);
    if (!e) e = we_sock_listen_v2(*fd, 4);
    return e;
}
/* The storage a _v2 call wrote: the family @0 and the loopback address @2. */
static void check_storage(const char *what, const we_addr_storage_t *st, int v6) {
    tap_eq(st->family, v6 ? WE_AF_INET6 : WE_AF_INET4, "%s writes family %s (%d) as a u16 at bytes 0..1", what, v6 ? "inet6" : "inet4",
           v6 ? WE_AF_INET6 : WE_AF_INET4);
    if (!tap_bytes(st->data, v6 ? 16 : 4, v6 ? LOOP6 : LOOP4, v6 ? 16 : 4, "%s writes the %s address at bytes 2..%d", what, v6 ? "::1" : "127.0.0.1",
                   v6 ? 17 : 5))
        show_hex("storage", (const uint8_t *)st, 24);
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = 0;
    uint32_t n = 0;
    char buf[64];
    int v6 = peer_is_ipv6();
    __wasi_fdstat_t fst;
    if (!strcmp(g, "connect")) {
        /* peer: expect "ping", send "pong", expect EOF */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "sock_open_v2 + sock_connect_v2({128-byte storage, family %s, %s}, port %u) succeed",
                       v6 ? "inet6" : "inet4", peer_name(), env_port("WASMCERT_PEER_PORT")))
            return tap_end();
        tap_errno(send_str(fd, "ping", &n), E(SUCCESS), "sock_send of \"ping\" succeeds");
        int32_t e = recv_exact(fd, buf, 4, &n);
        tap_errno(e, E(SUCCESS), "sock_recv succeeds");
        tap_bytes(buf, n, "pong", 4, "it receives the peer's \"pong\"");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds (the peer then sees EOF)");
        tap_errno(__wasi_fd_close(fd), E(SUCCESS), "fd_close on the socket succeeds");
    } else if (!strcmp(g, "server")) {
        /* peer (client): send "hello", expect "world", close */
        uint16_t port = env_port("WASMCERT_LISTEN_PORT");
        __wasi_fd_t lfd = 0;
        if (!tap_errno(listen_here(&lfd, port), E(SUCCESS), "sock_open_v2 + sock_bind_v2(128-byte storage, %s:%u) + sock_listen_v2 succeed", peer_name(),
                       port))
            return tap_end();
        if (!tap_errno(we_sock_accept_v2(lfd, 0, &fd), E(SUCCESS), "sock_accept_v2(fd, fdflags 0, *newfd) returns the peer's connection")) return tap_end();
        memset(&fst, 0xAA, sizeof fst);
        tap_ok(__wasi_fd_fdstat_get(fd, &fst) == 0 && fst.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM && fst.fs_flags == 0,
               "the accepted fd is a socket_stream (6) with fs_flags 0 (got %u, 0x%x)", fst.fs_filetype, fst.fs_flags);
        int32_t e = recv_exact(fd, buf, 5, &n);
        tap_errno(e, E(SUCCESS), "sock_recv on the accepted socket succeeds");
        tap_bytes(buf, n, "hello", 5, "it receives the peer's \"hello\"");
        tap_errno(send_str(fd, "world", &n), E(SUCCESS), "sock_send of \"world\" succeeds");
        tap_errno(recv_buf(fd, buf, sizeof buf, 0, &n), E(SUCCESS), "sock_recv after the peer closed succeeds");
        tap_eq(n, 0, "it returns 0 bytes: EOF");
        closefd(fd);
        closefd(lfd);
    } else if (!strcmp(g, "accept-nonblock")) {
        /* peer (client): wait 400 ms, send "late", close */
        __wasi_fd_t idle = 0;
        if (tap_errno(listen_here(&idle, 0), E(SUCCESS), "a second listener binds to %s port 0, where nobody connects", peer_name())) {
            tap_errno(__wasi_fd_fdstat_set_flags(idle, __WASI_FDFLAGS_NONBLOCK), E(SUCCESS), "fd_fdstat_set_flags(nonblock) on it succeeds");
            __wasi_fd_t x = 0xAAAA;
            uint64_t t0 = now_ms();
            tap_errno(we_sock_accept_v2(idle, 0, &x), E(AGAIN), "sock_accept_v2 on the non-blocking listener with nothing pending gives again (in %llu ms)",
                      (unsigned long long)(now_ms() - t0));
            closefd(idle);
        }
        __wasi_fd_t lfd = 0;
        uint16_t port = env_port("WASMCERT_LISTEN_PORT");
        if (!tap_errno(listen_here(&lfd, port), E(SUCCESS), "a listener binds to %s:%u", peer_name(), port)) return tap_end();
        if (!tap_errno(we_sock_accept_v2(lfd, __WASI_FDFLAGS_NONBLOCK, &fd), E(SUCCESS), "sock_accept_v2(fdflags nonblock) returns the peer's connection"))
            return tap_end();
        memset(&fst, 0, sizeof fst);
        tap_ok(__wasi_fd_fdstat_get(fd, &fst) == 0 && (fst.fs_flags & __WASI_FDFLAGS_NONBLOCK), "the accepted fd has fs_flags nonblock (0x%x)", fst.fs_flags);
        sc_recv_late_nonblock(fd);
        closefd(fd);
        closefd(lfd);
    } else if (!strcmp(g, "accept-standard")) {
        /* peer (client): send "std", close. wasi-libc's __wasi_sock_accept imports the plain
         * name sock_accept with the standard (fd, fdflags, *newfd) type. */
        __wasi_fd_t lfd = 0;
        uint16_t port = env_port("WASMCERT_LISTEN_PORT");
        if (!tap_errno(listen_here(&lfd, port), E(SUCCESS), "a listener binds to %s:%u", peer_name(), port)) return tap_end();
        if (!tap_errno(__wasi_sock_accept(lfd, __WASI_FDFLAGS_NONBLOCK, &fd), E(SUCCESS),
                       "the standard 3-parameter sock_accept(fdflags nonblock) returns the peer's connection"))
            return tap_end();
        memset(&fst, 0, sizeof fst);
        tap_ok(__wasi_fd_fdstat_get(fd, &fst) == 0 && (fst.fs_flags & __WASI_FDFLAGS_NONBLOCK),
               "the accepted fd has fs_flags nonblock: the flags reached the host (0x%x)", fst.fs_flags);
        int32_t e = E(AGAIN);
        for (int i = 0; i < 60 && e == E(AGAIN); i++) {
            e = recv_buf(fd, buf, sizeof buf, 0, &n);
            if (e == E(AGAIN)) sleep_ms(50);
        }
        tap_bytes(buf, e ? 0 : n, "std", 3, "it carries the peer's \"std\"");
        closefd(fd);
        closefd(lfd);
    } else if (!strcmp(g, "addr")) {
        /* peer: expect EOF */
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer at %s:%u", peer_name(), port)) return tap_end();
        we_addr_storage_t st;
        we_address_t a = {(uint8_t *)&st, WE_ADDR_STORAGE_LEN};
        uint32_t p = 0xAAAAAAAA;
        memset(&st, 0xAA, sizeof st);
        tap_errno(we_sock_getpeeraddr_v2(fd, &a, &p), E(SUCCESS), "sock_getpeeraddr_v2 with a 128-byte storage succeeds");
        check_storage("sock_getpeeraddr_v2", &st, v6);
        tap_eq(p, port, "sock_getpeeraddr_v2 gives the peer's port %u as a u32 in host byte order", port);
        memset(&st, 0xAA, sizeof st);
        p = 0xAAAAAAAA;
        tap_errno(we_sock_getlocaladdr_v2(fd, &a, &p), E(SUCCESS), "sock_getlocaladdr_v2 with a 128-byte storage succeeds");
        check_storage("sock_getlocaladdr_v2", &st, v6);
        tap_ok(p != 0 && p < 65536 && p != port, "sock_getlocaladdr_v2 gives the ephemeral local port as a u32 in host byte order (%u)", p);
        uint8_t raw[16];
        we_address_t small = {raw, v6 ? 16 : 4};
        tap_errno(we_sock_getpeeraddr_v2(fd, &small, &p), E(INVAL), "sock_getpeeraddr_v2 with buf_len %u instead of 128 gives inval", small.buf_len);
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds");
    } else if (!strcmp(g, "udp-port")) {
        /* No peer: two UDP sockets of the guest's own on 127.0.0.1, the sender's port chosen
         * so that its two bytes differ (a byte-swapped port then never reads the same). */
        we_addr_storage_t st, src;
        we_address_t a = v2_loopback(&st, 0);
        __wasi_fd_t r = 0, s = 0;
        uint32_t rport = 0, sport = 0;
        int32_t e = open_v2(WE_AF_INET4, WE_SOCK_DGRAM, &r);
        if (!e) e = we_sock_bind_v2(r, &a, 0);
        if (!e) e = we_sock_getlocaladdr_v2(r, &a, &rport);
        if (!tap_errno(e, E(SUCCESS), "a receiving UDP socket binds to 127.0.0.1 port 0 (it got %u)", rport)) return tap_end();
        for (int i = 0; i < 16; i++) {
            a = v2_loopback(&st, 0);
            e = open_v2(WE_AF_INET4, WE_SOCK_DGRAM, &s);
            if (!e) e = we_sock_bind_v2(s, &a, 0);
            if (!e) e = we_sock_getlocaladdr_v2(s, &a, &sport);
            if (e || (sport & 0xff) != (sport >> 8)) break;
            closefd(s);
        }
        if (!tap_ok(e == 0 && (sport & 0xff) != (sport >> 8), "a sending UDP socket binds to 127.0.0.1 port 0 (it got %u = 0x%04x, two different bytes)",
                    sport, sport))
            return tap_end();
        a = v2_loopback(&st, 0);
        __wasi_ciovec_t out = {(const uint8_t *)"port", 4};
        tap_errno(we_sock_send_to_v2(s, &out, 1, &a, rport, 0, &n), E(SUCCESS), "sock_send_to_v2 from it to the receiver succeeds");
        we_address_t from = {(uint8_t *)&src, WE_ADDR_STORAGE_LEN};
        __wasi_iovec_t in = {(uint8_t *)buf, sizeof buf};
        uint16_t rp = 0xAAAA, ro = 0;
        tap_errno(we_sock_recv_from_v2(r, &in, 1, &from, 0, &rp, &n, &ro), E(SUCCESS), "sock_recv_from_v2 on the receiver succeeds");
        tap_bytes(buf, n, "port", 4, "it receives the datagram \"port\"");
        tap_eq(rp, sport, "sock_recv_from_v2 gives the source port %u in host byte order, as sock_getlocaladdr_v2 gave it (0x%04x; byte-swapped it would be %u)",
               sport, sport, (unsigned)(((sport & 0xff) << 8) | (sport >> 8)));
        closefd(s);
        closefd(r);
    } else if (!strcmp(g, "udp")) {
        /* peer: expect "ping", send "pong". The source port's byte order is group udp-port's. */
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        we_addr_storage_t st, src;
        we_address_t a = v2_loopback(&st, v6);
        int32_t e = open_v2(peer_af(), WE_SOCK_DGRAM, &fd);
        if (!e) e = we_sock_bind_v2(fd, &a, 0);
        if (!tap_errno(e, E(SUCCESS), "sock_open_v2(%s, dgram) + sock_bind_v2 to %s port 0 succeed", v6 ? "inet6" : "inet4", peer_name())) return tap_end();
        __wasi_ciovec_t out[2] = {{(const uint8_t *)"pi", 2}, {(const uint8_t *)"ng", 2}};
        tap_errno(we_sock_send_to_v2(fd, out, 2, &a, port, 0, &n), E(SUCCESS), "sock_send_to_v2 (128-byte storage, port %u) with \"pi\" \"ng\" succeeds", port);
        tap_eq(n, 4, "it sends 4 bytes, one datagram");
        memset(&src, 0xAA, sizeof src);
        memset(buf, 0, sizeof buf);
        we_address_t from = {(uint8_t *)&src, WE_ADDR_STORAGE_LEN};
        __wasi_iovec_t in = {(uint8_t *)buf, sizeof buf};
        uint16_t rp = 0xAAAA;
        uint16_t ro = 0xBEEF;
        n = 0;
        tap_errno(we_sock_recv_from_v2(fd, &in, 1, &from, 0, &rp, &n, &ro), E(SUCCESS), "sock_recv_from_v2 (8 parameters) succeeds");
        tap_bytes(buf, n, "pong", 4, "it receives the peer's datagram \"pong\"");
        printf("# sock_recv_from_v2 port: %u (the peer's is %u; asserted by group udp-port)\n", rp, port);
        check_storage("sock_recv_from_v2", &src, v6);
        tap_eq(ro, 0, "roflags is 0 for a datagram that fit");
        memset(&src, 0xAA, sizeof src);
        uint32_t p = 0;
        tap_errno(we_sock_getlocaladdr_v2(fd, &from, &p), E(SUCCESS), "sock_getlocaladdr_v2 on the UDP socket succeeds");
        tap_ok(p != 0 && p < 65536, "the UDP socket has the port bind chose (%u)", p);
        closefd(fd);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
