/*
 * wasi:i2c/i2c@0.2.0-draft and wasi:i2c/delay@0.2.0-draft lowered to P1 core imports
 * (docs/hal.md §1), as adapters/host/hal/i2c-imports.ts. Result areas: 12 B / 4 (disc @0,
 * list @4/@8, error case @4, no-acknowledge source @5) for read, write-read and
 * transaction; 3 B / 1 (disc @0, case @1, source @2) for write. The steps keep the TS
 * order, because a trap after the bus activity still leaves its trace line.
 */
#include "hal.h"

#include <stdio.h>
#include <stdlib.h>

static void put_error(uint8_t *p, const struct i2c_outcome *r)
{
    p[0] = r->code;
    if (r->has_source) p[1] = r->source;
}

/* result<list<u8>, error-code> from a one-read outcome */
static void put_bytes(env_t env, uint32_t ret, const struct i2c_outcome *r)
{
    uint8_t *p = area(env, ret, 12, 4);
    if (!p) return;
    if (r->err) {
        p[0] = 1;
        put_error(p + 4, r);
        return;
    }
    static const uint8_t none[1];
    uint32_t n = r->n_reads ? r->lens[0] : 0;
    uint32_t list = guest_list(env, r->n_reads ? r->reads[0] : none, n);
    if (trapped(env)) return;
    mem_at(env, ret)[0] = 0;
    put_list(env, ret + 4, list, n);
}

static struct i2c_bus *bus(env_t env, int32_t self)
{
    struct slot *s = handle_get(env, self, K_I2C);
    return s ? s->ptr : NULL;
}

static void i2c_read(env_t env, int32_t self, int32_t addr, int64_t len, int32_t ret)
{
    struct i2c_bus *b = bus(env, self);
    if (!b) return;
    struct i2c_op op = {.read = 1, .n = (uint64_t)len};
    struct i2c_outcome r;
    i2c_run(b, (uint32_t)addr & 0xffff, &op, 1, &r);
    put_bytes(env, (uint32_t)ret, &r);
    i2c_outcome_free(&r);
}

static void i2c_write_read(env_t env, int32_t self, int32_t addr, int32_t ptr, int32_t len, int64_t read_len, int32_t ret)
{
    const uint8_t *data = area(env, (uint32_t)ptr, (uint32_t)len, 1);
    struct i2c_bus *b = data ? bus(env, self) : NULL;
    if (!b) return;
    struct i2c_op ops[2] = {{.read = 0, .n = (uint32_t)len, .data = data}, {.read = 1, .n = (uint64_t)read_len}};
    struct i2c_outcome r;
    i2c_run(b, (uint32_t)addr & 0xffff, ops, 2, &r);
    put_bytes(env, (uint32_t)ret, &r);
    i2c_outcome_free(&r);
}

static void i2c_write(env_t env, int32_t self, int32_t addr, int32_t ptr, int32_t len, int32_t ret)
{
    const uint8_t *data = area(env, (uint32_t)ptr, (uint32_t)len, 1);
    struct i2c_bus *b = data ? bus(env, self) : NULL;
    if (!b) return;
    struct i2c_op op = {.read = 0, .n = (uint32_t)len, .data = data};
    struct i2c_outcome r;
    i2c_run(b, (uint32_t)addr & 0xffff, &op, 1, &r);
    uint8_t *p = area(env, (uint32_t)ret, 3, 1);
    if (p) {
        p[0] = (uint8_t)r.err;
        if (r.err) put_error(p + 1, &r);
    }
    i2c_outcome_free(&r);
}

/* operation: 0 read (u64 @8), 1 write (list @8/@12) */
static void decode_op(env_t env, const uint8_t *at, void *out)
{
    struct i2c_op *op = out;
    if (at[0] == 0) {
        *op = (struct i2c_op){.read = 1, .n = get64(at + 8)};
    } else if (at[0] == 1) {
        uint32_t len = get32(at + 12);
        *op = (struct i2c_op){.read = 0, .n = len, .data = area(env, get32(at + 8), len, 1)};
    } else {
        hal_trap(env, "operation discriminant %u out of range", at[0]);
    }
}

static struct i2c_op *read_ops(env_t env, uint32_t ptr, uint32_t n)
{
    return read_operations(env, ptr, n, sizeof(struct i2c_op), decode_op);
}

static void i2c_transaction(env_t env, int32_t self, int32_t addr, int32_t ptr, int32_t len, int32_t ret)
{
    struct i2c_op *ops = read_ops(env, (uint32_t)ptr, (uint32_t)len);
    struct i2c_bus *b = ops ? bus(env, self) : NULL;
    if (!b) {
        free(ops);
        return;
    }
    struct i2c_outcome r;
    i2c_run(b, (uint32_t)addr & 0xffff, ops, (uint32_t)len, &r);
    free(ops);
    uint8_t *p = area(env, (uint32_t)ret, 12, 4);
    if (p && r.err) {
        p[0] = 1;
        put_error(p + 4, &r);
    } else if (p) {
        /* as the Canonical ABI stores a list of lists: the outer list first, then each inner one */
        uint32_t outer = guest_alloc(env, 4, r.n_reads * 8);
        for (uint32_t i = 0; i < r.n_reads && !trapped(env); i++) {
            uint32_t list = guest_list(env, r.reads[i], r.lens[i]);
            if (!trapped(env)) put_list(env, outer + i * 8, list, r.lens[i]);
        }
        if (!trapped(env)) {
            mem_at(env, (uint32_t)ret)[0] = 0;
            put_list(env, (uint32_t)ret + 4, outer, r.n_reads);
        }
    }
    i2c_outcome_free(&r);
}

static void i2c_drop(env_t env, int32_t h)
{
    handle_drop(env, h, K_I2C, NULL);
}

static void delay_ns(env_t env, int32_t self, int32_t ns)
{
    if (!handle_get(env, self, K_DELAY)) return;
    traced_delay(env, (uint32_t)ns);
}

static void delay_drop(env_t env, int32_t h)
{
    handle_drop(env, h, K_DELAY, NULL);
}

static NativeSymbol i2c_symbols[] = {
    SYM("[method]i2c.transaction", i2c_transaction, "(iiiii)"),
    SYM("[method]i2c.read", i2c_read, "(iiIi)"),
    SYM("[method]i2c.write", i2c_write, "(iiiii)"),
    SYM("[method]i2c.write-read", i2c_write_read, "(iiiiIi)"),
    SYM("[resource-drop]i2c", i2c_drop, "(i)"),
};
static NativeSymbol delay_symbols[] = {
    SYM("[method]delay.delay-ns", delay_ns, "(ii)"),
    SYM("[resource-drop]delay", delay_drop, "(i)"),
};
const struct native_module i2c_module = MODULE("wasi:i2c/i2c@0.2.0-draft", i2c_symbols);
const struct native_module i2c_delay_module = MODULE("wasi:i2c/delay@0.2.0-draft", delay_symbols);
