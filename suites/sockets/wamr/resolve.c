/*
 * WAMR dialect, sock_addr_resolve (sheet 2.2, 2.5, 2.6): "localhost" allowed by
 * --allow-resolve, a name not allowed, and addr_info_size 0 (the sheet reads an integer
 * division by addr_info_size in the host before any zero check).
 * Groups: localhost, hints, denied, zero-size.
 */
#include "wamr_common.h"

#define CAP 16

static int all_loopback(const wamr_addr_info_t *info, uint32_t n, uint16_t port, int *has4) {
    int ok = 1;
    *has4 = 0;
    for (uint32_t i = 0; i < n; i++) {
        const wamr_addr_t *a = &info[i].addr;
        uint16_t p = a->kind == WAMR_IPv6 ? a->addr.ip6.port : a->addr.ip4.port;
        if (is_loopback4(a)) *has4 = 1;
        if (!(is_loopback4(a) || is_loopback6(a)) || p != port) {
            ok = 0;
            show_addr("unexpected entry", a);
        }
    }
    return ok;
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    static wamr_addr_info_t info[CAP + 1];
    uint32_t max = 0xAAAAAAAA;
    wamr_addr_info_hints_t hints;
    memset(&hints, 0, sizeof hints);
    memset(info, 0xAA, sizeof info);
    if (!strcmp(g, "localhost")) {
        int32_t e = wamr_sock_addr_resolve("localhost", "8080", &hints, info, CAP, &max);
        tap_errno(e, E(SUCCESS), "sock_addr_resolve(\"localhost\", \"8080\") with hints disabled succeeds when --allow-resolve=localhost");
        tap_ok(max >= 1 && max != 0xAAAAAAAA, "*max_info_size counts at least one address (%u)", max);
        uint32_t n = max < CAP ? max : CAP;
        int has4 = 0;
        tap_ok(n >= 1 && all_loopback(info, n, 8080, &has4), "every entry written is 127.0.0.1 or ::1 with port 8080 in host byte order");
        tap_ok(has4, "127.0.0.1 is among them");
        const uint8_t *canary = (const uint8_t *)&info[CAP];
        tap_ok(canary[0] == 0xAA && canary[27] == 0xAA, "nothing is written past addr_info_size entries");
    } else if (!strcmp(g, "hints")) {
        hints.type = WAMR_SOCKET_STREAM;
        hints.family = WAMR_INET4;
        hints.hints_enabled = 1;
        int32_t e = wamr_sock_addr_resolve("localhost", "80", &hints, info, CAP, &max);
        tap_errno(e, E(SUCCESS), "sock_addr_resolve(\"localhost\", \"80\") with hints {stream, inet4} succeeds");
        uint32_t n = max < CAP ? max : CAP;
        int ok = n >= 1;
        for (uint32_t i = 0; i < n; i++) ok &= is_loopback4(&info[i].addr) && info[i].addr.addr.ip4.port == 80 && info[i].type == WAMR_SOCKET_STREAM;
        tap_ok(ok, "every entry (%u) is 127.0.0.1 port 80 of type stream: the hints are honoured", n);
    } else if (!strcmp(g, "denied")) {
        tap_errno(wamr_sock_addr_resolve("example.invalid", "80", &hints, info, CAP, &max), E(ACCES), "a name --allow-resolve does not list gives acces");
        tap_errno(wamr_sock_addr_resolve("LOCALHOST", "80", &hints, info, CAP, &max), E(ACCES),
                  "\"LOCALHOST\" gives acces: --allow-resolve=localhost matches case-sensitively (sheet 2.5)");
        tap_errno(wamr_sock_addr_resolve("sub.localhost", "80", &hints, info, CAP, &max), E(ACCES), "\"sub.localhost\" gives acces: no * entry, no suffix match");
        tap_errno(wamr_sock_addr_resolve("localhost", "80", &hints, info, CAP, &max), E(SUCCESS), "the listed name itself still resolves");
    } else if (!strcmp(g, "zero-size")) {
        int32_t e = wamr_sock_addr_resolve("localhost", "80", &hints, info, 0, &max);
        tap_errno(e, E(SUCCESS), "sock_addr_resolve with addr_info_size 0 succeeds (the runtime survives it)");
        tap_ok(max >= 1 && max != 0xAAAAAAAA, "*max_info_size tells how many entries there are (%u), for a retry with a bigger buffer", max);
        const uint8_t *b = (const uint8_t *)info;
        tap_ok(b[0] == 0xAA && b[27] == 0xAA, "no entry is written into a buffer of 0 entries");
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
