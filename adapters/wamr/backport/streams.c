/* wasi:io/streams over a connected tcp-socket, and wasi:io/error, whose only errors are
 * the streams' last-operation-failed. Writes are never buffered: flush has nothing to do. */
#include "backport.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

static int32_t new_error(const char *msg)
{
    return new_handle((struct res){.kind = K_ERROR, .msg = strdup(msg)});
}
/* result<T, stream-error> (12 bytes, or 16 for a u64), error case at `at`: closed, or
 * last-operation-failed with an error resource saying why */
static void ret_stream_err(wasm_exec_env_t env, uint32_t ret, uint32_t size, uint32_t at, int closed, const char *why)
{
    int32_t e = closed ? 0 : new_error(why);
    uint8_t *p = area(env, ret, size, size == 16 ? 8 : 4);
    if (!p) return;
    put8(p, 1);
    put8(p + at, closed ? 1 : 0);
    put32(p + at + 4, (uint32_t)e);
}

static void input_read(wasm_exec_env_t env, int32_t self, int64_t len, uint32_t ret, int blocking)
{
    struct res *r = get(env, self, K_INPUT);
    if (!r || !area(env, ret, 12, 4)) return;
    struct sock *s = r->s;
    if (s->in_closed) { ret_stream_err(env, ret, 12, 4, 1, NULL); return; }
    uint64_t want = (uint64_t)len;
    if (want > 65536) want = 65536;
    uint8_t *buf = malloc(want ? want : 1);
    ssize_t n = 0;
    if (want) {
        for (;;) {
            n = recv(s->fd, buf, want, MSG_DONTWAIT);
            if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK) || !blocking) break;
            if (!wait_fd(env, s->fd, POLLIN)) { free(buf); return; }
        }
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) n = 0;
    else if (n < 0) {
        char m[128];
        snprintf(m, sizeof m, "recv: %s", strerror(errno));
        free(buf);
        ret_stream_err(env, ret, 12, 4, 0, m);
        return;
    } else if (n == 0 && want) {
        free(buf);
        s->in_closed = 1;
        ret_stream_err(env, ret, 12, 4, 1, NULL);
        return;
    }
    uint32_t g = guest_copy(env, 1, buf, (uint32_t)n);
    free(buf);
    if (trapped(env)) return;
    ret_ok_list(env, ret, g, (uint32_t)n);
}
static void input_read_nb(wasm_exec_env_t env, int32_t self, int64_t len, uint32_t ret) { input_read(env, self, len, ret, 0); }
static void input_read_b(wasm_exec_env_t env, int32_t self, int64_t len, uint32_t ret) { input_read(env, self, len, ret, 1); }
static int32_t input_subscribe(wasm_exec_env_t env, int32_t self) { return subscribe(env, self, K_INPUT, P_IN); }
static void input_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_INPUT); }

#define WRITE_PERMIT 65536
static void output_check_write(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_OUTPUT);
    if (!r || !area(env, ret, 16, 8)) return;
    struct sock *s = r->s;
    if (s->out_closed) { ret_stream_err(env, ret, 16, 8, 1, NULL); return; }
    struct pollfd p = {s->fd, POLLOUT, 0};
    int ready = poll(&p, 1, 0) > 0;
    if (ready && (p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLOUT)) { ret_stream_err(env, ret, 16, 8, 1, NULL); return; }
    s->write_permit = ready ? WRITE_PERMIT : 0;
    ret_u64(env, ret, s->write_permit);
}
/* Sends all bytes, waiting for room; 0 or the errno */
static int send_all(wasm_exec_env_t env, struct sock *s, uint32_t ptr, uint32_t len)
{
    uint32_t done = 0;
    while (done < len) {
        uint8_t *p = area(env, ptr + done, len - done, 1);
        if (!p) return -1;
        ssize_t n = send(s->fd, p, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) { done += (uint32_t)n; continue; }
        if (errno != EAGAIN && errno != EWOULDBLOCK) return errno;
        if (!wait_fd(env, s->fd, POLLOUT)) return -1;
    }
    return 0;
}
static void output_write(wasm_exec_env_t env, int32_t self, uint32_t ptr, uint32_t len, uint32_t ret, int blocking)
{
    struct res *r = get(env, self, K_OUTPUT);
    if (!r || !area(env, ret, 12, 4) || (len && !area(env, ptr, len, 1))) return;
    struct sock *s = r->s;
    if (blocking && len > 4096) { trap(env, "backport: blocking-write-and-flush of more than 4096 bytes"); return; }
    if (!blocking) {
        if (len > s->write_permit) { trap(env, "backport: write of more bytes than check-write permitted"); return; }
        s->write_permit -= len;
    }
    if (s->out_closed) { ret_stream_err(env, ret, 12, 4, 1, NULL); return; }
    int e = send_all(env, s, ptr, len);
    if (e < 0) return;
    if (e) {
        char m[128];
        snprintf(m, sizeof m, "send: %s", strerror(e));
        if (e == EPIPE) s->out_closed = 1;
        ret_stream_err(env, ret, 12, 4, 0, m);
        return;
    }
    memset(area(env, ret, 12, 4), 0, 12);
}
static void output_write_nb(wasm_exec_env_t env, int32_t self, uint32_t ptr, uint32_t len, uint32_t ret) { output_write(env, self, ptr, len, ret, 0); }
static void output_write_b(wasm_exec_env_t env, int32_t self, uint32_t ptr, uint32_t len, uint32_t ret) { output_write(env, self, ptr, len, ret, 1); }
static void output_flush(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_OUTPUT);
    if (!r || !area(env, ret, 12, 4)) return;
    if (r->s->out_closed) { ret_stream_err(env, ret, 12, 4, 1, NULL); return; }
    memset(area(env, ret, 12, 4), 0, 12);
}
static int32_t output_subscribe(wasm_exec_env_t env, int32_t self) { return subscribe(env, self, K_OUTPUT, P_OUT); }
static void output_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_OUTPUT); }

static void error_to_debug_string(wasm_exec_env_t env, int32_t self, uint32_t ret)
{
    struct res *r = get(env, self, K_ERROR);
    if (!r || !area(env, ret, 8, 4)) return;
    uint32_t n = (uint32_t)strlen(r->msg);
    char *copy = strdup(r->msg); /* r may move or go: cabi_realloc runs guest code */
    uint32_t g = guest_copy(env, 1, copy, n);
    free(copy);
    if (trapped(env)) return;
    ret_list(env, ret, g, n);
}
static void error_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_ERROR); }

static NativeSymbol stream_symbols[] = {
    SYM("[method]input-stream.read", input_read_nb, "(iIi)"),
    SYM("[method]input-stream.blocking-read", input_read_b, "(iIi)"),
    SYM("[method]input-stream.subscribe", input_subscribe, "(i)i"),
    SYM("[resource-drop]input-stream", input_drop, "(i)"),
    SYM("[method]output-stream.check-write", output_check_write, "(ii)"),
    SYM("[method]output-stream.write", output_write_nb, "(iiii)"),
    SYM("[method]output-stream.blocking-write-and-flush", output_write_b, "(iiii)"),
    SYM("[method]output-stream.flush", output_flush, "(ii)"),
    SYM("[method]output-stream.blocking-flush", output_flush, "(ii)"),
    SYM("[method]output-stream.subscribe", output_subscribe, "(i)i"),
    SYM("[resource-drop]output-stream", output_drop, "(i)"),
};
static NativeSymbol error_symbols[] = {
    SYM("[method]error.to-debug-string", error_to_debug_string, "(ii)"),
    SYM("[resource-drop]error", error_drop, "(i)"),
};
const struct native_module streams_module = MODULE("wasi:io/streams", stream_symbols);
const struct native_module error_module = MODULE("wasi:io/error", error_symbols);
