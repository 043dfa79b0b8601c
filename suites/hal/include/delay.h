/*
 * wasi:gpio/delay@0.2.0 as P1 core imports (docs/hal.md §1): Arduino-style free functions,
 * each (i32) -> (). The wasi:i2c delay resource (`[method]delay.delay-ns`) is in i2c.h.
 */
#ifndef WASMCERT_HAL_DELAY_H
#define WASMCERT_HAL_DELAY_H

#include <stdint.h>

#define GPIO_DELAY_IMPORT(fn) __attribute__((import_module("wasi:gpio/delay@0.2.0"), import_name(fn)))

GPIO_DELAY_IMPORT("delay-ns") void delay_ns(uint32_t ns);
GPIO_DELAY_IMPORT("delay-us") void delay_us(uint32_t us);
GPIO_DELAY_IMPORT("delay-ms") void delay_ms(uint32_t ms);
#endif
