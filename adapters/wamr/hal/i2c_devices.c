/*
 * Simulated I2C targets (docs/hal.md §3.1), as adapters/host/hal/i2c-devices.ts: each sees
 * a START (or repeated START) with the R/W bit, bytes, and a STOP, and answers ACK or NACK
 * as the part's datasheet says.
 *
 * register-map (BME280/TMP102 shape): the first byte written sets the register pointer (an
 * unmapped register is NACKed as data, a board choice); later bytes write registers (a
 * read-only one keeps its value, the byte is still ACKed); reads come from the pointer.
 *
 * eeprom (24xx shape): during the write cycle the part does not answer its address
 * (datasheet "ACK polling"); with write protect the word address is ACKed and each data
 * byte NACKed (ST M24xxx with WC high); a repeated START abandons the page buffer.
 */
#include "hal.h"

static void reg_step(struct i2c_target *t)
{
    if (t->auto_increment) t->reg_pointer = (uint8_t)(t->reg_pointer + 1);
}

/* START or repeated START addressing t: ACK? */
int i2c_target_start(struct i2c_target *t, int read, uint64_t now)
{
    if (t->kind == REGISTER_MAP) {
        t->first = !read;
        return 1;
    }
    page_free(t->pending);
    t->pending = NULL;
    if (now < t->busy_until) return 0;
    t->addr_left = read ? 0 : t->address_bytes;
    if (!read) t->pointer = 0;
    return 1;
}

/* A byte the controller writes: ACK? */
int i2c_target_write(struct i2c_target *t, uint8_t b)
{
    if (t->kind == REGISTER_MAP) {
        if (t->first) {
            t->first = 0;
            if (!t->has[b]) return 0;
            t->reg_pointer = b;
            return 1;
        }
        if (t->has[t->reg_pointer] && !t->ro[t->reg_pointer]) t->val[t->reg_pointer] = b;
        reg_step(t);
        return 1;
    }
    if (t->addr_left > 0) {
        t->pointer = (uint32_t)(((uint64_t)t->pointer << 8 | b) % t->size);
        if (--t->addr_left == 0) {
            page_free(t->pending);
            t->pending = page_new(t->page_size);
        }
        return 1;
    }
    if (t->write_protect) return 0;
    if (!t->pending) t->pending = page_new(t->page_size);
    page_set(t->pending, t->pointer, b);
    t->pointer = page_next(t->pointer, t->page_size);
    return 1;
}

/* A byte the controller reads. Past the end of a partial last page the TS host reads
 * undefined, which its Uint8Array stores as 0. */
uint8_t i2c_target_read(struct i2c_target *t)
{
    if (t->kind == REGISTER_MAP) {
        uint8_t v = t->has[t->reg_pointer] ? t->val[t->reg_pointer] : 0;
        reg_step(t);
        return v;
    }
    uint8_t v = t->pointer < t->size ? t->mem[t->pointer] : 0;
    t->pointer = (t->pointer + 1) % t->size;
    return v;
}

/* STOP: an EEPROM starts its write cycle if data bytes were written. */
void i2c_target_stop(struct i2c_target *t, uint64_t now)
{
    if (t->kind == REGISTER_MAP) return;
    if (page_count(t->pending)) {
        page_program(t->pending, t->mem, t->size, 0);
        t->busy_until = now + t->write_time_ns;
    }
    page_free(t->pending);
    t->pending = NULL;
}
