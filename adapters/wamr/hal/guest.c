/*
 * Guest linear memory as the Canonical ABI uses it, with the semantics of the TS host's
 * GuestAbi (adapters/host/sockets/backport-abi.ts): the exported `memory`, areas checked
 * for alignment before bounds (a zero-sized area may sit at the very end), strings decoded
 * as WHATWG's fatal UTF-8 decoder does (so a leading BOM is dropped), and lists lowered
 * through the guest's own cabi_realloc, one call per list.
 */
#include "hal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define INST(env) wasm_runtime_get_module_inst(env)

void hal_trap(env_t env, const char *fmt, ...)
{
    char msg[256] = "hal: ";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + 5, sizeof msg - 5, fmt, ap);
    va_end(ap);
    wasm_runtime_set_exception(INST(env), msg);
}

int trapped(env_t env)
{
    return wasm_runtime_get_exception(INST(env)) != NULL;
}

/* Whether the module exports a memory named "memory": the TS host uses that export, and
 * WAMR's lookup by name answers memory 0 whatever the name in builds without multi-memory. */
static int exports_memory(wasm_module_inst_t inst)
{
    static int known = -1;
    if (known < 0) {
        wasm_module_t m = wasm_runtime_get_module(inst);
        int32_t n = wasm_runtime_get_export_count(m);
        known = 0;
        for (int32_t i = 0; i < n && !known; i++) {
            wasm_export_t e;
            wasm_runtime_get_export_type(m, i, &e);
            known = e.kind == WASM_IMPORT_EXPORT_KIND_MEMORY && !strcmp(e.name, "memory");
        }
    }
    return known;
}

/* Base and size of the guest's memory, taken afresh each time: cabi_realloc may grow it
 * (and move it). Only the wasm_runtime_* API is at hand (the launcher exports no more). */
static uint8_t *memory(env_t env, uint64_t *bytes)
{
    static uint8_t none[1]; /* a memory of 0 bytes: only empty areas, never dereferenced */
    wasm_module_inst_t inst = INST(env);
    if (!exports_memory(inst)) {
        hal_trap(env, "the guest exports no memory");
        return NULL;
    }
    uint64_t start;
    if (!wasm_runtime_get_app_addr_range(inst, 0, &start, bytes)) {
        *bytes = 0;
        return none;
    }
    return wasm_runtime_addr_app_to_native(inst, 0);
}

uint8_t *area(env_t env, uint32_t ptr, uint64_t size, uint32_t align)
{
    if (ptr % align) {
        hal_trap(env, "misaligned pointer %u (alignment %u)", ptr, align);
        return NULL;
    }
    uint64_t bytes;
    uint8_t *base = memory(env, &bytes);
    if (!base) return NULL;
    if ((uint64_t)ptr + size > bytes) {
        hal_trap(env, "out of bounds memory access: %llu bytes at %u", (unsigned long long)size, ptr);
        return NULL;
    }
    return base + ptr;
}

/* An area validated earlier: memory only grows, so it is still in bounds. */
void *read_operations(env_t env, uint32_t ptr, uint32_t n, size_t elem, void (*decode)(env_t env, const uint8_t *variant, void *op))
{
    const uint8_t *v = area(env, ptr, (uint64_t)n * 16, 8);
    if (!v) return NULL;
    uint8_t *ops = calloc((size_t)n + 1, elem);
    if (!ops) abort();
    for (uint32_t i = 0; i < n && !trapped(env); i++) decode(env, v + (size_t)i * 16, ops + (size_t)i * elem);
    if (!trapped(env)) return ops;
    free(ops);
    return NULL;
}

uint8_t *mem_at(env_t env, uint32_t ptr)
{
    uint64_t bytes;
    return memory(env, &bytes) + ptr;
}

/* Length of the valid UTF-8 sequence at s (WHATWG ranges), or 0. */
static uint32_t utf8_seq(const uint8_t *s, uint32_t left)
{
    uint8_t c = s[0];
    if (c < 0x80) return 1;
    uint32_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!n || n > left) return 0;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi) return 0;
    for (uint32_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return n;
}

int guest_text(env_t env, uint32_t ptr, uint32_t len, struct str *out)
{
    const uint8_t *p = area(env, ptr, len, 1);
    if (!p) return 0;
    for (uint32_t i = 0, n; i < len; i += n)
        if (!(n = utf8_seq(p + i, len - i))) {
            hal_trap(env, "a string argument is not valid UTF-8");
            return 0;
        }
    uint32_t skip = len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
    out->n = len - skip;
    out->p = malloc(out->n + 1);
    if (!out->p) abort();
    memcpy(out->p, p + skip, out->n);
    out->p[out->n] = 0;
    return 1;
}

/* A guest string (which may hold a NUL) equals a board label. */
int str_is(const struct str *s, const char *label)
{
    return strlen(label) == s->n && !memcmp(s->p, label, s->n);
}

/* cabi_realloc(0, 0, align, size): the block's offset; 0 with trapped() after a trap. */
uint32_t guest_alloc(env_t env, uint32_t align, uint32_t size)
{
    wasm_function_inst_t f = wasm_runtime_lookup_function(INST(env), "cabi_realloc");
    if (!f) {
        hal_trap(env, "the guest exports no cabi_realloc");
        return 0;
    }
    uint32_t argv[4] = {0, 0, align, size};
    if (!wasm_runtime_call_wasm(env, f, 4, argv)) return 0; /* its exception stands */
    uint32_t p = argv[0];
    uint64_t bytes;
    if (!memory(env, &bytes)) return 0;
    if (p % align || (uint64_t)p + size > bytes) {
        hal_trap(env, "cabi_realloc returned a bad pointer %u for %u bytes", p, size);
        return 0;
    }
    return p;
}

/* Lowers host bytes as a list<u8>: one allocation, even when empty. `data` must not point
 * into guest memory, which cabi_realloc may move. */
uint32_t guest_list(env_t env, const uint8_t *data, uint32_t n)
{
    uint32_t p = guest_alloc(env, 1, n);
    if (trapped(env)) return 0;
    if (n) memcpy(mem_at(env, p), data, n);
    return p;
}

void put_list(env_t env, uint32_t at, uint32_t ptr, uint32_t n)
{
    uint8_t *v = mem_at(env, at);
    put32(v, ptr);
    put32(v + 4, n);
}
