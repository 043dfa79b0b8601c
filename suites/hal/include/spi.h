/*
 * wasi:spi/spi (the package has no version) as P1 core imports (docs/hal.md §1; layouts
 * from ../shared/reference/hal.md §2.1). Resource spi-device = one chip select on a bus;
 * devices come from the free function `open(name)`.
 */
#ifndef WASMCERT_HAL_SPI_H
#define WASMCERT_HAL_SPI_H

#include "hal_board.h"

#define SPI_IMPORT(fn) __attribute__((import_module("wasi:spi/spi"), import_name(fn)))

/* error cases */
enum { SPI_OVERRUN = 0, SPI_MODE_FAULT = 1, SPI_FRAME_FORMAT = 2, SPI_CHIP_SELECT_FAULT = 3, SPI_OTHER = 4 };
#define SPI_OK (-1)

typedef struct { uint8_t *ptr; uint32_t len; } spi_bytes;

/* error: 12 B / 4: case @0, other's string @4/@8 */
typedef struct { uint8_t code; uint8_t _p[3]; char *ptr; uint32_t len; } spi_error;
_Static_assert(sizeof(spi_error) == 12, "error");

/* result<own<spi-device>, error>, result<list<u8>, error>, result<list<operation-result>, error>
   and `write`'s result<_, error> (the encoding docs/hal.md chose for the published result<error>):
   16 B / 4, disc @0, ok payload or error @4 */
typedef struct {
    uint8_t is_err;
    uint8_t _pad[3];
    union { hal_handle h; spi_bytes ok; spi_error err; } u;
} spi_ret;
_Static_assert(sizeof(spi_ret) == 16 && offsetof(spi_ret, u) == 4, "16-byte result area");

/* operation: 16 B / 8: disc @0 (0 read u64, 1 write list, 2 transfer list, 3 delay-ns u32), payload @8 */
enum { SPI_OP_READ_ = 0, SPI_OP_WRITE_ = 1, SPI_OP_TRANSFER_ = 2, SPI_OP_DELAY_ = 3 };
typedef struct {
    uint8_t tag;
    uint8_t _pad[7];
    union { uint64_t read_len; struct { const uint8_t *ptr; uint32_t len; } data; uint32_t delay_ns; } u;
} spi_operation;
_Static_assert(sizeof(spi_operation) == 16 && offsetof(spi_operation, u) == 8, "operation");
#define SPI_OP_READ(n) ((spi_operation){.tag = SPI_OP_READ_, .u.read_len = (n)})
#define SPI_OP_WRITE(...) SPI_OP_DATA_(SPI_OP_WRITE_, __VA_ARGS__)
#define SPI_OP_TRANSFER(...) SPI_OP_DATA_(SPI_OP_TRANSFER_, __VA_ARGS__)
#define SPI_OP_DATA_(t, p, n) ((spi_operation){.tag = (t), .u.data = {(p), (n)}})
#define SPI_OP_DELAY_NS(ns) ((spi_operation){.tag = SPI_OP_DELAY_, .u.delay_ns = (ns)})

/* operation-result: 12 B / 4: disc @0 (same cases as operation), list @4/@8 for read and transfer */
typedef struct { uint8_t tag; uint8_t _pad[3]; spi_bytes data; } spi_op_result;
_Static_assert(sizeof(spi_op_result) == 12 && offsetof(spi_op_result, data) == 4, "operation-result");

SPI_IMPORT("open") void spi_open_raw(const char *name, size_t len, spi_ret *ret);
SPI_IMPORT("[method]spi-device.read") void spi_read(hal_handle self, uint64_t len, spi_ret *ret);
SPI_IMPORT("[method]spi-device.write") void spi_write(hal_handle self, const uint8_t *data, size_t len, spi_ret *ret);
SPI_IMPORT("[method]spi-device.transfer") void spi_transfer(hal_handle self, const uint8_t *data, size_t len, spi_ret *ret);
SPI_IMPORT("[method]spi-device.transaction") void spi_transaction(hal_handle self, const spi_operation *ops, size_t n, spi_ret *ret);
SPI_IMPORT("[resource-drop]spi-device") void spi_drop(hal_handle self);

/* the device handle, or 0 on an error */
static inline hal_handle spi_open(const char *name) {
    spi_ret r;
    memset(&r, 0xAA, sizeof r);
    spi_open_raw(name, strlen(name), &r);
    return r.is_err ? 0 : r.u.h;
}
static inline int spi_code(const spi_ret *r) { return r->is_err ? r->u.err.code : SPI_OK; }
static inline const char *spi_code_name(int c) {
    switch (c) {
    case SPI_OK: return "ok";
    case SPI_OVERRUN: return "overrun";
    case SPI_MODE_FAULT: return "mode-fault";
    case SPI_FRAME_FORMAT: return "frame-format";
    case SPI_CHIP_SELECT_FAULT: return "chip-select-fault";
    case SPI_OTHER: return "other";
    default: return "(not an error case)";
    }
}
#endif
