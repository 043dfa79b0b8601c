/*
 * The socket scenarios the WAMR and WasmEdge (V1) guests share, written once over the small
 * per-dialect API (ws_open, ws_bind, ws_connect, ws_listen, ws_accept, ws_send_to,
 * ws_recv_from, ws_local_port, ws_set_rcvtimeo_ms and the WS_*_NAME call names) that
 * include/wamr_sockets.h and include/wasmedge_sockets.h each define, so both dialects run
 * the same steps and state the same assertions. A guest includes its dialect's common
 * header (the peer's address from the environment: env_port, peer_is_ipv6) and then this.
 * Where a dialect's test checks a little more or less (a quirk it works around, an extra
 * check its sheet asks for), the scenario takes a flag and the guest says which.
 */
#ifndef WASMCERT_SOCKET_SCENARIOS_H
#define WASMCERT_SOCKET_SCENARIOS_H

#include "../include/sock_tap.h"
#include <stdio.h>

#define SC_UNUSED __attribute__((unused)) static

SC_UNUSED const char *sc_host(int v6) {
    return v6 ? "::1" : "127.0.0.1";
}
SC_UNUSED const char *sc_family(int v6) {
    return v6 ? "inet6" : "inet4";
}
/* A TCP socket connected to the peer (WASMCERT_PEER_HOST/PORT); the errno of the failing step. */
SC_UNUSED int32_t sc_connect_peer(__wasi_fd_t *fd) {
    int v6 = peer_is_ipv6();
    int32_t e = ws_open(v6, 1, fd);
    if (e) return e;
    return ws_connect(*fd, v6, env_port("WASMCERT_PEER_PORT"));
}

/* TCP client. peer: expect "ping", send "pong", expect EOF. `label` names the connect;
 * shut_both: shut down rd|wr rather than wr at the end. */
SC_UNUSED void sc_tcp_connect(const char *label, int shut_both) {
    __wasi_fd_t fd = 0;
    uint32_t n = 0;
    char buf[64];
    if (!tap_errno(sc_connect_peer(&fd), E(SUCCESS), "%s", label)) return;
    tap_errno(send_str(fd, "ping", &n), E(SUCCESS), "sock_send of \"ping\" succeeds");
    tap_eq(n, 4, "it sends 4 bytes");
    int32_t e = recv_exact(fd, buf, 4, &n);
    tap_errno(e, E(SUCCESS), "sock_recv succeeds");
    tap_bytes(buf, n, "pong", 4, "it receives the peer's \"pong\"");
    if (shut_both)
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(rd|wr) succeeds (the peer then sees EOF)");
    else
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds (the peer then sees EOF)");
    tap_errno(__wasi_fd_close(fd), E(SUCCESS), "fd_close on the socket succeeds");
}

/* TCP server on the loopback address of the peer's family, port WASMCERT_LISTEN_PORT.
 * peer (client): send "hello", expect "world", close; the guest closes last.
 * listen_apart: sock_listen is an assertion of its own; accept_fdstat: check the accepted
 * fd's filetype and fs_flags. */
SC_UNUSED void sc_tcp_server(int listen_apart, int accept_fdstat) {
    int v6 = peer_is_ipv6();
    uint16_t port = env_port("WASMCERT_LISTEN_PORT");
    uint32_t n = 0;
    char buf[64];
    __wasi_fd_t lfd = 0;
    int32_t e = ws_open(v6, 1, &lfd);
    if (!e) e = ws_bind(lfd, v6, port);
    if (listen_apart) {
        if (!tap_errno(e, E(SUCCESS), "sock_open + " WS_BIND_NAME " to %s:%u succeed", sc_host(v6), port)) return;
        if (!tap_errno(ws_listen(lfd, 4), E(SUCCESS), "sock_listen succeeds")) return;
    } else {
        if (!e) e = ws_listen(lfd, 4);
        if (!tap_errno(e, E(SUCCESS), "sock_open + " WS_BIND_NAME " to %s:%u + sock_listen succeed", sc_host(v6), port)) return;
    }
    __wasi_fd_t cfd = 0;
    if (!tap_errno(ws_accept(lfd, &cfd), E(SUCCESS), WS_ACCEPT_NAME " returns the peer's connection")) return;
    tap_ok(cfd != lfd && cfd > 2, "the accepted fd is a new descriptor (%u, listener %u)", cfd, lfd);
    if (accept_fdstat) {
        __wasi_fdstat_t st;
        memset(&st, 0xAA, sizeof st);
        tap_ok(__wasi_fd_fdstat_get(cfd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM && st.fs_flags == 0,
               "fd_fdstat_get on it gives filetype socket_stream (6) and fs_flags 0 (got %u, 0x%x)", st.fs_filetype, st.fs_flags);
    }
    e = recv_exact(cfd, buf, 5, &n);
    tap_errno(e, E(SUCCESS), "sock_recv on the accepted socket succeeds");
    tap_bytes(buf, n, "hello", 5, "it receives the peer's \"hello\"");
    tap_errno(send_str(cfd, "world", &n), E(SUCCESS), "sock_send of \"world\" succeeds");
    tap_eq(n, 5, "it sends 5 bytes");
    tap_errno(recv_buf(cfd, buf, sizeof buf, 0, &n), E(SUCCESS), "sock_recv after the peer closed succeeds");
    tap_eq(n, 0, "it returns 0 bytes: EOF");
    tap_errno(__wasi_fd_close(cfd), E(SUCCESS), "fd_close on the accepted socket succeeds");
    tap_errno(__wasi_fd_close(lfd), E(SUCCESS), "fd_close on the listener succeeds");
}

/* A UDP socket bound to port 0 of the loopback address of the peer's family, as one
 * assertion; terse: "a UDP socket binds to ..." rather than naming the calls. */
SC_UNUSED int sc_udp_open_bound(__wasi_fd_t *fd, int terse) {
    int v6 = peer_is_ipv6();
    int32_t e = ws_open(v6, 0, fd);
    if (!e) e = ws_bind(*fd, v6, 0);
    if (terse) return tap_errno(e, E(SUCCESS), "a UDP socket binds to %s port 0", sc_host(v6));
    return tap_errno(e, E(SUCCESS), "sock_open(%s, dgram) + " WS_BIND_NAME " to %s port 0 succeed", sc_family(v6), sc_host(v6));
}

/* UDP exchange. peer: expect "ping", send "pong" back to where "ping" came from.
 * check_source asserts the source address ws_recv_from wrote, in the dialect's layout. */
SC_UNUSED void sc_udp_exchange(void (*check_source)(const ws_from_t *src, int v6, uint16_t port)) {
    int v6 = peer_is_ipv6();
    uint16_t port = env_port("WASMCERT_PEER_PORT");
    __wasi_fd_t fd = 0;
    uint8_t buf[64];
    uint32_t n = 0;
    if (!sc_udp_open_bound(&fd, 0)) return;
    __wasi_ciovec_t out[2] = {{(const uint8_t *)"pi", 2}, {(const uint8_t *)"ng", 2}};
    tap_errno(ws_send_to(fd, out, 2, v6, port, &n), E(SUCCESS), WS_SEND_TO_NAME " the peer (port %u) with two ciovecs \"pi\" \"ng\" succeeds", port);
    tap_eq(n, 4, "it sends 4 bytes, one datagram");
    ws_from_t src;
    memset(&src, 0xAA, sizeof src);
    memset(buf, 0, sizeof buf);
    __wasi_iovec_t in = {buf, sizeof buf};
    n = 0;
    tap_errno(ws_recv_from(fd, &in, 1, v6, &src, &n), E(SUCCESS), WS_RECV_FROM_NAME " succeeds");
    tap_bytes(buf, n, "pong", 4, "it receives the peer's datagram \"pong\"");
    check_source(&src, v6, port);
    uint32_t lport = 0;
    tap_errno(ws_local_port(fd, v6, &lport), E(SUCCESS), WS_ADDR_LOCAL_NAME " on the UDP socket succeeds");
    tap_ok(lport != 0 && lport < 65536, "the UDP socket has the port bind chose (%u)", lport);
    closefd(fd);
}

/* roflags on a truncated datagram. UDP peer: expect "ping", send "0123456789", send "abc". */
SC_UNUSED void sc_udp_roflags(int terse) {
    __wasi_fd_t fd = 0;
    uint8_t buf[64];
    uint32_t n = 0;
    if (!sc_udp_open_bound(&fd, terse)) return;
    __wasi_ciovec_t out = {(const uint8_t *)"ping", 4};
    tap_errno(ws_send_to(fd, &out, 1, peer_is_ipv6(), env_port("WASMCERT_PEER_PORT"), &n), E(SUCCESS), "sock_send_to the peer succeeds");
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
    closefd(fd);
}

/* On a connected TCP socket. peer: send "peekme", wait 300 ms, send "tail", close */
SC_UNUSED void sc_recv_peek(__wasi_fd_t fd) {
    uint8_t buf[64];
    uint32_t n = 0;
    sleep_ms(100);
    memset(buf, 0, sizeof buf);
    tap_errno(recv_buf(fd, buf, 6, __WASI_RIFLAGS_RECV_PEEK, &n), E(SUCCESS), "sock_recv(recv_peek) into 6 bytes succeeds");
    tap_bytes(buf, n, "peekme", 6, "it returns \"peekme\"");
    memset(buf, 0, sizeof buf);
    tap_errno(recv_buf(fd, buf, 6, 0, &n), E(SUCCESS), "a normal sock_recv into 6 bytes then succeeds");
    tap_bytes(buf, n, "peekme", 6, "it returns \"peekme\" again: peek left the bytes queued");
    memset(buf, 0, sizeof buf);
    int32_t e = recv_exact(fd, buf, 4, &n);
    tap_ok(e == 0 && n == 4 && !memcmp(buf, "tail", 4), "then the peer's \"tail\" follows (errno %d, %u bytes)", e, n);
}

/* On a connected TCP socket. peer: send "wait", wait 300 ms, send "all!", close */
SC_UNUSED void sc_recv_waitall(__wasi_fd_t fd) {
    uint8_t buf[64];
    uint32_t n = 0;
    memset(buf, 0, sizeof buf);
    tap_errno(recv_buf(fd, buf, 8, __WASI_RIFLAGS_RECV_WAITALL, &n), E(SUCCESS), "sock_recv(recv_waitall) into 8 bytes succeeds");
    tap_bytes(buf, n, "waitall!", 8, "it returns all 8 bytes of both sends at once");
}

/* On a connected TCP socket. peer: expect "after-rd", expect EOF; it never closes before the
 * guest is done. eof_check: set a 1 s SO_RCVTIMEO guard and check that a recv after the
 * shutdown reads EOF at once. */
SC_UNUSED void sc_shutdown_rd(__wasi_fd_t fd, int eof_check) {
    uint8_t buf[64];
    uint32_t n = 0;
    if (eof_check) tap_errno(ws_set_rcvtimeo_ms(fd, 1000), E(SUCCESS), "SO_RCVTIMEO 1 s is set (a guard, so a recv that waits cannot hang the test)");
    tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD), E(SUCCESS), "sock_shutdown(rd) succeeds");
    if (eof_check) {
        uint64_t t0 = now_ms();
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        uint64_t dt = now_ms() - t0;
        tap_ok(e == 0 && n == 0 && dt < 500, "sock_recv after shutting down the read side returns 0 bytes (EOF) at once (errno %d, %u bytes, %llu ms)", e, n,
               (unsigned long long)dt);
    }
    tap_errno(send_str(fd, "after-rd", &n), E(SUCCESS), "sock_send after shutting down only the read side succeeds");
    tap_eq(n, 8, "it sends all 8 bytes");
    tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) then succeeds (the peer sees EOF)");
}

/* On a connected TCP socket. peer: expect "bye", expect EOF, send "still", close */
SC_UNUSED void sc_shutdown_wr(__wasi_fd_t fd) {
    uint8_t buf[64];
    uint32_t n = 0;
    tap_errno(send_str(fd, "bye", &n), E(SUCCESS), "sock_send of \"bye\" succeeds");
    tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds");
    int32_t e = recv_exact(fd, buf, 5, &n);
    tap_errno(e, E(SUCCESS), "sock_recv after shutting down only the write side succeeds");
    tap_bytes(buf, n, "still", 5, "it receives the peer's \"still\", sent after the peer saw EOF");
}

/* On an fd accepted non-blocking before the peer sent. peer (client): wait 400 ms, send
 * "late", close: a recv gives again at once, then "late" arrives. */
SC_UNUSED void sc_recv_late_nonblock(__wasi_fd_t fd) {
    uint8_t buf[64];
    uint32_t n = 0;
    uint64_t t0 = now_ms();
    int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
    tap_errno(e, E(AGAIN), "sock_recv before the peer sends gives again at once (it took %llu ms)", (unsigned long long)(now_ms() - t0));
    for (int i = 0; i < 60 && e == E(AGAIN); i++) {
        sleep_ms(50);
        e = recv_buf(fd, buf, sizeof buf, 0, &n);
    }
    tap_bytes(buf, e ? 0 : n, "late", 4, "the peer's \"late\" arrives later");
}

#endif
