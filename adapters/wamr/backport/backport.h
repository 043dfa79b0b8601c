/*
 * wasi:sockets@0.2.0 back-ported to P1 core imports: the host side for WAMR, as an
 * iwasm --native-lib library over POSIX sockets (docs/sockets-backport.md).
 *
 * One library serves all ten import modules (native_lib.c), so one handle table that every
 * interface shares, as in the Component Model. This header is what the interfaces share:
 * the handle table, guest memory, result writers, ip-socket-addresses and the policy.
 *
 * Limitations (documented): one wasm instance per process (one global table); the
 * resolver is synchronous inside resolve-addresses; child resources (streams, pollables)
 * keep their socket alive instead of trapping on an early parent drop.
 */
#ifndef WASMCERT_BACKPORT_H
#define WASMCERT_BACKPORT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, SOCK_NONBLOCK, EAI_NODATA; so included first */
#endif

#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "wasm_export.h"

#define VERSION "@0.2.0"

/* ------------------------------------------------------------------ error-code */
enum {
    EC_UNKNOWN = 0, EC_ACCESS_DENIED, EC_NOT_SUPPORTED, EC_INVALID_ARGUMENT, EC_OUT_OF_MEMORY, EC_TIMEOUT,
    EC_CONCURRENCY_CONFLICT, EC_NOT_IN_PROGRESS, EC_WOULD_BLOCK, EC_INVALID_STATE, EC_NEW_SOCKET_LIMIT,
    EC_ADDRESS_NOT_BINDABLE, EC_ADDRESS_IN_USE, EC_REMOTE_UNREACHABLE, EC_CONNECTION_REFUSED,
    EC_CONNECTION_RESET, EC_CONNECTION_ABORTED, EC_DATAGRAM_TOO_LARGE, EC_NAME_UNRESOLVABLE,
    EC_TEMPORARY_RESOLVER_FAILURE, EC_PERMANENT_RESOLVER_FAILURE,
};
/* a result code meaning ok, where an error-code is expected */
#define OK (-1)
int errno_code(int e);

/* ------------------------------------------------------------------ guest memory */
void trap(wasm_exec_env_t env, const char *msg);
int trapped(wasm_exec_env_t env);
uint8_t *area(wasm_exec_env_t env, uint32_t off, uint32_t size, uint32_t align);
uint32_t guest_alloc(wasm_exec_env_t env, uint32_t align, uint32_t size);
uint32_t guest_copy(wasm_exec_env_t env, uint32_t align, const void *data, uint32_t n);

/* memcpy, not casts: no alignment or aliasing assumed about guest memory */
static inline void put8(uint8_t *p, uint8_t v) { *p = v; }
static inline void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* ------------------------------------------------------------------ results (written at ret) */
void ret_unit(wasm_exec_env_t env, uint32_t ret, int code);
void ret_err(wasm_exec_env_t env, uint32_t ret, uint32_t size, uint32_t align, uint32_t at, int code);
void ret_handles(wasm_exec_env_t env, uint32_t ret, uint32_t n, const int32_t *handles);
void ret_u64(wasm_exec_env_t env, uint32_t ret, uint64_t v);
void ret_ok_list(wasm_exec_env_t env, uint32_t ret, uint32_t list, uint32_t n);
void ret_list(wasm_exec_env_t env, uint32_t ret, uint32_t list, uint32_t n);

/* ------------------------------------------------------------------ resources */
enum kind { K_FREE = 0, K_NETWORK, K_TCP, K_UDP, K_INPUT, K_OUTPUT, K_INCOMING, K_OUTGOING, K_RESOLVE, K_POLLABLE, K_ERROR };
enum state { S_UNBOUND, S_BIND_STARTED, S_BOUND, S_LISTEN_STARTED, S_LISTENING, S_CONNECTING, S_CONNECT_READY, S_CONNECTED, S_CLOSED };

/* One OS socket, shared by its socket handle and the streams and pollables made from it. */
struct sock {
    int refs, fd, family, udp;
    enum state state;
    int connect_err;      /* S_CONNECT_READY/S_CLOSED: errno of the finished connect */
    int backlog;
    int udp_connected;    /* stream(some(remote)) connected it */
    uint64_t send_permit; /* outgoing-datagram-stream: from the last check-send */
    uint64_t write_permit;/* output-stream: from the last check-write */
    int out_closed, in_closed;
};
enum poll_kind { P_READY, P_IN, P_OUT, P_TCP_STATE };
struct res {
    enum kind kind;
    struct sock *s;
    enum poll_kind pk;           /* K_POLLABLE */
    uint8_t (*addrs)[17];        /* K_RESOLVE: tag + 16 bytes */
    int n_addrs, next;
    char *msg;                   /* K_ERROR */
};

struct sock *new_sock(int fd, int family, int udp);
int32_t new_handle(struct res r);
int32_t new_sock_handle(enum kind k, struct sock *s);
struct res *get(wasm_exec_env_t env, int32_t h, enum kind k);
void drop(wasm_exec_env_t env, int32_t h, enum kind k);

/* ------------------------------------------------------------------ pollables */
int32_t subscribe(wasm_exec_env_t env, int32_t self, enum kind k, enum poll_kind pk);
int wait_fd(wasm_exec_env_t env, int fd, short events);

/* ------------------------------------------------------------------ ip-socket-address */
int lift_addr(wasm_exec_env_t env, const int32_t v[12], struct sockaddr_storage *ss, socklen_t *len);
int load_addr(wasm_exec_env_t env, const uint8_t *p, struct sockaddr_storage *ss, socklen_t *len);
void store_addr(uint8_t *p, const struct sockaddr_storage *ss);
int is_unspecified(const struct sockaddr_storage *ss);
int is_v4mapped(const struct sockaddr_storage *ss);
uint16_t port_of(const struct sockaddr_storage *ss);
int is_multicast_or_broadcast(const struct sockaddr_storage *ss);

/* The 12 flat core values an ip-socket-address is passed as (SIG15: self, network, these, ret). */
#define FLAT12 int32_t a0, int32_t a1, int32_t a2, int32_t a3, int32_t a4, int32_t a5, int32_t a6, int32_t a7, int32_t a8, int32_t a9, int32_t a10, int32_t a11
#define ARR12 {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11}

/* ------------------------------------------------------------------ what tcp and udp share (sockets.c) */
void create_socket(wasm_exec_env_t env, int32_t family, uint32_t ret, int udp);
void start_bind(wasm_exec_env_t env, int32_t self, int32_t net, const int32_t v[12], uint32_t ret, enum kind k);
void finish_bind(wasm_exec_env_t env, int32_t self, uint32_t ret, enum kind k);
void sock_address(wasm_exec_env_t env, int32_t self, uint32_t ret, enum kind k, int remote);
int32_t address_family(wasm_exec_env_t env, int32_t self, enum kind k);
int is_usable_remote(const struct sock *s, const struct sockaddr_storage *ss);

/* ------------------------------------------------------------------ policy */
void load_policy(void);
int addr_allowed(const struct sockaddr_storage *ss);
int name_allowed(const char *name);

/* ------------------------------------------------------------------ import modules */
/* One import module: its registered functions, kept by WAMR (which sorts them in place). */
struct native_module {
    const char *name;
    NativeSymbol *symbols;
    uint32_t n;
};
#define SYM(name, fn, sig) {name, (void *)fn, sig, NULL}
#define SIG15 "(iiiiiiiiiiiiiii)"
#define MODULE(name, symbols) {name VERSION, symbols, (uint32_t)(sizeof(symbols) / sizeof(symbols[0]))}

extern const struct native_module instance_network_module, network_module;
extern const struct native_module tcp_create_socket_module, tcp_module;
extern const struct native_module udp_create_socket_module, udp_module;
extern const struct native_module ip_name_lookup_module;
extern const struct native_module poll_module, error_module, streams_module;

#endif
