/*
 * WAMR dialect, UDP (sheet 2.2): sock_send_to and sock_recv_from with the harness's UDP
 * peer, the source address sock_recv_from reports (the peer's address, port in host byte
 * order), and roflags on a truncated datagram (quirk: sheet 2.6 says *roflags is never
 * written). Groups: exchange, roflags: the shared scenarios of ../lib/scenarios.h, which
 * wasmedge/v1.c and wasmedge/recv_shutdown.c run too; the source address's layout is
 * checked here.
 */
#include "wamr_common.h"
#include "../lib/scenarios.h"

/* The __wasi_addr_t sock_recv_from wrote: the peer's address and port, host byte order. */
static void check_source(const wamr_addr_t *src, int v6, uint16_t port) {
    const uint8_t *b = (const uint8_t *)src;
    if (v6) {
        tap_ok(is_loopback6(src), "the source address is IPv6 ::1 (kind %u)", (unsigned)src->kind);
        tap_ok(b[20] == (port & 0xff) && b[21] == (port >> 8), "the source port is the peer's %u, host byte order at bytes 20..21 (got %02x %02x)", port,
               b[20], b[21]);
    } else {
        tap_ok(is_loopback4(src), "the source address is IPv4 127.0.0.1 (kind %u, %u.%u.%u.%u)", (unsigned)src->kind, b[4], b[5], b[6], b[7]);
        tap_ok(b[8] == (port & 0xff) && b[9] == (port >> 8), "the source port is the peer's %u, host byte order at bytes 8..9 (got %02x %02x)", port, b[8],
               b[9]);
    }
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "exchange")) {
        /* peer: expect "ping", send "pong" back to where "ping" came from */
        sc_udp_exchange(check_source);
    } else if (!strcmp(g, "roflags")) {
        /* peer: expect "ping", send "0123456789", send "abc" */
        sc_udp_roflags(0);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
