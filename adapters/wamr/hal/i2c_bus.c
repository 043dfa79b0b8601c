/*
 * An I2C controller over the simulated targets (docs/hal.md §3.1, §5), as
 * adapters/host/hal/i2c-bus.ts: embedded-hal's framing, one trace line per transaction:
 * START, address+R/W, ACK/NACK after every byte, a repeated START at each change of
 * direction, the controller's NACK on the last byte before Sr/STOP, STOP. The board's
 * controller is 7-bit only: a larger address is `other` with no bus activity.
 */
#include "hal.h"

#include <stdlib.h>

enum { I2C_NO_ACKNOWLEDGE = 2, I2C_OTHER = 4 };
enum { SOURCE_ADDRESS = 0, SOURCE_DATA = 1 };

static struct i2c_target *target_at(struct i2c_bus *bus, uint32_t address)
{
    for (size_t i = 0; i < bus->n_targets; i++)
        if (bus->targets[i].address == address) return &bus->targets[i];
    return NULL;
}

static void fail(struct i2c_outcome *out, uint8_t code, int has_source, uint8_t source)
{
    out->err = 1;
    out->code = code;
    out->has_source = has_source;
    out->source = source;
}

static void push_read(struct i2c_outcome *out, uint8_t *bytes, uint32_t n)
{
    out->reads = realloc(out->reads, (out->n_reads + 1) * sizeof *out->reads);
    out->lens = realloc(out->lens, (out->n_reads + 1) * sizeof *out->lens);
    if (!out->reads || !out->lens) abort();
    out->reads[out->n_reads] = bytes;
    out->lens[out->n_reads++] = n;
}

/* One transaction: the results of the reads, in order, or the first error. */
void i2c_run(struct i2c_bus *bus, uint32_t address, const struct i2c_op *ops, size_t n, struct i2c_outcome *out)
{
    memset(out, 0, sizeof *out);
    if (address > 0x7f) {
        fail(out, I2C_OTHER, 0, 0);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (ops[i].read && ops[i].n > MAX_OP_LEN) {
            fail(out, I2C_OTHER, 0, 0);
            return;
        }
    if (!n) return;
    uint64_t now = board_now();
    struct i2c_target *target = target_at(bus, address);
    struct sbuf line = {0};
    sb_add(&line, "%s: S", bus->label);
    size_t i = 0;
    while (i < n && !out->err) {
        /* a run of adjacent operations of one direction: one address phase */
        int read = ops[i].read;
        size_t j = i;
        while (j < n && ops[j].read == read) j++;
        if (i > 0) sb_add(&line, " Sr");
        sb_add(&line, " %02X%c", address, read ? 'R' : 'W');
        int ack = target ? i2c_target_start(target, read, now) : 0;
        sb_add(&line, " %c", ack ? 'A' : 'N');
        if (!ack) {
            fail(out, I2C_NO_ACKNOWLEDGE, 1, SOURCE_ADDRESS);
            break;
        }
        uint64_t total = 0, done = 0;
        for (size_t k = i; k < j; k++) total += ops[k].read ? ops[k].n : 0;
        for (size_t k = i; k < j && !out->err; k++) {
            const struct i2c_op *op = &ops[k];
            if (op->read) {
                uint8_t *got = malloc(op->n ? op->n : 1);
                if (!got) abort();
                for (uint64_t b = 0; b < op->n; b++) {
                    got[b] = i2c_target_read(target);
                    done++;
                    sb_add(&line, " %02X %c", got[b], done == total ? 'N' : 'A');
                }
                push_read(out, got, (uint32_t)op->n);
                continue;
            }
            for (uint64_t b = 0; b < op->n; b++) {
                int ok = i2c_target_write(target, op->data[b]);
                sb_add(&line, " %02X %c", op->data[b], ok ? 'A' : 'N');
                if (!ok) {
                    fail(out, I2C_NO_ACKNOWLEDGE, 1, SOURCE_DATA);
                    break;
                }
            }
        }
        i = j;
    }
    sb_add(&line, " P");
    if (target) i2c_target_stop(target, now);
    trace_line(line.p);
    sb_free(&line);
}

void i2c_outcome_free(struct i2c_outcome *o)
{
    for (uint32_t i = 0; i < o->n_reads; i++) free(o->reads[i]);
    free(o->reads);
    free(o->lens);
    memset(o, 0, sizeof *o);
}
