/*
 * The HAL path of the count guests: wasi:i2c's [method]i2c.read, imported by a P1 core
 * module with its Canonical ABI lowering (docs/hal.md §1: module "wasi:i2c/i2c@0.2.0-draft",
 * `(i32 self, i32 addr, i64 len, i32 retptr)`, result<list<u8>, error-code> in a 12 B / 4
 * area: disc @0, ok list @4/@8, error case @4, no-acknowledge source @5). The host lowers
 * the list through the guest's exported cabi_realloc, one call per list, an empty one too;
 * this file's cabi_realloc counts those calls and their bytes, as lib/cm.h does for WASI
 * 0.2 imports. The bus comes from wasmcert:hal/board@0.1.0 `open-i2c` (option<own<i2c>>,
 * 8 B / 4: disc @0, handle @4). The timing clock is P1 clock_time_get(monotonic).
 *
 * The module exports `_start` itself (below): a wasm32-wasi command would wrap the
 * cabi_realloc export in ctor/dtor calls that tear stdio down after the first realloc.
 */
#ifndef WASMCERT_COUNT_HAL_H
#define WASMCERT_COUNT_HAL_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define PATH_NAME "hal"

/* the bus and the device the loop reads: an EEPROM (sequential reads, wrapping at the end
 * of its memory, so any length up to the 64 KiB operation limit is `len` bytes) whose
 * memory is all HAL_FILL (fixtures/hal-board.json) */
#define HAL_BUS "i2c0"
#define HAL_EEPROM 0x50
#define HAL_FILL 0xA5

typedef struct {
    uint8_t is_err;
    uint8_t _pad[3];
    union { struct { uint8_t *ptr; uint32_t len; } ok; struct { uint8_t code; uint8_t source; } err; } u;
} hal_ret_list;
_Static_assert(sizeof(hal_ret_list) == 12 && _Alignof(hal_ret_list) == 4 && offsetof(hal_ret_list, u) == 4, "result<list<u8>, error-code>: 12 B / 4");

typedef struct { uint8_t is_some; uint8_t _pad[3]; int32_t h; } hal_ret_option;
_Static_assert(sizeof(hal_ret_option) == 8 && offsetof(hal_ret_option, h) == 4, "option<own<i2c>>: 8 B / 4");

__attribute__((import_module("wasi:i2c/i2c@0.2.0-draft"), import_name("[method]i2c.read")))
extern void hal_i2c_read(int32_t self, uint32_t addr, uint64_t len, hal_ret_list *ret);
__attribute__((import_module("wasi:i2c/i2c@0.2.0-draft"), import_name("[resource-drop]i2c")))
extern void hal_i2c_drop(int32_t self);
__attribute__((import_module("wasmcert:hal/board@0.1.0"), import_name("open-i2c")))
extern void hal_open_i2c(const char *label, size_t len, hal_ret_option *ret);

/* ---- the counting allocator: every call the host makes ---- */
struct counts { uint64_t reallocs, bytes, bad_old, bad_align; };
static struct counts counted;

/* the blocks cabi_realloc handed out, in order, until the driver frees them: a call's
 * record names its range, so what the host allocated is freed whatever it returned */
#define HAL_BLOCKS 256
static void *hal_blocks[HAL_BLOCKS];
static uint32_t hal_n_blocks;
static uint64_t hal_lost_blocks; /* past HAL_BLOCKS: not freed (only if the host allocates far too much) */

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    counted.reallocs++;
    counted.bytes += new_size;
    if (old) counted.bad_old++;
    if (align == 0 || (align & (align - 1))) counted.bad_align++;
    if (align == 0 || (align & (align - 1))) align = 16;
    if (old && old_size) {
        /* the ABI never does this for a result (counted above as bad_old) */
        void *p = realloc(old, new_size ? new_size : 1);
        if (!p) abort();
        return p;
    }
    /* a real block even for size 0, so every block is freed alike */
    size_t n = new_size ? new_size : 1;
    void *p = align <= 16 ? malloc(n) : aligned_alloc(align, (n + align - 1) & ~(align - 1));
    if (!p) abort();
    if (hal_n_blocks < HAL_BLOCKS) hal_blocks[hal_n_blocks++] = p;
    else hal_lost_blocks++;
    return p;
}

/* The reactor's crt1 would also export `_initialize`, and a P1 host that runs commands
 * (node:wasi's start(), the in-process host) refuses a module that exports both: the
 * module links no start files (-nostartfiles) and `_start` runs the constructors itself.
 * Calling __wasm_call_ctors from our own code also tells wasm-ld not to wrap the
 * cabi_realloc export in ctor/dtor calls. */
extern void __wasm_call_ctors(void);
extern int __main_void(void);
__attribute__((export_name("_start"))) void _start(void) {
    __wasm_call_ctors();
    exit(__main_void());
}

static struct counts path_counts(void) { return counted; }

static uint64_t now_ns(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != 0) return 0;
    return t;
}

/* ---- one call's outcome, kept until the end of its batch ---- */
struct rec {
    int ok;
    uint32_t len;
    uint8_t *data;
    const char *why;             /* the failure, when !ok */
    uint32_t block0, blocks;     /* the range of hal_blocks this call's cabi_realloc calls made */
    int ptr_is_block;            /* an ok list points at the (single) block allocated for it */
};

static int32_t hal_bus;

static const char *hal_error_name(const hal_ret_list *r) {
    static char text[64];
    static const char *const codes[] = {"bus", "arbitration-loss", "no-acknowledge", "overrun", "other"};
    static const char *const sources[] = {"address", "data", "unknown"};
    uint8_t c = r->u.err.code, s = r->u.err.source;
    if (c == 2) snprintf(text, sizeof text, "no-acknowledge(%s)", s < 3 ? sources[s] : "?");
    else snprintf(text, sizeof text, "%s", c < 5 ? codes[c] : "(not an error-code)");
    return text;
}

/* opens the bus; 0 on success, else a message */
static const char *path_setup(void) {
    hal_ret_option o;
    memset(&o, 0xAA, sizeof o);
    hal_open_i2c(HAL_BUS, strlen(HAL_BUS), &o);
    if (o.is_some != 1) return "open-i2c(\"" HAL_BUS "\") gave none: the spec's hal.board lacks the bus";
    hal_bus = o.h;
    return 0;
}

/* the measured call */
static void path_call(uint32_t size, struct rec *out) {
    hal_ret_list r;
    out->block0 = hal_n_blocks;
    hal_i2c_read(hal_bus, HAL_EEPROM, size, &r);
    out->blocks = hal_n_blocks - out->block0;
    out->ok = r.is_err == 0;
    out->why = r.is_err == 1 ? hal_error_name(&r) : r.is_err ? "result discriminant neither 0 nor 1" : 0;
    out->len = out->ok ? r.u.ok.len : 0;
    out->data = out->ok ? r.u.ok.ptr : 0;
    out->ptr_is_block = out->ok && out->blocks == 1 && (void *)out->data == hal_blocks[out->block0];
}

/* frees what the call's cabi_realloc calls gave the host (the list the read returned) */
static void path_release(struct rec *rec) {
    for (uint32_t k = rec->block0; k < rec->block0 + rec->blocks && k < HAL_BLOCKS; k++) {
        free(hal_blocks[k]);
        hal_blocks[k] = 0;
    }
}

/* after a batch is released: the block list starts again */
static void path_batch_done(void) { hal_n_blocks = 0; }

#endif
