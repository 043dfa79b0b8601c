/*
 * Backport dialect, UDP (sheet section 5.3/5.4): datagrams to and from the harness's UDP
 * peer through the incoming/outgoing datagram streams, unconnected (remote address per
 * datagram) and connected (stream(some(remote))), and the streams' error paths.
 * Groups: exchange, connected, errors.
 */
#include "backport_common.h"

/* check-send, then send one datagram; returns BP_OK with *sent, or the error-code */
static int send_one(bp_handle out, const char *data, const bp_addr *to, uint64_t *sent) {
    bp_ret_u64 c;
    for (;;) {
        memset(&c, 0xAA, sizeof c);
        bp_udp_check_send(out, &c);
        if (c.is_err) return c.u.code;
        if (c.u.n > 0) break;
        wait_on(bp_udp_outgoing_subscribe(out));
    }
    bp_outgoing_datagram d;
    memset(&d, 0, sizeof d);
    d.data.ptr = (uint8_t *)data;
    d.data.len = (uint32_t)strlen(data);
    if (to) d.has_remote = 1, d.remote = *to;
    bp_ret_u64 r;
    memset(&r, 0xAA, sizeof r);
    bp_udp_send(out, &d, 1, &r);
    if (r.is_err) return r.u.code;
    *sent = r.u.n;
    return BP_OK;
}
/* receive(max) until at least one datagram came (subscribe + block between tries) */
static int receive_some(bp_handle in, uint64_t max, bp_ret_datagrams *r) {
    for (;;) {
        memset(r, 0xAA, sizeof *r);
        bp_udp_receive(in, max, r);
        if (r->is_err) return r->u.code;
        if (r->u.ok.len) return BP_OK;
        free(r->u.ok.ptr);
        wait_on(bp_udp_incoming_subscribe(in));
    }
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    bp_handle net = bp_instance_network();
    bp_handle s = 0, in = 0, out = 0;
    uint16_t port = env_port("WASMCERT_PEER_PORT");
    bp_addr peer = loopback(port);
    if (!strcmp(g, "exchange") || !strcmp(g, "connected")) {
        /* peer: expect "ping", send "pong" */
        int connected = !strcmp(g, "connected");
        if (!tap_code(sock_create(0, family(), &s), BP_OK, "create-udp-socket(%s) succeeds", peer_is_ipv6() ? "ipv6" : "ipv4")) return tap_end();
        tap_eq(bp_udp_address_family(s), family(), "address-family is the socket's");
        tap_code(udp_bind(s, net, loopback(0)), BP_OK, "it binds to %s:0", fam_name());
        bp_ret_addr la;
        memset(&la, 0xAA, sizeof la);
        bp_udp_local_address(s, &la);
        tap_ok(!la.is_err && is_loopback(&la.u.addr, family()) && port_of(&la.u.addr) != 0, "local-address is %s with an ephemeral port (%u)", fam_name(),
               la.is_err ? 0 : port_of(&la.u.addr));
        bp_ret_pair p;
        memset(&p, 0xAA, sizeof p);
        bp_udp_stream(s, connected ? &peer : NULL, &p);
        if (!tap_code(CODE(p), BP_OK, "stream(%s) succeeds", connected ? "some(peer)" : "none")) return tap_end();
        in = p.u.ok.a, out = p.u.ok.b;
        bp_ret_addr ra;
        memset(&ra, 0xAA, sizeof ra);
        bp_udp_remote_address(s, &ra);
        if (connected)
            tap_ok(!ra.is_err && is_loopback(&ra.u.addr, family()) && port_of(&ra.u.addr) == port, "remote-address is the peer %s:%u (got %u)",
                   fam_name(), port, ra.is_err ? 0 : port_of(&ra.u.addr));
        else
            tap_code(CODE(ra), BP_INVALID_STATE, "remote-address of an unconnected socket gives invalid-state");
        bp_ret_datagrams d;
        memset(&d, 0xAA, sizeof d);
        bp_udp_receive(in, 4, &d);
        tap_ok(!d.is_err && d.u.ok.len == 0, "receive before anything was sent returns ok([]) without blocking (len %u)", d.is_err ? 99 : d.u.ok.len);
        uint64_t sent = 99;
        tap_code(send_one(out, "ping", connected ? NULL : &peer, &sent), BP_OK, "check-send + send of one datagram \"ping\" %s succeed",
                 connected ? "without an address" : "to the peer's address");
        tap_eq((long long)sent, 1, "send reports 1 datagram sent");
        if (tap_code(receive_some(in, 4, &d), BP_OK, "receive (after the incoming stream's pollable is ready) succeeds")) {
            tap_eq(d.u.ok.len, 1, "it returns one datagram");
            bp_incoming_datagram *x = &d.u.ok.ptr[0];
            tap_bytes(x->data.ptr, x->data.len, "pong", 4, "it is the peer's \"pong\"");
            tap_ok(is_loopback(&x->remote, family()) && port_of(&x->remote) == port, "its remote-address is the peer's %s:%u (got %u)", fam_name(),
                   port, port_of(&x->remote));
        }
        memset(&d, 0xAA, sizeof d);
        bp_udp_receive(in, 0, &d);
        tap_ok(!d.is_err && d.u.ok.len == 0, "receive(0) returns ok([])");
        bp_incoming_datagram_stream_drop(in);
        bp_outgoing_datagram_stream_drop(out);
        bp_udp_socket_drop(s);
    } else if (!strcmp(g, "errors")) {
        sock_create(0, BP_IPV4, &s);
        bp_ret_pair p;
        memset(&p, 0xAA, sizeof p);
        bp_udp_stream(s, NULL, &p);
        tap_code(CODE(p), BP_INVALID_STATE, "stream on an unbound socket gives invalid-state");
        bp_ret_addr la;
        memset(&la, 0xAA, sizeof la);
        bp_udp_local_address(s, &la);
        tap_code(CODE(la), BP_INVALID_STATE, "local-address before bind gives invalid-state");
        bp_addr a6 = bp_ipv6_loopback(0);
        bp_ret_unit u;
        memset(&u, 0xAA, sizeof u);
        bp_udp_start_bind(s, net, &a6, &u);
        tap_code(UCODE(u), BP_INVALID_ARGUMENT, "start-bind of an ipv4 socket to [::1]:0 gives invalid-argument");
        tap_code(udp_bind(s, net, bp_ipv4(127, 0, 0, 1, 0)), BP_OK, "bind to 127.0.0.1:0 succeeds");
        memset(&u, 0xAA, sizeof u);
        bp_udp_start_bind(s, net, &(bp_addr){0}, &u);
        tap_code(UCODE(u), BP_INVALID_STATE, "a second start-bind gives invalid-state");
        bp_addr zero = bp_ipv4(127, 0, 0, 1, 0);
        memset(&p, 0xAA, sizeof p);
        bp_udp_stream(s, &zero, &p);
        tap_code(CODE(p), BP_INVALID_ARGUMENT, "stream(some(127.0.0.1:0)) gives invalid-argument");
        memset(&p, 0xAA, sizeof p);
        bp_udp_stream(s, NULL, &p);
        if (!tap_code(CODE(p), BP_OK, "stream(none) succeeds")) return tap_end();
        in = p.u.ok.a, out = p.u.ok.b;
        uint64_t sent = 99;
        tap_code(send_one(out, "x", NULL, &sent), BP_INVALID_ARGUMENT, "send of a datagram without an address on an unconnected stream gives invalid-argument");
        bp_addr any = bp_ipv4(0, 0, 0, 0, 9);
        tap_code(send_one(out, "x", &any, &sent), BP_INVALID_ARGUMENT, "send to 0.0.0.0:9 gives invalid-argument");
        tap_code(send_one(out, "x", &zero, &sent), BP_INVALID_ARGUMENT, "send to 127.0.0.1:0 gives invalid-argument");
        bp_addr v6 = bp_ipv6_loopback(9);
        tap_code(send_one(out, "x", &v6, &sent), BP_INVALID_ARGUMENT, "send to [::1]:9 from an ipv4 socket gives invalid-argument");
        bp_ret_u64 c;
        memset(&c, 0xAA, sizeof c);
        bp_udp_check_send(out, &c);
        bp_ret_u64 r;
        memset(&r, 0xAA, sizeof r);
        bp_udp_send(out, NULL, 0, &r);
        tap_ok(!r.is_err && r.u.n == 0, "send of an empty list returns ok(0)");
        bp_incoming_datagram_stream_drop(in);
        bp_outgoing_datagram_stream_drop(out);
        bp_udp_socket_drop(s);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
