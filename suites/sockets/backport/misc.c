/*
 * Backport dialect: ip-name-lookup, the socket policy, and what the Canonical ABI makes a
 * trap (an unknown handle, a handle dropped twice, a handle of another resource type, a
 * send past check-send's permit). A trap group first checks that the calls work, and
 * exits 3 (not a trap) when they do not, so that a missing import cannot pass it.
 * Groups: resolve-localhost, resolve-literal, policy-none, trap-unknown-handle,
 * trap-drop-twice, trap-wrong-type, trap-send-permit.
 */
#include "backport_common.h"

/* the next address (after waiting while it says would-block): 1 with *a, 0 at the end, -code on an error */
static int next_address(bp_handle st, bp_ip_address *a) {
    bp_ret_next_address r;
    for (;;) { /* the lookup may still run: would-block until the stream's pollable is ready */
        memset(&r, 0xAA, sizeof r);
        bp_resolve_next_address(st, &r);
        if (!r.is_err || r.u.code != BP_WOULD_BLOCK) break;
        wait_on(bp_resolve_subscribe(st));
    }
    if (r.is_err) return -(int)r.u.code;
    if (r.u.ok.is_some != 0 && r.u.ok.is_some != 1) return -100;
    if (r.u.ok.is_some) *a = r.u.ok.addr;
    return r.u.ok.is_some;
}
static int resolve(bp_handle net, const char *name, bp_handle *st) {
    bp_ret_handle r;
    memset(&r, 0xAA, sizeof r);
    bp_resolve_addresses(net, name, (uint32_t)strlen(name), &r);
    if (!r.is_err) *st = r.u.h;
    return CODE(r);
}
static int is_v4_loop(const bp_ip_address *a) {
    return a->tag == BP_IPV4 && a->u.v4[0] == 127 && a->u.v4[1] == 0 && a->u.v4[2] == 0 && a->u.v4[3] == 1;
}
static int is_v6_loop(const bp_ip_address *a) {
    static const uint16_t one[8] = {0, 0, 0, 0, 0, 0, 0, 1};
    return a->tag == BP_IPV6 && !memcmp(a->u.v6, one, sizeof one);
}
#define SANE(cond)                                                           \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("# precondition failed: %s\n", #cond);                    \
            return 3;                                                        \
        }                                                                    \
    } while (0)

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    bp_handle net = bp_instance_network();
    bp_handle s = 0, st = 0;
    if (!strncmp(g, "trap-", 5)) {
        /* no TAP: the spec wants a trap; anything else (exit 0 or 3) fails it */
        SANE(net > 0);
        SANE(sock_create(1, BP_IPV4, &s) == BP_OK && s > 0);
        SANE(bp_tcp_address_family(s) == BP_IPV4);
        if (!strcmp(g, "trap-unknown-handle")) {
            bp_ret_addr r;
            printf("# local-address on handle 0x7ffff0, which was never given out\n");
            bp_tcp_local_address(0x7ffff0, &r);
        } else if (!strcmp(g, "trap-drop-twice")) {
            bp_handle t = 0;
            SANE(sock_create(1, BP_IPV4, &t) == BP_OK);
            bp_tcp_socket_drop(t);
            printf("# [resource-drop]tcp-socket of handle %d again\n", t);
            bp_tcp_socket_drop(t);
        } else if (!strcmp(g, "trap-wrong-type")) {
            printf("# [method]tcp-socket.address-family on the network handle %d\n", net);
            int32_t f = bp_tcp_address_family(net);
            printf("# it returned %d\n", f);
        } else if (!strcmp(g, "trap-send-permit")) {
            bp_handle u = 0;
            SANE(sock_create(0, BP_IPV4, &u) == BP_OK);
            SANE(udp_bind(u, net, bp_ipv4(127, 0, 0, 1, 0)) == BP_OK);
            bp_ret_pair p;
            bp_udp_stream(u, NULL, &p);
            SANE(!p.is_err);
            bp_outgoing_datagram d;
            memset(&d, 0, sizeof d);
            d.data.ptr = (uint8_t *)"x";
            d.data.len = 1;
            d.has_remote = 1;
            d.remote = bp_ipv4(127, 0, 0, 1, 9);
            bp_ret_u64 r;
            printf("# send of one datagram with no check-send before it (permit 0)\n");
            bp_udp_send(p.u.ok.b, &d, 1, &r);
            printf("# it returned is_err %u\n", r.is_err);
        } else {
            printf("# unknown group %s\n", g);
            return 3;
        }
        return 0;
    }
    tap_begin();
    if (!strcmp(g, "resolve-localhost")) {
        if (!tap_code(resolve(net, "localhost", &st), BP_OK, "resolve-addresses(\"localhost\") succeeds")) return tap_end();
        bp_ip_address a;
        int n = 0, all_loop = 1, k;
        while ((k = next_address(st, &a)) == 1 && n < 16) {
            n++;
            if (!is_v4_loop(&a) && !is_v6_loop(&a)) {
                all_loop = 0;
                printf("# address %d has tag %u\n", n, a.tag);
            }
        }
        tap_ok(k == 0, "resolve-next-address ends with ok(none) (got %d)", k);
        tap_ok(n >= 1, "it gave at least one address (%d)", n);
        tap_ok(all_loop, "every address is 127.0.0.1 or ::1 (never an IPv4-mapped one)");
        tap_ok(next_address(st, &a) == 0, "resolve-next-address after the end still gives ok(none)");
        bp_handle p = bp_resolve_subscribe(st);
        tap_ok(p > 0 && bp_pollable_ready(p) == 1, "the stream's pollable is ready");
        bp_pollable_drop(p);
        bp_resolve_address_stream_drop(st);
    } else if (!strcmp(g, "resolve-literal")) {
        bp_ip_address a;
        if (tap_code(resolve(net, "127.0.0.1", &st), BP_OK, "resolve-addresses(\"127.0.0.1\") succeeds")) {
            tap_ok(next_address(st, &a) == 1 && is_v4_loop(&a), "it gives 127.0.0.1 back as it is");
            tap_ok(next_address(st, &a) == 0, "and nothing else");
            bp_resolve_address_stream_drop(st);
        }
        if (tap_code(resolve(net, "::1", &st), BP_OK, "resolve-addresses(\"::1\") succeeds")) {
            tap_ok(next_address(st, &a) == 1 && is_v6_loop(&a), "it gives ::1 back as it is");
            tap_ok(next_address(st, &a) == 0, "and nothing else");
            bp_resolve_address_stream_drop(st);
        }
        tap_code(resolve(net, "", &st), BP_INVALID_ARGUMENT, "resolve-addresses(\"\") gives invalid-argument");
    } else if (!strcmp(g, "policy-none")) {
        /* no socket_policy: deny by default, as WAMR does */
        tap_code(sock_create(1, BP_IPV4, &s), BP_OK, "create-tcp-socket needs no permission");
        bp_ret_unit r;
        bp_addr a = bp_ipv4(127, 0, 0, 1, 0);
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_bind(s, net, &a, &r);
        tap_code(UCODE(r), BP_ACCESS_DENIED, "start-bind to 127.0.0.1:0 gives access-denied");
        bp_addr to = bp_ipv4(127, 0, 0, 1, 9);
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_connect(s, net, &to, &r);
        tap_code(UCODE(r), BP_ACCESS_DENIED, "start-connect to 127.0.0.1:9 gives access-denied");
        tap_code(resolve(net, "localhost", &st), BP_ACCESS_DENIED, "resolve-addresses(\"localhost\") gives access-denied");
        bp_tcp_socket_drop(s);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
