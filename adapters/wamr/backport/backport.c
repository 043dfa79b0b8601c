/*
 * wasi:sockets@0.2.0 back-ported to P1 core imports: the host side for WAMR, as an
 * iwasm --native-lib library over POSIX sockets (docs/sockets-backport.md).
 *
 * One library serves all ten import modules. iwasm's contract registers one module per
 * library (get_native_lib returns one name), so get_native_lib registers the other nine
 * itself with wasm_runtime_register_natives (which a --native-lib library may call: iwasm
 * and wasmcert's launcher export the wasm_runtime_* API to it) and returns the tenth.
 * One library, so one handle table that every interface shares, as in the Component Model.
 *
 * Policy: iwasm's own flags, read back from /proc/self/cmdline: --addr-pool=ADDR/MASK,...
 * gates bind, connect and send-to; --allow-resolve=NAME gates resolve-addresses of names
 * (IP literals need none). No --addr-pool: every bind/connect/send-to is access-denied,
 * as in WAMR's own socket calls. BACKPORT_POLICY=allow-all in the runtime's environment
 * turns the policy off (manual runs).
 *
 * Limitations (documented): one wasm instance per process (one global table); the
 * resolver is synchronous inside resolve-addresses; child resources (streams, pollables)
 * keep their socket alive instead of trapping on an early parent drop.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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
static int errno_code(int e)
{
    switch (e) {
    case EACCES: case EPERM: return EC_ACCESS_DENIED;
    case EOPNOTSUPP: case EAFNOSUPPORT: case EPROTONOSUPPORT: return EC_NOT_SUPPORTED;
    case EINVAL: case EDESTADDRREQ: return EC_INVALID_ARGUMENT;
    case ENOMEM: case ENOBUFS: return EC_OUT_OF_MEMORY;
    case ETIMEDOUT: return EC_TIMEOUT;
    case EALREADY: return EC_CONCURRENCY_CONFLICT;
    case EAGAIN: case EINPROGRESS: return EC_WOULD_BLOCK;
    case EISCONN: case ENOTCONN: return EC_INVALID_STATE;
    case EMFILE: case ENFILE: return EC_NEW_SOCKET_LIMIT;
    case EADDRNOTAVAIL: return EC_ADDRESS_NOT_BINDABLE;
    case EADDRINUSE: return EC_ADDRESS_IN_USE;
    case EHOSTUNREACH: case ENETUNREACH: case ENETDOWN: case EHOSTDOWN: return EC_REMOTE_UNREACHABLE;
    case ECONNREFUSED: return EC_CONNECTION_REFUSED;
    case ECONNRESET: case EPIPE: return EC_CONNECTION_RESET;
    case ECONNABORTED: return EC_CONNECTION_ABORTED;
    case EMSGSIZE: return EC_DATAGRAM_TOO_LARGE;
    default: return EC_UNKNOWN;
    }
}

/* ------------------------------------------------------------------ guest memory */
#define INST(env) wasm_runtime_get_module_inst(env)

static void trap(wasm_exec_env_t env, const char *msg)
{
    wasm_runtime_set_exception(INST(env), msg);
}
static int trapped(wasm_exec_env_t env)
{
    return wasm_runtime_get_exception(INST(env)) != NULL;
}
/* A guest area [off, off+size) aligned to align, or NULL after a trap. Re-fetch after
 * every cabi_realloc call: a memory.grow may move linear memory. */
static uint8_t *area(wasm_exec_env_t env, uint32_t off, uint32_t size, uint32_t align)
{
    if (align > 1 && off % align) {
        trap(env, "backport: misaligned pointer");
        return NULL;
    }
    if (!wasm_runtime_validate_app_addr(INST(env), off, size ? size : 1) && size) {
        trap(env, "backport: out of bounds memory access");
        return NULL;
    }
    if (!size) return (uint8_t *)wasm_runtime_addr_app_to_native(INST(env), off);
    return (uint8_t *)wasm_runtime_addr_app_to_native(INST(env), off);
}
/* cabi_realloc(0, 0, align, size): the guest offset, or 0 after a trap */
static uint32_t guest_alloc(wasm_exec_env_t env, uint32_t align, uint32_t size)
{
    wasm_function_inst_t f = wasm_runtime_lookup_function(INST(env), "cabi_realloc");
    if (!f) {
        trap(env, "backport: the guest exports no cabi_realloc");
        return 0;
    }
    uint32_t argv[4] = {0, 0, align, size};
    if (!wasm_runtime_call_wasm(env, f, 4, argv)) return 0; /* its exception stands */
    uint32_t p = argv[0];
    if (p % align || (size && !wasm_runtime_validate_app_addr(INST(env), p, size))) {
        if (!trapped(env)) trap(env, "backport: cabi_realloc returned a bad pointer");
        return 0;
    }
    return p;
}
static void put8(uint8_t *p, uint8_t v) { *p = v; }
static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* ------------------------------------------------------------------ policy */
struct pool_entry { int family; uint8_t addr[16]; int mask; };
static struct pool_entry pool[64];
static int n_pool, allow_all;
static char *resolve_names[64];
static int n_resolve;

static int add_pool(const char *s)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    char *slash = strchr(buf, '/');
    int mask = -1;
    if (slash) { *slash = 0; mask = atoi(slash + 1); }
    struct pool_entry e;
    memset(&e, 0, sizeof e);
    if (inet_pton(AF_INET, buf, e.addr) == 1) { e.family = AF_INET; e.mask = mask < 0 ? 32 : mask; }
    else if (inet_pton(AF_INET6, buf, e.addr) == 1) { e.family = AF_INET6; e.mask = mask < 0 ? 128 : mask; }
    else return 0;
    if (n_pool < 64) pool[n_pool++] = e;
    return 1;
}
static void load_policy(void)
{
    const char *p = getenv("BACKPORT_POLICY");
    if (p && !strcmp(p, "allow-all")) allow_all = 1;
    FILE *f = fopen("/proc/self/cmdline", "rb");
    if (!f) return;
    static char cmd[65536];
    size_t n = fread(cmd, 1, sizeof cmd - 1, f);
    fclose(f);
    cmd[n] = 0;
    /* iwasm (and wasmcert's launcher) split --addr-pool's list with strtok in place, so
     * /proc/self/cmdline shows "--addr-pool=A/M" followed by the other entries as
     * arguments of their own: take those too. */
    int in_pool = 0;
    for (size_t i = 0; i < n; i += strlen(cmd + i) + 1) {
        const char *a = cmd + i;
        if (!strncmp(a, "--addr-pool=", 12)) {
            char *list = strdup(a + 12), *save = NULL;
            for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) add_pool(t);
            free(list);
            in_pool = 1;
            continue;
        }
        if (in_pool && a[0] != '-' && add_pool(a)) continue;
        in_pool = 0;
        if (!strncmp(a, "--allow-resolve=", 16) && n_resolve < 64) {
            resolve_names[n_resolve++] = strdup(a + 16);
        } else if (a[0] != '-' && strstr(a, ".wasm")) {
            break; /* the guest's own arguments follow */
        }
    }
}
static int addr_allowed(const struct sockaddr_storage *ss)
{
    if (allow_all) return 1;
    const uint8_t *a = ss->ss_family == AF_INET ? (const uint8_t *)&((const struct sockaddr_in *)ss)->sin_addr
                                                : (const uint8_t *)&((const struct sockaddr_in6 *)ss)->sin6_addr;
    for (int k = 0; k < n_pool; k++) {
        if (pool[k].family != ss->ss_family) continue;
        int bits = pool[k].mask, ok = 1;
        for (int b = 0; b < bits && ok; b++)
            ok = ((a[b / 8] ^ pool[k].addr[b / 8]) & (0x80 >> (b % 8))) == 0;
        if (ok) return 1;
    }
    return 0;
}
static int name_allowed(const char *name)
{
    if (allow_all) return 1;
    for (int k = 0; k < n_resolve; k++) {
        const char *r = resolve_names[k];
        if (!strcasecmp(r, name)) return 1;
        if (r[0] == '*' && strlen(name) >= strlen(r + 1) && !strcasecmp(name + strlen(name) - strlen(r + 1), r + 1)) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ resources */
enum kind { K_FREE = 0, K_NETWORK, K_TCP, K_UDP, K_INPUT, K_OUTPUT, K_INCOMING, K_OUTGOING, K_RESOLVE, K_POLLABLE, K_ERROR };
static const char *const kind_names[] = {"free", "network", "tcp-socket", "udp-socket", "input-stream", "output-stream",
                                         "incoming-datagram-stream", "outgoing-datagram-stream", "resolve-address-stream",
                                         "pollable", "error"};
enum state { S_UNBOUND, S_BIND_STARTED, S_BOUND, S_LISTEN_STARTED, S_LISTENING, S_CONNECTING, S_CONNECT_READY, S_CONNECTED, S_CLOSED };

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
static struct res *table;
static uint32_t table_len;

static struct sock *sock_ref(struct sock *s) { s->refs++; return s; }
static void sock_unref(struct sock *s)
{
    if (s && --s->refs == 0) { close(s->fd); free(s); }
}
static int32_t new_handle(struct res r)
{
    for (uint32_t i = 1; i < table_len; i++)
        if (table[i].kind == K_FREE) { table[i] = r; return (int32_t)i; }
    uint32_t n = table_len ? table_len * 2 : 64;
    struct res *t = realloc(table, n * sizeof *t);
    if (!t) abort();
    memset(t + table_len, 0, (n - table_len) * sizeof *t);
    uint32_t i = table_len ? table_len : 1;
    table = t;
    table_len = n;
    table[i] = r;
    return (int32_t)i;
}
/* The entry of a live handle of that kind, or NULL after a trap (as the Canonical ABI
 * traps on an unknown handle or one of another resource type). */
static struct res *get(wasm_exec_env_t env, int32_t h, enum kind k)
{
    if (h <= 0 || (uint32_t)h >= table_len || table[h].kind == K_FREE) {
        char m[96];
        snprintf(m, sizeof m, "backport: unknown handle %d (expected a %s)", h, kind_names[k]);
        trap(env, m);
        return NULL;
    }
    if (table[h].kind != k) {
        char m[128];
        snprintf(m, sizeof m, "backport: handle %d is a %s, not a %s", h, kind_names[table[h].kind], kind_names[k]);
        trap(env, m);
        return NULL;
    }
    return &table[h];
}
static void drop(wasm_exec_env_t env, int32_t h, enum kind k)
{
    struct res *r = get(env, h, k);
    if (!r) return;
    sock_unref(r->s);
    free(r->addrs);
    free(r->msg);
    memset(r, 0, sizeof *r);
}
static int32_t new_sock_handle(enum kind k, struct sock *s)
{
    struct res r;
    memset(&r, 0, sizeof r);
    r.kind = k;
    r.s = sock_ref(s);
    return new_handle(r);
}
static int32_t new_pollable(struct sock *s, enum poll_kind pk)
{
    struct res r;
    memset(&r, 0, sizeof r);
    r.kind = K_POLLABLE;
    r.s = s ? sock_ref(s) : NULL;
    r.pk = s ? pk : P_READY;
    return new_handle(r);
}
static int32_t new_error(const char *msg)
{
    struct res r;
    memset(&r, 0, sizeof r);
    r.kind = K_ERROR;
    r.msg = strdup(msg);
    return new_handle(r);
}

/* ------------------------------------------------------------------ addresses */
/* Lifts the 12 flat values of an ip-socket-address; traps on a bad variant tag. */
static int lift_addr(wasm_exec_env_t env, const int32_t v[12], struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    if (v[0] == 0) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)v[1]);
        uint8_t *o = (uint8_t *)&a->sin_addr;
        for (int i = 0; i < 4; i++) o[i] = (uint8_t)v[2 + i];
        *len = sizeof *a;
        return 1;
    }
    if (v[0] == 1) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)v[1]);
        a->sin6_flowinfo = htonl((uint32_t)v[2]);
        for (int i = 0; i < 8; i++) {
            uint16_t seg = (uint16_t)v[3 + i];
            a->sin6_addr.s6_addr[2 * i] = seg >> 8;
            a->sin6_addr.s6_addr[2 * i + 1] = seg & 0xff;
        }
        a->sin6_scope_id = (uint32_t)v[11];
        *len = sizeof *a;
        return 1;
    }
    trap(env, "backport: invalid ip-socket-address discriminant");
    return 0;
}
/* Same, from guest memory (an ip-socket-address at p, 32 bytes) */
static int load_addr(wasm_exec_env_t env, const uint8_t *p, struct sockaddr_storage *ss, socklen_t *len)
{
    int32_t v[12];
    memset(v, 0, sizeof v);
    v[0] = p[0];
    if (p[0] == 0) {
        v[1] = get16(p + 4);
        for (int i = 0; i < 4; i++) v[2 + i] = p[6 + i];
    } else if (p[0] == 1) {
        v[1] = get16(p + 4);
        v[2] = (int32_t)get32(p + 8);
        for (int i = 0; i < 8; i++) v[3 + i] = get16(p + 12 + 2 * i);
        v[11] = (int32_t)get32(p + 28);
    }
    return lift_addr(env, v, ss, len);
}
/* Stores an ip-socket-address (32 bytes, align 4) at p */
static void store_addr(uint8_t *p, const struct sockaddr_storage *ss)
{
    memset(p, 0, 32);
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        put8(p, 0);
        put16(p + 4, ntohs(a->sin_port));
        memcpy(p + 6, &a->sin_addr, 4);
    } else {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        put8(p, 1);
        put16(p + 4, ntohs(a->sin6_port));
        put32(p + 8, ntohl(a->sin6_flowinfo));
        for (int i = 0; i < 8; i++) put16(p + 12 + 2 * i, (uint16_t)(a->sin6_addr.s6_addr[2 * i] << 8 | a->sin6_addr.s6_addr[2 * i + 1]));
        put32(p + 28, a->sin6_scope_id);
    }
}
static int is_unspecified(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == 0;
    return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}
static int is_v4mapped(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}
static uint16_t port_of(const struct sockaddr_storage *ss)
{
    return ntohs(ss->ss_family == AF_INET ? ((const struct sockaddr_in *)ss)->sin_port : ((const struct sockaddr_in6 *)ss)->sin6_port);
}
static int is_multicast_or_broadcast(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        uint32_t a = ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr);
        return (a >> 28) == 0xe || a == 0xffffffffu;
    }
    return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

/* ------------------------------------------------------------------ results */
/* result<_, E> at ret (2 bytes) */
static void ret_unit(wasm_exec_env_t env, uint32_t ret, int code)
{
    uint8_t *p = area(env, ret, 2, 1);
    if (!p) return;
    put8(p, code >= 0);
    put8(p + 1, code >= 0 ? (uint8_t)code : 0);
}
#define OK (-1)
/* result<T, E> with the payload at `at`: error case */
static void ret_err(wasm_exec_env_t env, uint32_t ret, uint32_t size, uint32_t align, uint32_t at, int code)
{
    uint8_t *p = area(env, ret, size, align);
    if (!p) return;
    put8(p, 1);
    put8(p + at, (uint8_t)code);
}

/* Waits on one fd with slices, so that wasm_runtime_terminate (the launcher's --timeout)
 * is noticed; returns revents or 0 after a trap. */
static int wait_fd(wasm_exec_env_t env, int fd, short events)
{
    for (;;) {
        struct pollfd p = {fd, events, 0};
        int n = poll(&p, 1, 50);
        if (n > 0) return p.revents;
        if (n < 0 && errno != EINTR) return POLLERR;
        if (trapped(env)) return 0;
    }
}

/* ------------------------------------------------------------------ wasi:sockets/instance-network, network */
static int32_t instance_network(wasm_exec_env_t env)
{
    (void)env;
    struct res r;
    memset(&r, 0, sizeof r);
    r.kind = K_NETWORK;
    return new_handle(r);
}
static void network_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_NETWORK); }

/* ------------------------------------------------------------------ create-*-socket */
static void create_socket(wasm_exec_env_t env, int32_t family, uint32_t ret, int udp)
{
    if (family != 0 && family != 1) { trap(env, "backport: invalid ip-address-family"); return; }
    if (!area(env, ret, 8, 4)) return;
    int af = family ? AF_INET6 : AF_INET;
    int fd = socket(af, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { ret_err(env, ret, 8, 4, 4, errno_code(errno)); return; }
    int one = 1;
    if (af == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one); /* never dual stack */
    struct sock *s = calloc(1, sizeof *s);
    s->fd = fd;
    s->family = af;
    s->udp = udp;
    s->backlog = 128;
    int32_t h = new_sock_handle(udp ? K_UDP : K_TCP, s);
    uint8_t *p = area(env, ret, 8, 4);
    put8(p, 0);
    put32(p + 4, (uint32_t)h);
}
static void create_tcp_socket(wasm_exec_env_t env, int32_t family, uint32_t ret) { create_socket(env, family, ret, 0); }
static void create_udp_socket(wasm_exec_env_t env, int32_t family, uint32_t ret) { create_socket(env, family, ret, 1); }

/* ------------------------------------------------------------------ bind (tcp and udp) */
static void start_bind(wasm_exec_env_t env, int32_t self, int32_t net, const int32_t v[12], uint32_t ret, enum kind k)
{
    struct res *r = get(env, self, k);
    if (!r || !get(env, net, K_NETWORK)) return;
    struct sockaddr_storage ss;
    socklen_t len;
    if (!lift_addr(env, v, &ss, &len) || !area(env, ret, 2, 1)) return;
    struct sock *s = r->s;
    if (s->state != S_UNBOUND) { ret_unit(env, ret, EC_INVALID_STATE); return; }
    if (ss.ss_family != s->family || is_v4mapped(&ss) || is_multicast_or_broadcast(&ss)) { ret_unit(env, ret, EC_INVALID_ARGUMENT); return; }
    if (!addr_allowed(&ss)) { ret_unit(env, ret, EC_ACCESS_DENIED); return; }
    if (!s->udp) {
        int one = 1; /* as wasi-sockets' implementations do: rebinding a TIME_WAIT port works */
        setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    if (bind(s->fd, (struct sockaddr *)&ss, len) < 0) {
        int e = errno;
        ret_unit(env, ret, e == EINVAL ? EC_INVALID_STATE : errno_code(e));
        return;
    }
    s->state = S_BIND_STARTED;
    ret_unit(env, ret, OK);
}
static void finish_bind(wasm_exec_env_t env, int32_t self, uint32_t ret, enum kind k)
{
    struct res *r = get(env, self, k);
    if (!r || !area(env, ret, 2, 1)) return;
    if (r->s->state != S_BIND_STARTED) { ret_unit(env, ret, EC_NOT_IN_PROGRESS); return; }
    r->s->state = S_BOUND;
    ret_unit(env, ret, OK);
}
#define FLAT12 int32_t a0, int32_t a1, int32_t a2, int32_t a3, int32_t a4, int32_t a5, int32_t a6, int32_t a7, int32_t a8, int32_t a9, int32_t a10, int32_t a11
#define ARR12 {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11}
static void tcp_start_bind(wasm_exec_env_t env, int32_t self, int32_t net, FLAT12, uint32_t ret)
{
    int32_t v[12] = ARR12;
    start_bind(env, self, net, v, ret, K_TCP);
}
static void tcp_finish_bind(wasm_exec_env_t env, int32_t self, uint32_t ret) { finish_bind(env, self, ret, K_TCP); }
static void udp_start_bind(wasm_exec_env_t env, int32_t self, int32_t net, FLAT12, uint32_t ret)
{
    int32_t v[12] = ARR12;
    start_bind(env, self, net, v, ret, K_UDP);
}
static void udp_finish_bind(wasm_exec_env_t env, int32_t self, uint32_t ret) { finish_bind(env, self, ret, K_UDP); }

/* ------------------------------------------------------------------ tcp */
static void tcp_start_connect(wasm_exec_env_t env, int32_t self, int32_t net, FLAT12, uint32_t ret)
{
    int32_t v[12] = ARR12;
    struct res *r = get(env, self, K_TCP);
    if (!r || !get(env, net, K_NETWORK)) return;
    struct sockaddr_storage ss;
    socklen_t len;
    if (!lift_addr(env, v, &ss, &len) || !area(env, ret, 2, 1)) return;
    struct sock *s = r->s;
    if (ss.ss_family != s->family || is_unspecified(&ss) || port_of(&ss) == 0 || is_v4mapped(&ss) || is_multicast_or_broadcast(&ss)) {
        ret_unit(env, ret, EC_INVALID_ARGUMENT);
        return;
    }
    if (s->state != S_UNBOUND && s->state != S_BOUND) { ret_unit(env, ret, EC_INVALID_STATE); return; }
    if (!addr_allowed(&ss)) { ret_unit(env, ret, EC_ACCESS_DENIED); return; }
    if (connect(s->fd, (struct sockaddr *)&ss, len) == 0) {
        s->state = S_CONNECT_READY;
        s->connect_err = 0;
    } else if (errno == EINPROGRESS) {
        s->state = S_CONNECTING;
    } else {
        int e = errno;
        s->state = S_CLOSED;
        ret_unit(env, ret, errno_code(e));
        return;
    }
    ret_unit(env, ret, OK);
}
static void tcp_finish_connect(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_TCP);
    if (!r || !area(env, ret, 12, 4)) return;
    struct sock *s = r->s;
    if (s->state == S_CONNECTING) {
        struct pollfd p = {s->fd, POLLOUT, 0};
        if (poll(&p, 1, 0) == 0) { ret_err(env, ret, 12, 4, 4, EC_WOULD_BLOCK); return; }
        int err = 0;
        socklen_t l = sizeof err;
        getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &l);
        s->state = S_CONNECT_READY;
        s->connect_err = err;
    }
    if (s->state != S_CONNECT_READY) { ret_err(env, ret, 12, 4, 4, EC_NOT_IN_PROGRESS); return; }
    if (s->connect_err) {
        s->state = S_CLOSED;
        ret_err(env, ret, 12, 4, 4, errno_code(s->connect_err));
        return;
    }
    s->state = S_CONNECTED;
    int32_t in = new_sock_handle(K_INPUT, s), out = new_sock_handle(K_OUTPUT, s);
    uint8_t *p = area(env, ret, 12, 4);
    put8(p, 0);
    put32(p + 4, (uint32_t)in);
    put32(p + 8, (uint32_t)out);
}
static void tcp_start_listen(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_TCP);
    if (!r || !area(env, ret, 2, 1)) return;
    struct sock *s = r->s;
    if (s->state != S_BOUND) { ret_unit(env, ret, EC_INVALID_STATE); return; }
    if (listen(s->fd, s->backlog) < 0) { ret_unit(env, ret, errno_code(errno)); return; }
    s->state = S_LISTEN_STARTED;
    ret_unit(env, ret, OK);
}
static void tcp_finish_listen(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_TCP);
    if (!r || !area(env, ret, 2, 1)) return;
    if (r->s->state != S_LISTEN_STARTED) { ret_unit(env, ret, EC_NOT_IN_PROGRESS); return; }
    r->s->state = S_LISTENING;
    ret_unit(env, ret, OK);
}
static void tcp_accept(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_TCP);
    if (!r || !area(env, ret, 16, 4)) return;
    struct sock *s = r->s;
    if (s->state != S_LISTENING) { ret_err(env, ret, 16, 4, 4, EC_INVALID_STATE); return; }
    int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) { ret_err(env, ret, 16, 4, 4, errno_code(errno)); return; }
    struct sock *c = calloc(1, sizeof *c);
    c->fd = fd;
    c->family = s->family;
    c->state = S_CONNECTED;
    c->backlog = 128;
    int32_t hs = new_sock_handle(K_TCP, c), in = new_sock_handle(K_INPUT, c), out = new_sock_handle(K_OUTPUT, c);
    uint8_t *p = area(env, ret, 16, 4);
    put8(p, 0);
    put32(p + 4, (uint32_t)hs);
    put32(p + 8, (uint32_t)in);
    put32(p + 12, (uint32_t)out);
}
static void sock_address(wasm_exec_env_t env, int32_t self, uint32_t ret, enum kind k, int remote)
{
    struct res *r = get(env, self, k);
    if (!r || !area(env, ret, 36, 4)) return;
    struct sock *s = r->s;
    int ok = remote ? (s->udp ? s->udp_connected : s->state == S_CONNECTED) : (s->state != S_UNBOUND && s->state != S_CLOSED);
    if (!ok) { ret_err(env, ret, 36, 4, 4, EC_INVALID_STATE); return; }
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if ((remote ? getpeername(s->fd, (struct sockaddr *)&ss, &len) : getsockname(s->fd, (struct sockaddr *)&ss, &len)) < 0) {
        ret_err(env, ret, 36, 4, 4, errno == ENOTCONN ? EC_INVALID_STATE : errno_code(errno));
        return;
    }
    uint8_t *p = area(env, ret, 36, 4);
    put8(p, 0);
    store_addr(p + 4, &ss);
}
static void tcp_local_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_TCP, 0); }
static void tcp_remote_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_TCP, 1); }
static int32_t tcp_is_listening(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_TCP);
    return r ? r->s->state == S_LISTENING : 0;
}
static int32_t tcp_address_family(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_TCP);
    return r ? r->s->family == AF_INET6 : 0;
}
static void tcp_set_listen_backlog_size(wasm_exec_env_t env, int32_t self, int64_t v, uint32_t ret)
{
    struct res *r = get(env, self, K_TCP);
    if (!r || !area(env, ret, 2, 1)) return;
    if (v == 0) { ret_unit(env, ret, EC_INVALID_ARGUMENT); return; }
    uint64_t u = (uint64_t)v;
    r->s->backlog = u > INT_MAX ? INT_MAX : (int)u;
    if (r->s->state == S_LISTENING && listen(r->s->fd, r->s->backlog) < 0) { ret_unit(env, ret, errno_code(errno)); return; }
    if (r->s->state == S_CONNECTED || r->s->state == S_CONNECTING) { ret_unit(env, ret, EC_INVALID_STATE); return; }
    ret_unit(env, ret, OK);
}
static int32_t tcp_subscribe(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_TCP);
    return r ? new_pollable(r->s, P_TCP_STATE) : 0;
}
static void tcp_shutdown(wasm_exec_env_t env, int32_t self, int32_t how, uint32_t ret)
{
    struct res *r = get(env, self, K_TCP);
    if (!r) return;
    if (how < 0 || how > 2) { trap(env, "backport: invalid shutdown-type"); return; }
    if (!area(env, ret, 2, 1)) return;
    if (r->s->state != S_CONNECTED) { ret_unit(env, ret, EC_INVALID_STATE); return; }
    if (shutdown(r->s->fd, how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : SHUT_RDWR) < 0 && errno != ENOTCONN) {
        ret_unit(env, ret, errno_code(errno));
        return;
    }
    if (how != 1) r->s->in_closed = 1;
    if (how != 0) r->s->out_closed = 1;
    ret_unit(env, ret, OK);
}
static void tcp_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_TCP); }

/* ------------------------------------------------------------------ wasi:io/streams */
/* result<list<u8>, stream-error> (12 bytes): ok list @4/@8; err: tag @4, error @8 */
static void ret_stream_err(wasm_exec_env_t env, uint32_t ret, uint32_t size, uint32_t at, int closed, const char *why)
{
    int32_t e = closed ? 0 : new_error(why);
    uint8_t *p = area(env, ret, size, size == 16 ? 8 : 4);
    if (!p) return;
    put8(p, 1);
    put8(p + at, closed ? 1 : 0);
    put32(p + at + 4, (uint32_t)e);
}
static void input_read(wasm_exec_env_t env, int32_t self, int64_t len, uint32_t ret, int blocking)
{
    struct res *r = get(env, self, K_INPUT);
    if (!r || !area(env, ret, 12, 4)) return;
    struct sock *s = r->s;
    if (s->in_closed) { ret_stream_err(env, ret, 12, 4, 1, NULL); return; }
    uint64_t want = (uint64_t)len;
    if (want > 65536) want = 65536;
    uint8_t *buf = malloc(want ? want : 1);
    ssize_t n = 0;
    if (want) {
        for (;;) {
            n = recv(s->fd, buf, want, MSG_DONTWAIT);
            if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK) || !blocking) break;
            if (!wait_fd(env, s->fd, POLLIN)) { free(buf); return; }
        }
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) n = 0;
    else if (n < 0) {
        char m[128];
        snprintf(m, sizeof m, "recv: %s", strerror(errno));
        free(buf);
        ret_stream_err(env, ret, 12, 4, 0, m);
        return;
    } else if (n == 0 && want) {
        free(buf);
        s->in_closed = 1;
        ret_stream_err(env, ret, 12, 4, 1, NULL);
        return;
    }
    uint32_t g = guest_alloc(env, 1, (uint32_t)n);
    if (trapped(env)) { free(buf); return; }
    if (n) memcpy(area(env, g, (uint32_t)n, 1), buf, (size_t)n);
    free(buf);
    uint8_t *p = area(env, ret, 12, 4);
    put8(p, 0);
    put32(p + 4, g);
    put32(p + 8, (uint32_t)n);
}
static void input_read_nb(wasm_exec_env_t env, int32_t self, int64_t len, uint32_t ret) { input_read(env, self, len, ret, 0); }
static void input_read_b(wasm_exec_env_t env, int32_t self, int64_t len, uint32_t ret) { input_read(env, self, len, ret, 1); }
static int32_t input_subscribe(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_INPUT);
    return r ? new_pollable(r->s, P_IN) : 0;
}
static void input_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_INPUT); }

#define WRITE_PERMIT 65536
static void output_check_write(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_OUTPUT);
    if (!r || !area(env, ret, 16, 8)) return;
    struct sock *s = r->s;
    if (s->out_closed) { ret_stream_err(env, ret, 16, 8, 1, NULL); return; }
    struct pollfd p = {s->fd, POLLOUT, 0};
    int ready = poll(&p, 1, 0) > 0;
    if (ready && (p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLOUT)) { ret_stream_err(env, ret, 16, 8, 1, NULL); return; }
    s->write_permit = ready ? WRITE_PERMIT : 0;
    uint8_t *q = area(env, ret, 16, 8);
    put8(q, 0);
    put64(q + 8, s->write_permit);
}
/* Sends all bytes, waiting for room; 0 or the errno */
static int send_all(wasm_exec_env_t env, struct sock *s, uint32_t ptr, uint32_t len)
{
    uint32_t done = 0;
    while (done < len) {
        uint8_t *p = area(env, ptr + done, len - done, 1);
        if (!p) return -1;
        ssize_t n = send(s->fd, p, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) { done += (uint32_t)n; continue; }
        if (errno != EAGAIN && errno != EWOULDBLOCK) return errno;
        if (!wait_fd(env, s->fd, POLLOUT)) return -1;
    }
    return 0;
}
static void output_write(wasm_exec_env_t env, int32_t self, uint32_t ptr, uint32_t len, uint32_t ret, int blocking)
{
    struct res *r = get(env, self, K_OUTPUT);
    if (!r || !area(env, ret, 12, 4) || (len && !area(env, ptr, len, 1))) return;
    struct sock *s = r->s;
    if (blocking && len > 4096) { trap(env, "backport: blocking-write-and-flush of more than 4096 bytes"); return; }
    if (!blocking) {
        if (len > s->write_permit) { trap(env, "backport: write of more bytes than check-write permitted"); return; }
        s->write_permit -= len;
    }
    if (s->out_closed) { ret_stream_err(env, ret, 12, 4, 1, NULL); return; }
    int e = send_all(env, s, ptr, len);
    if (e < 0) return;
    if (e) {
        char m[128];
        snprintf(m, sizeof m, "send: %s", strerror(e));
        if (e == EPIPE) s->out_closed = 1;
        ret_stream_err(env, ret, 12, 4, 0, m);
        return;
    }
    uint8_t *p = area(env, ret, 12, 4);
    memset(p, 0, 12);
}
static void output_write_nb(wasm_exec_env_t env, int32_t self, uint32_t ptr, uint32_t len, uint32_t ret) { output_write(env, self, ptr, len, ret, 0); }
static void output_write_b(wasm_exec_env_t env, int32_t self, uint32_t ptr, uint32_t len, uint32_t ret) { output_write(env, self, ptr, len, ret, 1); }
static void output_flush(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_OUTPUT);
    if (!r || !area(env, ret, 12, 4)) return;
    if (r->s->out_closed) { ret_stream_err(env, ret, 12, 4, 1, NULL); return; }
    memset(area(env, ret, 12, 4), 0, 12); /* writes are never buffered here */
}
static int32_t output_subscribe(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_OUTPUT);
    return r ? new_pollable(r->s, P_OUT) : 0;
}
static void output_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_OUTPUT); }

/* ------------------------------------------------------------------ wasi:io/error */
static void error_to_debug_string(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_ERROR);
    if (!r || !area(env, ret, 8, 4)) return;
    uint32_t n = (uint32_t)strlen(r->msg);
    char *copy = strdup(r->msg);
    uint32_t g = guest_alloc(env, 1, n);
    if (trapped(env)) { free(copy); return; }
    if (n) memcpy(area(env, g, n, 1), copy, n);
    free(copy);
    uint8_t *p = area(env, ret, 8, 4);
    put32(p, g);
    put32(p + 4, n);
}
static void error_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_ERROR); }

/* ------------------------------------------------------------------ wasi:io/poll */
/* events to poll for, or 0 when the pollable is ready without waiting */
static short poll_events(struct res *r)
{
    if (!r->s || r->pk == P_READY) return 0;
    if (r->pk == P_IN) return POLLIN;
    if (r->pk == P_OUT) return POLLOUT;
    if (r->s->state == S_CONNECTING) return POLLOUT;
    if (r->s->state == S_LISTENING) return POLLIN;
    return 0;
}
static int32_t pollable_ready(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_POLLABLE);
    if (!r) return 0;
    short ev = poll_events(r);
    if (!ev) return 1;
    struct pollfd p = {r->s->fd, ev, 0};
    return poll(&p, 1, 0) > 0;
}
static void pollable_block(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_POLLABLE);
    if (!r) return;
    short ev = poll_events(r);
    if (ev) wait_fd(env, r->s->fd, ev);
}
static void poll_list(wasm_exec_env_t env, uint32_t ptr, uint32_t n, uint32_t ret)
{
    if (!area(env, ret, 8, 4) || (n && !area(env, ptr, n * 4, 4))) return;
    if (n == 0) { trap(env, "backport: poll of an empty list"); return; }
    struct pollfd *fds = calloc(n, sizeof *fds);
    uint32_t *idx = calloc(n, sizeof *idx), k = 0;
    int any_ready = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct res *r = get(env, (int32_t)get32(area(env, ptr + 4 * i, 4, 4)), K_POLLABLE);
        if (!r) { free(fds); free(idx); return; }
        short ev = poll_events(r);
        fds[i].fd = ev ? r->s->fd : -1;
        fds[i].events = ev;
        if (!ev) any_ready = 1;
    }
    for (;;) {
        int m = poll(fds, n, any_ready ? 0 : 50);
        if (m > 0 || any_ready) break;
        if (trapped(env)) { free(fds); free(idx); return; }
    }
    for (uint32_t i = 0; i < n; i++)
        if (fds[i].fd < 0 || fds[i].revents) idx[k++] = i;
    free(fds);
    uint32_t g = guest_alloc(env, 4, k * 4);
    if (trapped(env)) { free(idx); return; }
    if (k) memcpy(area(env, g, k * 4, 4), idx, k * 4);
    free(idx);
    uint8_t *p = area(env, ret, 8, 4);
    put32(p, g);
    put32(p + 4, k);
}
static void pollable_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_POLLABLE); }

/* ------------------------------------------------------------------ udp */
static void udp_stream(wasm_exec_env_t env, int32_t self, int32_t is_some, FLAT12, uint32_t ret)
{
    int32_t v[12] = ARR12;
    struct res *r = get(env, self, K_UDP);
    if (!r) return;
    if (is_some != 0 && is_some != 1) { trap(env, "backport: invalid option discriminant"); return; }
    struct sockaddr_storage ss;
    socklen_t len = 0;
    if ((is_some && !lift_addr(env, v, &ss, &len)) || !area(env, ret, 12, 4)) return;
    struct sock *s = r->s;
    if (s->state != S_BOUND) { ret_err(env, ret, 12, 4, 4, EC_INVALID_STATE); return; }
    if (is_some) {
        if (ss.ss_family != s->family || is_unspecified(&ss) || port_of(&ss) == 0 || is_v4mapped(&ss)) {
            ret_err(env, ret, 12, 4, 4, EC_INVALID_ARGUMENT);
            return;
        }
        if (!addr_allowed(&ss)) { ret_err(env, ret, 12, 4, 4, EC_ACCESS_DENIED); return; }
        if (connect(s->fd, (struct sockaddr *)&ss, len) < 0) { ret_err(env, ret, 12, 4, 4, errno_code(errno)); return; }
        s->udp_connected = 1;
    } else if (s->udp_connected) {
        struct sockaddr un = {.sa_family = AF_UNSPEC};
        connect(s->fd, &un, sizeof un);
        s->udp_connected = 0;
    }
    s->send_permit = 0;
    int32_t in = new_sock_handle(K_INCOMING, s), out = new_sock_handle(K_OUTGOING, s);
    uint8_t *p = area(env, ret, 12, 4);
    put8(p, 0);
    put32(p + 4, (uint32_t)in);
    put32(p + 8, (uint32_t)out);
}
static void udp_local_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_UDP, 0); }
static void udp_remote_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_UDP, 1); }
static int32_t udp_address_family(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_UDP);
    return r ? r->s->family == AF_INET6 : 0;
}
static int32_t udp_subscribe(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_UDP);
    return r ? new_pollable(NULL, P_READY) : 0;
}
static void udp_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_UDP); }

#define MAX_DGRAMS 64
static void udp_receive(wasm_exec_env_t env, int32_t self, int64_t max, uint32_t ret)
{
    struct res *r = get(env, self, K_INCOMING);
    if (!r || !area(env, ret, 12, 4)) return;
    uint64_t want = (uint64_t)max > MAX_DGRAMS ? MAX_DGRAMS : (uint64_t)max;
    struct { uint8_t *data; uint32_t len; struct sockaddr_storage from; } got[MAX_DGRAMS];
    uint32_t k = 0;
    int err = 0;
    while (k < want) {
        uint8_t *buf = malloc(65536);
        struct sockaddr_storage from;
        socklen_t fl = sizeof from;
        ssize_t n = recvfrom(r->s->fd, buf, 65536, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
        if (n < 0) {
            free(buf);
            if (errno != EAGAIN && errno != EWOULDBLOCK && k == 0) err = errno;
            break;
        }
        got[k].data = buf;
        got[k].len = (uint32_t)n;
        got[k].from = from;
        k++;
    }
    if (err) { ret_err(env, ret, 12, 4, 4, errno_code(err)); return; }
    uint32_t list = guest_alloc(env, 4, k * 40);
    for (uint32_t i = 0; i < k && !trapped(env); i++) {
        uint32_t g = guest_alloc(env, 1, got[i].len);
        if (trapped(env)) break;
        if (got[i].len) memcpy(area(env, g, got[i].len, 1), got[i].data, got[i].len);
        uint8_t *e = area(env, list + 40 * i, 40, 4);
        put32(e, g);
        put32(e + 4, got[i].len);
        store_addr(e + 8, &got[i].from);
    }
    for (uint32_t i = 0; i < k; i++) free(got[i].data);
    if (trapped(env)) return;
    uint8_t *p = area(env, ret, 12, 4);
    put8(p, 0);
    put32(p + 4, list);
    put32(p + 8, k);
}
static int32_t udp_incoming_subscribe(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_INCOMING);
    return r ? new_pollable(r->s, P_IN) : 0;
}
static void incoming_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_INCOMING); }

#define SEND_PERMIT 16
static void udp_check_send(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_OUTGOING);
    if (!r || !area(env, ret, 16, 8)) return;
    struct pollfd p = {r->s->fd, POLLOUT, 0};
    r->s->send_permit = poll(&p, 1, 0) > 0 ? SEND_PERMIT : 0;
    uint8_t *q = area(env, ret, 16, 8);
    put8(q, 0);
    put64(q + 8, r->s->send_permit);
}
static void udp_send(wasm_exec_env_t env, int32_t self, uint32_t ptr, uint32_t n, uint32_t ret)
{
    struct res *r = get(env, self, K_OUTGOING);
    if (!r || !area(env, ret, 16, 8) || (n && !area(env, ptr, n * 44, 4))) return;
    struct sock *s = r->s;
    if (n > s->send_permit) { trap(env, "backport: send of more datagrams than check-send permitted"); return; }
    s->send_permit -= n;
    uint64_t sent = 0;
    int code = OK;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *e = area(env, ptr + 44 * i, 44, 4);
        uint32_t dp = get32(e), dl = get32(e + 4);
        uint8_t has = e[8];
        if (has > 1) { trap(env, "backport: invalid option discriminant"); return; }
        struct sockaddr_storage ss;
        socklen_t len = 0;
        if (has && !load_addr(env, e + 12, &ss, &len)) return;
        if (dl && !area(env, dp, dl, 1)) return;
        if (has) {
            if (ss.ss_family != s->family || is_unspecified(&ss) || port_of(&ss) == 0 || is_v4mapped(&ss)) { code = EC_INVALID_ARGUMENT; break; }
            if (s->udp_connected) {
                struct sockaddr_storage peer;
                socklen_t pl = sizeof peer;
                getpeername(s->fd, (struct sockaddr *)&peer, &pl);
                if (pl != len || memcmp(&peer, &ss, len)) { code = EC_INVALID_ARGUMENT; break; }
            } else if (!addr_allowed(&ss)) { code = EC_ACCESS_DENIED; break; }
        } else if (!s->udp_connected) { code = EC_INVALID_ARGUMENT; break; }
        const uint8_t *d = dl ? area(env, dp, dl, 1) : (const uint8_t *)"";
        ssize_t m = (has && !s->udp_connected) ? sendto(s->fd, d, dl, MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&ss, len)
                                               : send(s->fd, d, dl, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (m < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) code = errno_code(errno);
            break;
        }
        sent++;
    }
    uint8_t *q = area(env, ret, 16, 8);
    if (sent == 0 && code != OK) { put8(q, 1); put8(q + 8, (uint8_t)code); return; }
    put8(q, 0);
    put64(q + 8, sent);
}
static int32_t udp_outgoing_subscribe(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_OUTGOING);
    return r ? new_pollable(r->s, P_OUT) : 0;
}
static void outgoing_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_OUTGOING); }

/* ------------------------------------------------------------------ ip-name-lookup */
static void resolve_addresses(wasm_exec_env_t env, int32_t net, uint32_t ptr, uint32_t len, uint32_t ret)
{
    if (!get(env, net, K_NETWORK) || !area(env, ret, 8, 4) || (len && !area(env, ptr, len, 1))) return;
    char *name = calloc(1, len + 1);
    if (len) memcpy(name, area(env, ptr, len, 1), len);
    if (!len || strlen(name) != len || strchr(name, ' ')) { free(name); ret_err(env, ret, 8, 4, 4, EC_INVALID_ARGUMENT); return; }
    uint8_t tmp[16];
    int literal = inet_pton(AF_INET, name, tmp) == 1 || inet_pton(AF_INET6, name, tmp) == 1;
    if (!literal && !name_allowed(name)) { free(name); ret_err(env, ret, 8, 4, 4, EC_ACCESS_DENIED); return; }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; /* one entry per address */
    hints.ai_flags = literal ? AI_NUMERICHOST : 0;
    int g = getaddrinfo(name, NULL, &hints, &res);
    free(name);
    if (g) {
        int code = g == EAI_NONAME || g == EAI_NODATA || g == EAI_ADDRFAMILY ? EC_NAME_UNRESOLVABLE
                   : g == EAI_AGAIN ? EC_TEMPORARY_RESOLVER_FAILURE
                   : g == EAI_FAIL ? EC_PERMANENT_RESOLVER_FAILURE
                   : g == EAI_MEMORY ? EC_OUT_OF_MEMORY : EC_UNKNOWN;
        ret_err(env, ret, 8, 4, 4, code);
        return;
    }
    struct res r;
    memset(&r, 0, sizeof r);
    r.kind = K_RESOLVE;
    int cap = 0;
    for (struct addrinfo *a = res; a; a = a->ai_next) cap++;
    r.addrs = calloc(cap ? cap : 1, 17);
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        uint8_t e[17];
        memset(e, 0, sizeof e);
        if (a->ai_family == AF_INET) memcpy(e + 1, &((struct sockaddr_in *)a->ai_addr)->sin_addr, 4);
        else if (a->ai_family == AF_INET6) {
            struct in6_addr *x = &((struct sockaddr_in6 *)a->ai_addr)->sin6_addr;
            if (IN6_IS_ADDR_V4MAPPED(x)) continue; /* never an IPv4-mapped address */
            e[0] = 1;
            memcpy(e + 1, x, 16);
        } else continue;
        int dup = 0;
        for (int k = 0; k < r.n_addrs; k++) dup |= !memcmp(r.addrs[k], e, 17);
        if (!dup) memcpy(r.addrs[r.n_addrs++], e, 17);
    }
    freeaddrinfo(res);
    int32_t h = new_handle(r);
    uint8_t *p = area(env, ret, 8, 4);
    put8(p, 0);
    put32(p + 4, (uint32_t)h);
}
static void resolve_next_address(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_RESOLVE);
    if (!r) return;
    uint8_t *p = area(env, ret, 22, 2);
    if (!p) return;
    memset(p, 0, 22);
    if (r->next >= r->n_addrs) return; /* ok(none) */
    const uint8_t *e = r->addrs[r->next++];
    put8(p + 2, 1);
    put8(p + 4, e[0]);
    if (e[0] == 0) memcpy(p + 6, e + 1, 4);
    else
        for (int i = 0; i < 8; i++) put16(p + 6 + 2 * i, (uint16_t)(e[1 + 2 * i] << 8 | e[2 + 2 * i]));
}
static int32_t resolve_subscribe(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_RESOLVE);
    return r ? new_pollable(NULL, P_READY) : 0;
}
static void resolve_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_RESOLVE); }

/* ------------------------------------------------------------------ registration */
#define SYM(name, fn, sig) {name, (void *)fn, sig, NULL}
#define SIG15 "(iiiiiiiiiiiiiii)"
static NativeSymbol s_instance_network[] = {SYM("instance-network", instance_network, "()i")};
static NativeSymbol s_network[] = {SYM("[resource-drop]network", network_drop, "(i)")};
static NativeSymbol s_tcp_create[] = {SYM("create-tcp-socket", create_tcp_socket, "(ii)")};
static NativeSymbol s_udp_create[] = {SYM("create-udp-socket", create_udp_socket, "(ii)")};
static NativeSymbol s_tcp[] = {
    SYM("[method]tcp-socket.start-bind", tcp_start_bind, SIG15),
    SYM("[method]tcp-socket.finish-bind", tcp_finish_bind, "(ii)"),
    SYM("[method]tcp-socket.start-connect", tcp_start_connect, SIG15),
    SYM("[method]tcp-socket.finish-connect", tcp_finish_connect, "(ii)"),
    SYM("[method]tcp-socket.start-listen", tcp_start_listen, "(ii)"),
    SYM("[method]tcp-socket.finish-listen", tcp_finish_listen, "(ii)"),
    SYM("[method]tcp-socket.accept", tcp_accept, "(ii)"),
    SYM("[method]tcp-socket.local-address", tcp_local_address, "(ii)"),
    SYM("[method]tcp-socket.remote-address", tcp_remote_address, "(ii)"),
    SYM("[method]tcp-socket.is-listening", tcp_is_listening, "(i)i"),
    SYM("[method]tcp-socket.address-family", tcp_address_family, "(i)i"),
    SYM("[method]tcp-socket.set-listen-backlog-size", tcp_set_listen_backlog_size, "(iIi)"),
    SYM("[method]tcp-socket.subscribe", tcp_subscribe, "(i)i"),
    SYM("[method]tcp-socket.shutdown", tcp_shutdown, "(iii)"),
    SYM("[resource-drop]tcp-socket", tcp_drop, "(i)"),
};
static NativeSymbol s_udp[] = {
    SYM("[method]udp-socket.start-bind", udp_start_bind, SIG15),
    SYM("[method]udp-socket.finish-bind", udp_finish_bind, "(ii)"),
    SYM("[method]udp-socket.stream", udp_stream, SIG15),
    SYM("[method]udp-socket.local-address", udp_local_address, "(ii)"),
    SYM("[method]udp-socket.remote-address", udp_remote_address, "(ii)"),
    SYM("[method]udp-socket.address-family", udp_address_family, "(i)i"),
    SYM("[method]udp-socket.subscribe", udp_subscribe, "(i)i"),
    SYM("[method]incoming-datagram-stream.receive", udp_receive, "(iIi)"),
    SYM("[method]incoming-datagram-stream.subscribe", udp_incoming_subscribe, "(i)i"),
    SYM("[method]outgoing-datagram-stream.check-send", udp_check_send, "(ii)"),
    SYM("[method]outgoing-datagram-stream.send", udp_send, "(iiii)"),
    SYM("[method]outgoing-datagram-stream.subscribe", udp_outgoing_subscribe, "(i)i"),
    SYM("[resource-drop]udp-socket", udp_drop, "(i)"),
    SYM("[resource-drop]incoming-datagram-stream", incoming_drop, "(i)"),
    SYM("[resource-drop]outgoing-datagram-stream", outgoing_drop, "(i)"),
};
static NativeSymbol s_lookup[] = {
    SYM("resolve-addresses", resolve_addresses, "(iiii)"),
    SYM("[method]resolve-address-stream.resolve-next-address", resolve_next_address, "(ii)"),
    SYM("[method]resolve-address-stream.subscribe", resolve_subscribe, "(i)i"),
    SYM("[resource-drop]resolve-address-stream", resolve_drop, "(i)"),
};
static NativeSymbol s_poll[] = {
    SYM("[method]pollable.ready", pollable_ready, "(i)i"),
    SYM("[method]pollable.block", pollable_block, "(i)"),
    SYM("poll", poll_list, "(iii)"),
    SYM("[resource-drop]pollable", pollable_drop, "(i)"),
};
static NativeSymbol s_error[] = {
    SYM("[method]error.to-debug-string", error_to_debug_string, "(ii)"),
    SYM("[resource-drop]error", error_drop, "(i)"),
};
static NativeSymbol s_streams[] = {
    SYM("[method]input-stream.read", input_read_nb, "(iIi)"),
    SYM("[method]input-stream.blocking-read", input_read_b, "(iIi)"),
    SYM("[method]input-stream.subscribe", input_subscribe, "(i)i"),
    SYM("[resource-drop]input-stream", input_drop, "(i)"),
    SYM("[method]output-stream.check-write", output_check_write, "(ii)"),
    SYM("[method]output-stream.write", output_write_nb, "(iiii)"),
    SYM("[method]output-stream.blocking-write-and-flush", output_write_b, "(iiii)"),
    SYM("[method]output-stream.flush", output_flush, "(ii)"),
    SYM("[method]output-stream.blocking-flush", output_flush, "(ii)"),
    SYM("[method]output-stream.subscribe", output_subscribe, "(i)i"),
    SYM("[resource-drop]output-stream", output_drop, "(i)"),
};
#define N(a) (uint32_t)(sizeof(a) / sizeof(a[0]))

/* iwasm --native-lib: registers nine modules itself and returns the tenth. */
__attribute__((visibility("default"))) uint32_t get_native_lib(char **module_name, NativeSymbol **native_symbols)
{
    static int done;
    if (!done) {
        done = 1;
        load_policy();
        struct { const char *name; NativeSymbol *s; uint32_t n; } mods[] = {
            {"wasi:sockets/network" VERSION, s_network, N(s_network)},
            {"wasi:sockets/tcp-create-socket" VERSION, s_tcp_create, N(s_tcp_create)},
            {"wasi:sockets/udp-create-socket" VERSION, s_udp_create, N(s_udp_create)},
            {"wasi:sockets/tcp" VERSION, s_tcp, N(s_tcp)},
            {"wasi:sockets/udp" VERSION, s_udp, N(s_udp)},
            {"wasi:sockets/ip-name-lookup" VERSION, s_lookup, N(s_lookup)},
            {"wasi:io/poll" VERSION, s_poll, N(s_poll)},
            {"wasi:io/error" VERSION, s_error, N(s_error)},
            {"wasi:io/streams" VERSION, s_streams, N(s_streams)},
        };
        for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
            if (!wasm_runtime_register_natives(mods[i].name, mods[i].s, mods[i].n)) {
                fprintf(stderr, "backport: cannot register %s\n", mods[i].name);
                return 0;
            }
    }
    *module_name = "wasi:sockets/instance-network" VERSION;
    *native_symbols = s_instance_network;
    return N(s_instance_network);
}
