/* wasi:sockets/udp-create-socket and udp: udp-socket and its incoming and outgoing
 * datagram streams, made by stream() and sharing the one socket. */
#include "backport.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

static void create_udp_socket(wasm_exec_env_t env, int32_t family, uint32_t ret) { create_socket(env, family, ret, 1); }

static void udp_start_bind(wasm_exec_env_t env, int32_t self, int32_t net, FLAT12, uint32_t ret)
{
    int32_t v[12] = ARR12;
    start_bind(env, self, net, v, ret, K_UDP);
}
static void udp_finish_bind(wasm_exec_env_t env, int32_t self, uint32_t ret) { finish_bind(env, self, ret, K_UDP); }

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
        if (!is_usable_remote(s, &ss)) { ret_err(env, ret, 12, 4, 4, EC_INVALID_ARGUMENT); return; }
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
    ret_handles(env, ret, 2, (int32_t[]){in, out});
}
static void udp_local_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_UDP, 0); }
static void udp_remote_address(wasm_exec_env_t env, int32_t self, uint32_t ret) { sock_address(env, self, ret, K_UDP, 1); }
static int32_t udp_address_family(wasm_exec_env_t env, int32_t self) { return address_family(env, self, K_UDP); }
static int32_t udp_subscribe(wasm_exec_env_t env, int32_t self) { return subscribe(env, self, K_UDP, P_READY); }
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
        uint32_t g = guest_copy(env, 1, got[i].data, got[i].len);
        if (trapped(env)) break;
        uint8_t *e = area(env, list + 40 * i, 40, 4);
        put32(e, g);
        put32(e + 4, got[i].len);
        store_addr(e + 8, &got[i].from);
    }
    for (uint32_t i = 0; i < k; i++) free(got[i].data);
    if (trapped(env)) return;
    ret_ok_list(env, ret, list, k);
}
static int32_t udp_incoming_subscribe(wasm_exec_env_t env, int32_t self) { return subscribe(env, self, K_INCOMING, P_IN); }
static void incoming_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_INCOMING); }

#define SEND_PERMIT 16
static void udp_check_send(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_OUTGOING);
    if (!r || !area(env, ret, 16, 8)) return;
    struct pollfd p = {r->s->fd, POLLOUT, 0};
    r->s->send_permit = poll(&p, 1, 0) > 0 ? SEND_PERMIT : 0;
    ret_u64(env, ret, r->s->send_permit);
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
            if (!is_usable_remote(s, &ss)) { code = EC_INVALID_ARGUMENT; break; }
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
    if (sent == 0 && code != OK) ret_err(env, ret, 16, 8, 8, code);
    else ret_u64(env, ret, sent);
}
static int32_t udp_outgoing_subscribe(wasm_exec_env_t env, int32_t self) { return subscribe(env, self, K_OUTGOING, P_OUT); }
static void outgoing_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_OUTGOING); }

static NativeSymbol create_symbols[] = {SYM("create-udp-socket", create_udp_socket, "(ii)")};
static NativeSymbol symbols[] = {
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
const struct native_module udp_create_socket_module = MODULE("wasi:sockets/udp-create-socket", create_symbols);
const struct native_module udp_module = MODULE("wasi:sockets/udp", symbols);
