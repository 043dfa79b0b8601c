// wasmcert-cflags: -mexec-model=reactor
/*
 * Probe for component.invoke: a component library (a reactor, no _start) whose one
 * export the host calls by name, as `wasmtime run --invoke 'ping()'` does; it returns
 * the string "ok" through the return pointer, and post-return gets that pointer back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    (void)old_size;
    if (new_size == 0) return (void *)align;
    return realloc(old, new_size);
}

static int32_t result[2];

__attribute__((export_name("wasmcert:probe/probe#ping"))) int32_t *ping(void) {
    result[0] = (int32_t)(intptr_t) "ok";
    result[1] = 2;
    return result;
}

__attribute__((export_name("cabi_post_wasmcert:probe/probe#ping"))) void ping_post(int32_t *r) {
    if (r != result) __builtin_trap();
}
