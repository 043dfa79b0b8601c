/* wasi:io/poll: pollables over a socket's fd, and the waits that stay interruptible. */
#include "backport.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

/* Waits on one fd with slices, so that wasm_runtime_terminate (the launcher's --timeout)
 * is noticed; returns revents or 0 after a trap. */
int wait_fd(wasm_exec_env_t env, int fd, short events)
{
    for (;;) {
        struct pollfd p = {fd, events, 0};
        int n = poll(&p, 1, 50);
        if (n > 0) return p.revents;
        if (n < 0 && errno != EINTR) return POLLERR;
        if (trapped(env)) return 0;
    }
}

/* The subscribe method of a resource of kind k: a pollable for what pk waits on. A
 * P_READY pollable is always ready, so it holds no socket. */
int32_t subscribe(wasm_exec_env_t env, int32_t self, enum kind k, enum poll_kind pk)
{
    struct res *r = get(env, self, k);
    if (!r) return 0;
    struct sock *s = pk == P_READY ? NULL : r->s;
    return new_handle((struct res){.kind = K_POLLABLE, .s = s, .pk = s ? pk : P_READY});
}

/* events to poll for, or 0 when the pollable is ready without waiting */
static short poll_events(struct res *r)
{
    if (!r->s || r->pk == P_READY) return 0;
    if (r->pk == P_IN) return POLLIN;
    if (r->pk == P_OUT) return POLLOUT;
    if (r->s->state == S_CONNECTING) return POLLOUT;
    if (r->s->state == S_LISTENING) return POLLIN;
    return 0;
}
static int32_t pollable_ready(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_POLLABLE);
    if (!r) return 0;
    short ev = poll_events(r);
    if (!ev) return 1;
    struct pollfd p = {r->s->fd, ev, 0};
    return poll(&p, 1, 0) > 0;
}
static void pollable_block(wasm_exec_env_t env, int32_t self)
{
    struct res *r = get(env, self, K_POLLABLE);
    if (!r) return;
    short ev = poll_events(r);
    if (ev) wait_fd(env, r->s->fd, ev);
}
static void poll_list(wasm_exec_env_t env, uint32_t ptr, uint32_t n, uint32_t ret)
{
    if (!area(env, ret, 8, 4) || (n && !area(env, ptr, n * 4, 4))) return;
    if (n == 0) { trap(env, "backport: poll of an empty list"); return; }
    struct pollfd *fds = calloc(n, sizeof *fds);
    uint32_t *idx = calloc(n, sizeof *idx), k = 0;
    int any_ready = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct res *r = get(env, (int32_t)get32(area(env, ptr + 4 * i, 4, 4)), K_POLLABLE);
        if (!r) { free(fds); free(idx); return; }
        short ev = poll_events(r);
        fds[i].fd = ev ? r->s->fd : -1;
        fds[i].events = ev;
        if (!ev) any_ready = 1;
    }
    for (;;) {
        int m = poll(fds, n, any_ready ? 0 : 50);
        if (m > 0 || any_ready) break;
        if (trapped(env)) { free(fds); free(idx); return; }
    }
    for (uint32_t i = 0; i < n; i++)
        if (fds[i].fd < 0 || fds[i].revents) idx[k++] = i;
    free(fds);
    uint32_t g = guest_copy(env, 4, idx, k * 4);
    free(idx);
    if (trapped(env)) return;
    ret_list(env, ret, g, k);
}
static void pollable_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_POLLABLE); }

static NativeSymbol symbols[] = {
    SYM("[method]pollable.ready", pollable_ready, "(i)i"),
    SYM("[method]pollable.block", pollable_block, "(i)"),
    SYM("poll", poll_list, "(iii)"),
    SYM("[resource-drop]pollable", pollable_drop, "(i)"),
};
const struct native_module poll_module = MODULE("wasi:io/poll", symbols);
