/*
 * wasi:spi/spi lowered to P1 core imports (docs/hal.md §1), as
 * adapters/host/hal/spi-imports.ts. result<…, error> areas are 16 B / 4: disc @0, ok
 * handle or list @4(/@8), error case @4 with `other`'s string @8/@12 (one cabi_realloc).
 * `write` is published as result<error> and served as the intended result<_, error>: same
 * bytes, disc 0 = success.
 */
#include "hal.h"

#include <stdio.h>
#include <stdlib.h>

enum { SPI_OTHER = 4 };

static void put_other(env_t env, uint32_t ret, const char *msg, size_t n)
{
    if (!area(env, ret, 16, 4)) return;
    uint32_t s = guest_list(env, (const uint8_t *)msg, (uint32_t)n);
    if (trapped(env)) return;
    uint8_t *p = mem_at(env, ret);
    p[0] = 1;
    p[4] = SPI_OTHER;
    put_list(env, ret + 8, s, (uint32_t)n);
}

static const char TOO_LONG[] = "operation too long";

/* result<list<u8>, error> from a one-operation frame */
static void put_bytes(env_t env, uint32_t ret, int ran, const struct spi_op *op)
{
    if (ran == 0) {
        put_other(env, ret, TOO_LONG, sizeof TOO_LONG - 1);
        return;
    }
    if (!area(env, ret, 16, 4)) return;
    uint32_t list = guest_list(env, op->miso, (uint32_t)op->n);
    if (trapped(env)) return;
    mem_at(env, ret)[0] = 0;
    put_list(env, ret + 4, list, (uint32_t)op->n);
}

static struct spi_device *device(env_t env, int32_t self)
{
    struct slot *s = handle_get(env, self, K_SPI);
    return s ? s->ptr : NULL;
}

static void spi_open(env_t env, int32_t ptr, int32_t len, int32_t ret)
{
    struct str name;
    if (!guest_text(env, (uint32_t)ptr, (uint32_t)len, &name)) return;
    struct spi_device *d = NULL;
    for (size_t i = board.n_spi; i-- > 0 && !d;)
        if (str_is(&name, board.spi[i].name)) d = &board.spi[i];
    if (!d) {
        char *msg = malloc(name.n + 32);
        if (!msg) abort();
        int n = sprintf(msg, "no SPI device named ");
        memcpy(msg + n, name.p, name.n);
        put_other(env, (uint32_t)ret, msg, (size_t)n + name.n);
        free(msg);
    } else {
        int32_t h = handle_add(K_SPI, d, 0);
        uint8_t *p = area(env, (uint32_t)ret, 16, 4);
        if (p) {
            p[0] = 0;
            put32(p + 4, (uint32_t)h);
        }
    }
    free(name.p);
}

static void spi_read(env_t env, int32_t self, int64_t len, int32_t ret)
{
    struct spi_device *d = device(env, self);
    if (!d) return;
    struct spi_op op = {.kind = OP_READ, .n = (uint64_t)len};
    int ran = spi_run(env, d, &op, 1);
    if (ran >= 0) put_bytes(env, (uint32_t)ret, ran, &op);
    free(op.miso);
}

static void spi_transfer(env_t env, int32_t self, int32_t ptr, int32_t len, int32_t ret)
{
    struct spi_device *d = device(env, self);
    const uint8_t *data = d ? area(env, (uint32_t)ptr, (uint32_t)len, 1) : NULL;
    if (!data) return;
    struct spi_op op = {.kind = OP_TRANSFER, .n = (uint32_t)len, .data = data};
    int ran = spi_run(env, d, &op, 1);
    if (ran >= 0) put_bytes(env, (uint32_t)ret, ran, &op);
    free(op.miso);
}

static void spi_write(env_t env, int32_t self, int32_t ptr, int32_t len, int32_t ret)
{
    struct spi_device *d = device(env, self);
    const uint8_t *data = d ? area(env, (uint32_t)ptr, (uint32_t)len, 1) : NULL;
    if (!data) return;
    struct spi_op op = {.kind = OP_WRITE, .n = (uint32_t)len, .data = data};
    uint8_t *p = spi_run(env, d, &op, 1) >= 0 ? area(env, (uint32_t)ret, 16, 4) : NULL;
    if (p) p[0] = 0;
}

/* operation: 0 read (u64 @8), 1 write, 2 transfer (list @8/@12), 3 delay-ns (u32 @8) */
static void decode_op(env_t env, const uint8_t *at, void *out)
{
    struct spi_op *op = out;
    op->kind = at[0];
    if (at[0] == OP_READ) op->n = get64(at + 8);
    else if (at[0] == OP_WRITE || at[0] == OP_TRANSFER) {
        op->n = get32(at + 12);
        op->data = area(env, get32(at + 8), op->n, 1);
    } else if (at[0] == OP_DELAY) op->delay_ns = get32(at + 8);
    else hal_trap(env, "operation discriminant %u out of range", at[0]);
}

static struct spi_op *read_ops(env_t env, uint32_t ptr, uint32_t n)
{
    return read_operations(env, ptr, n, sizeof(struct spi_op), decode_op);
}

static void spi_transaction(env_t env, int32_t self, int32_t ptr, int32_t len, int32_t ret)
{
    struct spi_op *ops = read_ops(env, (uint32_t)ptr, (uint32_t)len);
    struct spi_device *d = ops ? device(env, self) : NULL;
    uint32_t n = (uint32_t)len, at = (uint32_t)ret;
    int ran = d ? spi_run(env, d, ops, n) : -1;
    if (ran == 0) put_other(env, at, TOO_LONG, sizeof TOO_LONG - 1);
    if (ran <= 0 || !area(env, at, 16, 4)) goto done;
    /* operation-result = 12 B / 4: disc @0 (the operation's case), list @4/@8 (read and
     * transfer only); the outer list is allocated first, then each inner one */
    uint32_t outer = guest_alloc(env, 4, n * 12);
    for (uint32_t i = 0; i < n && !trapped(env); i++) {
        int has = ops[i].kind == OP_READ || ops[i].kind == OP_TRANSFER;
        uint32_t list = has ? guest_list(env, ops[i].miso, (uint32_t)ops[i].n) : 0;
        if (trapped(env)) break;
        mem_at(env, outer + i * 12)[0] = (uint8_t)ops[i].kind;
        if (has) put_list(env, outer + i * 12 + 4, list, (uint32_t)ops[i].n);
    }
    if (!trapped(env)) {
        mem_at(env, at)[0] = 0;
        put_list(env, at + 4, outer, n);
    }
done:
    for (uint32_t i = 0; ops && i < n; i++) free(ops[i].miso);
    free(ops);
}

static void spi_drop(env_t env, int32_t h)
{
    handle_drop(env, h, K_SPI, NULL);
}

static NativeSymbol spi_symbols[] = {
    SYM("open", spi_open, "(iii)"),
    SYM("[method]spi-device.read", spi_read, "(iIi)"),
    SYM("[method]spi-device.write", spi_write, "(iiii)"),
    SYM("[method]spi-device.transfer", spi_transfer, "(iiii)"),
    SYM("[method]spi-device.transaction", spi_transaction, "(iiii)"),
    SYM("[resource-drop]spi-device", spi_drop, "(i)"),
};
const struct native_module spi_module = MODULE("wasi:spi/spi", spi_symbols);
