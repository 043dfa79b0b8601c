/*
 * WAMR dialect: the behaviours the reference sheet (section 2.6) reads in WAMR's source
 * and calls out, each in its own group so one deviation does not hide another. Every
 * assertion states the standard behaviour (POSIX / the P1 witx) the quirk departs from.
 * Groups: zero-send, zero-recv, peek, waitall, shutdown-rd, shutdown-wr, accept-nonblock,
 * close-linger, sock_close, rights. peek, waitall, shutdown-rd and shutdown-wr are the
 * shared scenarios of ../lib/scenarios.h, which wasmedge/recv_shutdown.c runs too.
 */
#include "wamr_common.h"
#include "../lib/scenarios.h"

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = -1;
    uint8_t buf[64];
    uint32_t n = 0;
    if (!strcmp(g, "zero-send")) {
        /* peer: expect "after", expect EOF */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
        __wasi_ciovec_t v[2] = {{(const uint8_t *)"x", 0}, {(const uint8_t *)"y", 0}};
        __wasi_size_t sent = 99;
        tap_errno(__wasi_sock_send(fd, v, 0, 0, &sent), E(SUCCESS), "sock_send with iovs_len 0 succeeds (POSIX send of 0 bytes)");
        tap_eq(sent, 0, "it sends 0 bytes");
        sent = 99;
        tap_errno(__wasi_sock_send(fd, v, 2, 0, &sent), E(SUCCESS), "sock_send with two 0-length ciovecs succeeds");
        tap_eq(sent, 0, "it sends 0 bytes");
        tap_errno(send_str(fd, "after", &n), E(SUCCESS), "a normal sock_send afterwards succeeds");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds");
    } else if (!strcmp(g, "zero-recv")) {
        /* peer: send "data", then expect EOF */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
        sleep_ms(200); /* "data" is queued by now */
        __wasi_iovec_t v[2] = {{buf, 0}, {buf + 1, 0}};
        __wasi_size_t got = 99;
        __wasi_roflags_t ro = 0;
        buf[0] = 0xAA;
        tap_errno(__wasi_sock_recv(fd, v, 0, 0, &got, &ro), E(SUCCESS), "sock_recv with iovs_len 0 succeeds (POSIX recv of 0 bytes)");
        tap_eq(got, 0, "it receives 0 bytes");
        got = 99;
        tap_errno(__wasi_sock_recv(fd, v, 2, 0, &got, &ro), E(SUCCESS), "sock_recv with two 0-length iovecs succeeds");
        tap_eq(got, 0, "it receives 0 bytes");
        tap_ok(buf[0] == 0xAA, "nothing is written to a 0-length buffer");
        int32_t e = recv_exact(fd, buf, 4, &n);
        tap_ok(e == 0 && n == 4 && !memcmp(buf, "data", 4), "the queued \"data\" is all still there for the next sock_recv (errno %d, %u bytes)", e, n);
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(SUCCESS), "sock_shutdown(wr) succeeds");
    } else if (!strcmp(g, "peek")) {
        /* peer: send "peekme", wait 300 ms, send "tail", close */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
        sc_recv_peek(fd);
    } else if (!strcmp(g, "waitall")) {
        /* peer: send "wait", wait 300 ms, send "all!", close */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
        sc_recv_waitall(fd);
    } else if (!strcmp(g, "shutdown-rd")) {
        /* peer: expect "after-rd", expect EOF */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
        sc_shutdown_rd(fd, 0);
    } else if (!strcmp(g, "shutdown-wr")) {
        /* peer: expect "bye", expect EOF, send "still", close */
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
        sc_shutdown_wr(fd);
    } else if (!strcmp(g, "accept-nonblock")) {
        /* peer (client): wait 400 ms, send "late", close */
        __wasi_fd_t lfd;
        if (!tap_errno(listen_here(&lfd), E(SUCCESS), "a listener binds to 127.0.0.1:%u", env_port("WASMCERT_LISTEN_PORT"))) return tap_end();
        if (!tap_errno(__wasi_sock_accept(lfd, __WASI_FDFLAGS_NONBLOCK, &fd), E(SUCCESS), "sock_accept(fdflags nonblock) succeeds")) return tap_end();
        __wasi_fdstat_t st;
        memset(&st, 0, sizeof st);
        tap_ok(__wasi_fd_fdstat_get(fd, &st) == 0 && (st.fs_flags & __WASI_FDFLAGS_NONBLOCK),
               "the accepted fd has fs_flags nonblock (witx sock_accept: flags are the desired values of the file descriptor flags) (fs_flags 0x%x)", st.fs_flags);
        sc_recv_late_nonblock(fd);
    } else if (!strcmp(g, "close-linger")) {
        /* peer (client): expect "bye", expect EOF */
        __wasi_fd_t lfd;
        if (!tap_errno(listen_here(&lfd), E(SUCCESS), "a listener binds to 127.0.0.1:%u and listens", env_port("WASMCERT_LISTEN_PORT"))) return tap_end();
        uint8_t on = 0xAA;
        int32_t secs = 0x55;
        tap_ok(wamr_sock_get_linger(lfd, &on, &secs) == 0 && on == 0, "the listener's linger is off: sock_bind does not set SO_LINGER (on 0x%02x, %d s)", on,
               secs);
        if (!tap_errno(__wasi_sock_accept(lfd, 0, &fd), E(SUCCESS), "sock_accept returns the peer's connection")) return tap_end();
        on = 0xAA;
        tap_ok(wamr_sock_get_linger(fd, &on, &secs) == 0 && on == 0, "the accepted socket's linger is off (on 0x%02x, %d s)", on, secs);
        tap_errno(send_str(fd, "bye", &n), E(SUCCESS), "sock_send of \"bye\" succeeds");
        tap_errno(__wasi_fd_close(fd), E(SUCCESS), "fd_close succeeds: a graceful close, the peer reads \"bye\" then EOF, no reset");
        fd = -1;
    } else if (!strcmp(g, "sock_close")) {
        if (!tap_errno(wamr_sock_open(-1, WAMR_INET4, WAMR_SOCKET_STREAM, &fd), E(SUCCESS), "sock_open succeeds")) return tap_end();
        tap_errno(wamr_sock_close(fd), E(NOSYS), "sock_close gives nosys: WAMR's lib-socket closes with fd_close (sheet 2.2)");
        __wasi_fdstat_t st;
        tap_errno(__wasi_fd_fdstat_get(fd, &st), E(SUCCESS), "the socket is still open afterwards");
        tap_errno(__wasi_fd_close(fd), E(SUCCESS), "fd_close then closes it");
        tap_errno(__wasi_fd_fdstat_get(fd, &st), E(BADF), "and the fd is gone (badf)");
        fd = -1;
    } else if (!strcmp(g, "rights")) {
        __wasi_fd_t u;
        if (!tap_errno(wamr_sock_open(-1, WAMR_INET4, WAMR_SOCKET_STREAM, &fd), E(SUCCESS), "sock_open(stream) succeeds")) return tap_end();
        if (!tap_errno(wamr_sock_open(-1, WAMR_INET4, WAMR_SOCKET_DGRAM, &u), E(SUCCESS), "sock_open(dgram) succeeds")) return tap_end();
        __wasi_fdstat_t st;
        tap_errno(__wasi_fd_fdstat_get(fd, &st), E(SUCCESS), "fd_fdstat_get on the TCP socket succeeds");
        tap_ok((st.fs_rights_base & ~P1_RIGHTS_ALL) == 0, "its rights base has no bit above 29, the last right the witx defines (base 0x%llx)",
               (unsigned long long)st.fs_rights_base);
        tap_ok((st.fs_rights_inheriting & ~P1_RIGHTS_ALL) == 0, "its rights inheriting has no bit above 29 (0x%llx)", (unsigned long long)st.fs_rights_inheriting);
        __wasi_rights_t need = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_POLL_FD_READWRITE | __WASI_RIGHTS_SOCK_SHUTDOWN;
        tap_ok((st.fs_rights_base & need) == need, "it has fd_read, fd_write, poll_fd_readwrite and sock_shutdown (base 0x%llx)", (unsigned long long)st.fs_rights_base);
        tap_errno(__wasi_fd_fdstat_get(u, &st), E(SUCCESS), "fd_fdstat_get on the UDP socket succeeds");
        tap_ok((st.fs_rights_base & ~P1_RIGHTS_ALL) == 0, "its rights base has no bit above 29 (base 0x%llx)", (unsigned long long)st.fs_rights_base);
        closefd(u);
    } else {
        return unknown_group(g);
    }
    if (fd >= 0) closefd(fd);
    return tap_end();
}
