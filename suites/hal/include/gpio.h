/*
 * wasi:gpio/digital@0.2.0, wasi:gpio/delay@0.2.0 and the pollables of wasi:io/poll@0.2.0 as
 * P1 core imports (docs/hal.md §1; layouts from ../shared/reference/hal.md §3.2). Pins come
 * from wasmcert:hal/board@0.1.0 open-digital-out / open-digital-in (include/hal_board.h).
 */
#ifndef WASMCERT_HAL_GPIO_H
#define WASMCERT_HAL_GPIO_H

#include "hal_board.h"

#define GPIO_IMPORT(fn) __attribute__((import_module("wasi:gpio/digital@0.2.0"), import_name(fn)))
#define POLL_IMPORT(fn) __attribute__((import_module("wasi:io/poll@0.2.0"), import_name(fn)))

/* gpio-error cases */
enum {
    GPIO_HARDWARE_FAULT = 0, GPIO_ALREADY_IN_USE = 1, GPIO_PIN_NOT_ALLOWED = 2, GPIO_PIN_MODE_NOT_ALLOWED = 3,
    GPIO_UNDEFINED_PIN_LABEL = 4, GPIO_PIN_MODE_NOT_AVAILABLE = 5, GPIO_WOULD_BLOCK = 6, GPIO_OPERATION_NOT_SUPPORTED = 7, GPIO_OTHER = 8
};
#define GPIO_OK (-1)
/* pin-state */
enum { PIN_ACTIVE = 0, PIN_INACTIVE = 1 };
/* digital-config enums */
enum { PIN_MODE_IN = 0, PIN_MODE_OUT = 1, PIN_MODE_IN_OUT = 2 };
enum { ACTIVE_HIGH = 0, ACTIVE_LOW = 1 };
enum { PULL_UP = 0, PULL_DOWN = 1 };

/* result<T, gpio-error> with T = unit, pin-state (u8), bool (u8) or own<pollable>: the same
   16 B / 4 area as hal_ret_pin: disc @0, T or the error case @4 */
typedef hal_ret_pin gpio_ret;

/* digital-config: 12 B / 4 */
typedef struct {
    char *label;
    uint32_t label_len;
    uint8_t mode;
    uint8_t active_level;
    uint8_t has_pull;
    uint8_t pull;
} gpio_config;
_Static_assert(sizeof(gpio_config) == 12 && offsetof(gpio_config, mode) == 8 && offsetof(gpio_config, pull) == 11, "digital-config");

GPIO_IMPORT("[method]digital-out-pin.set-active") void gpio_set_active_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-out-pin.set-inactive") void gpio_set_inactive_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-out-pin.toggle") void gpio_toggle_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-out-pin.set-state") void gpio_set_state_raw(hal_handle self, uint32_t state, gpio_ret *ret);
GPIO_IMPORT("[method]digital-out-pin.get-config") void gpio_out_get_config(hal_handle self, gpio_config *ret);
GPIO_IMPORT("[method]digital-out-pin.watch-for-ready") hal_handle gpio_out_watch_for_ready(hal_handle self);
GPIO_IMPORT("[resource-drop]digital-out-pin") void gpio_out_drop(hal_handle self);

GPIO_IMPORT("[method]digital-in-pin.read") void gpio_read_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.is-active") void gpio_is_active_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.is-inactive") void gpio_is_inactive_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.get-config") void gpio_in_get_config(hal_handle self, gpio_config *ret);
GPIO_IMPORT("[method]digital-in-pin.watch-state") void gpio_watch_state_raw(hal_handle self, uint32_t state, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.watch-active") void gpio_watch_active_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.watch-inactive") void gpio_watch_inactive_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.watch-rising-edge") void gpio_watch_rising_edge_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.watch-falling-edge") void gpio_watch_falling_edge_raw(hal_handle self, gpio_ret *ret);
GPIO_IMPORT("[method]digital-in-pin.watch-for-ready") hal_handle gpio_in_watch_for_ready(hal_handle self);
GPIO_IMPORT("[resource-drop]digital-in-pin") void gpio_in_drop(hal_handle self);

POLL_IMPORT("[method]pollable.ready") int32_t pollable_ready(hal_handle self);
POLL_IMPORT("[method]pollable.block") void pollable_block(hal_handle self);
POLL_IMPORT("[resource-drop]pollable") void pollable_drop(hal_handle self);

static inline int gpio_code(const gpio_ret *r) { return r->is_err ? r->u.err.code : GPIO_OK; }
static inline const char *gpio_code_name(int c) {
    static const char *const names[] = {"hardware-fault", "already-in-use", "pin-not-allowed", "pin-mode-not-allowed", "undefined-pin-label",
                                        "pin-mode-not-available", "would-block", "operation-not-supported", "other"};
    if (c == GPIO_OK) return "ok";
    return c >= 0 && c <= 8 ? names[c] : "(not a gpio-error)";
}

/* open a pin: the error case (or GPIO_OK) and the handle in *h */
static inline int gpio_open_out(const char *label, hal_handle *h) {
    gpio_ret r;
    memset(&r, 0xAA, sizeof r);
    hal_open_digital_out_raw(label, strlen(label), &r);
    *h = r.is_err ? 0 : r.u.h;
    return gpio_code(&r);
}
static inline int gpio_open_in(const char *label, hal_handle *h) {
    gpio_ret r;
    memset(&r, 0xAA, sizeof r);
    hal_open_digital_in_raw(label, strlen(label), &r);
    *h = r.is_err ? 0 : r.u.h;
    return gpio_code(&r);
}

/* the unit-result setters: GPIO_OK or the error case */
#define GPIO_UNIT_(name, call)                                                                                                                       \
    static inline int name(hal_handle self) {                                                                                                        \
        gpio_ret r;                                                                                                                                  \
        memset(&r, 0xAA, sizeof r);                                                                                                                  \
        call(self, &r);                                                                                                                              \
        return gpio_code(&r);                                                                                                                        \
    }
GPIO_UNIT_(gpio_set_active, gpio_set_active_raw)
GPIO_UNIT_(gpio_set_inactive, gpio_set_inactive_raw)
GPIO_UNIT_(gpio_toggle, gpio_toggle_raw)
static inline int gpio_set_state(hal_handle self, uint32_t state) {
    gpio_ret r;
    memset(&r, 0xAA, sizeof r);
    gpio_set_state_raw(self, state, &r);
    return gpio_code(&r);
}

/* read: PIN_ACTIVE / PIN_INACTIVE, or -1 on an error */
static inline int gpio_read(hal_handle self) {
    gpio_ret r;
    memset(&r, 0xAA, sizeof r);
    gpio_read_raw(self, &r);
    return r.is_err ? -1 : *(uint8_t *)&r.u;
}
/* is-active / is-inactive: 1 / 0, or -1 on an error */
static inline int gpio_is_active(hal_handle self) {
    gpio_ret r;
    memset(&r, 0xAA, sizeof r);
    gpio_is_active_raw(self, &r);
    return r.is_err ? -1 : *(uint8_t *)&r.u;
}
static inline int gpio_is_inactive(hal_handle self) {
    gpio_ret r;
    memset(&r, 0xAA, sizeof r);
    gpio_is_inactive_raw(self, &r);
    return r.is_err ? -1 : *(uint8_t *)&r.u;
}

/* watches: the pollable, or 0 on an error */
#define GPIO_WATCH_(name, call)                                                                                                                      \
    static inline hal_handle name(hal_handle self) {                                                                                                 \
        gpio_ret r;                                                                                                                                  \
        memset(&r, 0xAA, sizeof r);                                                                                                                  \
        call(self, &r);                                                                                                                              \
        return r.is_err ? 0 : r.u.h;                                                                                                                 \
    }
GPIO_WATCH_(gpio_watch_active, gpio_watch_active_raw)
GPIO_WATCH_(gpio_watch_inactive, gpio_watch_inactive_raw)
GPIO_WATCH_(gpio_watch_rising_edge, gpio_watch_rising_edge_raw)
GPIO_WATCH_(gpio_watch_falling_edge, gpio_watch_falling_edge_raw)
static inline hal_handle gpio_watch_state(hal_handle self, uint32_t state) {
    gpio_ret r;
    memset(&r, 0xAA, sizeof r);
    gpio_watch_state_raw(self, state, &r);
    return r.is_err ? 0 : r.u.h;
}
#endif
