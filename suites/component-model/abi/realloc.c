// wasmcert-cflags: -mexec-model=reactor
/*
 * cabi_realloc misbehaving on purpose for the one call under test (component-model.md
 * section 1: "The returned pointer is alignment- and bounds-checked even for zero-size
 * allocations, and a failed check traps"). Cases named trap-* must trap; they announce
 * the call first. The specs give the environment.
 */
#include "lib/cabi.h"

static void call_env_with(enum fault f, const char *what) {
    _Alignas(4) cabi_list l = {0, 0};
    about_to("get-environment with cabi_realloc %s; this must trap", what);
    realloc_fault = f;
    env_get_environment(&l);
    realloc_fault = FAULT_NONE;
    returned_instead();
    printf("# list (%u, %u)\n", (uint32_t)(uintptr_t)l.ptr, l.len);
    show_calls(ncalls > 4 ? ncalls - 4 : 0);
}

static void trap_misaligned(int argc, char **argv) {
    call_env_with(FAULT_MISALIGN, "returning an odd pointer for the align-4 list");
}
static void trap_oob(int argc, char **argv) {
    call_env_with(FAULT_OOB, "returning memory size - 4 (aligned) for the 16-byte list");
}
static void trap_zero_size_oob(int argc, char **argv) {
    call_env_with(FAULT_ZERO_SIZE_OOB, "returning memory size + 64 (aligned, out of bounds) for the empty list (0, 0, 4, 0)");
}

/* Pointer 0 is aligned and in bounds: the reference accepts it, and the list lands at address 0. */
static void zero_ptr(int argc, char **argv) {
    _Alignas(4) cabi_list l = {(void *)1, 0};
    unsigned m = ncalls;
    realloc_fault = FAULT_ZERO;
    env_get_environment(&l);
    realloc_fault = FAULT_NONE;
    tap_eq(ncalls - m, 3, "three reallocs (1 list + key + value)");
    tap_eq(call_since(m, 0)->ret, 0, "the list's realloc returned 0");
    tap_eq((uint32_t)(uintptr_t)l.ptr, 0, "the list pointer written back is 0");
    tap_eq(l.len, 1, "one variable");
    cabi_env e;
    memcpy(&e, (const void *)opaque_zero, sizeof e); /* the tuple the host stored at address 0 */
    tap_bytes(e.key.ptr, e.key.len, "WASMCERT_K", 10, "the tuple at address 0 holds the key");
    tap_bytes(e.value.ptr, e.value.len, "v", 1, "and the value");
}

/* Pointer == memory size for a zero-size allocation is in bounds (ptr + 0 <= size). */
static void zero_size_at_end(int argc, char **argv) {
    _Alignas(4) cabi_list l = {(void *)1, 0xdead};
    unsigned m = ncalls;
    realloc_fault = FAULT_AT_END;
    env_get_environment(&l);
    realloc_fault = FAULT_NONE;
    tap_eq(ncalls - m, 1, "one realloc for the empty list");
    tap_eq(l.len, 0, "the empty list is lowered");
    tap_eq((uint32_t)(uintptr_t)l.ptr, memory_bytes(), "its pointer is the one realloc gave: memory size");
}

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"trap-misaligned", trap_misaligned}, {"trap-oob", trap_oob}, {"trap-zero-size-oob", trap_zero_size_oob},
        {"zero-ptr", zero_ptr}, {"zero-size-at-end", zero_size_at_end},
    };
    return dispatch(cases, sizeof cases / sizeof *cases, argc, argv);
}
