/*
 * The HAL board simulator and host for WAMR, as an iwasm --native-lib library: a port of
 * the in-process host (the TypeScript in adapters/host/hal/), which is the reference. A
 * run's trace must be byte-identical to the one that host writes (docs/hal.md §5), so every
 * step keeps the TypeScript order of checks, bus activity, trace lines and cabi_realloc
 * calls, even where another order would do: a trap after bus activity leaves its line.
 *
 * One wasm instance per process: the board, the handle table and the trace are globals.
 */
#ifndef WASMCERT_HAL_H
#define WASMCERT_HAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wasm_export.h"

typedef wasm_exec_env_t env_t;

/* ------------------------------------------------------------------ guest memory (guest.c) */
void hal_trap(env_t env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int trapped(env_t env);
uint8_t *area(env_t env, uint32_t ptr, uint64_t size, uint32_t align);
uint8_t *mem_at(env_t env, uint32_t ptr);
/* A list<operation> as I2C and SPI lay it out: 16-byte, 8-aligned variants, the case @0 and
 * the payload @8. decode fills one element (elem bytes) and traps on a case it does not
 * know. A calloc'd array of n + 1 elements, or NULL after a trap. */
void *read_operations(env_t env, uint32_t ptr, uint32_t n, size_t elem, void (*decode)(env_t env, const uint8_t *variant, void *op));
/* A string argument: a host copy (not NUL-terminated inside: labels compare by length). */
struct str {
    char *p;
    uint32_t n;
};
int guest_text(env_t env, uint32_t ptr, uint32_t len, struct str *out);
int str_is(const struct str *s, const char *label);
uint32_t guest_alloc(env_t env, uint32_t align, uint32_t size);
uint32_t guest_list(env_t env, const uint8_t *data, uint32_t n);
void put_list(env_t env, uint32_t at, uint32_t ptr, uint32_t n);

static inline void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* ------------------------------------------------------------------ handles (handles.c) */
enum kind { K_I2C = 1, K_DELAY, K_SPI, K_OUT, K_IN, K_POLLABLE };
struct pollable;
struct slot {
    enum kind kind;
    void *ptr;           /* K_I2C: struct i2c_bus, K_SPI: struct spi_device, K_POLLABLE */
    int pin;             /* K_OUT, K_IN: index into the board's pins */
};
int32_t handle_add(enum kind k, void *ptr, int pin);
struct slot *handle_get(env_t env, int32_t h, enum kind k);
int handle_drop(env_t env, int32_t h, enum kind k, struct slot *was);
/* every live pollable, for the pins to update their watches */
void each_pollable(void (*fn)(struct pollable *));

/* ------------------------------------------------------------------ trace (trace.c) */
int trace_open(const char *path);
void trace_line(const char *line);
/* a growing line of text */
struct sbuf {
    char *p;
    size_t n, cap;
};
void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(struct sbuf *b);

/* ------------------------------------------------------------------ board time (clock.c) */
uint64_t board_now(void);
void board_advance_to(uint64_t to);
int board_delay(env_t env, uint64_t ns);
/* A guest's delay call: its trace line (`delay: Nns`), then board_delay. */
int traced_delay(env_t env, uint64_t ns);

/* ------------------------------------------------------------------ the board (board.c) */
#define MAX_OP_LEN 65536u /* longer read is `other`, with no bus activity (hal.md §3.1) */

enum i2c_kind { REGISTER_MAP, EEPROM };
struct i2c_target {
    enum i2c_kind kind;
    uint32_t address;
    /* register-map */
    uint8_t has[256], ro[256], val[256];
    int auto_increment, first;
    uint8_t reg_pointer;
    /* eeprom */
    uint8_t *mem;
    uint32_t size, page_size, address_bytes, addr_left, pointer;
    uint64_t write_time_ns, busy_until;
    int write_protect;
    struct page_buffer *pending; /* NULL: none (a repeated START abandons it) */
};
struct i2c_bus {
    char *label;
    struct i2c_target *targets;
    size_t n_targets;
};

enum spi_kind { NOR_FLASH, LOOPBACK };
struct spi_device {
    char *name;  /* the device's own name, for open() */
    char *trace; /* BUS.DEVICE */
    enum spi_kind kind;
    uint8_t jedec[8];
    size_t n_jedec;
    uint8_t *mem;
    uint32_t size, page_size, addr, frame_len;
    uint8_t frame_op;
    int wel;
    uint64_t program_time_ns, busy_until;
    struct page_buffer *pending;
};

enum pull { PULL_NONE, PULL_UP, PULL_DOWN };
enum { MODE_IN = 1, MODE_OUT = 2 };
struct pin {
    char *label;
    int has_spec, modes, allowed, active_low;
    enum pull pull;
    int peer;     /* index of the wired pin, or -1 */
    int opened;   /* 0, MODE_IN or MODE_OUT */
    int driven;   /* -1, or the level the pin drives */
    int external; /* -1, or the level the timeline last set */
};
struct timeline_event {
    uint64_t at_ns;
    int pin, level;
};

struct board {
    struct i2c_bus *i2c;
    size_t n_i2c;
    struct spi_device *spi;
    size_t n_spi;
    char **delays;
    size_t n_delays;
    struct pin *pins;
    size_t n_pins;
    struct timeline_event *timeline; /* sorted by at_ns, stable */
    size_t n_timeline;
};
extern struct board board;
int board_load(const char *file);
int pin_index(const char *label, int create);

/* json.c: validated reads of the board file; each returns 0 after setting the error */
typedef struct json_t json_t;
extern char json_error[512];
int j_fields(json_t *o, const char *where, const char *const *allowed);
int j_int(json_t *o, const char *key, const char *where, int required, long long min, long long max, long long *out);
int j_bool(json_t *o, const char *key, const char *where, int *out);
int j_enum(json_t *o, const char *key, const char *where, int required, const char *const *names, int *out);
int j_label(json_t *o, const char *key, const char *where, char **out);
int j_text(json_t *o, const char *key, const char *where);
int j_array(json_t *o, const char *key, const char *where, int required, json_t **out);
int j_object(json_t *v, const char *where);
int j_u8_item(json_t *v, const char *where, int *out);
void j_path(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* page buffers (pages.c): bytes written to one page, programmed at STOP / CS rise */
struct page_buffer *page_new(uint32_t page_size);
void page_set(struct page_buffer *pb, uint32_t addr, uint8_t v);
uint32_t page_count(const struct page_buffer *pb);
void page_program(struct page_buffer *pb, uint8_t *mem, uint32_t size, int and_bits);
void page_free(struct page_buffer *pb);
uint32_t page_next(uint32_t addr, uint32_t page);

/* ------------------------------------------------------------------ buses */
struct i2c_op {
    int read;
    uint64_t n;          /* bytes to read or write */
    const uint8_t *data; /* write: in guest memory, no guest code runs while it is used */
};
struct i2c_outcome {
    int err;
    uint8_t code;
    int has_source;
    uint8_t source;
    uint8_t **reads;
    uint32_t *lens, n_reads;
};
void i2c_run(struct i2c_bus *bus, uint32_t address, const struct i2c_op *ops, size_t n, struct i2c_outcome *out);
void i2c_outcome_free(struct i2c_outcome *o);
int i2c_target_start(struct i2c_target *t, int read, uint64_t now);
int i2c_target_write(struct i2c_target *t, uint8_t b);
uint8_t i2c_target_read(struct i2c_target *t);
void i2c_target_stop(struct i2c_target *t, uint64_t now);

enum { OP_READ, OP_WRITE, OP_TRANSFER, OP_DELAY };
struct spi_op {
    int kind;
    uint64_t n;
    const uint8_t *data;
    uint32_t delay_ns;
    uint8_t *miso; /* read, transfer: the result, n bytes */
};
int spi_run(env_t env, struct spi_device *d, struct spi_op *ops, size_t n);
void spi_select(struct spi_device *d);
uint8_t spi_exchange(struct spi_device *d, uint8_t mosi, uint64_t now);
void spi_deselect(struct spi_device *d, uint64_t now);

/* ------------------------------------------------------------------ pins (gpio.c) */
enum watch_kind { W_ACTIVE, W_INACTIVE, W_RISING, W_FALLING };
struct pollable {
    int fired, watch, pin, last;
    enum watch_kind kind;
};
enum { GPIO_ALREADY_IN_USE = 1, GPIO_PIN_NOT_ALLOWED, GPIO_PIN_MODE_NOT_ALLOWED, GPIO_UNDEFINED_PIN_LABEL };
int gpio_open(const struct str *label, int mode, int *pin);
void gpio_close(int pin);
int gpio_active(int pin);
void gpio_drive(int pin, int active);
struct pollable *gpio_watch(int pin, enum watch_kind kind);
int gpio_next_event(uint64_t *at);
void gpio_timeline(uint64_t from, uint64_t to);

/* ------------------------------------------------------------------ import modules */
struct native_module {
    const char *name;
    NativeSymbol *symbols;
    uint32_t n;
};
#define SYM(name, fn, sig) {name, (void *)fn, sig, NULL}
#define MODULE(name, symbols) {name, symbols, (uint32_t)(sizeof(symbols) / sizeof(symbols[0]))}
extern const struct native_module board_module, i2c_module, i2c_delay_module, spi_module;
extern const struct native_module digital_module, gpio_delay_module, poll_module;

#endif
