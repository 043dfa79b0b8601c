/*
 * wasi:sockets@0.2.0 back-ported to P1 core imports (docs/sockets-backport.md), written by
 * hand from the Canonical ABI: no generator. Every import below is the canonical lowering
 * of one WIT function: module = the interface's full name, name = the function's canonical
 * name ("[method]R.m", "[resource-drop]R", plain "f" for freestanding functions).
 *
 * - Resources are i32 handles (one table per instance, 0 is never valid).
 * - More than one flat result => a trailing i32 retptr to a caller-owned area whose exact
 *   byte layout is one of the bp_ret_* structs below (static asserts pin the offsets).
 * - ip-socket-address is passed flat as 12 x i32 (bp_flat_addr); in memory it is bp_addr.
 * - Lists the host returns are allocated through the guest's exported cabi_realloc, which
 *   this header defines (malloc-based) unless BACKPORT_NO_CABI_REALLOC is defined.
 */
#ifndef WASMCERT_BACKPORT_SOCKETS_H
#define WASMCERT_BACKPORT_SOCKETS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BP_VERSION "0.2.0"
#define BP_IMPORT(mod, fn) __attribute__((import_module(mod "@" BP_VERSION), import_name(fn)))

typedef int32_t bp_handle; /* own<…> or borrow<…>: an index in the instance's handle table */

/* ---- wasi:sockets/network: error-code (u8 enum) ---- */
enum {
    BP_UNKNOWN = 0,
    BP_ACCESS_DENIED = 1,
    BP_NOT_SUPPORTED = 2,
    BP_INVALID_ARGUMENT = 3,
    BP_OUT_OF_MEMORY = 4,
    BP_TIMEOUT = 5,
    BP_CONCURRENCY_CONFLICT = 6,
    BP_NOT_IN_PROGRESS = 7,
    BP_WOULD_BLOCK = 8,
    BP_INVALID_STATE = 9,
    BP_NEW_SOCKET_LIMIT = 10,
    BP_ADDRESS_NOT_BINDABLE = 11,
    BP_ADDRESS_IN_USE = 12,
    BP_REMOTE_UNREACHABLE = 13,
    BP_CONNECTION_REFUSED = 14,
    BP_CONNECTION_RESET = 15,
    BP_CONNECTION_ABORTED = 16,
    BP_DATAGRAM_TOO_LARGE = 17,
    BP_NAME_UNRESOLVABLE = 18,
    BP_TEMPORARY_RESOLVER_FAILURE = 19,
    BP_PERMANENT_RESOLVER_FAILURE = 20,
};
/* A result whose call succeeded is shown as "ok" (-1) by the tests. */
#define BP_OK (-1)
static inline const char *bp_error_name(int e) {
    static const char *const names[] = {"unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout",
                                        "concurrency-conflict", "not-in-progress", "would-block", "invalid-state", "new-socket-limit",
                                        "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused",
                                        "connection-reset", "connection-aborted", "datagram-too-large", "name-unresolvable",
                                        "temporary-resolver-failure", "permanent-resolver-failure"};
    if (e == BP_OK) return "ok";
    return e >= 0 && e <= 20 ? names[e] : "(not an error-code)";
}

enum { BP_IPV4 = 0, BP_IPV6 = 1 };                                   /* ip-address-family */
enum { BP_SHUTDOWN_RECEIVE = 0, BP_SHUTDOWN_SEND = 1, BP_SHUTDOWN_BOTH = 2 }; /* shutdown-type */
enum { BP_STREAM_LAST_OPERATION_FAILED = 0, BP_STREAM_CLOSED = 1 };  /* wasi:io/streams stream-error */

/* ---- memory layouts (Canonical ABI, wasm32) ---- */

/* ipv4-socket-address: size 6, align 2 */
typedef struct {
    uint16_t port;
    uint8_t addr[4];
} bp_ipv4_socket_address;
/* ipv6-socket-address: size 28, align 4 */
typedef struct {
    uint16_t port;
    uint32_t flow_info;
    uint16_t addr[8];
    uint32_t scope_id;
} bp_ipv6_socket_address;
/* ip-socket-address: variant, size 32, align 4: tag u8 @0, payload @4 */
typedef struct {
    uint8_t tag; /* BP_IPV4 / BP_IPV6 */
    union {
        bp_ipv4_socket_address v4;
        bp_ipv6_socket_address v6;
    } u;
} bp_addr;
/* ip-address: variant, size 18, align 2: tag u8 @0, payload @2 */
typedef struct {
    uint8_t tag;
    union {
        uint8_t v4[4];
        uint16_t v6[8];
    } u;
} bp_ip_address;

/* result<_, error-code>: size 2: is_err u8 @0, code u8 @1 */
typedef struct {
    uint8_t is_err;
    uint8_t code;
} bp_ret_unit;
/* result<own<R>, error-code>: size 8: is_err @0, handle or code @4 */
typedef struct {
    uint8_t is_err;
    union {
        bp_handle h;
        uint8_t code;
    } u;
} bp_ret_handle;
/* result<tuple<own<input-stream>, own<output-stream>>, error-code> and the udp stream pair: size 12 */
typedef struct {
    uint8_t is_err;
    union {
        struct {
            bp_handle a, b;
        } ok;
        uint8_t code;
    } u;
} bp_ret_pair;
/* result<tuple<own<tcp-socket>, own<input-stream>, own<output-stream>>, error-code>: size 16 */
typedef struct {
    uint8_t is_err;
    union {
        struct {
            bp_handle sock, in, out;
        } ok;
        uint8_t code;
    } u;
} bp_ret_accept;
/* result<ip-socket-address, error-code>: size 36: is_err @0, address (or code) @4 */
typedef struct {
    uint8_t is_err;
    union {
        bp_addr addr;
        uint8_t code;
    } u;
} bp_ret_addr;
/* result<u64, error-code>: size 16: is_err @0, u64 (or code) @8 */
typedef struct {
    uint8_t is_err;
    union {
        uint64_t n;
        uint8_t code;
    } u;
} bp_ret_u64;
/* result<option<ip-address>, error-code>: size 22, align 2: is_err @0, option tag @2, ip-address @4 */
typedef struct {
    uint8_t is_err;
    union {
        struct {
            uint8_t is_some;
            bp_ip_address addr;
        } ok;
        uint8_t code;
    } u;
} bp_ret_next_address;
/* list<T> in memory: ptr @0, len @4 */
typedef struct {
    uint8_t *ptr;
    uint32_t len;
} bp_bytes;
/* incoming-datagram: size 40: data @0, remote-address @8 */
typedef struct {
    bp_bytes data;
    bp_addr remote;
} bp_incoming_datagram;
/* outgoing-datagram: size 44: data @0, option tag @8, remote-address @12 */
typedef struct {
    bp_bytes data;
    uint8_t has_remote;
    bp_addr remote;
} bp_outgoing_datagram;
/* result<list<incoming-datagram>, error-code>: size 12: is_err @0, list (or code) @4 */
typedef struct {
    uint8_t is_err;
    union {
        struct {
            bp_incoming_datagram *ptr;
            uint32_t len;
        } ok;
        uint8_t code;
    } u;
} bp_ret_datagrams;
/* wasi:io stream-error variant { last-operation-failed(own<error>), closed }: tag @0, error @4 */
typedef struct {
    uint8_t tag;
    bp_handle error;
} bp_stream_error;
/* result<list<u8>, stream-error>: size 12: is_err @0, list or stream-error @4 */
typedef struct {
    uint8_t is_err;
    union {
        bp_bytes ok;
        bp_stream_error err;
    } u;
} bp_ret_read;
/* result<_, stream-error>: size 12: is_err @0, stream-error @4 */
typedef struct {
    uint8_t is_err;
    bp_stream_error err;
} bp_ret_write;
/* result<u64, stream-error>: size 16: is_err @0, u64 or stream-error @8 */
typedef struct {
    uint8_t is_err;
    union {
        uint64_t n;
        bp_stream_error err;
    } u;
} bp_ret_check_write;

_Static_assert(sizeof(bp_addr) == 32 && offsetof(bp_addr, u) == 4, "ip-socket-address 32/4, payload @4");
_Static_assert(offsetof(bp_ipv6_socket_address, flow_info) == 4 && offsetof(bp_ipv6_socket_address, addr) == 8 &&
                   offsetof(bp_ipv6_socket_address, scope_id) == 24 && sizeof(bp_ipv6_socket_address) == 28,
               "ipv6-socket-address 28/4");
_Static_assert(offsetof(bp_ipv4_socket_address, addr) == 2 && sizeof(bp_ipv4_socket_address) == 6, "ipv4-socket-address 6/2");
_Static_assert(sizeof(bp_ip_address) == 18 && offsetof(bp_ip_address, u) == 2, "ip-address 18/2");
_Static_assert(sizeof(bp_ret_unit) == 2, "result<_, E> 2/1");
_Static_assert(sizeof(bp_ret_handle) == 8 && offsetof(bp_ret_handle, u) == 4, "result<own, E> 8/4");
_Static_assert(sizeof(bp_ret_pair) == 12, "result<tuple<own, own>, E> 12/4");
_Static_assert(sizeof(bp_ret_accept) == 16, "accept result 16/4");
_Static_assert(sizeof(bp_ret_addr) == 36 && offsetof(bp_ret_addr, u) == 4, "result<ip-socket-address, E> 36/4");
_Static_assert(sizeof(bp_ret_u64) == 16 && offsetof(bp_ret_u64, u) == 8, "result<u64, E> 16/8");
_Static_assert(sizeof(bp_ret_next_address) == 22 && offsetof(bp_ret_next_address, u.ok.addr) == 4, "result<option<ip-address>, E> 22/2");
_Static_assert(sizeof(bp_incoming_datagram) == 40 && offsetof(bp_incoming_datagram, remote) == 8, "incoming-datagram 40/4");
_Static_assert(sizeof(bp_outgoing_datagram) == 44 && offsetof(bp_outgoing_datagram, has_remote) == 8 &&
                   offsetof(bp_outgoing_datagram, remote) == 12,
               "outgoing-datagram 44/4");
_Static_assert(sizeof(bp_ret_datagrams) == 12, "result<list<incoming-datagram>, E> 12/4");
_Static_assert(sizeof(bp_ret_read) == 12 && sizeof(bp_ret_write) == 12 && offsetof(bp_ret_write, err) == 4, "stream results 12/4");
_Static_assert(sizeof(bp_ret_check_write) == 16 && offsetof(bp_ret_check_write, u) == 8, "result<u64, stream-error> 16/8");

/* ---- the raw imports ---- */
#define A12 int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t

/* wasi:sockets/instance-network */
BP_IMPORT("wasi:sockets/instance-network", "instance-network") bp_handle bp_instance_network(void);
/* wasi:sockets/network */
BP_IMPORT("wasi:sockets/network", "[resource-drop]network") void bp_network_drop(bp_handle);

/* wasi:sockets/tcp-create-socket, wasi:sockets/udp-create-socket */
BP_IMPORT("wasi:sockets/tcp-create-socket", "create-tcp-socket") void bp_create_tcp_socket(int32_t family, bp_ret_handle *ret);
BP_IMPORT("wasi:sockets/udp-create-socket", "create-udp-socket") void bp_create_udp_socket(int32_t family, bp_ret_handle *ret);

/* wasi:sockets/tcp */
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.start-bind") void bp_tcp_start_bind_raw(bp_handle self, bp_handle net, A12, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.finish-bind") void bp_tcp_finish_bind(bp_handle self, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.start-connect") void bp_tcp_start_connect_raw(bp_handle self, bp_handle net, A12, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.finish-connect") void bp_tcp_finish_connect(bp_handle self, bp_ret_pair *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.start-listen") void bp_tcp_start_listen(bp_handle self, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.finish-listen") void bp_tcp_finish_listen(bp_handle self, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.accept") void bp_tcp_accept(bp_handle self, bp_ret_accept *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.local-address") void bp_tcp_local_address(bp_handle self, bp_ret_addr *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.remote-address") void bp_tcp_remote_address(bp_handle self, bp_ret_addr *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.is-listening") int32_t bp_tcp_is_listening(bp_handle self);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.address-family") int32_t bp_tcp_address_family(bp_handle self);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.set-listen-backlog-size") void bp_tcp_set_listen_backlog_size(bp_handle self, uint64_t v, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.subscribe") bp_handle bp_tcp_subscribe(bp_handle self);
BP_IMPORT("wasi:sockets/tcp", "[method]tcp-socket.shutdown") void bp_tcp_shutdown(bp_handle self, int32_t how, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/tcp", "[resource-drop]tcp-socket") void bp_tcp_socket_drop(bp_handle);

/* wasi:sockets/udp */
BP_IMPORT("wasi:sockets/udp", "[method]udp-socket.start-bind") void bp_udp_start_bind_raw(bp_handle self, bp_handle net, A12, bp_ret_unit *ret);
BP_IMPORT("wasi:sockets/udp", "[method]udp-socket.finish-bind") void bp_udp_finish_bind(bp_handle self, bp_ret_unit *ret);
/* stream(option<ip-socket-address>): the option's tag, then the 12 flat address values */
BP_IMPORT("wasi:sockets/udp", "[method]udp-socket.stream") void bp_udp_stream_raw(bp_handle self, int32_t is_some, A12, bp_ret_pair *ret);
BP_IMPORT("wasi:sockets/udp", "[method]udp-socket.local-address") void bp_udp_local_address(bp_handle self, bp_ret_addr *ret);
BP_IMPORT("wasi:sockets/udp", "[method]udp-socket.remote-address") void bp_udp_remote_address(bp_handle self, bp_ret_addr *ret);
BP_IMPORT("wasi:sockets/udp", "[method]udp-socket.address-family") int32_t bp_udp_address_family(bp_handle self);
BP_IMPORT("wasi:sockets/udp", "[method]udp-socket.subscribe") bp_handle bp_udp_subscribe(bp_handle self);
BP_IMPORT("wasi:sockets/udp", "[method]incoming-datagram-stream.receive") void bp_udp_receive(bp_handle self, uint64_t max, bp_ret_datagrams *ret);
BP_IMPORT("wasi:sockets/udp", "[method]incoming-datagram-stream.subscribe") bp_handle bp_udp_incoming_subscribe(bp_handle self);
BP_IMPORT("wasi:sockets/udp", "[method]outgoing-datagram-stream.check-send") void bp_udp_check_send(bp_handle self, bp_ret_u64 *ret);
BP_IMPORT("wasi:sockets/udp", "[method]outgoing-datagram-stream.send") void bp_udp_send(bp_handle self, const bp_outgoing_datagram *list, uint32_t n,
                                                                                         bp_ret_u64 *ret);
BP_IMPORT("wasi:sockets/udp", "[method]outgoing-datagram-stream.subscribe") bp_handle bp_udp_outgoing_subscribe(bp_handle self);
BP_IMPORT("wasi:sockets/udp", "[resource-drop]udp-socket") void bp_udp_socket_drop(bp_handle);
BP_IMPORT("wasi:sockets/udp", "[resource-drop]incoming-datagram-stream") void bp_incoming_datagram_stream_drop(bp_handle);
BP_IMPORT("wasi:sockets/udp", "[resource-drop]outgoing-datagram-stream") void bp_outgoing_datagram_stream_drop(bp_handle);

/* wasi:sockets/ip-name-lookup */
BP_IMPORT("wasi:sockets/ip-name-lookup", "resolve-addresses") void bp_resolve_addresses(bp_handle net, const char *name, uint32_t len, bp_ret_handle *ret);
BP_IMPORT("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.resolve-next-address") void bp_resolve_next_address(bp_handle self,
                                                                                                                           bp_ret_next_address *ret);
BP_IMPORT("wasi:sockets/ip-name-lookup", "[method]resolve-address-stream.subscribe") bp_handle bp_resolve_subscribe(bp_handle self);
BP_IMPORT("wasi:sockets/ip-name-lookup", "[resource-drop]resolve-address-stream") void bp_resolve_address_stream_drop(bp_handle);

/* wasi:io/poll */
BP_IMPORT("wasi:io/poll", "[method]pollable.ready") int32_t bp_pollable_ready(bp_handle self);
BP_IMPORT("wasi:io/poll", "[method]pollable.block") void bp_pollable_block(bp_handle self);
/* poll(list<borrow<pollable>>) -> list<u32>: ret = {u32 *ptr, u32 len} */
BP_IMPORT("wasi:io/poll", "poll") void bp_poll(const bp_handle *in, uint32_t n, bp_bytes *ret);
BP_IMPORT("wasi:io/poll", "[resource-drop]pollable") void bp_pollable_drop(bp_handle);

/* wasi:io/error */
BP_IMPORT("wasi:io/error", "[method]error.to-debug-string") void bp_error_to_debug_string(bp_handle self, bp_bytes *ret);
BP_IMPORT("wasi:io/error", "[resource-drop]error") void bp_error_drop(bp_handle);

/* wasi:io/streams */
BP_IMPORT("wasi:io/streams", "[method]input-stream.read") void bp_input_read(bp_handle self, uint64_t len, bp_ret_read *ret);
BP_IMPORT("wasi:io/streams", "[method]input-stream.blocking-read") void bp_input_blocking_read(bp_handle self, uint64_t len, bp_ret_read *ret);
BP_IMPORT("wasi:io/streams", "[method]input-stream.subscribe") bp_handle bp_input_subscribe(bp_handle self);
BP_IMPORT("wasi:io/streams", "[resource-drop]input-stream") void bp_input_stream_drop(bp_handle);
BP_IMPORT("wasi:io/streams", "[method]output-stream.check-write") void bp_output_check_write(bp_handle self, bp_ret_check_write *ret);
BP_IMPORT("wasi:io/streams", "[method]output-stream.write") void bp_output_write(bp_handle self, const void *p, uint32_t n, bp_ret_write *ret);
BP_IMPORT("wasi:io/streams", "[method]output-stream.blocking-write-and-flush") void bp_output_blocking_write_and_flush(bp_handle self, const void *p, uint32_t n,
                                                                                                                       bp_ret_write *ret);
BP_IMPORT("wasi:io/streams", "[method]output-stream.flush") void bp_output_flush(bp_handle self, bp_ret_write *ret);
BP_IMPORT("wasi:io/streams", "[method]output-stream.blocking-flush") void bp_output_blocking_flush(bp_handle self, bp_ret_write *ret);
BP_IMPORT("wasi:io/streams", "[method]output-stream.subscribe") bp_handle bp_output_subscribe(bp_handle self);
BP_IMPORT("wasi:io/streams", "[resource-drop]output-stream") void bp_output_stream_drop(bp_handle);

#undef A12

/* ---- flattening ip-socket-address into its 12 core values ---- */
typedef struct {
    int32_t v[12];
} bp_flat_addr;
static inline bp_flat_addr bp_flatten(const bp_addr *a) {
    bp_flat_addr f;
    memset(&f, 0, sizeof f);
    f.v[0] = a->tag;
    if (a->tag == BP_IPV4) {
        f.v[1] = a->u.v4.port;
        for (int i = 0; i < 4; i++) f.v[2 + i] = a->u.v4.addr[i];
    } else {
        f.v[1] = a->u.v6.port;
        f.v[2] = (int32_t)a->u.v6.flow_info;
        for (int i = 0; i < 8; i++) f.v[3 + i] = a->u.v6.addr[i];
        f.v[11] = (int32_t)a->u.v6.scope_id;
    }
    return f;
}
#define BP_F12(f) f.v[0], f.v[1], f.v[2], f.v[3], f.v[4], f.v[5], f.v[6], f.v[7], f.v[8], f.v[9], f.v[10], f.v[11]

static inline void bp_tcp_start_bind(bp_handle s, bp_handle net, const bp_addr *a, bp_ret_unit *r) {
    bp_flat_addr f = bp_flatten(a);
    bp_tcp_start_bind_raw(s, net, BP_F12(f), r);
}
static inline void bp_tcp_start_connect(bp_handle s, bp_handle net, const bp_addr *a, bp_ret_unit *r) {
    bp_flat_addr f = bp_flatten(a);
    bp_tcp_start_connect_raw(s, net, BP_F12(f), r);
}
static inline void bp_udp_start_bind(bp_handle s, bp_handle net, const bp_addr *a, bp_ret_unit *r) {
    bp_flat_addr f = bp_flatten(a);
    bp_udp_start_bind_raw(s, net, BP_F12(f), r);
}
/* remote == NULL: none */
static inline void bp_udp_stream(bp_handle s, const bp_addr *remote, bp_ret_pair *r) {
    bp_addr zero;
    memset(&zero, 0, sizeof zero);
    bp_flat_addr f = bp_flatten(remote ? remote : &zero);
    if (!remote) memset(&f, 0, sizeof f);
    bp_udp_stream_raw(s, remote != NULL, BP_F12(f), r);
}

static inline bp_addr bp_ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
    bp_addr x;
    memset(&x, 0, sizeof x);
    x.tag = BP_IPV4;
    x.u.v4.port = port;
    x.u.v4.addr[0] = a, x.u.v4.addr[1] = b, x.u.v4.addr[2] = c, x.u.v4.addr[3] = d;
    return x;
}
/* ::1 */
static inline bp_addr bp_ipv6_loopback(uint16_t port) {
    bp_addr x;
    memset(&x, 0, sizeof x);
    x.tag = BP_IPV6;
    x.u.v6.port = port;
    x.u.v6.addr[7] = 1;
    return x;
}

/* ---- cabi_realloc: the guest's allocator, which the host calls for returned lists ---- */
#ifndef BACKPORT_NO_CABI_REALLOC
#include <stdio.h>
/* wasm-ld wraps every export of a command module other than _start in
 * __wasm_call_ctors/__wasm_call_dtors, and the dtors flush stdio: a buffered printf would
 * make cabi_realloc call fd_write, i.e. leave the instance inside realloc, which the
 * Canonical ABI forbids (Wasmtime traps "cannot leave component instance"). With stdout
 * unbuffered there is never anything to flush. */
__attribute__((constructor)) static void bp_stdout_unbuffered(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
}
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size);
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    if (old_size == 0) old = NULL;
    /* malloc aligns to 16, enough for every Canonical ABI type on wasm32; a zero-size
     * request (an empty list) still gets a real block, so the guest can free() any list */
    void *p = realloc(old, new_size ? new_size : 1);
    (void)align;
    if (!p) __builtin_trap(); /* out of memory traps, as the ABI expects */
    return p;
}
#endif

#endif
