/*
 * The board file (docs/hal.md §3): its I2C buses, SPI devices and delays; the pins are
 * read by board_gpio.c. Where the file names something twice the TS host's Maps keep the
 * last one, and so does this: a later device at the same I2C address replaces the earlier
 * one, open() finds the last SPI device of a name, the last bus of a label.
 */
#include "hal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

struct board board;
int board_gpio(json_t *gpio);

#define WHERE(buf, ...) j_path(buf, sizeof buf, __VA_ARGS__)
static const uint64_t NS_MAX = 3600000000000ull;

static int i2c_registers(json_t *regs, const char *where, struct i2c_target *t)
{
    static const char *const fields[] = {"at", "value", "access", "note", NULL};
    static const char *const accesses[] = {"ro", "rw", NULL};
    size_t i;
    json_t *r;
    json_array_foreach(regs, i, r) {
        char at[256];
        WHERE(at, "%s/registers/%zu", where, i);
        long long addr = 0, value = 0;
        int access = 1; /* rw unless said */
        if (!j_object(r, at) || !j_fields(r, at, fields) || !j_int(r, "at", at, 1, 0, 255, &addr)
            || !j_int(r, "value", at, 1, 0, 255, &value) || !j_enum(r, "access", at, 0, accesses, &access) || !j_text(r, "note", at))
            return 0;
        t->has[addr] = 1;
        t->val[addr] = (uint8_t)value;
        t->ro[addr] = access == 0;
    }
    return 1;
}

static int i2c_device(json_t *d, const char *where, struct i2c_target *t)
{
    static const char *const fields[] = {"kind", "name", "address", "note", "registers", "auto_increment", "size",
                                         "page_size", "address_bytes", "write_time_ns", "write_protect", "fill", NULL};
    static const char *const kinds[] = {"register-map", "eeprom", NULL};
    int kind = 0, wp = 0, ai = 1;
    long long address = 0, size = 0, page = 0, abytes = 0, wtime = 0, fill = 0xFF;
    char *name = NULL;
    json_t *regs = NULL;
    int eeprom_req = 0;
    if (!j_object(d, where) || !j_fields(d, where, fields) || !j_enum(d, "kind", where, 1, kinds, &kind)
        || !j_label(d, "name", where, &name) || !j_int(d, "address", where, 1, 8, 119, &address) || !j_text(d, "note", where))
        goto bad;
    eeprom_req = kind == EEPROM;
    if (!j_array(d, "registers", where, !eeprom_req, &regs) || !j_bool(d, "auto_increment", where, &ai)
        || !j_int(d, "size", where, eeprom_req, 1, 1048576, &size) || !j_int(d, "page_size", where, eeprom_req, 1, 4096, &page)
        || !j_int(d, "address_bytes", where, eeprom_req, 1, 2, &abytes)
        || !j_int(d, "write_time_ns", where, eeprom_req, 0, (long long)NS_MAX, &wtime)
        || !j_bool(d, "write_protect", where, &wp) || !j_int(d, "fill", where, 0, 0, 255, &fill))
        goto bad;
    free(name);
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->address = (uint32_t)address;
    t->auto_increment = ai;
    if (regs && !i2c_registers(regs, where, t)) return 0;
    if (kind == EEPROM) {
        t->size = (uint32_t)size;
        t->page_size = (uint32_t)page;
        t->address_bytes = (uint32_t)abytes;
        t->write_time_ns = (uint64_t)wtime;
        t->write_protect = wp;
        t->mem = malloc(t->size);
        if (!t->mem) abort();
        memset(t->mem, (int)fill, t->size);
    }
    return 1;
bad:
    free(name);
    return 0;
}

static int i2c_buses(json_t *arr)
{
    static const char *const fields[] = {"label", "devices", NULL};
    board.i2c = calloc(json_array_size(arr) + 1, sizeof *board.i2c);
    size_t i, k;
    json_t *b, *d, *devices;
    json_array_foreach(arr, i, b) {
        char at[256];
        WHERE(at, "/i2c/%zu", i);
        struct i2c_bus *bus = &board.i2c[board.n_i2c++];
        if (!j_object(b, at) || !j_fields(b, at, fields) || !j_label(b, "label", at, &bus->label)
            || !j_array(b, "devices", at, 1, &devices))
            return 0;
        bus->targets = calloc(json_array_size(devices) + 1, sizeof *bus->targets);
        json_array_foreach(devices, k, d) {
            char dat[256];
            WHERE(dat, "%s/devices/%zu", at, k);
            struct i2c_target t;
            if (!i2c_device(d, dat, &t)) return 0;
            size_t j = 0;
            while (j < bus->n_targets && bus->targets[j].address != t.address) j++;
            if (j == bus->n_targets) bus->n_targets++;
            else free(bus->targets[j].mem);
            bus->targets[j] = t;
        }
    }
    return 1;
}

static int spi_device(json_t *d, const char *where, const char *bus, struct spi_device *s)
{
    static const char *const fields[] = {"kind", "name", "cs", "note", "jedec_id", "size", "page_size", "program_time_ns", "fill", NULL};
    static const char *const kinds[] = {"nor-flash", "loopback", NULL};
    int kind = 0;
    long long cs = 0, size = 65536, page = 256, ptime = 700000, fill = 0xFF;
    json_t *jedec = NULL, *v;
    memset(s, 0, sizeof *s);
    if (!j_object(d, where) || !j_fields(d, where, fields) || !j_enum(d, "kind", where, 1, kinds, &kind)
        || !j_label(d, "name", where, &s->name) || !j_int(d, "cs", where, 1, 0, 15, &cs) || !j_text(d, "note", where)
        || !j_array(d, "jedec_id", where, 0, &jedec) || !j_int(d, "size", where, 0, 256, 16777216, &size)
        || !j_int(d, "page_size", where, 0, 1, 4096, &page) || !j_int(d, "program_time_ns", where, 0, 0, (long long)NS_MAX, &ptime)
        || !j_int(d, "fill", where, 0, 0, 255, &fill))
        return 0;
    if (jedec && (json_array_size(jedec) < 1 || json_array_size(jedec) > 8)) {
        snprintf(json_error, sizeof json_error, "%s/jedec_id must have 1 to 8 items", where);
        return 0;
    }
    size_t i;
    json_array_foreach(jedec, i, v) {
        char at[256];
        int b;
        WHERE(at, "%s/jedec_id/%zu", where, i);
        if (!j_u8_item(v, at, &b)) return 0;
        s->jedec[s->n_jedec++] = (uint8_t)b;
    }
    s->kind = kind;
    s->trace = malloc(strlen(bus) + strlen(s->name) + 2);
    if (!s->trace) abort();
    sprintf(s->trace, "%s.%s", bus, s->name);
    if (kind == NOR_FLASH) {
        s->size = (uint32_t)size;
        s->page_size = (uint32_t)page;
        s->program_time_ns = (uint64_t)ptime;
        s->mem = malloc(s->size);
        if (!s->mem) abort();
        memset(s->mem, (int)fill, s->size);
    }
    return 1;
}

static int spi_buses(json_t *arr)
{
    static const char *const fields[] = {"label", "devices", NULL};
    size_t i, k, total = 0;
    json_t *b, *d, *devices;
    json_array_foreach(arr, i, b) total += json_array_size(json_object_get(b, "devices"));
    board.spi = calloc(total + 1, sizeof *board.spi);
    json_array_foreach(arr, i, b) {
        char at[256], *label = NULL;
        WHERE(at, "/spi/%zu", i);
        if (!j_object(b, at) || !j_fields(b, at, fields) || !j_label(b, "label", at, &label)
            || !j_array(b, "devices", at, 1, &devices)) {
            free(label);
            return 0;
        }
        json_array_foreach(devices, k, d) {
            char dat[256];
            WHERE(dat, "%s/devices/%zu", at, k);
            if (!spi_device(d, dat, label, &board.spi[board.n_spi++])) {
                free(label);
                return 0;
            }
        }
        free(label);
    }
    return 1;
}

static int delays(json_t *arr)
{
    static const char *const fields[] = {"label", NULL};
    board.delays = calloc(json_array_size(arr) + 1, sizeof *board.delays);
    size_t i;
    json_t *d;
    json_array_foreach(arr, i, d) {
        char at[256];
        WHERE(at, "/delay/%zu", i);
        if (!j_object(d, at) || !j_fields(d, at, fields) || !j_label(d, "label", at, &board.delays[board.n_delays++]))
            return 0;
    }
    return 1;
}

/* The board in `file`, or (file NULL) the empty board on which every open fails cleanly.
 * 0 after one line on stderr naming the file and what is wrong. */
int board_load(const char *file)
{
    static const char *const fields[] = {"$schema", "description", "i2c", "spi", "delay", "gpio", NULL};
    if (!file) return 1;
    json_error_t e;
    json_t *root = json_load_file(file, 0, &e), *i2c, *spi, *delay;
    if (!root && e.line < 0) fprintf(stderr, "hal: %s: board cannot be read: %s\n", file, e.text);
    else if (!root) fprintf(stderr, "hal: %s: board is not valid JSON: %s (line %d, column %d)\n", file, e.text, e.line, e.column);
    if (!root) return 0;
    int ok = j_object(root, "document") && j_fields(root, "document", fields) && j_text(root, "$schema", "")
             && j_text(root, "description", "") && j_array(root, "i2c", "", 0, &i2c) && j_array(root, "spi", "", 0, &spi)
             && j_array(root, "delay", "", 0, &delay) && (!i2c || i2c_buses(i2c)) && (!spi || spi_buses(spi))
             && (!delay || delays(delay)) && board_gpio(json_object_get(root, "gpio"));
    json_decref(root);
    if (!ok) fprintf(stderr, "hal: %s: board %s\n", file, json_error);
    return ok;
}
