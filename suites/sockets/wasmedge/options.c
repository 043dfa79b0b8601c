/*
 * WasmEdge dialect: the generic sock_getsockopt / sock_setsockopt (sheet 3.2: fd, level,
 * name, *value, *value_size in/out for get, value_size by value for set) with level
 * SOL_SOCKET 0, the only level, and the SO_* numbering of 3.3. Values are the POSIX option
 * values: int flags, int byte counts (Linux doubles SO_RCVBUF / SO_SNDBUF), struct timeval
 * {i64 s, i64 us}, struct linger {i32 onoff, i32 secs}. SO_TYPE answers in the extension's
 * own sock type numbering (3.3: DGRAM 1, STREAM 2), which is what sock_open takes.
 * Groups: flags, buf-size, timeouts, read-only, linger, bad-level.
 */
#include "we_common.h"

static int32_t get_int(__wasi_fd_t fd, int name, int32_t *v, uint32_t *size) {
    *v = (int32_t)0xAAAAAAAA;
    *size = sizeof *v;
    return we_sock_getsockopt(fd, WE_SOL_SOCKET, name, v, size);
}
static int32_t set_int(__wasi_fd_t fd, int name, int32_t v) {
    return we_sock_setsockopt(fd, WE_SOL_SOCKET, name, &v, sizeof v);
}
static void round_trip_flag(__wasi_fd_t fd, int name, const char *what) {
    int32_t v;
    uint32_t size;
    tap_errno(get_int(fd, name, &v, &size), E(SUCCESS), "getsockopt(%s) on a fresh socket succeeds", what);
    tap_ok(v == 0 && size == 4, "it is off: value 0, *value_size 4 (got %d, %u)", v, size);
    tap_errno(set_int(fd, name, 1), E(SUCCESS), "setsockopt(%s, 1) succeeds", what);
    get_int(fd, name, &v, &size);
    tap_ok(v != 0 && size == 4, "getsockopt(%s) then reads it on (got %d, size %u)", what, v, size);
    tap_errno(set_int(fd, name, 0), E(SUCCESS), "setsockopt(%s, 0) succeeds", what);
    get_int(fd, name, &v, &size);
    tap_ok(v == 0, "getsockopt(%s) then reads it off again (got %d)", what, v);
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t fd = -1;
    int32_t v = 0;
    uint32_t size = 0;
    if (!tap_errno(we_sock_open(WE_AF_INET4, WE_SOCK_STREAM, &fd), E(SUCCESS), "sock_open(inet4, stream) succeeds")) return tap_end();
    if (!strcmp(g, "flags")) {
        round_trip_flag(fd, WE_SO_REUSEADDR, "SO_REUSEADDR (0)");
        round_trip_flag(fd, WE_SO_KEEPALIVE, "SO_KEEPALIVE (7)");
    } else if (!strcmp(g, "buf-size")) {
        static const struct {
            int name;
            const char *what;
        } opts[] = {{WE_SO_RCVBUF, "SO_RCVBUF (6)"}, {WE_SO_SNDBUF, "SO_SNDBUF (5)"}};
        for (int i = 0; i < 2; i++) {
            tap_errno(get_int(fd, opts[i].name, &v, &size), E(SUCCESS), "getsockopt(%s) succeeds", opts[i].what);
            tap_ok(v > 0 && size == 4, "it is a positive byte count, *value_size 4 (got %d, %u)", v, size);
            tap_errno(set_int(fd, opts[i].name, 65536), E(SUCCESS), "setsockopt(%s, 65536) succeeds", opts[i].what);
            get_int(fd, opts[i].name, &v, &size);
            tap_ok(v == 65536 || v == 131072, "getsockopt(%s) then reads 65536, or 131072 as Linux doubles it (got %d)", opts[i].what, v);
        }
    } else if (!strcmp(g, "timeouts")) {
        static const struct {
            int name;
            const char *what;
        } opts[] = {{WE_SO_RCVTIMEO, "SO_RCVTIMEO (11)"}, {WE_SO_SNDTIMEO, "SO_SNDTIMEO (12)"}};
        for (int i = 0; i < 2; i++) {
            int64_t tv[2] = {0x55, 0x55};
            size = sizeof tv;
            tap_errno(we_sock_getsockopt(fd, WE_SOL_SOCKET, opts[i].name, tv, &size), E(SUCCESS), "getsockopt(%s) into 16 bytes succeeds", opts[i].what);
            tap_ok(tv[0] == 0 && tv[1] == 0 && size == 16, "it is no timeout: {0 s, 0 us}, *value_size 16 (got {%lld, %lld}, %u)", (long long)tv[0],
                   (long long)tv[1], size);
            int64_t set[2] = {1, 500000};
            tap_errno(we_sock_setsockopt(fd, WE_SOL_SOCKET, opts[i].name, set, sizeof set), E(SUCCESS), "setsockopt(%s, {1 s, 500000 us}) succeeds",
                      opts[i].what);
            tv[0] = tv[1] = 0x55;
            size = sizeof tv;
            we_sock_getsockopt(fd, WE_SOL_SOCKET, opts[i].name, tv, &size);
            tap_ok(tv[0] == 1 && tv[1] == 500000 && size == 16, "getsockopt(%s) then reads {1, 500000} (got {%lld, %lld}, size %u)", opts[i].what,
                   (long long)tv[0], (long long)tv[1], size);
        }
        /* the effect: a UDP socket with nothing to receive */
        __wasi_fd_t u = 0;
        uint8_t raw[16];
        we_address_t a = v1_loopback(raw, 0);
        int32_t e = we_sock_open(WE_AF_INET4, WE_SOCK_DGRAM, &u);
        if (!e) e = we_sock_bind(u, &a, 0);
        int64_t t[2] = {0, 200000};
        if (!e) e = we_sock_setsockopt(u, WE_SOL_SOCKET, WE_SO_RCVTIMEO, t, sizeof t);
        if (tap_errno(e, E(SUCCESS), "a UDP socket bound to 127.0.0.1:0 gets SO_RCVTIMEO 200 ms")) {
            uint8_t buf[8];
            uint32_t n = 0;
            uint64_t t0 = now_ms();
            e = recv_buf(u, buf, sizeof buf, 0, &n);
            uint64_t dt = now_ms() - t0;
            tap_errno(e, E(AGAIN), "sock_recv with nothing to receive gives again when the timeout expires");
            tap_ok(dt >= 150 && dt < 2000, "after about 200 ms (%llu ms)", (unsigned long long)dt);
        }
    } else if (!strcmp(g, "read-only")) {
        tap_errno(get_int(fd, WE_SO_TYPE, &v, &size), E(SUCCESS), "getsockopt(SO_TYPE (1)) on the TCP socket succeeds");
        tap_eq(v, WE_SOCK_STREAM, "it is the extension's SOCK_STREAM (2), the value sock_open took");
        __wasi_fd_t u = 0;
        if (tap_errno(we_sock_open(WE_AF_INET4, WE_SOCK_DGRAM, &u), E(SUCCESS), "sock_open(inet4, dgram) succeeds")) {
            get_int(u, WE_SO_TYPE, &v, &size);
            tap_eq(v, WE_SOCK_DGRAM, "getsockopt(SO_TYPE) on it is the extension's SOCK_DGRAM (1)");
            closefd(u);
        }
        tap_errno(get_int(fd, WE_SO_ERROR, &v, &size), E(SUCCESS), "getsockopt(SO_ERROR (2)) succeeds");
        tap_eq(v, 0, "it is 0 on a fresh socket");
        tap_errno(get_int(fd, WE_SO_ACCEPTCONN, &v, &size), E(SUCCESS), "getsockopt(SO_ACCEPTCONN (13)) succeeds");
        tap_eq(v, 0, "it is 0 before sock_listen");
        uint8_t raw[16];
        we_address_t a = v1_loopback(raw, 0);
        int32_t e = we_sock_bind(fd, &a, 0);
        if (!e) e = we_sock_listen(fd, 1);
        tap_errno(e, E(SUCCESS), "sock_bind to 127.0.0.1:0 + sock_listen succeed");
        get_int(fd, WE_SO_ACCEPTCONN, &v, &size);
        tap_eq(v, 1, "getsockopt(SO_ACCEPTCONN) is 1 on the listener");
    } else if (!strcmp(g, "linger")) {
        int32_t l[2] = {0x55, 0x55};
        size = sizeof l;
        tap_errno(we_sock_getsockopt(fd, WE_SOL_SOCKET, WE_SO_LINGER, l, &size), E(SUCCESS), "getsockopt(SO_LINGER (9)) into 8 bytes succeeds");
        tap_ok(l[0] == 0 && size == 8, "it is off: {onoff 0, ...}, *value_size 8 (got {%d, %d}, %u)", l[0], l[1], size);
        int32_t set[2] = {1, 5};
        tap_errno(we_sock_setsockopt(fd, WE_SOL_SOCKET, WE_SO_LINGER, set, sizeof set), E(SUCCESS), "setsockopt(SO_LINGER, {1, 5 s}) succeeds");
        l[0] = l[1] = 0x55;
        size = sizeof l;
        we_sock_getsockopt(fd, WE_SOL_SOCKET, WE_SO_LINGER, l, &size);
        tap_ok(l[0] == 1 && l[1] == 5 && size == 8, "getsockopt(SO_LINGER) then reads {1, 5} (got {%d, %d}, %u)", l[0], l[1], size);
    } else if (!strcmp(g, "bad-level")) {
        int32_t one = 1;
        int32_t e = we_sock_setsockopt(fd, 1, WE_SO_REUSEADDR, &one, sizeof one);
        tap_errno_in(e, ERRNOS(E(INVAL), E(NOPROTOOPT)), "setsockopt at level 1 (only SOL_SOCKET 0 exists) fails with inval or noprotoopt");
        size = sizeof v;
        e = we_sock_getsockopt(fd, 6, WE_SO_REUSEADDR, &v, &size);
        tap_errno_in(e, ERRNOS(E(INVAL), E(NOPROTOOPT)), "getsockopt at level 6 fails with inval or noprotoopt");
        e = we_sock_setsockopt(fd, WE_SOL_SOCKET, 99, &one, sizeof one);
        tap_errno_in(e, ERRNOS(E(INVAL), E(NOPROTOOPT)), "setsockopt of option 99 at SOL_SOCKET (the last is 14) fails with inval or noprotoopt");
        get_int(fd, WE_SO_REUSEADDR, &v, &size);
        tap_eq(v, 0, "SO_REUSEADDR was not changed by the refused calls");
    } else {
        return unknown_group(g);
    }
    closefd(fd);
    return tap_end();
}
