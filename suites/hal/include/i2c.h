/*
 * wasi:i2c/i2c@0.2.0-draft and wasi:i2c/delay@0.2.0-draft as P1 core imports
 * (docs/hal.md §1; layouts from ../shared/reference/hal.md §1.2). Resource i2c = a bus.
 */
#ifndef WASMCERT_HAL_I2C_H
#define WASMCERT_HAL_I2C_H

#include "hal_board.h"

#define I2C_IMPORT(fn) __attribute__((import_module("wasi:i2c/i2c@0.2.0-draft"), import_name(fn)))
#define I2C_DELAY_IMPORT(fn) __attribute__((import_module("wasi:i2c/delay@0.2.0-draft"), import_name(fn)))

/* error-code cases and no-acknowledge-source */
enum { I2C_BUS = 0, I2C_ARBITRATION_LOSS = 1, I2C_NO_ACKNOWLEDGE = 2, I2C_OVERRUN = 3, I2C_OTHER = 4 };
enum { I2C_NACK_ADDRESS = 0, I2C_NACK_DATA = 1, I2C_NACK_UNKNOWN = 2 };
#define I2C_OK (-1)

typedef struct { uint8_t *ptr; uint32_t len; } i2c_bytes;

/* result<list<u8>, error-code> and result<list<list<u8>>, error-code>: 12 B / 4 */
typedef struct {
    uint8_t is_err;
    uint8_t _pad[3];
    union { i2c_bytes ok; struct { uint8_t code; uint8_t source; } err; } u;
} i2c_ret_list;
_Static_assert(sizeof(i2c_ret_list) == 12 && offsetof(i2c_ret_list, u) == 4, "12-byte result area");

/* result<_, error-code>: 3 B / 1 */
typedef struct { uint8_t is_err; uint8_t code; uint8_t source; } i2c_ret_unit;
_Static_assert(sizeof(i2c_ret_unit) == 3, "3-byte result area");

/* operation: 16 B / 8: disc @0 (0 read, 1 write), read u64 @8, write list @8/@12 */
typedef struct {
    uint8_t tag;
    uint8_t _pad[7];
    union { uint64_t read_len; struct { const uint8_t *ptr; uint32_t len; } write; } u;
} i2c_operation;
_Static_assert(sizeof(i2c_operation) == 16 && offsetof(i2c_operation, u) == 8, "operation");
#define I2C_OP_READ(n) ((i2c_operation){.tag = 0, .u.read_len = (n)})
#define I2C_OP_WRITE(...) I2C_OP_WRITE_(__VA_ARGS__)
#define I2C_OP_WRITE_(p, n) ((i2c_operation){.tag = 1, .u.write = {(p), (n)}})

I2C_IMPORT("[method]i2c.transaction") void i2c_transaction(hal_handle self, uint32_t addr, const i2c_operation *ops, size_t n, i2c_ret_list *ret);
I2C_IMPORT("[method]i2c.read") void i2c_read(hal_handle self, uint32_t addr, uint64_t len, i2c_ret_list *ret);
I2C_IMPORT("[method]i2c.write") void i2c_write(hal_handle self, uint32_t addr, const uint8_t *data, size_t len, i2c_ret_unit *ret);
I2C_IMPORT("[method]i2c.write-read") void i2c_write_read(hal_handle self, uint32_t addr, const uint8_t *data, size_t len, uint64_t read_len, i2c_ret_list *ret);
I2C_IMPORT("[resource-drop]i2c") void i2c_drop(hal_handle self);

I2C_DELAY_IMPORT("[method]delay.delay-ns") void i2c_delay_ns(hal_handle self, uint32_t ns);
I2C_DELAY_IMPORT("[resource-drop]delay") void i2c_delay_drop(hal_handle self);

/* error as one int: I2C_OK, or code*16 + source for no-acknowledge, code*16 otherwise */
#define I2C_NACK(src) (I2C_NO_ACKNOWLEDGE * 16 + (src))
static inline int i2c_code_list(const i2c_ret_list *r) { return r->is_err ? r->u.err.code * 16 + (r->u.err.code == I2C_NO_ACKNOWLEDGE ? r->u.err.source : 0) : I2C_OK; }
static inline int i2c_code_unit(const i2c_ret_unit *r) { return r->is_err ? r->code * 16 + (r->code == I2C_NO_ACKNOWLEDGE ? r->source : 0) : I2C_OK; }
static inline const char *i2c_code_name(int c) {
    switch (c) {
    case I2C_OK: return "ok";
    case I2C_BUS * 16: return "bus";
    case I2C_ARBITRATION_LOSS * 16: return "arbitration-loss";
    case I2C_NACK(I2C_NACK_ADDRESS): return "no-acknowledge(address)";
    case I2C_NACK(I2C_NACK_DATA): return "no-acknowledge(data)";
    case I2C_NACK(I2C_NACK_UNKNOWN): return "no-acknowledge(unknown)";
    case I2C_OVERRUN * 16: return "overrun";
    case I2C_OTHER * 16: return "other";
    default: return "(not an error-code)";
    }
}
#endif
