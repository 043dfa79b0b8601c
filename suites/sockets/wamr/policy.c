/*
 * WAMR dialect, the capability policy (sheet 2.5): --addr-pool decides which addresses
 * sock_bind, sock_connect and sock_send_to may use (deny by default, prefix match, family
 * must match), --allow-resolve which names sock_addr_resolve may look up. Every denial has a
 * control call beside it that the same policy allows, so a denial cannot pass for another
 * reason. Groups: outside-pool, none, family, mask.
 */
#include "wamr_common.h"

static int32_t bind_new(int af, int type, const wamr_addr_t *a) {
    __wasi_fd_t fd;
    int32_t e = wamr_sock_open(-1, af, type, &fd);
    if (e) return e;
    e = wamr_sock_bind(fd, a);
    closefd(fd);
    return e;
}
static int32_t connect_new(int af, const wamr_addr_t *a) {
    __wasi_fd_t fd;
    int32_t e = wamr_sock_open(-1, af, WAMR_SOCKET_STREAM, &fd);
    if (e) return e;
    e = wamr_sock_connect(fd, a);
    closefd(fd);
    return e;
}
static int32_t send_to_new(int af, const wamr_addr_t *a) {
    __wasi_fd_t fd;
    int32_t e = wamr_sock_open(-1, af, WAMR_SOCKET_DGRAM, &fd);
    if (e) return e;
    __wasi_ciovec_t v = {(const uint8_t *)"x", 1};
    uint32_t n = 0;
    e = wamr_sock_send_to(fd, &v, 1, 0, a, &n);
    closefd(fd);
    return e;
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    /* without a peer (the groups where every call must be denied) a port where nothing listens */
    uint16_t port = env_port("WASMCERT_PEER_PORT");
    if (!port) port = 9;
    if (!strcmp(g, "outside-pool")) {
        /* pool 127.0.0.1/32 and ::1/128; 127.0.0.2 is loopback but outside it */
        wamr_addr_t out = addr4(127, 0, 0, 2, 0), out_peer = addr4(127, 0, 0, 2, port), in = addr4(127, 0, 0, 1, 0), peer = addr4(127, 0, 0, 1, port);
        tap_errno(bind_new(WAMR_INET4, WAMR_SOCKET_STREAM, &out), E(ACCES), "sock_bind to 127.0.0.2:0, outside the pool, gives acces");
        tap_errno(connect_new(WAMR_INET4, &out_peer), E(ACCES), "sock_connect to 127.0.0.2:%u, outside the pool, gives acces", port);
        tap_errno(send_to_new(WAMR_INET4, &out_peer), E(ACCES), "sock_send_to 127.0.0.2:%u, outside the pool, gives acces", port);
        tap_errno(bind_new(WAMR_INET4, WAMR_SOCKET_STREAM, &in), E(SUCCESS), "control: sock_bind to 127.0.0.1:0, in the pool, succeeds");
        tap_errno(connect_new(WAMR_INET4, &peer), E(SUCCESS), "control: sock_connect to the peer at 127.0.0.1:%u succeeds", port);
    } else if (!strcmp(g, "none")) {
        /* no --addr-pool and no --allow-resolve at all */
        wamr_addr_t in = addr4(127, 0, 0, 1, 0), peer = addr4(127, 0, 0, 1, port);
        tap_errno(bind_new(WAMR_INET4, WAMR_SOCKET_STREAM, &in), E(ACCES), "without a pool, sock_bind to 127.0.0.1:0 gives acces");
        tap_errno(connect_new(WAMR_INET4, &peer), E(ACCES), "without a pool, sock_connect to the peer gives acces");
        tap_errno(send_to_new(WAMR_INET4, &peer), E(ACCES), "without a pool, sock_send_to the peer's address gives acces");
        wamr_addr_info_hints_t h;
        memset(&h, 0, sizeof h);
        wamr_addr_info_t info[4];
        uint32_t max = 0;
        tap_errno(wamr_sock_addr_resolve("localhost", "80", &h, info, 4, &max), E(ACCES), "without --allow-resolve, sock_addr_resolve(\"localhost\") gives acces");
        __wasi_fd_t fd;
        tap_errno(wamr_sock_open(-1, WAMR_INET4, WAMR_SOCKET_STREAM, &fd), E(SUCCESS), "control: sock_open itself is allowed (it names no address)");
    } else if (!strcmp(g, "family")) {
        /* pool 127.0.0.1/32 only; the peer listens on ::1 */
        wamr_addr_t v6 = addr6_loopback(port), v6any = addr6_loopback(0), in = addr4(127, 0, 0, 1, 0);
        tap_errno(connect_new(WAMR_INET6, &v6), E(ACCES), "with pool 127.0.0.1/32, sock_connect to the peer at [::1]:%u gives acces", port);
        tap_errno(bind_new(WAMR_INET6, WAMR_SOCKET_STREAM, &v6any), E(ACCES), "with pool 127.0.0.1/32, sock_bind to [::1]:0 gives acces");
        tap_errno(bind_new(WAMR_INET4, WAMR_SOCKET_STREAM, &in), E(SUCCESS), "control: sock_bind to 127.0.0.1:0 succeeds");
    } else if (!strcmp(g, "mask")) {
        /* pool 127.0.0.0/8: a prefix, not one address */
        wamr_addr_t a2 = addr4(127, 0, 0, 2, 0), a9 = addr4(127, 9, 8, 7, 0), v6 = addr6_loopback(0), other = addr4(10, 0, 0, 1, 0);
        tap_errno(bind_new(WAMR_INET4, WAMR_SOCKET_DGRAM, &a2), E(SUCCESS), "with pool 127.0.0.0/8, sock_bind to 127.0.0.2:0 succeeds");
        tap_errno(bind_new(WAMR_INET4, WAMR_SOCKET_DGRAM, &a9), E(SUCCESS), "with pool 127.0.0.0/8, sock_bind to 127.9.8.7:0 succeeds");
        tap_errno(bind_new(WAMR_INET4, WAMR_SOCKET_DGRAM, &other), E(ACCES), "with pool 127.0.0.0/8, sock_bind to 10.0.0.1:0 gives acces");
        tap_errno(bind_new(WAMR_INET6, WAMR_SOCKET_DGRAM, &v6), E(ACCES), "with pool 127.0.0.0/8, sock_bind to [::1]:0 gives acces (no IPv6 entry)");
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
