/* wasi:sockets/ip-name-lookup: getaddrinfo, run synchronously inside resolve-addresses,
 * whose stream then hands out the deduplicated addresses one by one. */
#include "backport.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>

static int resolver_error_code(int g)
{
    return g == EAI_NONAME || g == EAI_NODATA || g == EAI_ADDRFAMILY ? EC_NAME_UNRESOLVABLE
           : g == EAI_AGAIN ? EC_TEMPORARY_RESOLVER_FAILURE
           : g == EAI_FAIL ? EC_PERMANENT_RESOLVER_FAILURE
           : g == EAI_MEMORY ? EC_OUT_OF_MEMORY : EC_UNKNOWN;
}
static void resolve_addresses(wasm_exec_env_t env, int32_t net, uint32_t ptr, uint32_t len, uint32_t ret)
{
    if (!get(env, net, K_NETWORK) || !area(env, ret, 8, 4) || (len && !area(env, ptr, len, 1))) return;
    char *name = calloc(1, len + 1);
    if (len) memcpy(name, area(env, ptr, len, 1), len);
    if (!len || strlen(name) != len || strchr(name, ' ')) { free(name); ret_err(env, ret, 8, 4, 4, EC_INVALID_ARGUMENT); return; }
    uint8_t tmp[16];
    int literal = inet_pton(AF_INET, name, tmp) == 1 || inet_pton(AF_INET6, name, tmp) == 1;
    if (!literal && !name_allowed(name)) { free(name); ret_err(env, ret, 8, 4, 4, EC_ACCESS_DENIED); return; }
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; /* one entry per address */
    hints.ai_flags = literal ? AI_NUMERICHOST : 0;
    int g = getaddrinfo(name, NULL, &hints, &res);
    free(name);
    if (g) { ret_err(env, ret, 8, 4, 4, resolver_error_code(g)); return; }
    struct res r = {.kind = K_RESOLVE};
    int cap = 0;
    for (struct addrinfo *a = res; a; a = a->ai_next) cap++;
    r.addrs = calloc(cap ? cap : 1, 17);
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        uint8_t e[17];
        memset(e, 0, sizeof e);
        if (a->ai_family == AF_INET) memcpy(e + 1, &((struct sockaddr_in *)a->ai_addr)->sin_addr, 4);
        else if (a->ai_family == AF_INET6) {
            struct in6_addr *x = &((struct sockaddr_in6 *)a->ai_addr)->sin6_addr;
            if (IN6_IS_ADDR_V4MAPPED(x)) continue; /* never an IPv4-mapped address */
            e[0] = 1;
            memcpy(e + 1, x, 16);
        } else continue;
        int dup = 0;
        for (int k = 0; k < r.n_addrs; k++) dup |= !memcmp(r.addrs[k], e, 17);
        if (!dup) memcpy(r.addrs[r.n_addrs++], e, 17);
    }
    freeaddrinfo(res);
    int32_t h = new_handle(r);
    ret_handles(env, ret, 1, &h);
}
static void resolve_next_address(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_RESOLVE);
    if (!r) return;
    uint8_t *p = area(env, ret, 22, 2);
    if (!p) return;
    memset(p, 0, 22);
    if (r->next >= r->n_addrs) return; /* ok(none) */
    const uint8_t *e = r->addrs[r->next++];
    put8(p + 2, 1);
    put8(p + 4, e[0]);
    if (e[0] == 0) memcpy(p + 6, e + 1, 4);
    else
        for (int i = 0; i < 8; i++) put16(p + 6 + 2 * i, (uint16_t)(e[1 + 2 * i] << 8 | e[2 + 2 * i]));
}
static int32_t resolve_subscribe(wasm_exec_env_t env, int32_t self) { return subscribe(env, self, K_RESOLVE, P_READY); }
static void resolve_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_RESOLVE); }

static NativeSymbol symbols[] = {
    SYM("resolve-addresses", resolve_addresses, "(iiii)"),
    SYM("[method]resolve-address-stream.resolve-next-address", resolve_next_address, "(ii)"),
    SYM("[method]resolve-address-stream.subscribe", resolve_subscribe, "(i)i"),
    SYM("[resource-drop]resolve-address-stream", resolve_drop, "(i)"),
};
const struct native_module ip_name_lookup_module = MODULE("wasi:sockets/ip-name-lookup", symbols);
