/*
 * wasi:i2c on the standard board (boards/standard.json): sensor at 0x48, EEPROM at 0x50,
 * write-protected EEPROM at 0x51, nothing at 0x23. One group per spec (argv[1]); the
 * spec's hal.trace checks the bus framing, the guest checks bytes, errors and allocations.
 */
#include "include/i2c.h"
#include "hal_tap.h"

#define SENSOR 0x48
#define EEPROM 0x50
#define EEPROM_WP 0x51
#define ABSENT 0x23

static hal_handle bus, dly;

static int code_name_eq(int got, int want, const char *what) {
    int ok = tap_ok(got == want, "%s gives %s", what, i2c_code_name(want));
    if (!ok) printf("  ---\n  got: %s\n  want: %s\n  ...\n", i2c_code_name(got), i2c_code_name(want));
    return ok;
}
/* write-read: the error, and up to n bytes into out */
static int wr(uint32_t addr, const uint8_t *w, size_t wn, uint8_t *out, uint64_t n) {
    i2c_ret_list r;
    memset(&r, 0xAA, sizeof r);
    i2c_write_read(bus, addr, w, wn, n, &r);
    if (!r.is_err) {
        if (r.u.ok.len != n) return -100;
        memcpy(out, r.u.ok.ptr, r.u.ok.len);
        free(r.u.ok.ptr);
    }
    return i2c_code_list(&r);
}
static int wr1(uint32_t addr, uint8_t reg, uint8_t *out, uint64_t n) { return wr(addr, &reg, 1, out, n); }
static int w(uint32_t addr, const uint8_t *data, size_t n) {
    i2c_ret_unit r;
    memset(&r, 0xAA, sizeof r);
    i2c_write(bus, addr, data, n, &r);
    return i2c_code_unit(&r);
}
static int rd(uint32_t addr, uint8_t *out, uint64_t n) {
    i2c_ret_list r;
    memset(&r, 0xAA, sizeof r);
    i2c_read(bus, addr, n, &r);
    if (!r.is_err) {
        if (r.u.ok.len != n) return -100;
        memcpy(out, r.u.ok.ptr, r.u.ok.len);
        free(r.u.ok.ptr);
    }
    return i2c_code_list(&r);
}
#define BYTES(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

static void sensor_alive(void) {
    uint8_t id = 0;
    code_name_eq(wr1(SENSOR, 0xD0, &id, 1), I2C_OK, "afterwards the sensor's ID read");
    tap_eq(id, 0x58, "and the bus still works (ID 0x58)");
}

int main(int argc, char **argv) {
    const char *group = argc > 1 ? argv[1] : "";
    tap_begin();
    bus = hal_open_i2c("i2c0");
    dly = hal_open_delay("delay0");
    if (!tap_ok(bus != 0 && dly != 0, "the board gives i2c0 and delay0")) return tap_end();
    uint8_t b[8] = {0};

    if (GROUP("sensor-id")) {
        code_name_eq(wr1(SENSOR, 0xD0, b, 1), I2C_OK, "write-read of the ID register");
        tap_eq(b[0], 0x58, "the ID register reads 0x58");
    } else if (GROUP("sensor-auto-increment")) {
        code_name_eq(wr1(SENSOR, 0x00, b, 2), I2C_OK, "write-read of 2 bytes from register 0");
        tap_bytes(b, 2, BYTES(0x19, 0x40), "write-read returns exactly read-len bytes: registers 0 and 1");
        code_name_eq(rd(SENSOR, b, 2), I2C_OK, "a plain read of 2 more bytes");
        tap_bytes(b, 2, BYTES(0x60, 0xA0), "the pointer auto-incremented on: registers 2 and 3");
    } else if (GROUP("sensor-readonly")) {
        code_name_eq(w(SENSOR, BYTES(0x00, 0x55)), I2C_OK, "writing the read-only register 0 is ACKed");
        wr1(SENSOR, 0x00, b, 1);
        tap_eq(b[0], 0x19, "register 0 kept its value");
        code_name_eq(w(SENSOR, BYTES(0x02, 0x33)), I2C_OK, "writing the read-write register 2");
        wr1(SENSOR, 0x02, b, 1);
        tap_eq(b[0], 0x33, "register 2 now reads 0x33");
    } else if (GROUP("sensor-unmapped-register")) {
        code_name_eq(w(SENSOR, BYTES(0x77, 0x01)), I2C_NACK(I2C_NACK_DATA), "a register pointer the sensor lacks is NACKed as data");
        sensor_alive();
    } else if (GROUP("absent")) {
        i2c_ret_list r;
        memset(&r, 0xAA, sizeof r);
        i2c_read(bus, ABSENT, 2, &r);
        code_name_eq(i2c_code_list(&r), I2C_NACK(I2C_NACK_ADDRESS), "read from an absent address");
        code_name_eq(w(ABSENT, BYTES(0x00)), I2C_NACK(I2C_NACK_ADDRESS), "write to an absent address");
        code_name_eq(wr1(ABSENT, 0x00, b, 1), I2C_NACK(I2C_NACK_ADDRESS), "write-read to an absent address");
        i2c_operation ops[] = {I2C_OP_WRITE(BYTES(0x00)), I2C_OP_READ(1)};
        memset(&r, 0xAA, sizeof r);
        i2c_transaction(bus, ABSENT, ops, 2, &r);
        code_name_eq(i2c_code_list(&r), I2C_NACK(I2C_NACK_ADDRESS), "transaction to an absent address");
        sensor_alive();
    } else if (GROUP("address-range")) {
        code_name_eq(w(0x00, BYTES(0x00)), I2C_NACK(I2C_NACK_ADDRESS), "reserved address 0x00 (general call) with nothing there");
        code_name_eq(w(0x78, BYTES(0x00)), I2C_NACK(I2C_NACK_ADDRESS), "reserved address 0x78 with nothing there");
        int c = w(0x80, BYTES(0x00));
        tap_ok(c != I2C_OK, "address 0x80 (beyond 7 bits) is an error, not a crash (got %s)", i2c_code_name(c));
        c = rd(0x3FF, b, 1);
        tap_ok(c != I2C_OK, "address 0x3FF is an error, not a crash (got %s)", i2c_code_name(c));
        c = rd(0xFFFF, b, 1);
        tap_ok(c != I2C_OK, "address 0xFFFF is an error, not a crash (got %s)", i2c_code_name(c));
        sensor_alive();
    } else if (GROUP("zero-length")) {
        i2c_ret_list r;
        memset(&r, 0xAA, sizeof r);
        i2c_read(bus, SENSOR, 0, &r);
        tap_ok(!r.is_err && r.u.ok.len == 0, "read(0) gives ok([])");
        code_name_eq(w(SENSOR, NULL, 0), I2C_OK, "write([]) to the sensor (an address-only probe) is ACKed");
        code_name_eq(w(ABSENT, NULL, 0), I2C_NACK(I2C_NACK_ADDRESS), "write([]) to an absent address is no-acknowledge(address)");
        memset(&r, 0xAA, sizeof r);
        i2c_transaction(bus, SENSOR, NULL, 0, &r);
        tap_ok(!r.is_err && r.u.ok.len == 0, "transaction([]) gives ok([])");
    } else if (GROUP("transaction")) {
        i2c_operation ops[] = {I2C_OP_WRITE(BYTES(0x00)), I2C_OP_READ(2), I2C_OP_READ(1)};
        i2c_ret_list r;
        memset(&r, 0xAA, sizeof r);
        i2c_transaction(bus, SENSOR, ops, 3, &r);
        code_name_eq(i2c_code_list(&r), I2C_OK, "transaction [write [00], read 2, read 1]");
        if (tap_eq(r.is_err ? 0 : r.u.ok.len, 2, "one list per read, in order (presumed rule)")) {
            i2c_bytes *lists = (i2c_bytes *)r.u.ok.ptr;
            tap_bytes(lists[0].ptr, lists[0].len, BYTES(0x19, 0x40), "the first read gives registers 0-1");
            tap_bytes(lists[1].ptr, lists[1].len, BYTES(0x60), "the second read goes on from register 2");
        }
        i2c_operation ops2[] = {I2C_OP_WRITE(BYTES(0x02)), I2C_OP_WRITE(BYTES(0x11)), I2C_OP_READ(1)};
        memset(&r, 0xAA, sizeof r);
        i2c_transaction(bus, SENSOR, ops2, 3, &r);
        code_name_eq(i2c_code_list(&r), I2C_OK, "transaction [write [02], write [11], read 1]");
        if (!r.is_err && r.u.ok.len == 1) tap_bytes(((i2c_bytes *)r.u.ok.ptr)[0].ptr, 1, BYTES(0xA0), "adjacent writes run back to back; the read gives register 3");
    } else if (GROUP("transaction-nack")) {
        i2c_operation ops[] = {I2C_OP_WRITE(BYTES(0x77)), I2C_OP_READ(1)};
        i2c_ret_list r;
        memset(&r, 0xAA, sizeof r);
        i2c_transaction(bus, SENSOR, ops, 2, &r);
        code_name_eq(i2c_code_list(&r), I2C_NACK(I2C_NACK_DATA), "a data NACK mid-transaction ends it");
        sensor_alive();
    } else if (GROUP("eeprom-page-write")) {
        code_name_eq(w(EEPROM, BYTES(0x00, 0x40, 0x01, 0x02, 0x03, 0x04)), I2C_OK, "page write of 4 bytes at 0x0040");
        i2c_delay_ns(dly, 5000000);
        code_name_eq(wr(EEPROM, BYTES(0x00, 0x40), b, 4), I2C_OK, "random read of 4 bytes at 0x0040 after tWR");
        tap_bytes(b, 4, BYTES(0x01, 0x02, 0x03, 0x04), "the bytes written come back");
    } else if (GROUP("eeprom-busy")) {
        code_name_eq(w(EEPROM, BYTES(0x00, 0x00, 0xAA)), I2C_OK, "a byte write starts the write cycle");
        code_name_eq(wr(EEPROM, BYTES(0x00, 0x00), b, 1), I2C_NACK(I2C_NACK_ADDRESS), "during the write cycle the EEPROM NACKs its address");
        int polls = 0, c;
        do {
            i2c_delay_ns(dly, 1000000);
            polls++;
            c = w(EEPROM, NULL, 0);
        } while (c != I2C_OK && polls < 20);
        tap_eq(polls, 5, "ACK polling every 1 ms: the EEPROM answers after tWR = 5 ms");
        code_name_eq(wr(EEPROM, BYTES(0x00, 0x00), b, 1), I2C_OK, "read back");
        tap_eq(b[0], 0xAA, "the byte was written");
    } else if (GROUP("eeprom-page-wrap")) {
        code_name_eq(w(EEPROM, BYTES(0x00, 0x3E, 0xA1, 0xA2, 0xA3, 0xA4)), I2C_OK, "a 4-byte write 2 bytes before a 64-byte page end");
        i2c_delay_ns(dly, 5000000);
        wr(EEPROM, BYTES(0x00, 0x3E), b, 2);
        tap_bytes(b, 2, BYTES(0xA1, 0xA2), "the first two land at the end of the page");
        wr(EEPROM, BYTES(0x00, 0x00), b, 2);
        tap_bytes(b, 2, BYTES(0xA3, 0xA4), "the rest wrap to the start of the same page");
        wr(EEPROM, BYTES(0x00, 0x40), b, 1);
        tap_eq(b[0], 0xFF, "the next page is untouched");
    } else if (GROUP("eeprom-write-protect")) {
        code_name_eq(w(EEPROM_WP, BYTES(0x10, 0x55)), I2C_NACK(I2C_NACK_DATA), "a data byte to a write-protected EEPROM is no-acknowledge(data)");
        code_name_eq(wr1(EEPROM_WP, 0x10, b, 1), I2C_OK, "it is still readable (no write cycle started)");
        tap_eq(b[0], 0xFF, "and unchanged");
    } else if (GROUP("error-layout")) {
        uint8_t area[16] __attribute__((aligned(8)));
        memset(area, 0xAA, sizeof area);
        i2c_write(bus, ABSENT, NULL, 0, (i2c_ret_unit *)area);
        tap_ok(area[0] == 1 && area[1] == I2C_NO_ACKNOWLEDGE && area[2] == I2C_NACK_ADDRESS, "write's 3-byte area: disc 1 @0, no-acknowledge @1, address @2 (got %d %d %d)", area[0], area[1], area[2]);
        tap_ok(area[3] == 0xAA, "nothing written past the 3-byte area");
        memset(area, 0xAA, sizeof area);
        i2c_read(bus, ABSENT, 1, (i2c_ret_list *)area);
        tap_ok(area[0] == 1 && area[4] == I2C_NO_ACKNOWLEDGE && area[5] == I2C_NACK_ADDRESS, "read's 12-byte area: disc 1 @0, no-acknowledge @4, address @5 (got %d %d %d)", area[0], area[4], area[5]);
        memset(area, 0xAA, sizeof area);
        i2c_write(bus, EEPROM_WP, BYTES(0x00, 0x01), (i2c_ret_unit *)area);
        tap_ok(area[0] == 1 && area[1] == I2C_NO_ACKNOWLEDGE && area[2] == I2C_NACK_DATA, "a data NACK: disc 1, no-acknowledge, data (got %d %d %d)", area[0], area[1], area[2]);
    } else if (GROUP("alloc-count")) {
        i2c_ret_list r;
        hal_alloc_reset();
        i2c_read(bus, SENSOR, 2, &r);
        tap_ok(hal_alloc_calls == 1 && hal_alloc_bytes == 2, "read(2): one cabi_realloc of 2 bytes (got %u calls, %u bytes)", hal_alloc_calls, hal_alloc_bytes);
        hal_alloc_reset();
        i2c_ret_unit u;
        i2c_write(bus, SENSOR, BYTES(0x02), &u);
        tap_ok(hal_alloc_calls == 0, "write: no allocation (got %u)", hal_alloc_calls);
        hal_alloc_reset();
        i2c_read(bus, ABSENT, 2, &r);
        tap_ok(hal_alloc_calls == 0, "an error result: no allocation (got %u)", hal_alloc_calls);
        hal_alloc_reset();
        i2c_read(bus, SENSOR, 0, &r);
        tap_ok(hal_alloc_calls == 1 && hal_alloc_bytes == 0, "read(0): one allocation of 0 bytes (got %u calls, %u bytes)", hal_alloc_calls, hal_alloc_bytes);
        hal_alloc_reset();
        i2c_operation ops[] = {I2C_OP_WRITE(BYTES(0x00)), I2C_OP_READ(2), I2C_OP_WRITE(BYTES(0x02)), I2C_OP_READ(3)};
        i2c_transaction(bus, SENSOR, ops, 4, &r);
        tap_ok(hal_alloc_calls == 3 && hal_alloc_bytes == 2 * 8 + 2 + 3, "transaction with 2 reads: the outer list + one per read (got %u calls, %u bytes)", hal_alloc_calls, hal_alloc_bytes);
        hal_alloc_reset();
        i2c_operation wo[] = {I2C_OP_WRITE(BYTES(0x02))};
        i2c_transaction(bus, SENSOR, wo, 1, &r);
        tap_ok(hal_alloc_calls == 1 && hal_alloc_bytes == 0, "transaction with no read: the empty outer list only (got %u calls, %u bytes)", hal_alloc_calls, hal_alloc_bytes);
        printf("# allocations are counted in the guest's cabi_realloc\n");
    } else if (GROUP("handles")) {
        tap_eq(hal_open_i2c("i2c9"), 0, "open-i2c of an unknown bus gives none");
        tap_eq(hal_open_delay("nope"), 0, "open-delay of an unknown label gives none");
        hal_handle two = hal_open_i2c("i2c0");
        tap_ok(two != 0 && two != bus, "a second open-i2c gives another handle");
        i2c_drop(bus);
        bus = two;
        sensor_alive();
        i2c_drop(two);
        i2c_delay_drop(dly);
    } else if (GROUP("huge-length")) {
        int c = rd(SENSOR, b, (uint64_t)1 << 32);
        tap_ok(c != I2C_OK, "read(2^32) is a clean error (got %s)", i2c_code_name(c));
        c = wr1(SENSOR, 0, b, (uint64_t)-1);
        tap_ok(c != I2C_OK, "write-read of 2^64-1 bytes is a clean error (got %s)", i2c_code_name(c));
        sensor_alive();
    } else if (GROUP("trap-dropped-handle")) {
        i2c_drop(bus);
        tap_ok(1, "dropped the bus; using it again must trap");
        fflush(stdout);
        rd(SENSOR, b, 1);
        printf("# not trapped\n");
        return 3;
    } else {
        tap_ok(0, "unknown group %s", group);
    }
    return tap_end();
}
