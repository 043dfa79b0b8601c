/* The one handle table every interface shares, as in the Component Model; and the OS
 * sockets its entries share. Handle 0 is never given out: the guest reads it as none. */
#include "backport.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const kind_names[] = {"free", "network", "tcp-socket", "udp-socket", "input-stream", "output-stream",
                                         "incoming-datagram-stream", "outgoing-datagram-stream", "resolve-address-stream",
                                         "pollable", "error"};
static struct res *table;
static uint32_t table_len;

struct sock *new_sock(int fd, int family, int udp)
{
    struct sock *s = calloc(1, sizeof *s);
    s->fd = fd;
    s->family = family;
    s->udp = udp;
    s->backlog = 128;
    return s;
}
static struct sock *sock_ref(struct sock *s) { s->refs++; return s; }
static void sock_unref(struct sock *s)
{
    if (s && --s->refs == 0) { close(s->fd); free(s); }
}
/* A new handle for r. An entry that holds a socket holds a reference: the socket lives
 * until its last handle (socket, stream or pollable) is dropped. */
int32_t new_handle(struct res r)
{
    if (r.s) sock_ref(r.s);
    for (uint32_t i = 1; i < table_len; i++)
        if (table[i].kind == K_FREE) { table[i] = r; return (int32_t)i; }
    uint32_t n = table_len ? table_len * 2 : 64;
    struct res *t = realloc(table, n * sizeof *t);
    if (!t) abort();
    memset(t + table_len, 0, (n - table_len) * sizeof *t);
    uint32_t i = table_len ? table_len : 1;
    table = t;
    table_len = n;
    table[i] = r;
    return (int32_t)i;
}
int32_t new_sock_handle(enum kind k, struct sock *s)
{
    return new_handle((struct res){.kind = k, .s = s});
}
/* The entry of a live handle of that kind, or NULL after a trap (as the Canonical ABI
 * traps on an unknown handle or one of another resource type). */
struct res *get(wasm_exec_env_t env, int32_t h, enum kind k)
{
    if (h <= 0 || (uint32_t)h >= table_len || table[h].kind == K_FREE) {
        char m[96];
        snprintf(m, sizeof m, "backport: unknown handle %d (expected a %s)", h, kind_names[k]);
        trap(env, m);
        return NULL;
    }
    if (table[h].kind != k) {
        char m[128];
        snprintf(m, sizeof m, "backport: handle %d is a %s, not a %s", h, kind_names[table[h].kind], kind_names[k]);
        trap(env, m);
        return NULL;
    }
    return &table[h];
}
void drop(wasm_exec_env_t env, int32_t h, enum kind k)
{
    struct res *r = get(env, h, k);
    if (!r) return;
    sock_unref(r->s);
    free(r->addrs);
    free(r->msg);
    memset(r, 0, sizeof *r);
}
