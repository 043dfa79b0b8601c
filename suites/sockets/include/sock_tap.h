/*
 * Test helpers shared by the socket guests of every dialect (not an ABI header), beside
 * tap.h's errno sets and byte comparisons and groups.h's behaviour group: whole-string
 * sends and receives with the standard P1 calls, a sleep on poll_oneoff, the monotonic
 * clock in ms.
 */
#ifndef WASMCERT_SOCK_TAP_H
#define WASMCERT_SOCK_TAP_H

#include "p1_sockets.h"
#include "groups.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

__attribute__((unused)) static int32_t send_str(uint32_t fd, const char *s, uint32_t *nsent) {
    __wasi_ciovec_t v = {(const uint8_t *)s, strlen(s)};
    __wasi_size_t n = 0;
    int32_t e = __wasi_sock_send(fd, &v, 1, 0, &n);
    if (nsent) *nsent = n;
    return e;
}
__attribute__((unused)) static int32_t recv_buf(uint32_t fd, void *buf, uint32_t cap, __wasi_riflags_t flags, uint32_t *nread) {
    __wasi_iovec_t v = {(uint8_t *)buf, cap};
    __wasi_size_t n = 0;
    __wasi_roflags_t ro = 0;
    int32_t e = __wasi_sock_recv(fd, &v, 1, flags, &n, &ro);
    *nread = n;
    return e;
}
/* Reads until `want` bytes came or EOF or an error; returns the errno, *got the count. */
__attribute__((unused)) static int32_t recv_exact(uint32_t fd, void *buf, uint32_t want, uint32_t *got) {
    *got = 0;
    while (*got < want) {
        uint32_t n = 0;
        int32_t e = recv_buf(fd, (uint8_t *)buf + *got, want - *got, 0, &n);
        if (e) return e;
        if (n == 0) break;
        *got += n;
    }
    return 0;
}

/* Sleeps on one relative monotonic clock subscription. */
__attribute__((unused)) static void sleep_ms(uint32_t ms) {
    __wasi_subscription_t sub;
    __wasi_event_t ev;
    __wasi_size_t n;
    memset(&sub, 0, sizeof sub);
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = (uint64_t)ms * 1000000ULL;
    if (__wasi_poll_oneoff(&sub, &ev, 1, &n)) {}
}
__attribute__((unused)) static uint64_t now_ms(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t)) t = 0;
    return t / 1000000ULL;
}

/* fd_close whose result the group does not check */
__attribute__((unused)) static void closefd(__wasi_fd_t fd) {
    if (__wasi_fd_close(fd)) {
    }
}

#endif
