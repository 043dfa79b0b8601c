/*
 * Helpers shared by the standard-dialect guests: the runtime's pre-opened TCP listener
 * (found by filetype, as P1 gives no other way) and accepting the peer's connection on it
 * whatever the listener's blocking mode. Each guest picks one behaviour group by its
 * argument, one spec per group; the peer's steps are in the spec.
 */
#ifndef WASMCERT_STD_COMMON_H
#define WASMCERT_STD_COMMON_H

#include "../include/sock_tap.h"

/* The first stream socket among fds 3..31, or -1. */
__attribute__((unused)) static __wasi_fd_t find_listener(void) {
    __wasi_fdstat_t st;
    for (__wasi_fd_t fd = 3; fd < 32; fd++)
        if (__wasi_fd_fdstat_get(fd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) return fd;
    return -1;
}

/* Accepts the peer's connection, retrying while the listener says again (Wasmtime's is
 * non-blocking), for up to 3 s. Returns the errno of the last try. */
__attribute__((unused)) static int32_t accept_peer(__wasi_fd_t listener, __wasi_fdflags_t flags, __wasi_fd_t *fd) {
    int32_t e = 0;
    for (int i = 0; i < 300; i++) {
        e = __wasi_sock_accept(listener, flags, fd);
        if (e != __WASI_ERRNO_AGAIN) return e;
        sleep_ms(10);
    }
    return e;
}

/* The listener and an accepted connection, each step an assertion; 0 when either is missing. */
__attribute__((unused)) static int setup(__wasi_fd_t *listener, __wasi_fd_t *fd) {
    *listener = find_listener();
    if (!tap_ok(*listener >= 0, "the runtime pre-opened a stream socket among fds 3..31")) return 0;
    return tap_errno(accept_peer(*listener, 0, fd), __WASI_ERRNO_SUCCESS, "sock_accept returns the peer's connection (fd %d)", *fd);
}

/* One fd subscription (fd_read or fd_write) plus a relative clock of `ms`; returns the errno, fills ev[]. */
__attribute__((unused)) static int32_t poll_fd(__wasi_fd_t fd, __wasi_eventtype_t type, uint32_t ms, __wasi_event_t ev[2], __wasi_size_t *n) {
    __wasi_subscription_t sub[2];
    memset(sub, 0, sizeof sub);
    memset(ev, 0xFF, 2 * sizeof *ev);
    sub[0].userdata = 1;
    sub[0].u.tag = type;
    if (type == __WASI_EVENTTYPE_FD_READ) sub[0].u.u.fd_read.file_descriptor = fd;
    else sub[0].u.u.fd_write.file_descriptor = fd;
    sub[1].userdata = 2;
    sub[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    sub[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub[1].u.u.clock.timeout = (uint64_t)ms * 1000000ULL;
    return __wasi_poll_oneoff(sub, ev, 2, n);
}

#endif
