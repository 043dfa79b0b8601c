/*
 * wasmcert:hal/board@0.1.0 (docs/hal.md §2) and the guest's allocator. Hand-written
 * Canonical ABI: string params are (ptr, len); option/result go through a return area.
 * cabi_realloc counts its calls and bytes, so a guest can check how the host lowers lists
 * (hal.md §7 I2C item 8): hal_alloc_calls / hal_alloc_bytes.
 */
#ifndef WASMCERT_HAL_BOARD_H
#define WASMCERT_HAL_BOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t hal_handle;

static unsigned hal_alloc_calls, hal_alloc_bytes;

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t size) {
    (void)old_size;
    hal_alloc_calls++;
    hal_alloc_bytes += (unsigned)size;
    if (old) return realloc(old, size);
    /* malloc aligns to 16, more than any HAL type needs; size 0 still gets a unique block */
    (void)align;
    return malloc(size ? size : 1);
}
static inline void hal_alloc_reset(void) { hal_alloc_calls = hal_alloc_bytes = 0; }

#define HAL_BOARD __attribute__((import_module("wasmcert:hal/board@0.1.0")))

/* option<own<T>>: 8 B, align 4 */
typedef struct { uint8_t is_some; uint8_t _pad[3]; hal_handle h; } hal_ret_option;
_Static_assert(sizeof(hal_ret_option) == 8 && offsetof(hal_ret_option, h) == 4, "option<handle>");

/* result<own<T>, gpio-error>: 16 B, align 4: disc @0, handle or gpio-error (case @4, other's string @8/@12) */
typedef struct {
    uint8_t is_err;
    uint8_t _pad[3];
    union { hal_handle h; struct { uint8_t code; uint8_t _p[3]; char *ptr; uint32_t len; } err; } u;
} hal_ret_pin;
_Static_assert(sizeof(hal_ret_pin) == 16 && offsetof(hal_ret_pin, u) == 4, "result<pin, gpio-error>");

HAL_BOARD __attribute__((import_name("open-i2c"))) void hal_open_i2c_raw(const char *label, size_t len, hal_ret_option *ret);
HAL_BOARD __attribute__((import_name("open-delay"))) void hal_open_delay_raw(const char *label, size_t len, hal_ret_option *ret);
HAL_BOARD __attribute__((import_name("open-digital-out"))) void hal_open_digital_out_raw(const char *label, size_t len, hal_ret_pin *ret);
HAL_BOARD __attribute__((import_name("open-digital-in"))) void hal_open_digital_in_raw(const char *label, size_t len, hal_ret_pin *ret);

/* the handle, or 0 when the board has none by that label */
static inline hal_handle hal_open_i2c(const char *label) {
    hal_ret_option r = {0};
    hal_open_i2c_raw(label, strlen(label), &r);
    return r.is_some ? r.h : 0;
}
static inline hal_handle hal_open_delay(const char *label) {
    hal_ret_option r = {0};
    hal_open_delay_raw(label, strlen(label), &r);
    return r.is_some ? r.h : 0;
}
#endif
