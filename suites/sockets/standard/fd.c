/*
 * poll_oneoff, fd_fdstat_get, fd_fdstat_set_flags and fd_close on socket fds (sheet section
 * 1, "Related"). Groups: poll-read, poll-write, poll-hangup, fdstat, set-nonblock, close.
 */
#include "std_common.h"

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t l, fd = -1;
    uint8_t buf[64];
    uint32_t n = 0;
    __wasi_event_t ev[2];
    __wasi_size_t nev = 0;
    if (!setup(&l, &fd)) return tap_end();
    if (!strcmp(g, "poll-read")) {
        /* peer: wait 600 ms, send "ready", close */
        int32_t e = poll_fd(fd, __WASI_EVENTTYPE_FD_READ, 100, ev, &nev);
        tap_errno(e, E(SUCCESS), "poll_oneoff(fd_read on the socket, clock 100 ms) before the peer sends succeeds");
        tap_ok(nev == 1 && ev[0].userdata == 2, "only the clock fires: the socket is not readable yet (%u events, first userdata %llu, error %u)", nev,
               (unsigned long long)ev[0].userdata, ev[0].error);
        e = poll_fd(fd, __WASI_EVENTTYPE_FD_READ, 3000, ev, &nev);
        tap_errno(e, E(SUCCESS), "poll_oneoff(fd_read, clock 3 s) succeeds");
        tap_ok(nev >= 1 && ev[0].userdata == 1 && ev[0].type == __WASI_EVENTTYPE_FD_READ && ev[0].error == 0,
               "the fd_read event fires once the peer sent (events %u, userdata %llu, type %u, error %u)", nev, (unsigned long long)ev[0].userdata, ev[0].type,
               ev[0].error);
        tap_ok(ev[0].fd_readwrite.nbytes >= 1 && ev[0].fd_readwrite.nbytes <= 5, "its nbytes is what is ready, 1..5 (%llu)",
               (unsigned long long)ev[0].fd_readwrite.nbytes);
        int32_t r = recv_exact(fd, buf, 5, &n);
        tap_ok(r == 0 && n == 5 && !memcmp(buf, "ready", 5), "sock_recv then returns \"ready\" (errno %d, %u bytes)", r, n);
    } else if (!strcmp(g, "poll-write")) {
        /* peer: expect "w", expect EOF */
        int32_t e = poll_fd(fd, __WASI_EVENTTYPE_FD_WRITE, 3000, ev, &nev);
        tap_errno(e, E(SUCCESS), "poll_oneoff(fd_write on the socket, clock 3 s) succeeds");
        tap_ok(nev >= 1 && ev[0].userdata == 1 && ev[0].type == __WASI_EVENTTYPE_FD_WRITE && ev[0].error == 0,
               "the fd_write event fires at once on a connected socket (events %u, userdata %llu, type %u, error %u)", nev, (unsigned long long)ev[0].userdata,
               ev[0].type, ev[0].error);
        tap_errno(send_str(fd, "w", &n), E(SUCCESS), "sock_send of \"w\" succeeds");
    } else if (!strcmp(g, "poll-hangup")) {
        /* peer: close */
        sleep_ms(200);
        int32_t e = poll_fd(fd, __WASI_EVENTTYPE_FD_READ, 3000, ev, &nev);
        tap_errno(e, E(SUCCESS), "poll_oneoff(fd_read, clock 3 s) after the peer closed succeeds");
        tap_ok(nev >= 1 && ev[0].userdata == 1 && ev[0].type == __WASI_EVENTTYPE_FD_READ, "the fd_read event fires at once (events %u, userdata %llu)", nev,
               (unsigned long long)ev[0].userdata);
        tap_ok(ev[0].fd_readwrite.flags & __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP,
               "its flags have fd_readwrite_hangup: the peer closed (flags 0x%x, nbytes %llu, error %u)", ev[0].fd_readwrite.flags,
               (unsigned long long)ev[0].fd_readwrite.nbytes, ev[0].error);
        n = 99;
        tap_ok(recv_buf(fd, buf, sizeof buf, 0, &n) == 0 && n == 0, "sock_recv returns 0 bytes: EOF (%u)", n);
    } else if (!strcmp(g, "fdstat")) {
        /* peer: expect EOF */
        __wasi_fdstat_t st;
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(l, &st), E(SUCCESS), "fd_fdstat_get on the listener succeeds");
        tap_eq(st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM, "the listener's filetype is socket_stream (6)");
        memset(&st, 0xAA, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(fd, &st), E(SUCCESS), "fd_fdstat_get on the accepted socket succeeds");
        tap_eq(st.fs_filetype, __WASI_FILETYPE_SOCKET_STREAM, "the accepted socket's filetype is socket_stream (6)");
        __wasi_rights_t need = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE;
        tap_ok((st.fs_rights_base & need) == need, "the accepted socket has fd_read and fd_write, the rights sock_recv and sock_send need (base 0x%llx)",
               (unsigned long long)st.fs_rights_base);
    } else if (!strcmp(g, "set-nonblock")) {
        /* peer: wait 500 ms, send "late", close */
        tap_errno(__wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK), E(SUCCESS), "fd_fdstat_set_flags(nonblock) on the accepted socket succeeds");
        __wasi_fdstat_t st;
        memset(&st, 0, sizeof st);
        tap_ok(__wasi_fd_fdstat_get(fd, &st) == 0 && (st.fs_flags & __WASI_FDFLAGS_NONBLOCK), "fd_fdstat_get then reports fs_flags nonblock (0x%x)", st.fs_flags);
        uint64_t t0 = now_ms();
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        tap_errno(e, E(AGAIN), "sock_recv before the peer sends gives again (after %llu ms)", (unsigned long long)(now_ms() - t0));
        tap_errno(__wasi_fd_fdstat_set_flags(fd, 0), E(SUCCESS), "fd_fdstat_set_flags(0) makes it blocking again");
        e = recv_exact(fd, buf, 4, &n);
        tap_ok(e == 0 && n == 4 && !memcmp(buf, "late", 4), "a blocking sock_recv then waits for the peer's \"late\" (errno %d, %u bytes)", e, n);
    } else if (!strcmp(g, "close")) {
        /* peer: expect EOF */
        tap_errno(__wasi_fd_close(fd), E(SUCCESS), "fd_close on the accepted socket succeeds (the peer must see EOF)");
        tap_errno(recv_buf(fd, buf, sizeof buf, 0, &n), E(BADF), "sock_recv on the closed fd gives badf");
        tap_errno(send_str(fd, "x", &n), E(BADF), "sock_send on the closed fd gives badf");
        tap_errno(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), E(BADF), "sock_shutdown on the closed fd gives badf");
        __wasi_fdstat_t st;
        tap_errno(__wasi_fd_fdstat_get(l, &st), E(SUCCESS), "the listener is still open");
        return tap_end();
    } else {
        return unknown_group(g);
    }
    closefd(fd);
    return tap_end();
}
