/*
 * WAMR dialect, socket options (sheet 2.2): every sock_set_* / sock_get_* pair, set then
 * get returns the value set (buffer sizes: the value or twice it, as Linux's socket(7)
 * doubles SO_RCVBUF/SO_SNDBUF for bookkeeping). Out-values are pre-filled with 0xAA so a
 * get that writes nothing is seen. One group per option family; "timeout-effect" checks
 * that a receive timeout is applied, not only stored.
 */
#include "wamr_common.h"

#define BOOL_RT(fd, name)                                                                                                 \
    do {                                                                                                                  \
        for (int v = 1; v >= 0; v--) {                                                                                    \
            uint8_t got = 0xAA;                                                                                           \
            int32_t e1 = wamr_sock_set_##name(fd, v);                                                                     \
            int32_t e2 = wamr_sock_get_##name(fd, &got);                                                                  \
            if (tap_errno(e1, E(SUCCESS), "sock_set_" #name "(%d) succeeds", v))                                          \
                tap_ok(e2 == 0 && got == v, "sock_get_" #name " then gives %d (errno %d, value 0x%02x)", v, e2, got);     \
        }                                                                                                                 \
    } while (0)

#define U32_RT(fd, name, val)                                                                                             \
    do {                                                                                                                  \
        uint32_t got = 0xAAAAAAAA;                                                                                        \
        if (tap_errno(wamr_sock_set_##name(fd, val), E(SUCCESS), "sock_set_" #name "(%u) succeeds", (unsigned)(val))) {   \
            int32_t e2 = wamr_sock_get_##name(fd, &got);                                                                  \
            tap_ok(e2 == 0 && got == (val), "sock_get_" #name " then gives %u (errno %d, value %u)", (unsigned)(val), e2, got); \
        }                                                                                                                 \
    } while (0)

static __wasi_fd_t open_sock(int af, int type) {
    __wasi_fd_t fd = -1;
    tap_errno(wamr_sock_open(-1, af, type, &fd), E(SUCCESS), "sock_open(%s, %s) succeeds", af == WAMR_INET6 ? "inet6" : "inet4",
              type == WAMR_SOCKET_DGRAM ? "dgram" : "stream");
    return fd;
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "buf-size")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_STREAM);
        uint32_t got = 0xAAAAAAAA;
        if (tap_errno(wamr_sock_set_recv_buf_size(fd, 65536), E(SUCCESS), "sock_set_recv_buf_size(65536) succeeds")) {
            int32_t e = wamr_sock_get_recv_buf_size(fd, &got);
            tap_ok(e == 0 && (got == 65536 || got == 131072), "sock_get_recv_buf_size then gives 65536 (or Linux's doubled 131072) (errno %d, value %u)", e, got);
        }
        got = 0xAAAAAAAA;
        if (tap_errno(wamr_sock_set_send_buf_size(fd, 32768), E(SUCCESS), "sock_set_send_buf_size(32768) succeeds")) {
            int32_t e = wamr_sock_get_send_buf_size(fd, &got);
            tap_ok(e == 0 && (got == 32768 || got == 65536), "sock_get_send_buf_size then gives 32768 (or Linux's doubled 65536) (errno %d, value %u)", e, got);
        }
    } else if (!strcmp(g, "reuse")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_STREAM);
        BOOL_RT(fd, reuse_addr);
        BOOL_RT(fd, reuse_port);
    } else if (!strcmp(g, "timeouts")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_STREAM);
        uint64_t got = 0xAAAAAAAAAAAAAAAAULL;
        if (tap_errno(wamr_sock_set_recv_timeout(fd, 1500000), E(SUCCESS), "sock_set_recv_timeout(1500000 us) succeeds")) {
            int32_t e = wamr_sock_get_recv_timeout(fd, &got);
            tap_ok(e == 0 && got == 1500000, "sock_get_recv_timeout then gives 1500000 us (errno %d, value %llu)", e, (unsigned long long)got);
        }
        got = 0xAAAAAAAAAAAAAAAAULL;
        if (tap_errno(wamr_sock_set_send_timeout(fd, 2000000), E(SUCCESS), "sock_set_send_timeout(2000000 us) succeeds")) {
            int32_t e = wamr_sock_get_send_timeout(fd, &got);
            tap_ok(e == 0 && got == 2000000, "sock_get_send_timeout then gives 2000000 us (errno %d, value %llu)", e, (unsigned long long)got);
        }
    } else if (!strcmp(g, "keepalive")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_STREAM);
        BOOL_RT(fd, keep_alive);
        U32_RT(fd, tcp_keep_idle, 75);
        U32_RT(fd, tcp_keep_intvl, 9);
    } else if (!strcmp(g, "linger")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_STREAM);
        uint8_t on = 0xAA;
        int32_t secs = (int32_t)0xAAAAAAAA;
        if (tap_errno(wamr_sock_set_linger(fd, 1, 5), E(SUCCESS), "sock_set_linger(on, 5 s) succeeds")) {
            int32_t e = wamr_sock_get_linger(fd, &on, &secs);
            tap_ok(e == 0 && on == 1 && secs == 5, "sock_get_linger then gives on, 5 s (errno %d, on 0x%02x, %d s)", e, on, secs);
        }
        on = 0xAA;
        secs = (int32_t)0xAAAAAAAA;
        if (tap_errno(wamr_sock_set_linger(fd, 0, 0), E(SUCCESS), "sock_set_linger(off, 0) succeeds")) {
            int32_t e = wamr_sock_get_linger(fd, &on, &secs);
            /* off: the seconds are not compared, Linux keeps the last l_linger while SO_LINGER is off */
            tap_ok(e == 0 && on == 0, "sock_get_linger then gives off (errno %d, on 0x%02x, %d s)", e, on, secs);
        }
    } else if (!strcmp(g, "tcp")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_STREAM);
        BOOL_RT(fd, tcp_no_delay);
        BOOL_RT(fd, tcp_quick_ack);
        BOOL_RT(fd, tcp_fastopen_connect);
    } else if (!strcmp(g, "ip")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_DGRAM);
        BOOL_RT(fd, broadcast);
        uint8_t got = 0xAA;
        if (tap_errno(wamr_sock_set_ip_ttl(fd, 42), E(SUCCESS), "sock_set_ip_ttl(42) succeeds")) {
            int32_t e = wamr_sock_get_ip_ttl(fd, &got);
            tap_ok(e == 0 && got == 42, "sock_get_ip_ttl then gives 42 (errno %d, value %u)", e, got);
        }
        got = 0xAA;
        if (tap_errno(wamr_sock_set_ip_multicast_ttl(fd, 7), E(SUCCESS), "sock_set_ip_multicast_ttl(7) succeeds")) {
            int32_t e = wamr_sock_get_ip_multicast_ttl(fd, &got);
            tap_ok(e == 0 && got == 7, "sock_get_ip_multicast_ttl then gives 7 (errno %d, value %u)", e, got);
        }
        for (int v = 0; v <= 1; v++) {
            got = 0xAA;
            if (tap_errno(wamr_sock_set_ip_multicast_loop(fd, 0, v), E(SUCCESS), "sock_set_ip_multicast_loop(ipv4, %d) succeeds", v)) {
                int32_t e = wamr_sock_get_ip_multicast_loop(fd, 0, &got);
                tap_ok(e == 0 && got == v, "sock_get_ip_multicast_loop(ipv4) then gives %d (errno %d, value 0x%02x)", v, e, got);
            }
        }
    } else if (!strcmp(g, "ipv6")) {
        __wasi_fd_t fd = open_sock(WAMR_INET6, WAMR_SOCKET_DGRAM);
        BOOL_RT(fd, ipv6_only);
        for (int v = 0; v <= 1; v++) {
            uint8_t got = 0xAA;
            if (tap_errno(wamr_sock_set_ip_multicast_loop(fd, 1, v), E(SUCCESS), "sock_set_ip_multicast_loop(ipv6, %d) succeeds", v)) {
                int32_t e = wamr_sock_get_ip_multicast_loop(fd, 1, &got);
                tap_ok(e == 0 && got == v, "sock_get_ip_multicast_loop(ipv6) then gives %d (errno %d, value 0x%02x)", v, e, got);
            }
        }
    } else if (!strcmp(g, "membership")) {
        __wasi_fd_t fd = open_sock(WAMR_INET4, WAMR_SOCKET_DGRAM);
        wamr_addr_ip_t grp;
        memset(&grp, 0, sizeof grp);
        grp.kind = WAMR_IPv4;
        grp.addr.ip4 = (wamr_addr_ip4_t){239, 255, 77, 1};
        /* interface 0x0100007f: 127.0.0.1 as the in_addr bytes 127,0,0,1 (imr_interface is passed as stored) */
        tap_errno(wamr_sock_set_ip_add_membership(fd, &grp, 0x0100007f), E(SUCCESS), "sock_set_ip_add_membership(239.255.77.1 on 127.0.0.1) succeeds");
        tap_errno(wamr_sock_set_ip_drop_membership(fd, &grp, 0x0100007f), E(SUCCESS), "sock_set_ip_drop_membership of that group succeeds");
        tap_errno(wamr_sock_set_ip_drop_membership(fd, &grp, 0x0100007f), E(ADDRNOTAVAIL), "dropping it a second time gives addrnotavail (not a member)");
    } else if (!strcmp(g, "timeout-effect")) {
        /* the peer accepts and sends nothing */
        __wasi_fd_t fd;
        if (!tap_errno(connect_peer(&fd), E(SUCCESS), "a TCP socket connects to the peer")) return tap_end();
        tap_errno(wamr_sock_set_recv_timeout(fd, 200000), E(SUCCESS), "sock_set_recv_timeout(200000 us) succeeds");
        char buf[8];
        uint32_t n = 0;
        uint64_t t0 = now_ms();
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        uint64_t dt = now_ms() - t0;
        tap_errno(e, E(AGAIN), "sock_recv with no data gives again when the 200 ms timeout expires (as POSIX SO_RCVTIMEO: EAGAIN)");
        tap_ok(dt >= 150 && dt < 2000, "it returned after about 200 ms (%llu ms)", (unsigned long long)dt);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
