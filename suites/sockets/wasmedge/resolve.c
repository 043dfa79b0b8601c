/*
 * WasmEdge dialect: sock_getaddrinfo (sheet 3.3), which fills a chain of 28-byte
 * __wasi_addrinfo_t the guest built beforehand (each with a 12-byte sockaddr whose sa_data
 * gets the POSIX bytes after the family, and a canonname buffer), and its extended errno
 * 77..87. Only loopback names: "localhost" and the numeric "::1".
 * Groups: localhost, numeric6, errors, socktype, canonname-bound.
 */
#include "we_common.h"

#define CHAIN 4
#define CANON_LEN 64
static we_addrinfo_t ai[CHAIN];
static we_sockaddr_t sa[CHAIN];
static uint8_t sa_data[CHAIN][32];
static char canon[CHAIN][CANON_LEN];

static void build_chain(void) {
    memset(ai, 0, sizeof ai);
    memset(sa, 0, sizeof sa);
    memset(sa_data, 0xAA, sizeof sa_data);
    memset(canon, 0, sizeof canon);
    for (int i = 0; i < CHAIN; i++) {
        sa[i].sa_data = sa_data[i];
        sa[i].sa_data_len = 26;
        ai[i].ai_addr = &sa[i];
        ai[i].ai_canonname = canon[i];
        ai[i].ai_canonname_len = CANON_LEN;
        ai[i].ai_next = i + 1 < CHAIN ? &ai[i + 1] : NULL;
    }
}
static int32_t gai(const char *node, const char *service, const we_addrinfo_t *hints, uint32_t max, uint32_t *res_len) {
    we_addrinfo_t *res = &ai[0];
    *res_len = 0xAAAA;
    return we_sock_getaddrinfo(node, strlen(node), service, strlen(service), hints, &res, max, res_len);
}
static we_addrinfo_t hints_of(int flags, int family, int socktype) {
    we_addrinfo_t h;
    memset(&h, 0, sizeof h);
    h.ai_flags = flags;
    h.ai_family = family;
    h.ai_socktype = socktype;
    return h;
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    uint32_t res_len = 0;
    build_chain();
    if (!strcmp(g, "localhost")) {
        we_addrinfo_t h = hints_of(0, WE_AF_INET4, WE_SOCK_STREAM);
        if (!tap_errno(gai("localhost", "80", &h, CHAIN, &res_len), E(SUCCESS), "sock_getaddrinfo(\"localhost\", \"80\", inet4 stream) succeeds"))
            return tap_end();
        tap_ok(res_len >= 1 && res_len <= CHAIN, "it fills 1..%d entries (*res_len %u)", CHAIN, res_len);
        tap_eq(ai[0].ai_family, WE_AF_INET4, "the first entry's ai_family is inet4 (1)");
        tap_eq(ai[0].ai_socktype, WE_SOCK_STREAM, "its ai_socktype is the extension's SOCK_STREAM (2)");
        tap_eq(sa[0].sa_family, WE_AF_INET4, "its sockaddr's sa_family is inet4 (1)");
        static const uint8_t want[14] = {0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        tap_bytes(sa_data[0], 14, want, 14, "its sa_data is port 80 in network order, 127.0.0.1, 8 zero bytes");
        tap_ok(sa_data[0][14] == 0xAA, "nothing is written past those 14 bytes (0x%02x)", sa_data[0][14]);
        printf("# ai_addrlen %u, ai_protocol %u, sa_data_len %u\n", ai[0].ai_addrlen, ai[0].ai_protocol, sa[0].sa_data_len);
        int all = 1;
        for (uint32_t i = 0; i < res_len && i < CHAIN; i++) all &= sa[i].sa_family == WE_AF_INET4 && !memcmp(sa_data[i], want, 6);
        tap_ok(all, "every filled entry is 127.0.0.1 port 80");
    } else if (!strcmp(g, "numeric6")) {
        we_addrinfo_t h = hints_of(WE_AI_NUMERICHOST | WE_AI_NUMERICSERV, WE_AF_INET6, WE_SOCK_DGRAM);
        if (!tap_errno(gai("::1", "5353", &h, CHAIN, &res_len), E(SUCCESS), "sock_getaddrinfo(\"::1\", \"5353\", numerichost|numericserv, inet6 dgram) succeeds"))
            return tap_end();
        tap_eq(res_len, 1, "it fills 1 entry");
        tap_eq(ai[0].ai_family, WE_AF_INET6, "its ai_family is inet6 (2)");
        tap_eq(ai[0].ai_socktype, WE_SOCK_DGRAM, "its ai_socktype is the extension's SOCK_DGRAM (1)");
        tap_eq(sa[0].sa_family, WE_AF_INET6, "its sockaddr's sa_family is inet6 (2)");
        /* port @0..1, flowinfo @2..5, address @6..21, scope_id @22..25 */
        uint8_t want[26];
        memset(want, 0, sizeof want);
        want[0] = 0x14, want[1] = 0xe9, want[21] = 1;
        tap_bytes(sa_data[0], 26, want, 26, "its sa_data is port 5353 in network order, flowinfo 0, ::1, scope_id 0");
    } else if (!strcmp(g, "errors")) {
        we_addrinfo_t h = hints_of(0, WE_AF_UNSPEC, WE_SOCK_ANY);
        tap_errno(gai("", "", &h, CHAIN, &res_len), WE_EAINONAME, "an empty node and an empty service give AINONAME (84)");
        tap_errno(gai("localhost", "80", &h, 0, &res_len), WE_EAIMEMORY, "max_res_len 0 gives AIMEMORY (82)");
        h = hints_of(WE_AI_CANONNAME, WE_AF_UNSPEC, WE_SOCK_ANY);
        tap_errno(gai("", "80", &h, CHAIN, &res_len), WE_EAIBADFLAG, "AI_CANONNAME with an empty node gives AIBADFLAG (79)");
        h = hints_of(0x100, WE_AF_UNSPEC, WE_SOCK_ANY);
        tap_errno(gai("localhost", "80", &h, CHAIN, &res_len), WE_EAIBADFLAG, "an unknown flag bit (0x100) gives AIBADFLAG (79)");
        h = hints_of(0, 9, WE_SOCK_ANY);
        tap_errno(gai("localhost", "80", &h, CHAIN, &res_len), WE_EAIFAMILY, "family 9 gives AIFAMILY (81)");
        h = hints_of(WE_AI_NUMERICHOST, WE_AF_INET4, WE_SOCK_ANY);
        tap_errno(gai("not-a-number", "80", &h, CHAIN, &res_len), WE_EAINONAME, "AI_NUMERICHOST with a name that is not numeric gives AINONAME (84)");
    } else if (!strcmp(g, "socktype")) {
        we_addrinfo_t h = hints_of(0, WE_AF_INET4, 7);
        tap_errno(gai("localhost", "80", &h, CHAIN, &res_len), WE_EAISOCKTYPE, "sock type 7 in the hints gives AISOCKTYPE (86), getaddrinfo's EAI_SOCKTYPE");
    } else if (!strcmp(g, "canonname-bound")) {
        /* the first entry's canonname buffer declared 4 bytes long, guard bytes after it */
        we_addrinfo_t h = hints_of(WE_AI_CANONNAME, WE_AF_INET4, WE_SOCK_STREAM);
        memset(canon[0], 0x5A, CANON_LEN);
        ai[0].ai_canonname_len = 4;
        int32_t e = gai("localhost", "80", &h, CHAIN, &res_len);
        printf("# errno %d, canonname bytes:", e);
        for (int i = 0; i < 16; i++) printf(" %02x", (uint8_t)canon[0][i]);
        printf("\n");
        tap_ok(e == 0 || e == E(OVERFLOW) || e == E(NAMETOOLONG) || e == WE_EAIMEMORY,
               "sock_getaddrinfo(AI_CANONNAME) with a 4-byte ai_canonname_len succeeds or refuses (errno %d)", e);
        int intact = 1;
        for (int i = 4; i < CANON_LEN; i++) intact &= canon[0][i] == 0x5A;
        tap_ok(intact, "nothing is written past the 4 bytes the guest declared (the host never writes outside a buffer it was given)");
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
