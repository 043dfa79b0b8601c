/*
 * SPI devices of the board (docs/hal.md §3.2, §5), as adapters/host/hal/spi-bus.ts and
 * spi-devices.ts: each call runs its operations in one CS frame and records one trace line
 * `BUS.DEVICE: CS0 MOSI/MISO … D<n>ns … CS1`. MISO reads 0x00 when the device does not
 * drive it.
 *
 * nor-flash (W25Q shape): 0x9F JEDEC ID; 0x03 read (24-bit address, sequential, wraps);
 * 0x06/0x04 set/clear the write-enable latch (a one-byte frame, at CS rise); 0x05 status
 * (bit 0 BUSY, bit 1 WEL); 0x02 page program (wraps inside the page, ANDs bits at CS rise,
 * only with WEL; then BUSY for program_time_ns and WEL cleared). While BUSY every command
 * but 0x05 is ignored. loopback: MISO = MOSI of the same clock.
 */
#include "hal.h"

#include <stdlib.h>

void spi_select(struct spi_device *d)
{
    if (d->kind == LOOPBACK) return;
    d->frame_len = 0;
    page_free(d->pending);
    d->pending = page_new(d->page_size);
}

uint8_t spi_exchange(struct spi_device *d, uint8_t mosi, uint64_t now)
{
    if (d->kind == LOOPBACK) return mosi;
    uint32_t i = d->frame_len++;
    if (i == 0) d->frame_op = mosi;
    uint8_t op = d->frame_op;
    int busy = now < d->busy_until;
    if (busy && op != 0x05) return 0x00;
    if (op == 0x9F) return i >= 1 && i - 1 < d->n_jedec ? d->jedec[i - 1] : 0x00;
    if (op == 0x05) return i >= 1 ? (uint8_t)(busy | d->wel << 1) : 0x00;
    if (op == 0x03 || op == 0x02) {
        if (i >= 1 && i <= 3) d->addr = (d->addr << 8 | mosi) & 0xFFFFFF;
        if (i == 3) d->addr %= d->size;
        if (i >= 4 && op == 0x03) {
            uint8_t v = d->mem[d->addr];
            d->addr = (d->addr + 1) % d->size;
            return v;
        }
        if (i >= 4) {
            page_set(d->pending, d->addr, mosi);
            d->addr = page_next(d->addr, d->page_size);
        }
    }
    return 0x00;
}

void spi_deselect(struct spi_device *d, uint64_t now)
{
    if (d->kind == LOOPBACK || now < d->busy_until || d->frame_len == 0) return;
    if (d->frame_op == 0x06 && d->frame_len == 1) d->wel = 1;
    if (d->frame_op == 0x04 && d->frame_len == 1) d->wel = 0;
    if (d->frame_op == 0x02 && d->wel && page_count(d->pending)) {
        page_program(d->pending, d->mem, d->size, 1);
        d->busy_until = now + d->program_time_ns;
        d->wel = 0;
    }
}

static void shift(struct spi_device *d, struct sbuf *line, const uint8_t *mosi, uint8_t *miso, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        uint8_t in = spi_exchange(d, mosi ? mosi[i] : 0, board_now());
        if (miso) miso[i] = in;
        sb_add(line, " %02X/%02X", mosi ? mosi[i] : 0, in);
    }
}

/* One CS frame. Sets each read/transfer op's miso (the caller frees them). 0 when a read is
 * too long (no bus activity), -1 when a delay was cut short by the launcher's timeout. */
int spi_run(env_t env, struct spi_device *d, struct spi_op *ops, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ops[i].kind == OP_READ && ops[i].n > MAX_OP_LEN) return 0;
    struct sbuf line = {0};
    sb_add(&line, "%s: CS0", d->trace);
    spi_select(d);
    for (size_t i = 0; i < n; i++) {
        struct spi_op *op = &ops[i];
        if (op->kind == OP_DELAY) {
            sb_add(&line, " D%uns", op->delay_ns);
            if (!board_delay(env, op->delay_ns)) {
                sb_free(&line);
                return -1;
            }
            continue;
        }
        if (op->kind != OP_WRITE) {
            op->miso = malloc(op->n ? op->n : 1);
            if (!op->miso) abort();
        }
        shift(d, &line, op->kind == OP_READ ? NULL : op->data, op->miso, op->n);
    }
    spi_deselect(d, board_now());
    sb_add(&line, " CS1");
    trace_line(line.p);
    sb_free(&line);
    return 1;
}
