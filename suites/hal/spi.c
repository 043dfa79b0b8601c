/*
 * wasi:spi on the standard board (boards/standard.json): on spi0, "flash" is a W25Q-shaped
 * NOR flash (JEDEC ID EF 40 18, 64 KiB, 256-byte pages, 700 us page program) and "loop" a
 * loopback (MISO = MOSI). One group per spec (argv[1]); the spec's hal.trace checks the CS
 * framing (one line per CS frame: CS0 … CS1, D<n>ns for a delay inside it).
 */
#include "include/spi.h"
#include "hal_tap.h"

static hal_handle flash, loop;

static int code_eq(int got, int want, const char *what) {
    int ok = tap_ok(got == want, "%s gives %s", what, spi_code_name(want));
    if (!ok) printf("  ---\n  got: %s\n  want: %s\n  ...\n", spi_code_name(got), spi_code_name(want));
    return ok;
}
#define BYTES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

/* transfer: the error, and exactly n bytes into out (-100 when the length is wrong) */
static int xfer(hal_handle d, const uint8_t *data, size_t n, uint8_t *out) {
    spi_ret r;
    memset(&r, 0xAA, sizeof r);
    spi_transfer(d, data, n, &r);
    if (r.is_err) return spi_code(&r);
    if (r.u.ok.len != n) return -100;
    if (out) memcpy(out, r.u.ok.ptr, n);
    free(r.u.ok.ptr);
    return SPI_OK;
}
static int wr(hal_handle d, const uint8_t *data, size_t n) {
    spi_ret r;
    memset(&r, 0xAA, sizeof r);
    spi_write(d, data, n, &r);
    return spi_code(&r);
}
/* flash status register (0x05) */
static int status(hal_handle d) {
    uint8_t b[2] = {0};
    xfer(d, BYTES(0x05, 0x00), b);
    return b[1];
}
/* flash read (0x03) of n bytes at a 24-bit address, in one transaction */
static int flash_read(uint32_t addr, uint8_t *out, uint32_t n) {
    uint8_t cmd[4] = {0x03, addr >> 16, addr >> 8, addr};
    spi_operation ops[] = {SPI_OP_WRITE(cmd, 4), SPI_OP_READ(n)};
    spi_ret r;
    memset(&r, 0xAA, sizeof r);
    spi_transaction(flash, ops, 2, &r);
    if (r.is_err) return spi_code(&r);
    spi_op_result *res = (spi_op_result *)r.u.ok.ptr;
    if (r.u.ok.len != 2 || res[1].tag != SPI_OP_READ_ || res[1].data.len != n) return -100;
    memcpy(out, res[1].data.ptr, n);
    return SPI_OK;
}
/* write enable, page program, then wait out BUSY with a delay-ns inside a transaction */
static void program(uint32_t addr, const uint8_t *data, uint32_t n) {
    uint8_t cmd[64] = {0x02, addr >> 16, addr >> 8, addr};
    memcpy(cmd + 4, data, n);
    wr(flash, BYTES(0x06));
    wr(flash, cmd, 4 + n);
    spi_operation wait[] = {SPI_OP_DELAY_NS(700000)};
    spi_ret r;
    spi_transaction(flash, wait, 1, &r);
}

int main(int argc, char **argv) {
    const char *group = argc > 1 ? argv[1] : "";
    tap_begin();
    flash = spi_open("flash");
    loop = spi_open("loop");
    if (!tap_ok(flash != 0 && loop != 0 && flash != loop, "open gives the devices flash and loop")) return tap_end();
    uint8_t b[64] = {0};

    if (GROUP("jedec-id")) {
        code_eq(xfer(flash, BYTES(0x9F, 0, 0, 0), b), SPI_OK, "transfer [9F 00 00 00]");
        tap_bytes(b + 1, 3, BYTES(0xEF, 0x40, 0x18), "the flash answers its JEDEC ID EF 40 18");
    } else if (GROUP("jedec-transaction")) {
        spi_operation ops[] = {SPI_OP_WRITE(BYTES(0x9F)), SPI_OP_READ(3)};
        spi_ret r;
        memset(&r, 0xAA, sizeof r);
        spi_transaction(flash, ops, 2, &r);
        code_eq(spi_code(&r), SPI_OK, "transaction [write [9F], read 3]");
        if (tap_eq(r.is_err ? 0 : r.u.ok.len, 2, "one operation-result per operation")) {
            spi_op_result *res = (spi_op_result *)r.u.ok.ptr;
            tap_eq(res[0].tag, SPI_OP_WRITE_, "the first is write");
            tap_eq(res[1].tag, SPI_OP_READ_, "the second is read");
            tap_bytes(res[1].data.ptr, res[1].data.len, BYTES(0xEF, 0x40, 0x18), "CS held from the command to the read: the JEDEC ID");
        }
    } else if (GROUP("cs-standalone")) {
        code_eq(wr(flash, BYTES(0x9F)), SPI_OK, "write [9F]");
        spi_ret r;
        memset(&r, 0xAA, sizeof r);
        spi_read(flash, 3, &r);
        code_eq(spi_code(&r), SPI_OK, "then read 3");
        if (!r.is_err) tap_bytes(r.u.ok.ptr, r.u.ok.len, BYTES(0, 0, 0), "CS was released between them: the read is a new frame, no ID");
        code_eq(xfer(flash, BYTES(0x9F), b), SPI_OK, "transfer [9F]");
        code_eq(xfer(flash, BYTES(0x00, 0x00), b), SPI_OK, "transfer [00 00]");
        tap_bytes(b, 2, BYTES(0, 0), "CS was released after the transfer too");
    } else if (GROUP("cs-delay")) {
        spi_operation ops[] = {SPI_OP_WRITE(BYTES(0x9F)), SPI_OP_DELAY_NS(500000), SPI_OP_READ(3)};
        spi_ret r;
        memset(&r, 0xAA, sizeof r);
        uint64_t t0 = now_ns();
        spi_transaction(flash, ops, 3, &r);
        uint64_t dt = now_ns() - t0;
        code_eq(spi_code(&r), SPI_OK, "transaction [write [9F], delay-ns 500000, read 3]");
        tap_ok(dt >= 500000, "the transaction lasted at least the 500 us delay (took %llu ns)", (unsigned long long)dt);
        if (tap_eq(r.is_err ? 0 : r.u.ok.len, 3, "three operation-results")) {
            spi_op_result *res = (spi_op_result *)r.u.ok.ptr;
            tap_ok(res[0].tag == SPI_OP_WRITE_ && res[1].tag == SPI_OP_DELAY_ && res[2].tag == SPI_OP_READ_, "in order: write, delay, read (got %d %d %d)", res[0].tag, res[1].tag,
                   res[2].tag);
            tap_bytes(res[2].data.ptr, res[2].data.len, BYTES(0xEF, 0x40, 0x18), "CS stayed asserted through the delay: the read still gives the ID");
        }
    } else if (GROUP("transfer-length")) {
        static uint8_t big[4096], back[4096];
        for (int i = 0; i < 4096; i++) big[i] = (uint8_t)(i * 7 + 1);
        static const size_t lens[] = {1, 2, 7, 300, 4096};
        for (int i = 0; i < 5; i++) {
            spi_ret r;
            memset(&r, 0xAA, sizeof r);
            spi_transfer(loop, big, lens[i], &r);
            if (tap_ok(!r.is_err && r.u.ok.len == lens[i], "transfer of %zu bytes returns exactly %zu (got %u)", lens[i], lens[i], r.is_err ? 0 : r.u.ok.len)) {
                memcpy(back, r.u.ok.ptr, lens[i]);
                tap_ok(!memcmp(back, big, lens[i]), "and the loopback echoes them");
            }
        }
    } else if (GROUP("loopback")) {
        code_eq(xfer(loop, BYTES(0xA5, 0x5A, 0xFF, 0x00), b), SPI_OK, "transfer [A5 5A FF 00] on the loopback");
        tap_bytes(b, 4, BYTES(0xA5, 0x5A, 0xFF, 0x00), "MISO = MOSI");
        spi_ret r;
        memset(&r, 0xAA, sizeof r);
        spi_read(loop, 3, &r);
        if (tap_ok(!r.is_err && r.u.ok.len == 3, "read(3) returns 3 bytes")) tap_bytes(r.u.ok.ptr, 3, BYTES(0, 0, 0), "read clocks out 00, so the loopback gives 00");
        code_eq(wr(loop, BYTES(0x12, 0x34)), SPI_OK, "write [12 34]");
    } else if (GROUP("zero-length")) {
        spi_ret r;
        memset(&r, 0xAA, sizeof r);
        hal_alloc_reset();
        spi_read(loop, 0, &r);
        tap_ok(!r.is_err && r.u.ok.len == 0, "read(0) gives ok([])");
        tap_ok(hal_alloc_calls == 1 && hal_alloc_bytes == 0, "through one cabi_realloc of 0 bytes (got %u, %u)", hal_alloc_calls, hal_alloc_bytes);
        code_eq(wr(loop, NULL, 0), SPI_OK, "write([])");
        memset(&r, 0xAA, sizeof r);
        spi_transfer(loop, NULL, 0, &r);
        tap_ok(!r.is_err && r.u.ok.len == 0, "transfer([]) gives ok([])");
        memset(&r, 0xAA, sizeof r);
        hal_alloc_reset();
        spi_transaction(loop, NULL, 0, &r);
        tap_ok(!r.is_err && r.u.ok.len == 0, "transaction([]) gives ok([])");
        tap_ok(hal_alloc_calls == 1 && hal_alloc_bytes == 0, "the empty outer list through one cabi_realloc (got %u, %u)", hal_alloc_calls, hal_alloc_bytes);
        memset(&r, 0xAA, sizeof r);
        spi_operation ops[] = {SPI_OP_READ(0), SPI_OP_WRITE(NULL, 0), SPI_OP_TRANSFER(NULL, 0), SPI_OP_DELAY_NS(0)};
        spi_transaction(loop, ops, 4, &r);
        tap_ok(!r.is_err && r.u.ok.len == 4, "a transaction of four zero-length operations gives four results");
        code_eq(xfer(flash, BYTES(0x9F, 0, 0, 0), b), SPI_OK, "afterwards, JEDEC ID");
        tap_bytes(b + 1, 3, BYTES(0xEF, 0x40, 0x18), "no CS is stuck: the flash answers");
    } else if (GROUP("open-unknown")) {
        spi_ret r;
        const char *names[] = {"nope", "", "FLASH", "spi0.flash"};
        for (int i = 0; i < 4; i++) {
            memset(&r, 0xAA, sizeof r);
            hal_alloc_reset();
            spi_open_raw(names[i], strlen(names[i]), &r);
            code_eq(spi_code(&r), SPI_OTHER, names[i][0] ? names[i] : "(the empty name)");
            if (r.is_err && r.u.err.code == SPI_OTHER) {
                tap_ok(r.u.err.len > 0 && hal_alloc_calls == 1 && hal_alloc_bytes == r.u.err.len, "other's message came through one cabi_realloc of its %u bytes (%u calls, %u bytes)",
                       r.u.err.len, hal_alloc_calls, hal_alloc_bytes);
                printf("# message: %.*s\n", (int)r.u.err.len, r.u.err.ptr);
            }
        }
    } else if (GROUP("open-twice")) {
        hal_handle again = spi_open("flash");
        tap_ok(again != 0 && again != flash, "a second open(flash) gives another handle");
        code_eq(wr(flash, BYTES(0x06)), SPI_OK, "write enable through the first");
        tap_eq(status(again), 0x02, "the second sees WEL set: both are the same device");
        spi_drop(flash);
        code_eq(xfer(again, BYTES(0x9F, 0, 0, 0), b), SPI_OK, "after dropping the first, the second");
        tap_bytes(b + 1, 3, BYTES(0xEF, 0x40, 0x18), "still reads the ID");
    } else if (GROUP("program-no-wel")) {
        tap_eq(status(flash), 0x00, "status: not busy, WEL clear");
        code_eq(wr(flash, BYTES(0x02, 0x00, 0x01, 0x00, 0x11, 0x22)), SPI_OK, "page program without write enable");
        tap_eq(status(flash), 0x00, "status: still not busy (the program was ignored)");
        code_eq(flash_read(0x100, b, 2), SPI_OK, "read at 0x000100");
        tap_bytes(b, 2, BYTES(0xFF, 0xFF), "still erased");
    } else if (GROUP("program-wel")) {
        code_eq(wr(flash, BYTES(0x06)), SPI_OK, "write enable (06)");
        tap_eq(status(flash), 0x02, "status: WEL set");
        code_eq(wr(flash, BYTES(0x02, 0x00, 0x02, 0x00, 0xDE, 0xAD, 0xBE, 0xEF)), SPI_OK, "page program of 4 bytes at 0x000200");
        tap_eq(status(flash), 0x01, "status right after: BUSY, WEL cleared");
        spi_operation wait[] = {SPI_OP_DELAY_NS(700000)};
        spi_ret r;
        spi_transaction(flash, wait, 1, &r);
        tap_eq(status(flash), 0x00, "after 700 us: idle");
        code_eq(flash_read(0x200, b, 5), SPI_OK, "read 5 bytes at 0x000200");
        tap_bytes(b, 5, BYTES(0xDE, 0xAD, 0xBE, 0xEF, 0xFF), "the programmed bytes, then erased");
    } else if (GROUP("wel-clear")) {
        wr(flash, BYTES(0x06));
        code_eq(wr(flash, BYTES(0x04)), SPI_OK, "write disable (04) after write enable");
        tap_eq(status(flash), 0x00, "status: WEL clear");
        wr(flash, BYTES(0x02, 0x00, 0x03, 0x00, 0x00));
        tap_eq(status(flash), 0x00, "a page program is ignored: not busy");
        flash_read(0x300, b, 1);
        tap_eq(b[0], 0xFF, "and the byte stays erased");
        wr(flash, BYTES(0x06, 0x00));
        tap_eq(status(flash), 0x00, "06 is only a command as a one-byte frame: [06 00] sets nothing");
    } else if (GROUP("busy-poll")) {
        wr(flash, BYTES(0x06));
        wr(flash, BYTES(0x02, 0x00, 0x04, 0x00, 0x42));
        int polls = 0;
        uint8_t st[2] = {0, 0x01};
        while ((st[1] & 1) && polls < 20) {
            spi_operation ops[] = {SPI_OP_DELAY_NS(100000), SPI_OP_TRANSFER(BYTES(0x05, 0x00))};
            spi_ret r;
            memset(&r, 0xAA, sizeof r);
            spi_transaction(flash, ops, 2, &r);
            if (r.is_err || r.u.ok.len != 2) break;
            memcpy(st, ((spi_op_result *)r.u.ok.ptr)[1].data.ptr, 2);
            polls++;
        }
        tap_eq(polls, 7, "polling BUSY every 100 us: idle after the 700 us program time");
        flash_read(0x400, b, 1);
        tap_eq(b[0], 0x42, "the byte was programmed");
    } else if (GROUP("busy-ignores")) {
        wr(flash, BYTES(0x06));
        wr(flash, BYTES(0x02, 0x00, 0x05, 0x00, 0x42));
        xfer(flash, BYTES(0x9F, 0, 0, 0), b);
        tap_bytes(b, 4, BYTES(0, 0, 0, 0), "while BUSY, JEDEC ID (9F) is ignored");
        flash_read(0x500, b, 1);
        tap_eq(b[0], 0x00, "a read (03) is ignored: MISO 00");
        wr(flash, BYTES(0x06));
        tap_eq(status(flash), 0x01, "write enable is ignored: BUSY, no WEL");
        spi_operation wait[] = {SPI_OP_DELAY_NS(700000)};
        spi_ret r;
        spi_transaction(flash, wait, 1, &r);
        tap_eq(status(flash), 0x00, "idle afterwards, WEL still clear");
        flash_read(0x500, b, 1);
        tap_eq(b[0], 0x42, "and the program completed");
    } else if (GROUP("program-and")) {
        program(0x600, BYTES(0xF0, 0x0F));
        program(0x600, BYTES(0x3C, 0xFF));
        flash_read(0x600, b, 2);
        tap_bytes(b, 2, BYTES(0x30, 0x0F), "programming only clears bits: F0 & 3C = 30, 0F & FF = 0F");
    } else if (GROUP("page-wrap")) {
        program(0x7FE, BYTES(0xA1, 0xA2, 0xA3, 0xA4));
        flash_read(0x7FE, b, 2);
        tap_bytes(b, 2, BYTES(0xA1, 0xA2), "the first two land at the end of the 256-byte page");
        flash_read(0x700, b, 2);
        tap_bytes(b, 2, BYTES(0xA3, 0xA4), "the rest wrap to the start of the same page");
        flash_read(0x800, b, 1);
        tap_eq(b[0], 0xFF, "the next page is untouched");
    } else if (GROUP("read-wrap")) {
        program(0xFFFF, BYTES(0x5A));
        program(0x0000, BYTES(0xA5));
        code_eq(flash_read(0xFFFF, b, 2), SPI_OK, "read 2 bytes at the last address 0x00FFFF");
        tap_bytes(b, 2, BYTES(0x5A, 0xA5), "a sequential read wraps to address 0");
    } else if (GROUP("transaction-results")) {
        spi_operation ops[] = {SPI_OP_READ(2), SPI_OP_WRITE(BYTES(0x01, 0x02)), SPI_OP_TRANSFER(BYTES(0x03, 0x04, 0x05)), SPI_OP_DELAY_NS(0)};
        spi_ret r;
        memset(&r, 0xAA, sizeof r);
        hal_alloc_reset();
        spi_transaction(loop, ops, 4, &r);
        code_eq(spi_code(&r), SPI_OK, "transaction [read 2, write [01 02], transfer [03 04 05], delay-ns 0]");
        if (tap_eq(r.is_err ? 0 : r.u.ok.len, 4, "four operation-results")) {
            spi_op_result *res = (spi_op_result *)r.u.ok.ptr;
            tap_ok(res[0].tag == 0 && res[1].tag == 1 && res[2].tag == 2 && res[3].tag == 3, "cases read, write, transfer, delay (got %d %d %d %d)", res[0].tag, res[1].tag, res[2].tag,
                   res[3].tag);
            tap_bytes(res[0].data.ptr, res[0].data.len, BYTES(0, 0), "read(2) gives 2 bytes");
            tap_bytes(res[2].data.ptr, res[2].data.len, BYTES(0x03, 0x04, 0x05), "transfer gives exactly its 3 bytes");
        }
        tap_ok(hal_alloc_calls == 3 && hal_alloc_bytes == 4 * 12 + 2 + 3, "the outer list (12 B per result) + one list per read or transfer (got %u calls, %u bytes)",
               hal_alloc_calls, hal_alloc_bytes);
    } else if (GROUP("write-encoding")) {
        uint8_t area[20] __attribute__((aligned(8)));
        memset(area, 0xAA, sizeof area);
        hal_alloc_reset();
        spi_write(loop, BYTES(0x01), (spi_ret *)area);
        tap_eq(area[0], 0, "a successful write: disc 0 @0 (result<_, error>, docs/hal.md)");
        tap_eq(hal_alloc_calls, 0, "no allocation");
        tap_ok(area[16] == 0xAA, "nothing written past the 16-byte area");
    } else if (GROUP("error-then-frame")) {
        spi_ret r;
        memset(&r, 0xAA, sizeof r);
        spi_read(loop, (uint64_t)1 << 32, &r);
        code_eq(spi_code(&r), SPI_OTHER, "read(2^32) (over the board's 64 KiB limit)");
        spi_operation ops[] = {SPI_OP_WRITE(BYTES(0x9F)), SPI_OP_READ((uint64_t)-1)};
        memset(&r, 0xAA, sizeof r);
        spi_transaction(flash, ops, 2, &r);
        code_eq(spi_code(&r), SPI_OTHER, "a transaction with read(2^64-1)");
        code_eq(xfer(loop, BYTES(0x77), b), SPI_OK, "then a transfer on the loopback");
        tap_eq(b[0], 0x77, "works");
        code_eq(xfer(flash, BYTES(0x9F, 0, 0, 0), b), SPI_OK, "then JEDEC ID on the flash");
        tap_bytes(b + 1, 3, BYTES(0xEF, 0x40, 0x18), "the flash was left deselected: it decodes a fresh command");
    } else if (GROUP("error-layout")) {
        uint8_t area[20] __attribute__((aligned(8)));
        memset(area, 0xAA, sizeof area);
        spi_open_raw("none", 4, (spi_ret *)area);
        uint32_t ptr, len;
        memcpy(&ptr, area + 8, 4), memcpy(&len, area + 12, 4);
        tap_ok(area[0] == 1 && area[4] == SPI_OTHER, "open's error: disc 1 @0, other (4) @4 (got %d %d)", area[0], area[4]);
        tap_ok(len > 0 && ptr != 0xAAAAAAAA, "other's string @8/@12 (len %u)", len);
        tap_ok(area[16] == 0xAA, "nothing written past the 16-byte area");
        memset(area, 0xAA, sizeof area);
        spi_open_raw("loop", 4, (spi_ret *)area);
        int32_t h;
        memcpy(&h, area + 4, 4);
        tap_ok(area[0] == 0 && h > 0, "open's ok: disc 0 @0, the handle @4 (got %d, %d)", area[0], (int)h);
        memset(area, 0xAA, sizeof area);
        spi_read(h, 2, (spi_ret *)area);
        memcpy(&len, area + 8, 4);
        tap_ok(area[0] == 0 && len == 2, "read's ok: disc 0 @0, list @4/@8 (len %u)", len);
    } else if (GROUP("trap-dropped-device")) {
        spi_drop(loop);
        tap_ok(1, "dropped the device; using it again must trap");
        fflush(stdout);
        xfer(loop, BYTES(0x01), b);
        printf("# not trapped\n");
        return 3;
    } else if (GROUP("trap-bad-operation")) {
        spi_operation ops[] = {SPI_OP_READ(1)};
        ops[0].tag = 4;
        spi_ret r;
        tap_ok(1, "an operation with discriminant 4 (there are 4 cases) must trap");
        fflush(stdout);
        spi_transaction(loop, ops, 1, &r);
        printf("# not trapped\n");
        return 3;
    } else {
        tap_ok(0, "unknown group %s", group);
    }
    return tap_end();
}
