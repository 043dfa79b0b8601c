// wasmcert-cflags: -Wl,--export-table -Wl,--growable-table -Wl,--export=main_scale
/*
 * The main module of the dynamic-loading tests: loads the modules in side/ at run time through
 * the host loader wasmcert:dylink/loader@0.1.0 (docs/core-features.md). argv[1] picks
 * the behaviour: resolve (symbols resolve both ways), relocs (data relocations point
 * where they must), missing (a missing symbol or module gives a clean error).
 */
#include <stdint.h>
#include <stdlib.h>
#include "tap.h"

#define LOADER __attribute__((import_module("wasmcert:dylink/loader@0.1.0")))
LOADER __attribute__((import_name("load"))) int32_t dl_load(const char *name, size_t len);
LOADER __attribute__((import_name("sym"))) int32_t dl_sym(int32_t handle, const char *name, size_t len);
LOADER __attribute__((import_name("last-error"))) int32_t dl_last_error(char *buf, size_t len);

int main_scale = 3;
__attribute__((export_name("main_twice"))) int main_twice(int x) { return 2 * x; }

typedef int (*ii_i)(int, int);
typedef int (*i_i)(int);
typedef int (*v_i)(void);

static int32_t load(const char *name) { return dl_load(name, strlen(name)); }
static int32_t sym(int32_t h, const char *name) { return dl_sym(h, name, strlen(name)); }
static const char *last_error(void) {
    static char buf[256];
    int32_t n = dl_last_error(buf, sizeof buf - 1);
    buf[n < (int32_t)sizeof buf - 1 ? n : (int32_t)sizeof buf - 1] = 0;
    return buf;
}
#define FN(type, h, name) ((type)(uintptr_t)sym(h, name))
#define DATA(type, h, name) ((type)(uintptr_t)sym(h, name))

static void resolve(void) {
    int32_t h = load("side/libcore.wasm");
    if (!tap_ok(h > 0, "side/libcore.wasm loads (handle %d: %s)", h, h > 0 ? "" : last_error())) return;
    tap_eq(load("side/libcore.wasm"), h, "loading it again gives the same handle");
    tap_eq(FN(ii_i, h, "side_add")(2, 3), 5, "side_add resolves to a callable function");
    tap_eq(FN(i_i, h, "side_scaled")(5), 30, "the side module calls the main module's function and reads its data");
    v_i bump = FN(v_i, h, "side_bump");
    tap_eq(bump(), 8, "the side module's data is live: first bump");
    tap_eq(bump(), 9, "second bump");
    tap_eq(*DATA(int *, h, "side_counter"), 9, "the data symbol's address is where the side module's code writes");
    main_scale = 4;
    tap_eq(FN(i_i, h, "side_scaled")(5), 40, "the side module sees the main module's data change");
}

static void relocs(void) {
    int32_t h = load("side/libcore.wasm");
    if (!tap_ok(h > 0, "side/libcore.wasm loads (handle %d: %s)", h, h > 0 ? "" : last_error())) return;
    int *counter = DATA(int *, h, "side_counter");
    tap_eq(*counter, 7, "initialised data is at the side module's __memory_base");
    tap_ok(*DATA(int **, h, "side_counter_ptr") == counter, "a pointer to its own data is relocated");
    tap_ok(*DATA(int **, h, "main_scale_ptr") == &main_scale, "a pointer to the main module's data is relocated (GOT.mem)");
    const char *greeting = *DATA(const char **, h, "side_greeting");
    tap_ok(greeting && strcmp(greeting, "hello from side") == 0, "a pointer to its read-only data is relocated");
    ii_i add_ptr = *DATA(ii_i *, h, "side_add_ptr");
    tap_ok(add_ptr == FN(ii_i, h, "side_add"), "a pointer to an exported function is its table slot (GOT.func)");
    tap_eq(add_ptr(4, 5), 9, "calling through it works");
    tap_eq((*DATA(ii_i *, h, "side_sub_ptr"))(9, 4), 5, "a pointer to a local function is relocated by __table_base");
    int *heap = malloc(4096);
    tap_ok(heap && ((char *)heap + 4096 <= (char *)counter || (char *)heap >= (char *)(counter + 1)), "malloc after loading does not overlap the side module's data");
    free(heap);
}

static void missing(void) {
    int32_t h = load("side/libcore.wasm");
    if (!tap_ok(h > 0, "side/libcore.wasm loads (handle %d: %s)", h, h > 0 ? "" : last_error())) return;
    tap_eq(sym(h, "no_such_symbol"), -1, "sym of a missing symbol returns -1");
    tap_ok(strstr(last_error(), "no_such_symbol") != NULL, "the error names the symbol: %s", last_error());
    tap_eq(load("side/libmissing.wasm"), -3, "a side module with an unresolved import does not load (-3)");
    tap_ok(strstr(last_error(), "side_undefined_function") != NULL, "the error names the unresolved symbol: %s", last_error());
    tap_eq(load("side/no-such-module.wasm"), -1, "a missing side module gives -1");
    tap_eq(load("../core/side/libcore.wasm"), -1, "a name leaving the main module's folder is refused");
    tap_eq(sym(99, "side_add"), -1, "sym with an unknown handle returns -1");
    tap_eq(FN(ii_i, h, "side_add")(20, 22), 42, "the loaded module still works after the errors");
}

int main(int argc, char **argv) {
    tap_begin();
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "resolve") == 0) resolve();
    else if (strcmp(what, "relocs") == 0) relocs();
    else if (strcmp(what, "missing") == 0) missing();
    else tap_ok(0, "unknown mode %s", what);
    return tap_end();
}
