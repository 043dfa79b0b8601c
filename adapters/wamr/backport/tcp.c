/* wasi:sockets/tcp-create-socket and tcp: tcp-socket's state machine over a non-blocking
 * socket, whose connected streams are in streams.c. */
#include "backport.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>

static void create_tcp_socket(wasm_exec_env_t env, int32_t family, uint32_t ret) { create_socket(env, family, ret, 0); }

static void tcp_start_bind(wasm_exec_env_t env, int32_t self, int32_t net, FLAT12, uint32_t ret)
{
    int32_t v[12] = ARR12;
    start_bind(env, self, net, v, ret, K_TCP);
}
static void tcp_finish_bind(wasm_exec_env_t env, int32_t self, uint32_t ret) { finish_bind(env, self, ret, K_TCP); }

static void tcp_start_connect(wasm_exec_env_t env, int32_t self, int32_t net, FLAT12, uint32_t ret)
{
    int32_t v[12] = ARR12;
    struct res *r = get(env, self, K_TCP);
    if (!r || !get(env, net, K_NETWORK)) return;
    struct sockaddr_storage ss;
    socklen_t len;
    if (!lift_addr(env, v, &ss, &len) || !area(env, ret, 2, 1)) return;
    struct sock *s = r->s;
    if (!is_usable_remote(s, &ss) || is_multicast_or_broadcast(&ss)) { ret_unit(env, ret, EC_INVALID_ARGUMENT); return; }
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
    ret_handles(env, ret, 2, (int32_t[]){in, out});
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
    struct sock *c = new_sock(fd, s->family, 0);
    c->state = S_CONNECTED;
    int32_t hs = new_sock_handle(K_TCP, c), in = new_sock_handle(K_INPUT, c), out = new_sock_handle(K_OUTPUT, c);
    ret_handles(env, ret, 3, (int32_t[]){hs, in, out});
}

static void tcp_local_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_TCP, 0); }
static void tcp_remote_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_TCP, 1); }
static int32_t tcp_is_listening(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_TCP);
    return r ? r->s->state == S_LISTENING : 0;
}
static int32_t tcp_address_family(wasm_exec_env_t env, int32_t self) { return address_family(env, self, K_TCP); }
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
static int32_t tcp_subscribe(wasm_exec_env_t env, int32_t self) { return subscribe(env, self, K_TCP, P_TCP_STATE); }
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

static NativeSymbol create_symbols[] = {SYM("create-tcp-socket", create_tcp_socket, "(ii)")};
static NativeSymbol symbols[] = {
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
const struct native_module tcp_create_socket_module = MODULE("wasi:sockets/tcp-create-socket", create_symbols);
const struct native_module tcp_module = MODULE("wasi:sockets/tcp", symbols);
