/*
 * Standard P1 sock_recv on an accepted connection (sheet section 1; riflags recv_peek 0x1,
 * recv_waitall 0x2; roflags): plain, peek, waitall, scattering into several iovecs, and
 * after the peer resets the connection. Groups: plain, peek, waitall, iovecs, reset.
 */
#include "std_common.h"

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    __wasi_fd_t l, fd = -1;
    uint8_t buf[64];
    uint32_t n = 0;
    if (!setup(&l, &fd)) return tap_end();
    memset(buf, 0, sizeof buf);
    if (!strcmp(g, "plain")) {
        /* peer: send "hello", close */
        __wasi_iovec_t v = {buf, sizeof buf};
        __wasi_size_t got = 0;
        __wasi_roflags_t ro = 0xBEEF;
        int32_t e = __wasi_sock_recv(fd, &v, 1, 0, &got, &ro);
        tap_errno(e, E(SUCCESS), "sock_recv into 64 bytes succeeds");
        tap_bytes(buf, got, "hello", 5, "it returns the peer's \"hello\", 5 bytes");
        tap_eq(ro, 0, "roflags is written, 0: nothing was truncated (0xbeef = never written)");
        got = 99;
        tap_ok(__wasi_sock_recv(fd, &v, 1, 0, &got, &ro) == 0 && got == 0, "after the peer's close sock_recv returns 0 bytes: EOF (%u)", got);
    } else if (!strcmp(g, "peek")) {
        /* peer: send "peekme", wait 300 ms, send "tail", close */
        sleep_ms(100);
        tap_errno(recv_buf(fd, buf, 6, __WASI_RIFLAGS_RECV_PEEK, &n), E(SUCCESS), "sock_recv(recv_peek) into 6 bytes succeeds");
        tap_bytes(buf, n, "peekme", 6, "it returns \"peekme\"");
        memset(buf, 0, sizeof buf);
        tap_errno(recv_buf(fd, buf, 6, 0, &n), E(SUCCESS), "a normal sock_recv into 6 bytes then succeeds");
        tap_bytes(buf, n, "peekme", 6, "it returns the same \"peekme\": peek left the bytes queued");
        memset(buf, 0, sizeof buf);
        int32_t e = recv_exact(fd, buf, 4, &n);
        tap_ok(e == 0 && n == 4 && !memcmp(buf, "tail", 4), "then the peer's \"tail\" follows (errno %d, %u bytes)", e, n);
    } else if (!strcmp(g, "waitall")) {
        /* peer: send "wait", wait 300 ms, send "all!", close */
        uint64_t t0 = now_ms();
        tap_errno(recv_buf(fd, buf, 8, __WASI_RIFLAGS_RECV_WAITALL, &n), E(SUCCESS), "sock_recv(recv_waitall) into 8 bytes succeeds");
        tap_bytes(buf, n, "waitall!", 8, "it returns all 8 bytes of the peer's two sends, 300 ms apart (after %llu ms)", (unsigned long long)(now_ms() - t0));
    } else if (!strcmp(g, "iovecs")) {
        /* peer: send "abcdefghij", close */
        sleep_ms(100);
        uint8_t a[3], b[4], c[8];
        memset(a, '.', sizeof a), memset(b, '.', sizeof b), memset(c, '.', sizeof c);
        __wasi_iovec_t v[3] = {{a, 3}, {b, 4}, {c, 8}};
        __wasi_size_t got = 0;
        __wasi_roflags_t ro = 0;
        tap_errno(__wasi_sock_recv(fd, v, 3, 0, &got, &ro), E(SUCCESS), "sock_recv into three iovecs (3, 4, 8 bytes) succeeds");
        tap_eq(got, 10, "it returns 10 bytes");
        tap_bytes(a, 3, "abc", 3, "the first iovec holds \"abc\"");
        tap_bytes(b, 4, "defg", 4, "the second holds \"defg\"");
        tap_bytes(c, 8, "hij.....", 8, "the third holds \"hij\" and nothing past it");
    } else if (!strcmp(g, "reset")) {
        /* peer: reset */
        sleep_ms(300);
        int32_t e = recv_buf(fd, buf, sizeof buf, 0, &n);
        printf("# sock_recv after the peer's reset gave %s (%d), %u bytes\n", tap_errno_name(e), e, n);
        tap_ok(e == E(CONNRESET) || (e == 0 && n == 0), "sock_recv after the peer reset the connection gives connreset (or 0 bytes)");
    } else {
        return unknown_group(g);
    }
    closefd(fd);
    return tap_end();
}
