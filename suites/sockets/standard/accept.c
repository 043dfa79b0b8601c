/*
 * Standard P1 sock_accept on the runtime's pre-opened listener (sheet section 1): the
 * blocking accept, fdflags given to sock_accept, a non-blocking listener with nothing
 * pending, and accept on a socket that is not listening.
 * Groups: blocking, again, nonblock-flag, on-connected.
 */
#include "std_common.h"

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t l = find_listener(), fd = -1;
    uint8_t buf[32];
    uint32_t n = 0;
    if (!tap_ok(l >= 0, "the runtime pre-opened a stream socket among fds 3..31")) return tap_end();
    __wasi_fdstat_t st;
    if (!strcmp(g, "blocking")) {
        /* peer: send "hi", expect EOF */
        memset(&st, 0, sizeof st);
        tap_errno(__wasi_fd_fdstat_get(l, &st), E(SUCCESS), "fd_fdstat_get on the listener succeeds");
        if (st.fs_flags & __WASI_FDFLAGS_NONBLOCK) {
            tap_skip("the runtime pre-opens the listener non-blocking", "sock_accept on a blocking listener waits for the peer");
            if (!tap_errno(accept_peer(l, 0, &fd), E(SUCCESS), "sock_accept, retried while again, returns the peer's connection")) return tap_end();
        } else {
            int32_t e = __wasi_sock_accept(l, 0, &fd);
            if (!tap_errno(e, E(SUCCESS), "sock_accept on the listener (fs_flags 0x%x: blocking) waits for the peer and returns its connection", st.fs_flags))
                return tap_end();
        }
        tap_ok(fd > 2 && fd != l, "the new fd is a fresh descriptor (%d, listener %d)", fd, l);
        memset(&st, 0xAA, sizeof st);
        tap_ok(__wasi_fd_fdstat_get(fd, &st) == 0 && !(st.fs_flags & __WASI_FDFLAGS_NONBLOCK), "sock_accept(flags 0) gives an fd without nonblock (fs_flags 0x%x)",
               st.fs_flags);
        int32_t e = recv_exact(fd, buf, 2, &n);
        tap_ok(e == 0 && n == 2 && !memcmp(buf, "hi", 2), "the connection carries the peer's \"hi\" (errno %d, %u bytes)", e, n);
    } else if (!strcmp(g, "again")) {
        /* peer: expect EOF. One connection: once it is accepted nothing is pending. */
        if (!tap_errno(accept_peer(l, 0, &fd), E(SUCCESS), "sock_accept returns the peer's connection")) return tap_end();
        tap_errno(__wasi_fd_fdstat_set_flags(l, __WASI_FDFLAGS_NONBLOCK), E(SUCCESS), "fd_fdstat_set_flags(nonblock) on the listener succeeds");
        memset(&st, 0, sizeof st);
        tap_ok(__wasi_fd_fdstat_get(l, &st) == 0 && (st.fs_flags & __WASI_FDFLAGS_NONBLOCK), "the listener then reports fs_flags nonblock (0x%x)", st.fs_flags);
        __wasi_fd_t other = -1;
        uint64_t t0 = now_ms();
        tap_errno(__wasi_sock_accept(l, 0, &other), E(AGAIN), "sock_accept on the non-blocking listener with no pending connection gives again");
        tap_ok(now_ms() - t0 < 1000, "at once (%llu ms)", (unsigned long long)(now_ms() - t0));
    } else if (!strcmp(g, "nonblock-flag")) {
        /* peer: wait 500 ms, send "late", expect EOF */
        if (!tap_errno(accept_peer(l, __WASI_FDFLAGS_NONBLOCK, &fd), E(SUCCESS), "sock_accept(fdflags nonblock) returns the peer's connection")) return tap_end();
        memset(&st, 0, sizeof st);
        tap_ok(__wasi_fd_fdstat_get(fd, &st) == 0 && (st.fs_flags & __WASI_FDFLAGS_NONBLOCK),
               "the new fd has fs_flags nonblock (witx: flags are the desired values of the fd flags) (0x%x)", st.fs_flags);
        uint64_t t0 = now_ms();
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        tap_errno(e, E(AGAIN), "sock_recv before the peer sends gives again (after %llu ms)", (unsigned long long)(now_ms() - t0));
        for (int i = 0; i < 60 && e == E(AGAIN); i++) {
            sleep_ms(50);
            e = recv_buf(fd, buf, sizeof buf, 0, &n);
        }
        tap_bytes(buf, e ? 0 : n, "late", 4, "the peer's \"late\" arrives later on the same fd");
    } else if (!strcmp(g, "on-connected")) {
        /* peer: expect "ok", expect EOF */
        if (!tap_errno(accept_peer(l, 0, &fd), E(SUCCESS), "sock_accept returns the peer's connection")) return tap_end();
        __wasi_fd_t other = -1;
        int32_t e = __wasi_sock_accept(fd, __WASI_FDFLAGS_NONBLOCK, &other);
        printf("# sock_accept on the connected socket gave %s (%d)\n", tap_errno_name(e), e);
        tap_errno_in(e, ERRNOS(E(INVAL), E(NOTSUP), E(NOTCAPABLE)),
                     "sock_accept on a connected (not listening) socket gives inval (POSIX accept), notsup, or notcapable (it lacks the sock_accept right)");
        tap_errno(send_str(fd, "ok", &n), E(SUCCESS), "the connection still works: sock_send of \"ok\" succeeds");
    } else {
        return unknown_group(g);
    }
    if (fd >= 0) closefd(fd);
    return tap_end();
}
