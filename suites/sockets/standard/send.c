/*
 * Standard P1 sock_send and sock_shutdown on an accepted connection (sheet section 1;
 * sdflags rd 0x1, wr 0x2): gathering several ciovecs, each shutdown direction, invalid
 * how values, and sending after the peer closed (pipe; SIGPIPE must not kill the runtime).
 * Groups: iovecs, shutdown-wr, shutdown-rd, shutdown-both, shutdown-zero, shutdown-unknown, pipe.
 */
#include "std_common.h"

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t l, fd = -1;
    uint8_t buf[64];
    uint32_t n = 0;
    if (!setup(&l, &fd)) return tap_end();
    if (!strcmp(g, "iovecs")) {
        /* peer: expect "gathered!", expect EOF */
        __wasi_ciovec_t v[4] = {{(const uint8_t *)"gat", 3}, {(const uint8_t *)"her", 3}, {(const uint8_t *)"", 0}, {(const uint8_t *)"ed!", 3}};
        __wasi_size_t sent = 0;
        tap_errno(__wasi_sock_send(fd, v, 4, 0, &sent), E(SUCCESS), "sock_send of four ciovecs \"gat\" \"her\" \"\" \"ed!\" succeeds");
        tap_eq(sent, 9, "it sends 9 bytes (the peer must read \"gathered!\")");
    } else if (!strcmp(g, "shutdown-wr")) {
        /* peer: expect "bye", expect EOF, send "still", close */
        tap_errno(send_str(fd, "bye", &n), E(SUCCESS), "sock_send of \"bye\" succeeds");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds (the peer must see EOF)");
        int32_t e = recv_exact(fd, buf, 5, &n);
        tap_errno(e, E(SUCCESS), "sock_recv still works on the read side");
        tap_bytes(buf, n, "still", 5, "it receives what the peer sent after seeing EOF, \"still\"");
        __wasi_ciovec_t v = {(const uint8_t *)"x", 1};
        __wasi_size_t sent = 0;
        tap_errno(__wasi_sock_send(fd, &v, 1, 0, &sent), E(PIPE), "sock_send after sock_shutdown(wr) gives pipe");
    } else if (!strcmp(g, "shutdown-rd")) {
        /* peer: expect "sent", expect EOF */
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD), E(SUCCESS), "sock_shutdown(rd) succeeds");
        n = 99;
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        tap_ok(e == 0 && n == 0, "sock_recv after shutdown(rd) returns 0 bytes at once: EOF (errno %d, %u bytes)", e, n);
        tap_errno(send_str(fd, "sent", &n), E(SUCCESS), "sock_send still works on the write side");
        tap_eq(n, 4, "it sends 4 bytes (the peer must read \"sent\")");
    } else if (!strcmp(g, "shutdown-both")) {
        /* peer: expect EOF */
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(rd|wr) succeeds (the peer must see EOF)");
        __wasi_ciovec_t v = {(const uint8_t *)"x", 1};
        __wasi_size_t sent = 0;
        tap_errno(__wasi_sock_send(fd, &v, 1, 0, &sent), E(PIPE), "sock_send after shutdown(rd|wr) gives pipe");
        n = 99;
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        tap_ok(e == 0 && n == 0, "sock_recv after shutdown(rd|wr) returns 0 bytes: EOF (errno %d, %u bytes)", e, n);
    } else if (!strcmp(g, "shutdown-zero") || !strcmp(g, "shutdown-unknown")) {
        /* peer: expect "ok", expect EOF */
        if (!strcmp(g, "shutdown-zero")) tap_errno(__wasi_sock_shutdown(fd, 0), E(INVAL), "sock_shutdown with how 0 (neither rd nor wr) gives inval");
        else tap_errno(__wasi_sock_shutdown(fd, 4), E(INVAL), "sock_shutdown with how 4 (no such sdflags bit) gives inval");
        tap_errno(send_str(fd, "ok", &n), E(SUCCESS), "the connection is untouched: sock_send of \"ok\" succeeds");
    } else if (!strcmp(g, "pipe")) {
        /* peer: close */
        sleep_ms(200);
        int32_t e = 0;
        int tries = 0;
        for (; tries < 20 && e == 0; tries++) {
            __wasi_ciovec_t v = {(const uint8_t *)"xxxx", 4};
            __wasi_size_t sent = 0;
            e = __wasi_sock_send(fd, &v, 1, 0, &sent);
            if (e == 0) sleep_ms(50);
        }
        printf("# sock_send after the peer closed gave %s (%d) on try %d\n", tap_errno_name(e), e, tries);
        tap_errno_in(e, ERRNOS(E(PIPE), E(CONNRESET)), "sock_send to a peer that closed soon gives pipe (or connreset from the peer's reset)");
        tap_ok(1, "the runtime survived it: no SIGPIPE killed it");
    } else {
        return unknown_group(g);
    }
    closefd(fd);
    return tap_end();
}
