/*
 * WasmEdge dialect, V1 error paths (sheet 3.2, 3.4): an address whose buf_len is not 4 or
 * 16, pointers outside the guest's memory (fault, 21: the host checks every pointer, and
 * a bad one is an errno, not a trap), misaligned pointers (refused, or used correctly; the
 * sheet reads addrnotavail in the socket calls), and unknown address families and socket types in sock_open.
 * Groups: buf-len, bad-pointer, misaligned, family.
 */
#include "we_common.h"

/* past the end of any memory this guest has (its memory is far below 4 GiB) */
#define OUT_OF_RANGE ((void *)0xFFFFFF00u)

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = 0;
    uint8_t raw[128];
    memset(raw, 0, sizeof raw);
    memcpy(raw, LOOP4, 4);
    if (!strcmp(g, "family")) {
        __wasi_fd_t x = 0xAAAA;
        int32_t e = we_sock_open(9, WE_SOCK_STREAM, &x);
        tap_errno_in(e, ERRNOS(E(AFNOSUPPORT), E(INVAL)), "sock_open with address family 9 gives afnosupport or inval");
        e = we_sock_open(WE_AF_INET4, 9, &x);
        tap_errno_in(e, ERRNOS(E(INVAL), E(PROTOTYPE), E(PROTONOSUPPORT), E(NOTSUP)), "sock_open with sock type 9 gives inval (or prototype/protonosupport/notsup)");
        e = we_sock_open(WE_AF_UNSPEC, WE_SOCK_STREAM, &x);
        tap_errno_in(e, ERRNOS(E(AFNOSUPPORT), E(INVAL)), "sock_open with address family UNSPEC (0) gives afnosupport or inval");
        e = we_sock_open(WE_AF_UNIX, WE_SOCK_STREAM, &x);
        printf("# sock_open(AF_UNIX) without --allow-af-unix: errno %d (%s)\n", e, tap_errno_name(e));
        tap_ok(e != 0, "sock_open with AF_UNIX (3) is refused when the runtime was not started with --allow-af-unix (errno %d)", e);
        if (!tap_errno(we_sock_open(WE_AF_INET4, WE_SOCK_STREAM, &fd), E(SUCCESS), "sock_open(inet4, stream) succeeds")) return tap_end();
        we_address_t a6 = {raw, 16};
        memcpy(raw, LOOP6, 16);
        e = we_sock_bind(fd, &a6, 0);
        tap_errno_in(e, ERRNOS(E(INVAL), E(AFNOSUPPORT)), "V1 sock_bind of an inet4 socket to a 16-byte (IPv6) address gives inval or afnosupport");
        closefd(fd);
        return tap_end();
    }
    if (!tap_errno(we_sock_open(WE_AF_INET4, WE_SOCK_STREAM, &fd), E(SUCCESS), "sock_open(inet4, stream) succeeds")) return tap_end();
    if (!strcmp(g, "buf-len")) {
        static const uint32_t lens[] = {0, 3, 5, 8, 128};
        for (int i = 0; i < 5; i++) {
            we_address_t a = {raw, lens[i]};
            tap_errno(we_sock_bind(fd, &a, 0), E(INVAL), "V1 sock_bind with buf_len %u (only 4 and 16 exist in V1) gives inval", lens[i]);
        }
        we_address_t a = {raw, 8};
        tap_errno(we_sock_connect(fd, &a, 80), E(INVAL), "V1 sock_connect with buf_len 8 gives inval");
        uint32_t type = 0, port = 0;
        we_address_t out = {raw, 2};
        tap_errno(we_sock_getlocaladdr_v1(fd, &out, &type, &port), E(INVAL), "V1 sock_getlocaladdr with buf_len 2 gives inval");
        a.buf_len = 4;
        tap_errno(we_sock_bind(fd, &a, 0), E(SUCCESS), "V1 sock_bind with buf_len 4 (127.0.0.1) then succeeds: the refused calls left the socket unbound");
    } else if (!strcmp(g, "bad-pointer")) {
        we_address_t a = {raw, 4};
        tap_errno(we_sock_bind(fd, (const we_address_t *)OUT_OF_RANGE, 0), E(FAULT), "V1 sock_bind with the __wasi_address_t outside memory gives fault");
        we_address_t far = {(uint8_t *)OUT_OF_RANGE, 4};
        tap_errno(we_sock_connect(fd, &far, 80), E(FAULT), "V1 sock_connect with buf outside memory gives fault");
        tap_errno(we_sock_open(WE_AF_INET4, WE_SOCK_STREAM, (__wasi_fd_t *)OUT_OF_RANGE), E(FAULT), "sock_open with *fd outside memory gives fault");
        int32_t one = 1;
        uint32_t size = 4;
        tap_errno(we_sock_setsockopt(fd, WE_SOL_SOCKET, WE_SO_REUSEADDR, OUT_OF_RANGE, 4), E(FAULT), "sock_setsockopt with *value outside memory gives fault");
        tap_errno(we_sock_getsockopt(fd, WE_SOL_SOCKET, WE_SO_REUSEADDR, &one, (uint32_t *)OUT_OF_RANGE), E(FAULT),
                  "sock_getsockopt with *value_size outside memory gives fault");
        tap_errno(we_sock_getsockopt(fd, WE_SOL_SOCKET, WE_SO_REUSEADDR, OUT_OF_RANGE, &size), E(FAULT),
                  "sock_getsockopt with *value outside memory gives fault");
        tap_errno(we_sock_bind(fd, &a, 0), E(SUCCESS), "V1 sock_bind to 127.0.0.1:0 then succeeds");
        uint32_t type = 0;
        tap_errno(we_sock_getlocaladdr_v1(fd, &a, &type, (uint32_t *)OUT_OF_RANGE), E(FAULT), "V1 sock_getlocaladdr with *port outside memory gives fault");
        __wasi_iovec_t iov = {(uint8_t *)OUT_OF_RANGE, 16};
        uint32_t n = 0;
        __wasi_fd_t u = 0;
        we_sock_open(WE_AF_INET4, WE_SOCK_DGRAM, &u);
        we_sock_bind(u, &a, 0);
        __wasi_ciovec_t civ = {(const uint8_t *)OUT_OF_RANGE, 16};
        tap_errno(we_sock_send_to(u, &civ, 1, &a, 9, 0, &n), E(FAULT), "V1 sock_send_to with a ciovec outside memory gives fault");
        tap_errno(we_sock_recv_from_v1(u, &iov, 1, &a, 0, &n, (uint16_t *)OUT_OF_RANGE), E(FAULT),
                  "V1 sock_recv_from with *roflags outside memory gives fault (checked before waiting)");
        __wasi_ciovec_t self = {(const uint8_t *)"abcd", 4};
        uint32_t uport = 0;
        we_sock_getlocaladdr_v1(u, &a, &type, &uport);
        we_sock_send_to(u, &self, 1, &a, uport, 0, &n);
        __wasi_size_t got = 0;
        __wasi_roflags_t rof = 0;
        tap_errno(__wasi_sock_recv(u, (const __wasi_iovec_t *)OUT_OF_RANGE, 1, 0, &got, &rof), E(FAULT),
                  "the standard sock_recv with the iovec array outside memory gives fault (a datagram is queued)");
        closefd(u);
    } else if (!strcmp(g, "misaligned")) {
        /* A __wasi_address_t (align 4) and a u32 *port at odd addresses. Wasm memory has no
         * alignment rule, the witx does not say, and hosts differ: a host may refuse such a
         * pointer (inval, fault) or use it as it is, but then it must read and write the
         * right bytes. The sheet (3.4) reads addrnotavail in the source: neither. */
        static uint8_t area[64] __attribute__((aligned(8)));
        we_address_t good = {raw, 4};
        memcpy(area + 1, &good, sizeof good);
        int32_t e = we_sock_bind(fd, (const we_address_t *)(area + 1), 0);
        printf("# V1 sock_bind with a misaligned __wasi_address_t: errno %d (%s)\n", e, tap_errno_name(e));
        tap_errno_in(e, ERRNOS(E(SUCCESS), E(INVAL), E(FAULT)), "V1 sock_bind with the __wasi_address_t at an odd address succeeds or gives inval or fault");
        if (e) tap_errno(we_sock_bind(fd, &good, 0), E(SUCCESS), "refused: V1 sock_bind with an aligned address then succeeds, the socket was left unbound");
        uint32_t type = 0, port = 0;
        uint8_t got[4] = {0};
        we_address_t out = {got, 4};
        tap_errno(we_sock_getlocaladdr_v1(fd, &out, &type, &port), E(SUCCESS), "V1 sock_getlocaladdr (aligned) succeeds");
        tap_ok(!memcmp(got, LOOP4, 4) && port != 0, "the socket is bound to 127.0.0.1 and a port (%u.%u.%u.%u:%u)", got[0], got[1], got[2], got[3], port);
        memset(area, 0xAA, sizeof area);
        e = we_sock_getlocaladdr_v1(fd, &out, &type, (uint32_t *)(area + 1));
        printf("# V1 sock_getlocaladdr with a misaligned *port: errno %d (%s)\n", e, tap_errno_name(e));
        tap_errno_in(e, ERRNOS(E(SUCCESS), E(INVAL), E(FAULT)), "V1 sock_getlocaladdr with *port (u32) at an odd address succeeds or gives inval or fault");
        uint32_t mis = 0;
        memcpy(&mis, area + 1, 4);
        if (e == 0) tap_eq(mis, port, "it wrote the port as a u32 at the odd address");
        else tap_ok(area[1] == 0xAA && area[2] == 0xAA, "refused: nothing was written there");
        /* the standard sock_recv (the sheet reads a trap there) with *nread at an odd address */
        __wasi_fd_t u = 0;
        uint32_t uport = 0, n = 0;
        we_address_t ua = {raw, 4};
        memcpy(raw, LOOP4, 4);
        e = we_sock_open(WE_AF_INET4, WE_SOCK_DGRAM, &u);
        if (!e) e = we_sock_bind(u, &ua, 0);
        if (!e) e = we_sock_getlocaladdr_v1(u, &ua, &type, &uport);
        __wasi_ciovec_t c = {(const uint8_t *)"abcd", 4};
        if (!e) e = we_sock_send_to(u, &c, 1, &ua, uport, 0, &n);
        if (tap_errno(e, E(SUCCESS), "a UDP socket on 127.0.0.1 sends itself a 4-byte datagram")) {
            uint8_t b[8];
            __wasi_iovec_t v = {b, sizeof b};
            memset(area, 0xAA, sizeof area);
            fflush(stdout);
            e = __wasi_sock_recv(u, &v, 1, 0, (__wasi_size_t *)(area + 1), (__wasi_roflags_t *)(area + 9));
            printf("# sock_recv with a misaligned *nread and *roflags: errno %d (%s)\n", e, tap_errno_name(e));
            tap_errno_in(e, ERRNOS(E(SUCCESS), E(INVAL), E(FAULT)), "the standard sock_recv with *nread (u32) and *roflags (u16) at odd addresses does not trap: it succeeds or gives inval or fault");
            memcpy(&mis, area + 1, 4);
            if (e == 0) tap_eq(mis, 4, "it wrote *nread 4 at the odd address");
        }
        closefd(u);
    } else {
        return unknown_group(g);
    }
    closefd(fd);
    return tap_end();
}
