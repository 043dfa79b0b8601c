/*
 * WAMR's lib-socket extension, the raw imports a guest declares (reference sheet
 * sockets.md section 2). Every import lives in wasi_snapshot_preview1 and returns an i32
 * errno. sock_accept, sock_recv, sock_send and sock_shutdown are the standard P1 calls
 * (p1_sockets.h); everything else is WAMR's. Written from the sheet's tables: layouts
 * 2.4, constants 2.3, parameters 2.2.
 */
#ifndef WASMCERT_WAMR_SOCKETS_H
#define WASMCERT_WAMR_SOCKETS_H

#include "p1_sockets.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* __wasi_address_family_t (i32) */
#define WAMR_INET4 0
#define WAMR_INET6 1
#define WAMR_INET_UNSPEC 2
/* __wasi_sock_type_t (i32) */
#define WAMR_SOCKET_ANY (-1)
#define WAMR_SOCKET_DGRAM 0
#define WAMR_SOCKET_STREAM 1
/* __wasi_addr_type_t (u32), the kind of a __wasi_addr_t */
#define WAMR_IPv4 0
#define WAMR_IPv6 1

/* 4 / align 1 */
typedef struct {
    uint8_t n0, n1, n2, n3;
} wamr_addr_ip4_t;
/* 16 / align 2: eight u16 in host byte order (fe80:: gives n0 = 0xfe80) */
typedef struct {
    uint16_t n0, n1, n2, n3, h0, h1, h2, h3;
} wamr_addr_ip6_t;
typedef struct {
    wamr_addr_ip4_t addr;
    uint16_t port; /* host byte order */
} wamr_addr_ip4_port_t;
typedef struct {
    wamr_addr_ip6_t addr;
    uint16_t port; /* host byte order */
} wamr_addr_ip6_port_t;
/* 24 / align 4: kind @0; IPv4 addr @4, port @8; IPv6 addr @4..19, port @20; 22..23 padding */
typedef struct {
    uint32_t kind;
    union {
        wamr_addr_ip4_port_t ip4;
        wamr_addr_ip6_port_t ip6;
    } addr;
} wamr_addr_t;
/* 20 / align 4 */
typedef struct {
    uint32_t kind;
    union {
        wamr_addr_ip4_t ip4;
        wamr_addr_ip6_t ip6;
    } addr;
} wamr_addr_ip_t;
/* 28 / align 4 */
typedef struct {
    wamr_addr_t addr;
    int32_t type;
} wamr_addr_info_t;
/* 12 / align 4; hints_enabled stands in for an optional */
typedef struct {
    int32_t type;
    int32_t family;
    uint8_t hints_enabled;
} wamr_addr_info_hints_t;

_Static_assert(sizeof(wamr_addr_t) == 24 && _Alignof(wamr_addr_t) == 4, "__wasi_addr_t is 24/4");
_Static_assert(offsetof(wamr_addr_t, addr.ip4.port) == 8 && offsetof(wamr_addr_t, addr.ip6.port) == 20, "port offsets");
_Static_assert(sizeof(wamr_addr_ip_t) == 20, "__wasi_addr_ip_t is 20/4");
_Static_assert(sizeof(wamr_addr_info_t) == 28 && offsetof(wamr_addr_info_t, type) == 24, "__wasi_addr_info_t is 28/4");
_Static_assert(sizeof(wamr_addr_info_hints_t) == 12 && offsetof(wamr_addr_info_hints_t, hints_enabled) == 8, "hints are 12/4");

#define WAMR_IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

/* sockets */
WAMR_IMPORT("sock_open") int32_t wamr_sock_open(int32_t poolfd, int32_t af, int32_t socktype, __wasi_fd_t *newfd);
WAMR_IMPORT("sock_bind") int32_t wamr_sock_bind(int32_t fd, const wamr_addr_t *addr);
WAMR_IMPORT("sock_connect") int32_t wamr_sock_connect(int32_t fd, const wamr_addr_t *addr);
WAMR_IMPORT("sock_listen") int32_t wamr_sock_listen(int32_t fd, int32_t backlog);
WAMR_IMPORT("sock_recv_from")
int32_t wamr_sock_recv_from(int32_t fd, const __wasi_iovec_t *iovs, uint32_t iovs_len, int32_t riflags, wamr_addr_t *src, uint32_t *nread);
WAMR_IMPORT("sock_send_to")
int32_t wamr_sock_send_to(int32_t fd, const __wasi_ciovec_t *ciovs, uint32_t ciovs_len, int32_t siflags, const wamr_addr_t *dest, uint32_t *nsent);
WAMR_IMPORT("sock_close") int32_t wamr_sock_close(int32_t fd);
WAMR_IMPORT("sock_addr_local") int32_t wamr_sock_addr_local(int32_t fd, wamr_addr_t *addr);
WAMR_IMPORT("sock_addr_remote") int32_t wamr_sock_addr_remote(int32_t fd, wamr_addr_t *addr);
WAMR_IMPORT("sock_addr_resolve")
int32_t wamr_sock_addr_resolve(const char *host, const char *service, const wamr_addr_info_hints_t *hints, wamr_addr_info_t *info, uint32_t info_size,
                               uint32_t *max_info_size);

/* options: one import per option */
WAMR_IMPORT("sock_set_recv_buf_size") int32_t wamr_sock_set_recv_buf_size(int32_t fd, uint32_t size);
WAMR_IMPORT("sock_get_recv_buf_size") int32_t wamr_sock_get_recv_buf_size(int32_t fd, uint32_t *size);
WAMR_IMPORT("sock_set_send_buf_size") int32_t wamr_sock_set_send_buf_size(int32_t fd, uint32_t size);
WAMR_IMPORT("sock_get_send_buf_size") int32_t wamr_sock_get_send_buf_size(int32_t fd, uint32_t *size);
WAMR_IMPORT("sock_set_reuse_addr") int32_t wamr_sock_set_reuse_addr(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_reuse_addr") int32_t wamr_sock_get_reuse_addr(int32_t fd, uint8_t *on);
WAMR_IMPORT("sock_set_reuse_port") int32_t wamr_sock_set_reuse_port(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_reuse_port") int32_t wamr_sock_get_reuse_port(int32_t fd, uint8_t *on);
WAMR_IMPORT("sock_set_recv_timeout") int32_t wamr_sock_set_recv_timeout(int32_t fd, uint64_t us);
WAMR_IMPORT("sock_get_recv_timeout") int32_t wamr_sock_get_recv_timeout(int32_t fd, uint64_t *us);
WAMR_IMPORT("sock_set_send_timeout") int32_t wamr_sock_set_send_timeout(int32_t fd, uint64_t us);
WAMR_IMPORT("sock_get_send_timeout") int32_t wamr_sock_get_send_timeout(int32_t fd, uint64_t *us);
WAMR_IMPORT("sock_set_keep_alive") int32_t wamr_sock_set_keep_alive(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_keep_alive") int32_t wamr_sock_get_keep_alive(int32_t fd, uint8_t *on);
WAMR_IMPORT("sock_set_linger") int32_t wamr_sock_set_linger(int32_t fd, int32_t enabled, int32_t seconds);
WAMR_IMPORT("sock_get_linger") int32_t wamr_sock_get_linger(int32_t fd, uint8_t *enabled, int32_t *seconds);
WAMR_IMPORT("sock_set_tcp_keep_idle") int32_t wamr_sock_set_tcp_keep_idle(int32_t fd, uint32_t seconds);
WAMR_IMPORT("sock_get_tcp_keep_idle") int32_t wamr_sock_get_tcp_keep_idle(int32_t fd, uint32_t *seconds);
WAMR_IMPORT("sock_set_tcp_keep_intvl") int32_t wamr_sock_set_tcp_keep_intvl(int32_t fd, uint32_t seconds);
WAMR_IMPORT("sock_get_tcp_keep_intvl") int32_t wamr_sock_get_tcp_keep_intvl(int32_t fd, uint32_t *seconds);
WAMR_IMPORT("sock_set_tcp_fastopen_connect") int32_t wamr_sock_set_tcp_fastopen_connect(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_tcp_fastopen_connect") int32_t wamr_sock_get_tcp_fastopen_connect(int32_t fd, uint8_t *on);
WAMR_IMPORT("sock_set_tcp_no_delay") int32_t wamr_sock_set_tcp_no_delay(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_tcp_no_delay") int32_t wamr_sock_get_tcp_no_delay(int32_t fd, uint8_t *on);
WAMR_IMPORT("sock_set_tcp_quick_ack") int32_t wamr_sock_set_tcp_quick_ack(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_tcp_quick_ack") int32_t wamr_sock_get_tcp_quick_ack(int32_t fd, uint8_t *on);
WAMR_IMPORT("sock_set_broadcast") int32_t wamr_sock_set_broadcast(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_broadcast") int32_t wamr_sock_get_broadcast(int32_t fd, uint8_t *on);
WAMR_IMPORT("sock_set_ip_ttl") int32_t wamr_sock_set_ip_ttl(int32_t fd, int32_t ttl);
WAMR_IMPORT("sock_get_ip_ttl") int32_t wamr_sock_get_ip_ttl(int32_t fd, uint8_t *ttl);
WAMR_IMPORT("sock_set_ip_multicast_ttl") int32_t wamr_sock_set_ip_multicast_ttl(int32_t fd, int32_t ttl);
WAMR_IMPORT("sock_get_ip_multicast_ttl") int32_t wamr_sock_get_ip_multicast_ttl(int32_t fd, uint8_t *ttl);
WAMR_IMPORT("sock_set_ip_multicast_loop") int32_t wamr_sock_set_ip_multicast_loop(int32_t fd, int32_t ipv6, int32_t on);
WAMR_IMPORT("sock_get_ip_multicast_loop") int32_t wamr_sock_get_ip_multicast_loop(int32_t fd, int32_t ipv6, uint8_t *on);
WAMR_IMPORT("sock_set_ip_add_membership") int32_t wamr_sock_set_ip_add_membership(int32_t fd, const wamr_addr_ip_t *group, uint32_t imr_interface);
WAMR_IMPORT("sock_set_ip_drop_membership") int32_t wamr_sock_set_ip_drop_membership(int32_t fd, const wamr_addr_ip_t *group, uint32_t imr_interface);
WAMR_IMPORT("sock_set_ipv6_only") int32_t wamr_sock_set_ipv6_only(int32_t fd, int32_t on);
WAMR_IMPORT("sock_get_ipv6_only") int32_t wamr_sock_get_ipv6_only(int32_t fd, uint8_t *on);

/* WAMR's rights above bit 27 (sheet 2.6); they collide with the witx's sock_shutdown/sock_accept */
#define WAMR_RIGHT_SOCK_CONNECT ((__wasi_rights_t)1 << 28)
#define WAMR_RIGHT_SOCK_LISTEN ((__wasi_rights_t)1 << 29)
#define WAMR_RIGHT_SOCK_BIND ((__wasi_rights_t)1 << 30)
#define WAMR_RIGHT_SOCK_ACCEPT ((__wasi_rights_t)1 << 31)

/*
 * The small API the shared scenarios (suites/sockets/lib/scenarios.h) are written over;
 * wasmedge_sockets.h defines the same names for WasmEdge's V1 imports. Addresses are the
 * loopback address of a family (v6: ::1, else 127.0.0.1) and a port in host byte order;
 * ws_from_t is what ws_recv_from writes, in the dialect's own layout.
 */
#define WS_BIND_NAME "sock_bind"
#define WS_SEND_TO_NAME "sock_send_to"
#define WS_RECV_FROM_NAME "sock_recv_from"
#define WS_ADDR_LOCAL_NAME "sock_addr_local"
#define WS_ACCEPT_NAME "sock_accept"
typedef wamr_addr_t ws_from_t;

static inline wamr_addr_t ws_loopback(int v6, uint16_t port) {
    wamr_addr_t x;
    __builtin_memset(&x, 0, sizeof x);
    if (v6) {
        x.kind = WAMR_IPv6;
        x.addr.ip6.addr.h3 = 1;
        x.addr.ip6.port = port;
    } else {
        x.kind = WAMR_IPv4;
        x.addr.ip4.addr = (wamr_addr_ip4_t){127, 0, 0, 1};
        x.addr.ip4.port = port;
    }
    return x;
}
static inline int32_t ws_open(int v6, int stream, __wasi_fd_t *fd) {
    return wamr_sock_open(-1, v6 ? WAMR_INET6 : WAMR_INET4, stream ? WAMR_SOCKET_STREAM : WAMR_SOCKET_DGRAM, fd);
}
static inline int32_t ws_bind(__wasi_fd_t fd, int v6, uint16_t port) {
    wamr_addr_t a = ws_loopback(v6, port);
    return wamr_sock_bind((int32_t)fd, &a);
}
static inline int32_t ws_connect(__wasi_fd_t fd, int v6, uint16_t port) {
    wamr_addr_t a = ws_loopback(v6, port);
    return wamr_sock_connect((int32_t)fd, &a);
}
static inline int32_t ws_listen(__wasi_fd_t fd, int32_t backlog) {
    return wamr_sock_listen((int32_t)fd, backlog);
}
static inline int32_t ws_accept(__wasi_fd_t lfd, __wasi_fd_t *cfd) {
    return __wasi_sock_accept(lfd, 0, cfd);
}
static inline int32_t ws_send_to(__wasi_fd_t fd, const __wasi_ciovec_t *ciovs, uint32_t n, int v6, uint16_t port, uint32_t *nsent) {
    wamr_addr_t a = ws_loopback(v6, port);
    return wamr_sock_send_to((int32_t)fd, ciovs, n, 0, &a, nsent);
}
static inline int32_t ws_recv_from(__wasi_fd_t fd, const __wasi_iovec_t *iovs, uint32_t n, int v6, ws_from_t *from, uint32_t *nread) {
    (void)v6;
    return wamr_sock_recv_from((int32_t)fd, iovs, n, 0, from, nread);
}
/* the local port of a socket of family v6 */
static inline int32_t ws_local_port(__wasi_fd_t fd, int v6, uint32_t *port) {
    wamr_addr_t l;
    __builtin_memset(&l, 0, sizeof l);
    int32_t e = wamr_sock_addr_local((int32_t)fd, &l);
    *port = v6 ? l.addr.ip6.port : l.addr.ip4.port;
    return e;
}
static inline int32_t ws_set_rcvtimeo_ms(__wasi_fd_t fd, uint32_t ms) {
    return wamr_sock_set_recv_timeout((int32_t)fd, (uint64_t)ms * 1000);
}

#endif
