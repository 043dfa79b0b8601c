/* What tcp-socket and udp-socket have in common: creation, the two-phase bind, their
 * addresses and family. The entry points in tcp.c and udp.c pass their resource kind. */
#include "backport.h"

#include <errno.h>
#include <stdlib.h>

void create_socket(wasm_exec_env_t env, int32_t family, uint32_t ret, int udp)
{
    if (family != 0 && family != 1) { trap(env, "backport: invalid ip-address-family"); return; }
    if (!area(env, ret, 8, 4)) return;
    int af = family ? AF_INET6 : AF_INET;
    int fd = socket(af, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) { ret_err(env, ret, 8, 4, 4, errno_code(errno)); return; }
    int one = 1;
    if (af == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one); /* never dual stack */
    int32_t h = new_sock_handle(udp ? K_UDP : K_TCP, new_sock(fd, af, udp));
    ret_handles(env, ret, 1, &h);
}

void start_bind(wasm_exec_env_t env, int32_t self, int32_t net, const int32_t v[12], uint32_t ret, enum kind k)
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
void finish_bind(wasm_exec_env_t env, int32_t self, uint32_t ret, enum kind k)
{
    struct res *r = get(env, self, k);
    if (!r || !area(env, ret, 2, 1)) return;
    if (r->s->state != S_BIND_STARTED) { ret_unit(env, ret, EC_NOT_IN_PROGRESS); return; }
    r->s->state = S_BOUND;
    ret_unit(env, ret, OK);
}

/* local-address, or remote-address when `remote` */
void sock_address(wasm_exec_env_t env, int32_t self, uint32_t ret, enum kind k, int remote)
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
int32_t address_family(wasm_exec_env_t env, int32_t self, enum kind k)
{
    struct res *r = get(env, self, k);
    return r ? r->s->family == AF_INET6 : 0;
}

/* A remote address a socket may connect or send to: of its family, with an address and a
 * port, and not IPv4-mapped (sockets are never dual stack). */
int is_usable_remote(const struct sock *s, const struct sockaddr_storage *ss)
{
    return ss->ss_family == s->family && !is_unspecified(ss) && port_of(ss) != 0 && !is_v4mapped(ss);
}
