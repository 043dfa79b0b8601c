/*
 * WasmEdge dialect: the standard sock_recv flags and sock_shutdown's sdflags on sockets the
 * guest opened with the V1 calls (sheet 3.2: recv flags PEEK/WAITALL honoured, roflags
 * written on MSG_TRUNC; 3.4: sock_shutdown maps rd/wr/rd|wr, and how == 0 becomes SHUT_RD
 * instead of inval). Every assertion states the standard behaviour (the P1 witx, POSIX).
 * Groups: peek, waitall, roflags, shutdown-rd, shutdown-wr, shutdown-both, shutdown-zero.
 * peek, waitall, roflags, shutdown-rd and shutdown-wr are the shared scenarios of
 * ../lib/scenarios.h, which wamr/quirks.c and wamr/udp.c run too.
 */
#include "we_common.h"
#include "../lib/scenarios.h"

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = -1;
    if (strcmp(g, "roflags") && !tap_errno(sc_connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
    if (!strcmp(g, "peek")) {
        /* peer: send "peekme", wait 300 ms, send "tail", close */
        sc_recv_peek(fd);
    } else if (!strcmp(g, "waitall")) {
        /* peer: send "wait", wait 300 ms, send "all!", close */
        sc_recv_waitall(fd);
    } else if (!strcmp(g, "roflags")) {
        /* UDP peer: expect "ping", send "0123456789", send "abc" */
        sc_udp_roflags(1);
        fd = -1;
    } else if (!strcmp(g, "shutdown-rd")) {
        /* peer: expect "after-rd", expect EOF; it never closes before the guest is done */
        sc_shutdown_rd(fd, 1);
    } else if (!strcmp(g, "shutdown-wr")) {
        /* peer: expect "bye", expect EOF, send "still", close */
        sc_shutdown_wr(fd);
    } else if (!strcmp(g, "shutdown-both")) {
        /* peer: expect EOF; it does not close */
        uint8_t buf[64];
        uint32_t n = 0;
        tap_errno(ws_set_rcvtimeo_ms(fd, 1000), E(SUCCESS), "SO_RCVTIMEO 1 s is set (a guard)");
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
        uint8_t buf[64];
        uint32_t n = 0;
        tap_errno(ws_set_rcvtimeo_ms(fd, 300), E(SUCCESS), "SO_RCVTIMEO 300 ms is set");
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
