/*
 * Backport dialect, TCP (docs/sockets-backport.md; sheet section 5): a client to the
 * harness's peer server, a server the peer connects to, the addresses local-address /
 * remote-address report, a refused connection, and the error-codes of the state machine.
 * Groups: connect, server, addr, addr-listener, refused, bind-twice, family, state,
 * connect-invalid.
 */
#include "backport_common.h"

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    bp_handle net = bp_instance_network();
    bp_handle s = 0, in = 0, out = 0;
    uint8_t buf[64];
    uint32_t n = 0;
    int e;
    if (!strcmp(g, "connect")) {
        /* peer: expect "ping", send "pong", expect EOF */
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        tap_ok(net > 0, "instance-network returns a handle (%d)", net);
        if (!tap_code(connect_peer(net, &s, &in, &out), BP_OK, "create-tcp-socket + start-connect/finish-connect to the peer at %s:%u succeed",
                      fam_name(), port))
            return tap_end();
        tap_ok(in > 0 && out > 0 && in != out && in != s && out != s, "finish-connect gives two new stream handles (in %d, out %d, socket %d)", in, out, s);
        e = stream_write(out, "ping");
        tap_ok(e == BP_OK, "check-write + write + blocking-flush of \"ping\" succeed (%s)", st_name(e));
        e = stream_read_exact(in, buf, 4, &n);
        tap_ok(e == BP_OK, "blocking-read succeeds (%s)", st_name(e));
        tap_bytes(buf, n, "pong", 4, "it reads the peer's \"pong\"");
        bp_ret_unit r;
        bp_tcp_shutdown(s, BP_SHUTDOWN_SEND, &r);
        tap_code(UCODE(r), BP_OK, "shutdown(send) succeeds (the peer then sees EOF)");
        bp_tcp_shutdown(s, BP_SHUTDOWN_SEND, &r);
        tap_code(UCODE(r), BP_OK, "shutdown(send) again succeeds: it is idempotent");
        e = stream_write_blocking(out, "late");
        tap_ok(e != BP_OK, "a write after shutdown(send) fails (%s)", st_name(e));
        bp_input_stream_drop(in);
        bp_output_stream_drop(out);
        bp_tcp_socket_drop(s);
        bp_network_drop(net);
    } else if (!strcmp(g, "server")) {
        /* peer (client): send "hello", expect "world", close */
        if (!tap_code(listen_here(net, &s), BP_OK, "create-tcp-socket + bind to %s:%u + listen succeed", fam_name(), env_port("WASMCERT_LISTEN_PORT")))
            return tap_end();
        tap_ok(bp_tcp_is_listening(s) == 1, "is-listening is true");
        tap_eq(bp_tcp_address_family(s), family(), "address-family is the listener's family");
        bp_handle c = 0;
        if (!tap_code(tcp_accept(s, &c, &in, &out), BP_OK, "accept (after the pollable from subscribe is ready) returns the peer's connection"))
            return tap_end();
        tap_ok(c > 0 && c != s && in > 0 && out > 0, "accept gives a new socket and its streams (%d, %d, %d; listener %d)", c, in, out, s);
        tap_ok(bp_tcp_is_listening(c) == 0, "the accepted socket is not listening");
        tap_eq(bp_tcp_address_family(c), family(), "the accepted socket inherits the address family");
        e = stream_read_some(in, buf, 5, &n);
        if (e == BP_OK && n < 5) {
            uint32_t more = 0;
            e = stream_read_exact(in, buf + n, 5 - n, &more);
            n += more;
        }
        tap_ok(e == BP_OK, "read (after subscribe + block) succeeds (%s)", st_name(e));
        tap_bytes(buf, n, "hello", 5, "it reads the peer's \"hello\"");
        e = stream_write_blocking(out, "world");
        tap_ok(e == BP_OK, "blocking-write-and-flush of \"world\" succeeds (%s)", st_name(e));
        bp_ret_read r;
        memset(&r, 0xAA, sizeof r);
        bp_input_blocking_read(in, sizeof buf, &r);
        tap_ok(r.is_err == 1 && r.u.err.tag == BP_STREAM_CLOSED, "blocking-read after the peer closed gives stream-error closed (is_err %u, tag %u)",
               r.is_err, r.is_err ? r.u.err.tag : 0);
        bp_input_stream_drop(in);
        bp_output_stream_drop(out);
        bp_tcp_socket_drop(c);
        bp_tcp_socket_drop(s);
    } else if (!strcmp(g, "addr")) {
        /* peer: expect EOF */
        uint16_t port = env_port("WASMCERT_PEER_PORT");
        if (!tap_code(connect_peer(net, &s, &in, &out), BP_OK, "a TCP socket connects to the peer (port %u)", port)) return tap_end();
        bp_ret_addr r;
        memset(&r, 0xAA, sizeof r);
        bp_tcp_remote_address(s, &r);
        if (tap_code(CODE(r), BP_OK, "remote-address on the connected socket succeeds")) {
            int ok = tap_ok(is_loopback(&r.u.addr, family()), "the remote address is %s (tag %u)", fam_name(), r.u.addr.tag);
            ok &= tap_eq(port_of(&r.u.addr), port, "the remote address carries the peer's port, as a plain u16");
            if (family() == BP_IPV6) ok &= tap_ok(r.u.addr.u.v6.flow_info == 0 && r.u.addr.u.v6.scope_id == 0, "flow-info and scope-id are 0");
            if (!ok) show_addr("remote-address", &r.u.addr);
        }
        memset(&r, 0xAA, sizeof r);
        bp_tcp_local_address(s, &r);
        if (tap_code(CODE(r), BP_OK, "local-address on the connected socket succeeds")) {
            tap_ok(is_loopback(&r.u.addr, family()), "the local address is the loopback address of the peer's family (tag %u)", r.u.addr.tag);
            tap_ok(port_of(&r.u.addr) != 0 && port_of(&r.u.addr) != port, "the local port is an ephemeral one, neither 0 nor the peer's (%u)",
                   port_of(&r.u.addr));
        }
        tap_ok(bp_tcp_is_listening(s) == 0, "a connected socket is not listening");
        bp_input_stream_drop(in);
        bp_output_stream_drop(out);
        bp_tcp_socket_drop(s);
    } else if (!strcmp(g, "addr-listener")) {
        /* peer (client): close */
        uint16_t port = env_port("WASMCERT_LISTEN_PORT");
        if (!tap_code(listen_here(net, &s), BP_OK, "a listener binds to %s:%u", fam_name(), port)) return tap_end();
        bp_ret_addr r;
        memset(&r, 0xAA, sizeof r);
        bp_tcp_local_address(s, &r);
        if (tap_code(CODE(r), BP_OK, "local-address on the listener succeeds")) {
            tap_ok(is_loopback(&r.u.addr, family()) && port_of(&r.u.addr) == port, "it is %s:%u (got port %u)", fam_name(), port, port_of(&r.u.addr));
        }
        memset(&r, 0xAA, sizeof r);
        bp_tcp_remote_address(s, &r);
        tap_code(CODE(r), BP_INVALID_STATE, "remote-address on a listener gives invalid-state");
        bp_handle c = 0;
        if (tap_code(tcp_accept(s, &c, &in, &out), BP_OK, "the peer's connection is accepted")) {
            memset(&r, 0xAA, sizeof r);
            bp_tcp_remote_address(c, &r);
            tap_ok(!r.is_err && is_loopback(&r.u.addr, family()) && port_of(&r.u.addr) != 0 && port_of(&r.u.addr) != port,
                   "the accepted socket's remote address is %s with the peer's ephemeral port (%u)", fam_name(), r.is_err ? 0 : port_of(&r.u.addr));
            memset(&r, 0xAA, sizeof r);
            bp_tcp_local_address(c, &r);
            tap_ok(!r.is_err && port_of(&r.u.addr) == port, "the accepted socket's local port is the listener's (%u)", r.is_err ? 0 : port_of(&r.u.addr));
            bp_input_stream_drop(in);
            bp_output_stream_drop(out);
            bp_tcp_socket_drop(c);
        }
        bp_tcp_socket_drop(s);
    } else if (!strcmp(g, "refused")) {
        /* a port bound but not listening: nothing accepts there */
        bp_handle b = 0;
        if (!tap_code(sock_create(1, BP_IPV4, &b), BP_OK, "create-tcp-socket(ipv4) succeeds")) return tap_end();
        tap_code(tcp_bind(b, net, bp_ipv4(127, 0, 0, 1, 0)), BP_OK, "it binds to 127.0.0.1:0");
        bp_ret_addr r;
        memset(&r, 0, sizeof r);
        bp_tcp_local_address(b, &r);
        uint16_t port = r.is_err ? 0 : r.u.addr.u.v4.port;
        tap_ok(port != 0, "the bound socket got an ephemeral port (%u)", port);
        sock_create(1, BP_IPV4, &s);
        e = tcp_connect(s, net, bp_ipv4(127, 0, 0, 1, port), &in, &out);
        tap_code(e, BP_CONNECTION_REFUSED, "connecting to that bound, not listening port gives connection-refused (from start-connect or finish-connect)");
        bp_ret_unit u;
        bp_tcp_start_listen(s, &u);
        tap_code(UCODE(u), BP_INVALID_STATE, "start-listen on the socket whose connect failed gives invalid-state");
        bp_ret_pair p;
        bp_tcp_finish_connect(s, &p);
        tap_code_in(CODE(p), CODES(BP_NOT_IN_PROGRESS, BP_INVALID_STATE), "finish-connect again gives not-in-progress or invalid-state");
        bp_tcp_socket_drop(s);
        bp_tcp_socket_drop(b);
    } else if (!strcmp(g, "bind-twice")) {
        sock_create(1, BP_IPV4, &s);
        tap_code(tcp_bind(s, net, bp_ipv4(127, 0, 0, 1, 0)), BP_OK, "the first bind to 127.0.0.1:0 succeeds");
        bp_ret_unit r;
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_bind(s, net, &(bp_addr){0}, &r);
        tap_code(UCODE(r), BP_INVALID_STATE, "a second start-bind gives invalid-state");
        memset(&r, 0xAA, sizeof r);
        bp_tcp_finish_bind(s, &r);
        tap_code(UCODE(r), BP_NOT_IN_PROGRESS, "finish-bind with no bind in progress gives not-in-progress");
        /* a second socket on the same address: address-in-use */
        bp_ret_addr a;
        memset(&a, 0, sizeof a);
        bp_tcp_local_address(s, &a);
        tap_code(tcp_listen(s), BP_OK, "the first socket listens");
        bp_handle t = 0;
        sock_create(1, BP_IPV4, &t);
        tap_code(tcp_bind(t, net, a.u.addr), BP_ADDRESS_IN_USE, "binding another socket to the listener's 127.0.0.1:%u gives address-in-use", a.u.addr.u.v4.port);
        bp_tcp_socket_drop(t);
        bp_tcp_socket_drop(s);
    } else if (!strcmp(g, "family")) {
        bp_handle s4 = 0, s6 = 0;
        tap_code(sock_create(1, BP_IPV4, &s4), BP_OK, "create-tcp-socket(ipv4) succeeds");
        tap_code(sock_create(1, BP_IPV6, &s6), BP_OK, "create-tcp-socket(ipv6) succeeds");
        tap_eq(bp_tcp_address_family(s4), BP_IPV4, "address-family of the first is ipv4");
        tap_eq(bp_tcp_address_family(s6), BP_IPV6, "address-family of the second is ipv6");
        bp_ret_unit r;
        bp_addr a6 = bp_ipv6_loopback(0), a4 = bp_ipv4(127, 0, 0, 1, 0);
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_bind(s4, net, &a6, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "start-bind of the ipv4 socket to [::1]:0 gives invalid-argument");
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_bind(s6, net, &a4, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "start-bind of the ipv6 socket to 127.0.0.1:0 gives invalid-argument");
        /* ::ffff:127.0.0.1 */
        bp_addr mapped = bp_ipv6_loopback(0);
        memset(mapped.u.v6.addr, 0, sizeof mapped.u.v6.addr);
        mapped.u.v6.addr[5] = 0xffff, mapped.u.v6.addr[6] = 0x7f00, mapped.u.v6.addr[7] = 0x0001;
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_bind(s6, net, &mapped, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "start-bind of the ipv6 socket to the IPv4-mapped [::ffff:127.0.0.1]:0 gives invalid-argument");
        bp_addr to6 = bp_ipv6_loopback(9);
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_connect(s4, net, &to6, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "start-connect of the ipv4 socket to [::1]:9 gives invalid-argument");
        bp_ret_addr la;
        bp_tcp_local_address(s4, &la);
        tap_code(CODE(la), BP_INVALID_STATE, "local-address of the still unbound socket gives invalid-state");
        tap_code(tcp_bind(s4, net, a4), BP_OK, "after the failures, the ipv4 socket still binds to 127.0.0.1:0");
        bp_tcp_socket_drop(s4);
        bp_tcp_socket_drop(s6);
    } else if (!strcmp(g, "state")) {
        sock_create(1, BP_IPV4, &s);
        bp_ret_unit r;
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_listen(s, &r);
        tap_code(UCODE(r), BP_INVALID_STATE, "start-listen before any bind gives invalid-state");
        memset(&r, 0xAA, sizeof r);
        bp_tcp_finish_listen(s, &r);
        tap_code(UCODE(r), BP_NOT_IN_PROGRESS, "finish-listen with no listen in progress gives not-in-progress");
        bp_ret_accept a;
        memset(&a, 0xAA, sizeof a);
        bp_tcp_accept(s, &a);
        tap_code(CODE(a), BP_INVALID_STATE, "accept on an unbound socket gives invalid-state");
        bp_ret_addr ad;
        memset(&ad, 0xAA, sizeof ad);
        bp_tcp_local_address(s, &ad);
        tap_code(CODE(ad), BP_INVALID_STATE, "local-address before bind gives invalid-state");
        memset(&ad, 0xAA, sizeof ad);
        bp_tcp_remote_address(s, &ad);
        tap_code(CODE(ad), BP_INVALID_STATE, "remote-address of a socket that is not connected gives invalid-state");
        bp_ret_pair p;
        memset(&p, 0xAA, sizeof p);
        bp_tcp_finish_connect(s, &p);
        tap_code(CODE(p), BP_NOT_IN_PROGRESS, "finish-connect with no connect in progress gives not-in-progress");
        memset(&r, 0xAA, sizeof r);
        bp_tcp_shutdown(s, BP_SHUTDOWN_BOTH, &r);
        tap_code(UCODE(r), BP_INVALID_STATE, "shutdown of a socket that is not connected gives invalid-state");
        memset(&r, 0xAA, sizeof r);
        bp_tcp_set_listen_backlog_size(s, 0, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "set-listen-backlog-size(0) gives invalid-argument");
        tap_ok(bp_tcp_is_listening(s) == 0, "is-listening is false");
        tap_code(tcp_bind(s, net, bp_ipv4(127, 0, 0, 1, 0)), BP_OK, "bind to 127.0.0.1:0 succeeds");
        tap_code(tcp_listen(s), BP_OK, "listen after bind succeeds");
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_listen(s, &r);
        tap_code(UCODE(r), BP_INVALID_STATE, "start-listen on a listening socket gives invalid-state");
        bp_addr to = bp_ipv4(127, 0, 0, 1, 9);
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_connect(s, net, &to, &r);
        tap_code(UCODE(r), BP_INVALID_STATE, "start-connect on a listening socket gives invalid-state");
        bp_tcp_socket_drop(s);
    } else if (!strcmp(g, "connect-invalid")) {
        sock_create(1, BP_IPV4, &s);
        bp_ret_unit r;
        bp_addr any = bp_ipv4(0, 0, 0, 0, 9), zero_port = bp_ipv4(127, 0, 0, 1, 0);
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_connect(s, net, &any, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "start-connect to 0.0.0.0:9 gives invalid-argument");
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_connect(s, net, &zero_port, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "start-connect to 127.0.0.1:0 gives invalid-argument");
        bp_handle s6 = 0;
        sock_create(1, BP_IPV6, &s6);
        bp_addr any6 = bp_ipv6_loopback(9);
        any6.u.v6.addr[7] = 0;
        memset(&r, 0xAA, sizeof r);
        bp_tcp_start_connect(s6, net, &any6, &r);
        tap_code(UCODE(r), BP_INVALID_ARGUMENT, "start-connect of an ipv6 socket to [::]:9 gives invalid-argument");
        bp_tcp_socket_drop(s6);
        bp_tcp_socket_drop(s);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
