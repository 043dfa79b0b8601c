/*
 * Policy: iwasm's own flags, read back from /proc/self/cmdline: --addr-pool=ADDR/MASK,...
 * gates bind, connect and send-to; --allow-resolve=NAME gates resolve-addresses of names
 * (IP literals need none). No --addr-pool: every bind/connect/send-to is access-denied,
 * as in WAMR's own socket calls. BACKPORT_POLICY=allow-all in the runtime's environment
 * turns the policy off (manual runs).
 */
#include "backport.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

struct pool_entry { int family; uint8_t addr[16]; int mask; };
static struct pool_entry pool[64];
static int n_pool, allow_all;
static char *resolve_names[64];
static int n_resolve;

static int add_pool(const char *s)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    char *slash = strchr(buf, '/');
    int mask = -1;
    if (slash) { *slash = 0; mask = atoi(slash + 1); }
    struct pool_entry e;
    memset(&e, 0, sizeof e);
    if (inet_pton(AF_INET, buf, e.addr) == 1) { e.family = AF_INET; e.mask = mask < 0 ? 32 : mask; }
    else if (inet_pton(AF_INET6, buf, e.addr) == 1) { e.family = AF_INET6; e.mask = mask < 0 ? 128 : mask; }
    else return 0;
    if (n_pool < 64) pool[n_pool++] = e;
    return 1;
}
void load_policy(void)
{
    const char *p = getenv("BACKPORT_POLICY");
    if (p && !strcmp(p, "allow-all")) allow_all = 1;
    FILE *f = fopen("/proc/self/cmdline", "rb");
    if (!f) return;
    static char cmd[65536];
    size_t n = fread(cmd, 1, sizeof cmd - 1, f);
    fclose(f);
    cmd[n] = 0;
    /* iwasm (and wasmcert's launcher) split --addr-pool's list with strtok in place, so
     * /proc/self/cmdline shows "--addr-pool=A/M" followed by the other entries as
     * arguments of their own: take those too. */
    int in_pool = 0;
    for (size_t i = 0; i < n; i += strlen(cmd + i) + 1) {
        const char *a = cmd + i;
        if (!strncmp(a, "--addr-pool=", 12)) {
            char *list = strdup(a + 12), *save = NULL;
            for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) add_pool(t);
            free(list);
            in_pool = 1;
            continue;
        }
        if (in_pool && a[0] != '-' && add_pool(a)) continue;
        in_pool = 0;
        if (!strncmp(a, "--allow-resolve=", 16) && n_resolve < 64) {
            resolve_names[n_resolve++] = strdup(a + 16);
        } else if (a[0] != '-' && strstr(a, ".wasm")) {
            break; /* the guest's own arguments follow */
        }
    }
}
int addr_allowed(const struct sockaddr_storage *ss)
{
    if (allow_all) return 1;
    const uint8_t *a = ss->ss_family == AF_INET ? (const uint8_t *)&((const struct sockaddr_in *)ss)->sin_addr
                                                : (const uint8_t *)&((const struct sockaddr_in6 *)ss)->sin6_addr;
    for (int k = 0; k < n_pool; k++) {
        if (pool[k].family != ss->ss_family) continue;
        int bits = pool[k].mask, ok = 1;
        for (int b = 0; b < bits && ok; b++)
            ok = ((a[b / 8] ^ pool[k].addr[b / 8]) & (0x80 >> (b % 8))) == 0;
        if (ok) return 1;
    }
    return 0;
}
int name_allowed(const char *name)
{
    if (allow_all) return 1;
    for (int k = 0; k < n_resolve; k++) {
        const char *r = resolve_names[k];
        if (!strcasecmp(r, name)) return 1;
        if (r[0] == '*' && strlen(name) >= strlen(r + 1) && !strcasecmp(name + strlen(name) - strlen(r + 1), r + 1)) return 1;
    }
    return 0;
}
