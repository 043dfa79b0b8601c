/*
 * environ_sizes_get / environ_get: the guest sees exactly the spec's variables, nothing
 * from the host. argv[1] picks the mode: "full" expects the set below; "empty" expects
 * no variable and stops after environ_sizes_get (as wasi-libc does when the count is 0);
 * "empty-get" also calls environ_get with the empty sizes, which must succeed.
 */
#include "tap.h"
#include <stdlib.h>
#include <string.h>

#define CANARY 0x5A

/* Must match environ_get.json. The witx does not order the entries. */
static const char *const full[] = {
    "WASMCERT_PLAIN=value",
    "WASMCERT_EMPTY=",
    "WASMCERT_UNICODE=ünïcödé ✓ 日本", /* UTF-8 source: compiled as these bytes */
    "WASMCERT_EQUALS=a=b=c",
    "WASMCERT_SPACE= leading and trailing ",
};

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "full";
    int empty = strcmp(mode, "full") != 0;
    const char *const *want = empty ? NULL : full;
    size_t nwant = empty ? 0 : sizeof full / sizeof *full;
    size_t want_size = 0;
    for (size_t i = 0; i < nwant; i++) want_size += strlen(want[i]) + 1;

    __wasi_size_t count = 0xFFFF, size = 0xFFFF;
    tap_begin();
    tap_errno(__wasi_environ_sizes_get(&count, &size), __WASI_ERRNO_SUCCESS, "environ_sizes_get succeeds");
    tap_eq(count, nwant, "the guest sees exactly the %d variable(s) of the spec, no host variable", (int)nwant);
    tap_eq(size, want_size, "environ_buf_size is the sum of KEY=VALUE bytes plus one NUL per entry");

    if (strcmp(mode, "empty") == 0) return tap_end();

    size_t slots = count + 4;
    uint8_t **env = malloc(slots * sizeof *env);
    uint8_t *buf = malloc(size + 64);
    if (!env || !buf) return 2;
    for (size_t i = 0; i < slots; i++) env[i] = (uint8_t *)(uintptr_t)0xDEADBEEF;
    memset(buf, CANARY, size + 64);
    tap_errno(__wasi_environ_get(env, buf), __WASI_ERRNO_SUCCESS, "environ_get succeeds");

    int inside = 1;
    for (size_t i = 0; i < count; i++) {
        if (env[i] < buf || env[i] >= buf + size || !memchr(env[i], 0, (size_t)(buf + size - env[i]))) inside = 0;
    }
    tap_ok(inside, "every environ[i] points into environ_buf and ends with a NUL inside environ_buf_size bytes");

    if (!empty) {
        for (size_t w = 0; w < nwant; w++) {
            int seen = 0;
            for (size_t i = 0; inside && i < count; i++)
                if (strcmp((char *)env[i], want[w]) == 0) seen++;
            tap_eq(seen, 1, "the entry \"%s\" appears exactly once, byte for byte", want[w]);
        }
    }
    int stray = 0;
    for (size_t i = 0; inside && i < count; i++) {
        int known = 0;
        for (size_t w = 0; w < nwant; w++)
            if (strcmp((char *)env[i], want[w]) == 0) known = 1;
        if (!known) {
            stray++;
            printf("# unexpected entry: %s\n", (char *)env[i]);
        }
    }
    tap_eq(stray, 0, "no entry outside the spec's env is visible (no host variable leaks)");

    int untouched = 1;
    for (size_t i = size; i < size + 64; i++)
        if (buf[i] != CANARY) untouched = 0;
    tap_ok(untouched, "environ_get writes nothing past environ_buf_size bytes of environ_buf");
    untouched = 1;
    for (size_t i = count + 1; i < slots; i++)
        if (env[i] != (uint8_t *)(uintptr_t)0xDEADBEEF) untouched = 0;
    tap_ok(untouched, "environ_get writes no pointer past environ[count] (environ[count] itself is not checked: wasi-libc leaves room for a NULL there)");
    return tap_end();
}
