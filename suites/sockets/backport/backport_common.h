/*
 * Helpers shared by the backport-dialect guests: the peer from the environment
 * (docs/sockets.md), TAP assertions on error-codes, and the start/finish + pollable
 * loops of wasi:sockets written once. Each guest picks one behaviour group by its
 * argument, one spec per group.
 */
#ifndef WASMCERT_BACKPORT_COMMON_H
#define WASMCERT_BACKPORT_COMMON_H

#include "../include/backport_sockets.h"
#include "groups.h"
#include "tap.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/peer_env.h"
/* the loopback address of the peer's family with that port */
__attribute__((unused)) static bp_addr loopback(uint16_t port) {
    return peer_is_ipv6() ? bp_ipv6_loopback(port) : bp_ipv4(127, 0, 0, 1, port);
}
__attribute__((unused)) static int family(void) {
    return peer_is_ipv6() ? BP_IPV6 : BP_IPV4;
}
__attribute__((unused)) static const char *fam_name(void) {
    return peer_is_ipv6() ? "::1" : "127.0.0.1";
}

/* an error-code (or BP_OK) that must be one of `want` */
__attribute__((unused)) static int tap_code_in(int got, const int *want, int n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = tap_vin(got, want, n, bp_error_name, fmt, ap);
    va_end(ap);
    return r;
}
/* a set of error-codes: the same array-and-count pair as ERRNOS */
#define CODES ERRNOS
#define tap_code(got, want, ...) tap_code_in((got), CODES(want), __VA_ARGS__)

__attribute__((unused)) static void show_addr(const char *what, const bp_addr *a) {
    const uint8_t *b = (const uint8_t *)a;
    printf("# %s:", what);
    for (size_t i = 0; i < sizeof *a; i++) printf(" %02x", b[i]);
    printf("\n");
}
__attribute__((unused)) static int is_loopback(const bp_addr *a, int fam) {
    if (fam == BP_IPV4)
        return a->tag == BP_IPV4 && a->u.v4.addr[0] == 127 && a->u.v4.addr[1] == 0 && a->u.v4.addr[2] == 0 && a->u.v4.addr[3] == 1;
    static const uint16_t one[8] = {0, 0, 0, 0, 0, 0, 0, 1};
    return a->tag == BP_IPV6 && !memcmp(a->u.v6.addr, one, sizeof one);
}
__attribute__((unused)) static uint16_t port_of(const bp_addr *a) {
    return a->tag == BP_IPV4 ? a->u.v4.port : a->u.v6.port;
}

/* blocks on a pollable, then drops it */
__attribute__((unused)) static void wait_on(bp_handle p) {
    bp_pollable_block(p);
    bp_pollable_drop(p);
}
/* The result code of a result<_, E> / result<T, E> area: BP_OK or the error-code */
#define CODE(r) ((r).is_err ? (int)(r).u.code : BP_OK)
#define UCODE(r) ((r).is_err ? (int)(r).code : BP_OK)

__attribute__((unused)) static int sock_create(int tcp, int fam, bp_handle *s) {
    bp_ret_handle r;
    memset(&r, 0xAA, sizeof r);
    (tcp ? bp_create_tcp_socket : bp_create_udp_socket)(fam, &r);
    if (!r.is_err) *s = r.u.h;
    return CODE(r);
}
/* start-bind, then finish-bind until it stops saying would-block */
__attribute__((unused)) static int tcp_bind(bp_handle s, bp_handle net, bp_addr a) {
    bp_ret_unit r;
    bp_tcp_start_bind(s, net, &a, &r);
    if (r.is_err) return r.code;
    for (;;) {
        bp_tcp_finish_bind(s, &r);
        if (!r.is_err || r.code != BP_WOULD_BLOCK) return UCODE(r);
        wait_on(bp_tcp_subscribe(s));
    }
}
__attribute__((unused)) static int udp_bind(bp_handle s, bp_handle net, bp_addr a) {
    bp_ret_unit r;
    bp_udp_start_bind(s, net, &a, &r);
    if (r.is_err) return r.code;
    for (;;) {
        bp_udp_finish_bind(s, &r);
        if (!r.is_err || r.code != BP_WOULD_BLOCK) return UCODE(r);
        wait_on(bp_udp_subscribe(s));
    }
}
__attribute__((unused)) static int tcp_listen(bp_handle s) {
    bp_ret_unit r;
    bp_tcp_start_listen(s, &r);
    if (r.is_err) return r.code;
    for (;;) {
        bp_tcp_finish_listen(s, &r);
        if (!r.is_err || r.code != BP_WOULD_BLOCK) return UCODE(r);
        wait_on(bp_tcp_subscribe(s));
    }
}
/* start-connect, then subscribe + finish-connect until it stops saying would-block */
__attribute__((unused)) static int tcp_connect(bp_handle s, bp_handle net, bp_addr a, bp_handle *in, bp_handle *out) {
    bp_ret_unit r;
    bp_tcp_start_connect(s, net, &a, &r);
    if (r.is_err) return r.code;
    for (;;) {
        bp_ret_pair p;
        memset(&p, 0xAA, sizeof p);
        bp_tcp_finish_connect(s, &p);
        if (!p.is_err) {
            *in = p.u.ok.a, *out = p.u.ok.b;
            return BP_OK;
        }
        if (p.u.code != BP_WOULD_BLOCK) return p.u.code;
        wait_on(bp_tcp_subscribe(s));
    }
}
__attribute__((unused)) static int tcp_accept(bp_handle s, bp_handle *c, bp_handle *in, bp_handle *out) {
    for (;;) {
        bp_ret_accept a;
        memset(&a, 0xAA, sizeof a);
        bp_tcp_accept(s, &a);
        if (!a.is_err) {
            *c = a.u.ok.sock, *in = a.u.ok.in, *out = a.u.ok.out;
            return BP_OK;
        }
        if (a.u.code != BP_WOULD_BLOCK) return a.u.code;
        wait_on(bp_tcp_subscribe(s));
    }
}
/* A TCP socket of the peer's family connected to the peer */
__attribute__((unused)) static int connect_peer(bp_handle net, bp_handle *s, bp_handle *in, bp_handle *out) {
    int e = sock_create(1, family(), s);
    if (e != BP_OK) return e;
    return tcp_connect(*s, net, loopback(env_port("WASMCERT_PEER_PORT")), in, out);
}
/* A listener on loopback:WASMCERT_LISTEN_PORT of the peer's family */
__attribute__((unused)) static int listen_here(bp_handle net, bp_handle *s) {
    int e = sock_create(1, family(), s);
    if (e != BP_OK) return e;
    if ((e = tcp_bind(*s, net, loopback(env_port("WASMCERT_LISTEN_PORT")))) != BP_OK) return e;
    return tcp_listen(*s);
}

/* stream results: BP_OK, or 100 + stream-error tag (100 last-operation-failed, 101 closed) */
#define ST_FAILED 100
#define ST_CLOSED 101
__attribute__((unused)) static const char *st_name(int e) {
    return e == BP_OK ? "ok" : e == ST_CLOSED ? "closed" : e == ST_FAILED ? "last-operation-failed" : "?";
}
/* check-write, write, blocking-flush: the non-blocking path of an output-stream */
__attribute__((unused)) static int stream_write(bp_handle out, const char *s) {
    uint32_t len = (uint32_t)strlen(s), done = 0;
    while (done < len) {
        bp_ret_check_write c;
        bp_output_check_write(out, &c);
        if (c.is_err) return 100 + c.u.err.tag;
        if (c.u.n == 0) {
            wait_on(bp_output_subscribe(out));
            continue;
        }
        uint32_t n = len - done < c.u.n ? len - done : (uint32_t)c.u.n;
        bp_ret_write w;
        bp_output_write(out, s + done, n, &w);
        if (w.is_err) return 100 + w.err.tag;
        done += n;
    }
    bp_ret_write f;
    bp_output_blocking_flush(out, &f);
    return f.is_err ? 100 + f.err.tag : BP_OK;
}
__attribute__((unused)) static int stream_write_blocking(bp_handle out, const char *s) {
    bp_ret_write w;
    bp_output_blocking_write_and_flush(out, s, (uint32_t)strlen(s), &w);
    return w.is_err ? 100 + w.err.tag : BP_OK;
}
/* blocking-read until `want` bytes, the end of the stream or an error */
__attribute__((unused)) static int stream_read_exact(bp_handle in, uint8_t *buf, uint32_t want, uint32_t *got) {
    *got = 0;
    while (*got < want) {
        bp_ret_read r;
        memset(&r, 0xAA, sizeof r);
        bp_input_blocking_read(in, want - *got, &r);
        if (r.is_err) return 100 + r.u.err.tag;
        if (r.u.ok.len > want - *got) {
            free(r.u.ok.ptr);
            return -2;
        }
        memcpy(buf + *got, r.u.ok.ptr, r.u.ok.len);
        *got += r.u.ok.len;
        free(r.u.ok.ptr);
    }
    return BP_OK;
}
/* read with subscribe + block (the non-blocking path) until data or an error */
__attribute__((unused)) static int stream_read_some(bp_handle in, uint8_t *buf, uint32_t cap, uint32_t *got) {
    *got = 0;
    for (;;) {
        bp_ret_read r;
        memset(&r, 0xAA, sizeof r);
        bp_input_read(in, cap, &r);
        if (r.is_err) return 100 + r.u.err.tag;
        uint32_t n = r.u.ok.len < cap ? r.u.ok.len : cap;
        memcpy(buf, r.u.ok.ptr, n);
        free(r.u.ok.ptr);
        if (n) {
            *got = n;
            return BP_OK;
        }
        wait_on(bp_input_subscribe(in));
    }
}

#endif
