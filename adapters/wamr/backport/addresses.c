/* ip-socket-address: lifted from flat values or guest memory into a sockaddr, lowered
 * back, and the properties the interfaces test of one. */
#include "backport.h"

#include <arpa/inet.h>

/* Lifts the 12 flat values of an ip-socket-address; traps on a bad variant tag. */
int lift_addr(wasm_exec_env_t env, const int32_t v[12], struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    if (v[0] == 0) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)v[1]);
        uint8_t *o = (uint8_t *)&a->sin_addr;
        for (int i = 0; i < 4; i++) o[i] = (uint8_t)v[2 + i];
        *len = sizeof *a;
        return 1;
    }
    if (v[0] == 1) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)v[1]);
        a->sin6_flowinfo = htonl((uint32_t)v[2]);
        for (int i = 0; i < 8; i++) {
            uint16_t seg = (uint16_t)v[3 + i];
            a->sin6_addr.s6_addr[2 * i] = seg >> 8;
            a->sin6_addr.s6_addr[2 * i + 1] = seg & 0xff;
        }
        a->sin6_scope_id = (uint32_t)v[11];
        *len = sizeof *a;
        return 1;
    }
    trap(env, "backport: invalid ip-socket-address discriminant");
    return 0;
}
/* Same, from guest memory (an ip-socket-address at p, 32 bytes) */
int load_addr(wasm_exec_env_t env, const uint8_t *p, struct sockaddr_storage *ss, socklen_t *len)
{
    int32_t v[12];
    memset(v, 0, sizeof v);
    v[0] = p[0];
    if (p[0] == 0) {
        v[1] = get16(p + 4);
        for (int i = 0; i < 4; i++) v[2 + i] = p[6 + i];
    } else if (p[0] == 1) {
        v[1] = get16(p + 4);
        v[2] = (int32_t)get32(p + 8);
        for (int i = 0; i < 8; i++) v[3 + i] = get16(p + 12 + 2 * i);
        v[11] = (int32_t)get32(p + 28);
    }
    return lift_addr(env, v, ss, len);
}
/* Stores an ip-socket-address (32 bytes, align 4) at p */
void store_addr(uint8_t *p, const struct sockaddr_storage *ss)
{
    memset(p, 0, 32);
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        put8(p, 0);
        put16(p + 4, ntohs(a->sin_port));
        memcpy(p + 6, &a->sin_addr, 4);
    } else {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        put8(p, 1);
        put16(p + 4, ntohs(a->sin6_port));
        put32(p + 8, ntohl(a->sin6_flowinfo));
        for (int i = 0; i < 8; i++) put16(p + 12 + 2 * i, (uint16_t)(a->sin6_addr.s6_addr[2 * i] << 8 | a->sin6_addr.s6_addr[2 * i + 1]));
        put32(p + 28, a->sin6_scope_id);
    }
}
int is_unspecified(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == 0;
    return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}
int is_v4mapped(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}
uint16_t port_of(const struct sockaddr_storage *ss)
{
    return ntohs(ss->ss_family == AF_INET ? ((const struct sockaddr_in *)ss)->sin_port : ((const struct sockaddr_in6 *)ss)->sin6_port);
}
int is_multicast_or_broadcast(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        uint32_t a = ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr);
        return (a >> 28) == 0xe || a == 0xffffffffu;
    }
    return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}
