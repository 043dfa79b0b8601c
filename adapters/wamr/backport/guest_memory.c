/* Guest linear memory as the Canonical ABI uses it: checked areas, traps, cabi_realloc. */
#include "backport.h"

#define INST(env) wasm_runtime_get_module_inst(env)

void trap(wasm_exec_env_t env, const char *msg)
{
    wasm_runtime_set_exception(INST(env), msg);
}
int trapped(wasm_exec_env_t env)
{
    return wasm_runtime_get_exception(INST(env)) != NULL;
}
/* A guest area [off, off+size) aligned to align, or NULL after a trap. Re-fetch after
 * every cabi_realloc call: a memory.grow may move linear memory. */
uint8_t *area(wasm_exec_env_t env, uint32_t off, uint32_t size, uint32_t align)
{
    if (align > 1 && off % align) {
        trap(env, "backport: misaligned pointer");
        return NULL;
    }
    if (!wasm_runtime_validate_app_addr(INST(env), off, size ? size : 1) && size) {
        trap(env, "backport: out of bounds memory access");
        return NULL;
    }
    return (uint8_t *)wasm_runtime_addr_app_to_native(INST(env), off);
}
/* cabi_realloc(0, 0, align, size): the guest offset, or 0 after a trap */
uint32_t guest_alloc(wasm_exec_env_t env, uint32_t align, uint32_t size)
{
    wasm_function_inst_t f = wasm_runtime_lookup_function(INST(env), "cabi_realloc");
    if (!f) {
        trap(env, "backport: the guest exports no cabi_realloc");
        return 0;
    }
    uint32_t argv[4] = {0, 0, align, size};
    if (!wasm_runtime_call_wasm(env, f, 4, argv)) return 0; /* its exception stands */
    uint32_t p = argv[0];
    if (p % align || (size && !wasm_runtime_validate_app_addr(INST(env), p, size))) {
        if (!trapped(env)) trap(env, "backport: cabi_realloc returned a bad pointer");
        return 0;
    }
    return p;
}
/* A new guest block holding data[0, n): its offset. 0 may be a real offset, so callers
 * ask trapped() rather than test the result. `data` must not point into guest memory or
 * the handle table: cabi_realloc runs guest code, which may grow the one or drop from
 * the other. */
uint32_t guest_copy(wasm_exec_env_t env, uint32_t align, const void *data, uint32_t n)
{
    uint32_t g = guest_alloc(env, align, n);
    if (trapped(env)) return 0;
    if (n) memcpy(area(env, g, n, align), data, n);
    return g;
}
