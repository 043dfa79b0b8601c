/*
 * WasmEdge's socket extension, the raw imports a guest declares (reference sheet
 * sockets.md section 3, compared with WAMR in section 4). Every import lives in
 * wasi_snapshot_preview1, takes i32 parameters and returns an i32 errno. sock_recv,
 * sock_send and sock_shutdown have the standard P1 types (p1_sockets.h). Written from the
 * sheet's tables: registration 3.1, parameters 3.2, constants and layouts 3.3.
 *
 * V1 and V2 share names, and a module may import only one variant of each: the plain
 * names sock_accept, sock_recv_from, sock_getlocaladdr and sock_getpeeraddr have other
 * core types in V1 and V2 (3.1: an import of the plain name with the V2 type falls back to
 * <name>_v2), so one guest uses the V1 declarations and another the V2 ones. Both sets are
 * declared here; only the functions a guest calls become imports.
 */
#ifndef WASMCERT_WASMEDGE_SOCKETS_H
#define WASMCERT_WASMEDGE_SOCKETS_H

#include "p1_sockets.h"
#include <stddef.h>
#include <stdint.h>

/* __wasi_address_family_t (u8) */
#define WE_AF_UNSPEC 0
#define WE_AF_INET4 1
#define WE_AF_INET6 2
#define WE_AF_UNIX 3
/* __wasi_sock_type_t (u8) */
#define WE_SOCK_ANY 0
#define WE_SOCK_DGRAM 1
#define WE_SOCK_STREAM 2
/* __wasi_protocol_t (u8) */
#define WE_IPPROTO_IP 0
#define WE_IPPROTO_TCP 1
#define WE_IPPROTO_UDP 2
/* __wasi_sock_opt_level_t (u32) */
#define WE_SOL_SOCKET 0
/* __wasi_sock_opt_so_t (u32) */
#define WE_SO_REUSEADDR 0
#define WE_SO_TYPE 1
#define WE_SO_ERROR 2
#define WE_SO_DONTROUTE 3
#define WE_SO_BROADCAST 4
#define WE_SO_SNDBUF 5
#define WE_SO_RCVBUF 6
#define WE_SO_KEEPALIVE 7
#define WE_SO_OOBINLINE 8
#define WE_SO_LINGER 9
#define WE_SO_RCVLOWAT 10
#define WE_SO_RCVTIMEO 11
#define WE_SO_SNDTIMEO 12
#define WE_SO_ACCEPTCONN 13
#define WE_SO_BINDTODEVICE 14
/* __wasi_aiflags_t (u16 bits) */
#define WE_AI_PASSIVE 0x1
#define WE_AI_CANONNAME 0x2
#define WE_AI_NUMERICHOST 0x4
#define WE_AI_NUMERICSERV 0x8
#define WE_AI_V4MAPPED 0x10
#define WE_AI_ALL 0x20
#define WE_AI_ADDRCONFIG 0x40
/* extended errno, beyond the witx's 0..76 (returned by sock_getaddrinfo) */
#define WE_EAIADDRFAMILY 77
#define WE_EAIAGAIN 78
#define WE_EAIBADFLAG 79
#define WE_EAIFAIL 80
#define WE_EAIFAMILY 81
#define WE_EAIMEMORY 82
#define WE_EAINODATA 83
#define WE_EAINONAME 84
#define WE_EAISERVICE 85
#define WE_EAISOCKTYPE 86
#define WE_EAISYSTEM 87

/* 8 / align 4: a raw address of buf_len bytes (V1: 4 or 16; V2 also 128) */
typedef struct {
    uint8_t *buf;     /* @0 */
    uint32_t buf_len; /* @4 */
} we_address_t;
/* V2's 128-byte address storage: family @0 (u16 LE, an address-family value), address @2 */
#define WE_ADDR_STORAGE_LEN 128
typedef struct {
    uint16_t family;
    uint8_t data[126];
} we_addr_storage_t;
/* 12 / align 4 */
typedef struct {
    uint8_t sa_family;    /* @0, an address-family value */
    uint32_t sa_data_len; /* @4 */
    uint8_t *sa_data;     /* @8: the POSIX bytes after the family (port network order, address, ...) */
} we_sockaddr_t;
/* 28 / align 4 */
typedef struct {
    uint16_t ai_flags;       /* @0 */
    uint8_t ai_family;       /* @2 */
    uint8_t ai_socktype;     /* @3 */
    uint8_t ai_protocol;     /* @4 */
    uint32_t ai_addrlen;     /* @8 */
    we_sockaddr_t *ai_addr;  /* @12 */
    char *ai_canonname;      /* @16 */
    uint32_t ai_canonname_len; /* @20 */
    void *ai_next;           /* @24: the next we_addrinfo_t of the guest-built chain */
} we_addrinfo_t;

_Static_assert(sizeof(we_address_t) == 8 && _Alignof(we_address_t) == 4, "__wasi_address_t is 8/4");
_Static_assert(sizeof(we_addr_storage_t) == 128 && offsetof(we_addr_storage_t, data) == 2, "WasiAddrStorage is 128 B");
_Static_assert(sizeof(we_sockaddr_t) == 12 && offsetof(we_sockaddr_t, sa_data_len) == 4 && offsetof(we_sockaddr_t, sa_data) == 8, "__wasi_sockaddr_t is 12/4");
_Static_assert(sizeof(we_addrinfo_t) == 28 && offsetof(we_addrinfo_t, ai_family) == 2 && offsetof(we_addrinfo_t, ai_socktype) == 3 &&
                   offsetof(we_addrinfo_t, ai_protocol) == 4 && offsetof(we_addrinfo_t, ai_addrlen) == 8 && offsetof(we_addrinfo_t, ai_addr) == 12 &&
                   offsetof(we_addrinfo_t, ai_canonname) == 16 && offsetof(we_addrinfo_t, ai_canonname_len) == 20 && offsetof(we_addrinfo_t, ai_next) == 24,
               "__wasi_addrinfo_t is 28/4");

#define WE_IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

/* the same in V1 and V2 (3.2) */
WE_IMPORT("sock_open") int32_t we_sock_open(int32_t af, int32_t socktype, __wasi_fd_t *fd);
WE_IMPORT("sock_listen") int32_t we_sock_listen(int32_t fd, int32_t backlog);
WE_IMPORT("sock_send_to")
int32_t we_sock_send_to(int32_t fd, const __wasi_ciovec_t *ciovs, uint32_t ciovs_len, const we_address_t *addr, int32_t port, int32_t siflags,
                        uint32_t *nsent);
WE_IMPORT("sock_getsockopt") int32_t we_sock_getsockopt(int32_t fd, int32_t level, int32_t name, void *value, uint32_t *value_size);
WE_IMPORT("sock_setsockopt") int32_t we_sock_setsockopt(int32_t fd, int32_t level, int32_t name, const void *value, uint32_t value_size);
WE_IMPORT("sock_getaddrinfo")
int32_t we_sock_getaddrinfo(const char *node, uint32_t node_len, const char *service, uint32_t service_len, const we_addrinfo_t *hints, we_addrinfo_t **res,
                            uint32_t max_res_len, uint32_t *res_len);

/* V1: the plain names (port u16 in host order, buf_len 4 or 16) */
WE_IMPORT("sock_bind") int32_t we_sock_bind(int32_t fd, const we_address_t *addr, int32_t port);
WE_IMPORT("sock_connect") int32_t we_sock_connect(int32_t fd, const we_address_t *addr, int32_t port);
WE_IMPORT("sock_accept") int32_t we_sock_accept_v1(int32_t fd, __wasi_fd_t *newfd);
WE_IMPORT("sock_recv_from")
int32_t we_sock_recv_from_v1(int32_t fd, const __wasi_iovec_t *iovs, uint32_t iovs_len, we_address_t *addr, int32_t riflags, uint32_t *nread,
                             uint16_t *roflags);
WE_IMPORT("sock_getlocaladdr") int32_t we_sock_getlocaladdr_v1(int32_t fd, we_address_t *addr, uint32_t *addr_type, uint32_t *port);
WE_IMPORT("sock_getpeeraddr") int32_t we_sock_getpeeraddr_v1(int32_t fd, we_address_t *addr, uint32_t *addr_type, uint32_t *port);

/* V2: the _v2 names (buf_len 128 = we_addr_storage_t also accepted) */
WE_IMPORT("sock_open_v2") int32_t we_sock_open_v2(int32_t af, int32_t socktype, __wasi_fd_t *fd);
WE_IMPORT("sock_bind_v2") int32_t we_sock_bind_v2(int32_t fd, const we_address_t *addr, int32_t port);
WE_IMPORT("sock_connect_v2") int32_t we_sock_connect_v2(int32_t fd, const we_address_t *addr, int32_t port);
WE_IMPORT("sock_listen_v2") int32_t we_sock_listen_v2(int32_t fd, int32_t backlog);
WE_IMPORT("sock_accept_v2") int32_t we_sock_accept_v2(int32_t fd, int32_t fdflags, __wasi_fd_t *newfd);
/* *port is a u16 here (the host writes 2 bytes), where sock_getlocaladdr/getpeeraddr write a u32 */
WE_IMPORT("sock_recv_from_v2")
int32_t we_sock_recv_from_v2(int32_t fd, const __wasi_iovec_t *iovs, uint32_t iovs_len, we_address_t *addr, int32_t riflags, uint16_t *port,
                             uint32_t *nread, uint16_t *roflags);
WE_IMPORT("sock_send_to_v2")
int32_t we_sock_send_to_v2(int32_t fd, const __wasi_ciovec_t *ciovs, uint32_t ciovs_len, const we_address_t *addr, int32_t port, int32_t siflags,
                           uint32_t *nsent);
WE_IMPORT("sock_getlocaladdr_v2") int32_t we_sock_getlocaladdr_v2(int32_t fd, we_address_t *addr, uint32_t *port);
WE_IMPORT("sock_getpeeraddr_v2") int32_t we_sock_getpeeraddr_v2(int32_t fd, we_address_t *addr, uint32_t *port);

/*
 * The small API the shared scenarios (suites/sockets/lib/scenarios.h) are written over,
 * over the V1 imports (the names wamr_sockets.h defines for WAMR): addresses are the
 * loopback address of a family (v6: ::1, else 127.0.0.1) as raw 4 or 16 bytes, and a port
 * in host byte order; ws_from_t is what ws_recv_from writes: the raw source address and
 * the roflags.
 */
#define WS_BIND_NAME "V1 sock_bind"
#define WS_SEND_TO_NAME "V1 sock_send_to"
#define WS_RECV_FROM_NAME "V1 sock_recv_from (7 parameters, no port)"
#define WS_ADDR_LOCAL_NAME "V1 sock_getlocaladdr"
#define WS_ACCEPT_NAME "V1 sock_accept(fd, *newfd)"
typedef struct {
    uint8_t raw[16];
    uint16_t roflags;
} ws_from_t;

static inline we_address_t ws_loopback(uint8_t raw[16], int v6) {
    __builtin_memset(raw, 0, 16);
    if (v6) raw[15] = 1;
    else raw[0] = 127, raw[3] = 1;
    return (we_address_t){raw, v6 ? 16u : 4u};
}
static inline int32_t ws_open(int v6, int stream, __wasi_fd_t *fd) {
    return we_sock_open(v6 ? WE_AF_INET6 : WE_AF_INET4, stream ? WE_SOCK_STREAM : WE_SOCK_DGRAM, fd);
}
static inline int32_t ws_bind(__wasi_fd_t fd, int v6, uint16_t port) {
    uint8_t raw[16];
    we_address_t a = ws_loopback(raw, v6);
    return we_sock_bind((int32_t)fd, &a, port);
}
static inline int32_t ws_connect(__wasi_fd_t fd, int v6, uint16_t port) {
    uint8_t raw[16];
    we_address_t a = ws_loopback(raw, v6);
    return we_sock_connect((int32_t)fd, &a, port);
}
static inline int32_t ws_listen(__wasi_fd_t fd, int32_t backlog) {
    return we_sock_listen((int32_t)fd, backlog);
}
static inline int32_t ws_accept(__wasi_fd_t lfd, __wasi_fd_t *cfd) {
    return we_sock_accept_v1((int32_t)lfd, cfd);
}
static inline int32_t ws_send_to(__wasi_fd_t fd, const __wasi_ciovec_t *ciovs, uint32_t n, int v6, uint16_t port, uint32_t *nsent) {
    uint8_t raw[16];
    we_address_t a = ws_loopback(raw, v6);
    return we_sock_send_to((int32_t)fd, ciovs, n, &a, port, 0, nsent);
}
static inline int32_t ws_recv_from(__wasi_fd_t fd, const __wasi_iovec_t *iovs, uint32_t n, int v6, ws_from_t *from, uint32_t *nread) {
    we_address_t a = {from->raw, v6 ? 16u : 4u};
    return we_sock_recv_from_v1((int32_t)fd, iovs, n, &a, 0, nread, &from->roflags);
}
/* the local port of a socket of family v6 */
static inline int32_t ws_local_port(__wasi_fd_t fd, int v6, uint32_t *port) {
    uint8_t raw[16];
    uint32_t type = 0;
    we_address_t a = {raw, v6 ? 16u : 4u};
    *port = 0;
    return we_sock_getlocaladdr_v1((int32_t)fd, &a, &type, port);
}
/* SO_RCVTIMEO as a struct timeval (two i64: seconds, microseconds) */
static inline int32_t ws_set_rcvtimeo_ms(__wasi_fd_t fd, uint32_t ms) {
    int64_t tv[2] = {ms / 1000, (ms % 1000) * 1000};
    return we_sock_setsockopt((int32_t)fd, WE_SOL_SOCKET, WE_SO_RCVTIMEO, tv, sizeof tv);
}

#endif
