/*
 * WasmEdge dialect: the standard sock_recv flags and sock_shutdown's sdflags on sockets the
 * guest opened with the V1 calls (sheet 3.2: recv flags PEEK/WAITALL honoured, roflags
 * written on MSG_TRUNC; 3.4: sock_shutdown maps rd/wr/rd|wr, and how == 0 becomes SHUT_RD
 * instead of inval). Every assertion states the standard behaviour (the P1 witx, POSIX).
 * Groups: peek, waitall, roflags, shutdown-rd, shutdown-wr, shutdown-both, shutdown-zero.
 */
#include "we_common.h"

static int32_t connect_peer(__wasi_fd_t *fd) {
    uint8_t raw[16];
    we_address_t a = v1_loopback(raw, peer_is_ipv6());
    int32_t e = we_sock_open(peer_af(), WE_SOCK_STREAM, fd);
    if (e) return e;
    return we_sock_connect(*fd, &a, env_port("WASMCERT_PEER_PORT"));
}
/* SO_RCVTIMEO as a struct timeval (two i64: seconds, microseconds), so that a recv that
 * should not wait cannot hang the test. */
static int32_t set_rcvtimeo_ms(__wasi_fd_t fd, uint32_t ms) {
    int64_t tv[2] = {ms / 1000, (ms % 1000) * 1000};
    return we_sock_setsockopt(fd, WE_SOL_SOCKET, WE_SO_RCVTIMEO, tv, sizeof tv);
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = -1;
    uint8_t buf[64];
    uint32_t n = 0;
    if (strcmp(g, "roflags") && !tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
    if (!strcmp(g, "peek")) {
        /* peer: send "peekme", wait 300 ms, send "tail", close */
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
    } else if (!strcmp(g, "waitall")) {
        /* peer: send "wait", wait 300 ms, send "all!", close */
        memset(buf, 0, sizeof buf);
        tap_errno(recv_buf(fd, buf, 8, __WASI_RIFLAGS_RECV_WAITALL, &n), E(SUCCESS), "sock_recv(recv_waitall) into 8 bytes succeeds");
        tap_bytes(buf, n, "waitall!", 8, "it returns all 8 bytes of both sends at once");
    } else if (!strcmp(g, "roflags")) {
        /* UDP peer: expect "ping", send "0123456789", send "abc" */
        int v6 = peer_is_ipv6();
        uint8_t raw[16];
        we_address_t a = v1_loopback(raw, v6);
        int32_t e = we_sock_open(peer_af(), WE_SOCK_DGRAM, &fd);
        if (!e) e = we_sock_bind(fd, &a, 0);
        if (!tap_errno(e, E(SUCCESS), "a UDP socket binds to %s port 0", peer_name())) return tap_end();
        __wasi_ciovec_t out = {(const uint8_t *)"ping", 4};
        tap_errno(we_sock_send_to(fd, &out, 1, &a, env_port("WASMCERT_PEER_PORT"), 0, &n), E(SUCCESS), "sock_send_to the peer succeeds");
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
    } else if (!strcmp(g, "shutdown-rd")) {
        /* peer: expect "after-rd", expect EOF; it never closes before the guest is done */
        tap_errno(set_rcvtimeo_ms(fd, 1000), E(SUCCESS), "SO_RCVTIMEO 1 s is set (a guard, so a recv that waits cannot hang the test)");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD), E(SUCCESS), "sock_shutdown(rd) succeeds");
        uint64_t t0 = now_ms();
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        uint64_t dt = now_ms() - t0;
        tap_ok(e == 0 && n == 0 && dt < 500, "sock_recv after shutting down the read side returns 0 bytes (EOF) at once (errno %d, %u bytes, %llu ms)", e, n,
               (unsigned long long)dt);
        tap_errno(send_str(fd, "after-rd", &n), E(SUCCESS), "sock_send after shutting down only the read side succeeds");
        tap_eq(n, 8, "it sends all 8 bytes");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) then succeeds (the peer sees EOF)");
    } else if (!strcmp(g, "shutdown-wr")) {
        /* peer: expect "bye", expect EOF, send "still", close */
        tap_errno(send_str(fd, "bye", &n), E(SUCCESS), "sock_send of \"bye\" succeeds");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds");
        int32_t e = recv_exact(fd, buf, 5, &n);
        tap_errno(e, E(SUCCESS), "sock_recv after shutting down only the write side succeeds");
        tap_bytes(buf, n, "still", 5, "it receives the peer's \"still\", sent after the peer saw EOF");
    } else if (!strcmp(g, "shutdown-both")) {
        /* peer: expect EOF; it does not close */
        tap_errno(set_rcvtimeo_ms(fd, 1000), E(SUCCESS), "SO_RCVTIMEO 1 s is set (a guard)");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(rd|wr) succeeds (the peer sees EOF)");
        uint64_t t0 = now_ms();
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        uint64_t dt = now_ms() - t0;
        tap_ok(e == 0 && n == 0 && dt < 500, "sock_recv then returns 0 bytes (EOF) at once (errno %d, %u bytes, %llu ms)", e, n, (unsigned long long)dt);
        fflush(stdout);
        n = 99;
        tap_errno(send_str(fd, "x", &n), E(PIPE), "sock_send after shutting down the write side gives pipe (and the runtime survives: no SIGPIPE)");
    } else if (!strcmp(g, "shutdown-zero")) {
        /* peer: expect "still-open", expect EOF; it sends nothing */
        tap_errno(set_rcvtimeo_ms(fd, 300), E(SUCCESS), "SO_RCVTIMEO 300 ms is set");
        tap_errno(__wasi_sock_shutdown(fd, 0), E(INVAL), "sock_shutdown with how 0 (no sdflags bit) gives inval");
        uint64_t t0 = now_ms();
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        uint64_t dt = now_ms() - t0;
        tap_ok(e == E(AGAIN) && dt >= 250,
               "the read side is still open: sock_recv waits for the 300 ms SO_RCVTIMEO and gives again, where a shut read side gives EOF at once (errno %d, "
               "%u bytes, %llu ms)",
               e, n, (unsigned long long)dt);
        tap_errno(send_str(fd, "still-open", &n), E(SUCCESS), "the write side is still open: sock_send succeeds");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) then succeeds (the peer sees EOF)");
    } else {
        return unknown_group(g);
    }
    if (fd >= 0) closefd(fd);
    return tap_end();
}
