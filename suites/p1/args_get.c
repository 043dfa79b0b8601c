/* args_sizes_get / args_get: count, exact bytes, NUL terminators, and no write past the sizes. */
#include "tap.h"
#include <stdlib.h>
#include <string.h>

#define CANARY 0xA5
#define LONG_LEN 1000

/* Must match args_get.json; argv[0] is the module file name the harness passes. */
static const char *const want[] = {
    "args_get.wasm",
    "",
    "héllo wörld ✓ 日本語", /* UTF-8 source: compiled as these bytes */
    NULL,                                                                          /* LONG_LEN chars "0123456789..." */
    "with space=and equals",
};
#define WANT_ARGC (sizeof want / sizeof *want)

static size_t want_len(size_t i) { return want[i] ? strlen(want[i]) : LONG_LEN; }

static int matches(size_t i, const char *got) {
    if (want[i]) return strcmp(got, want[i]) == 0;
    for (size_t k = 0; k < LONG_LEN; k++)
        if (got[k] != (char)('0' + k % 10)) return 0;
    return got[LONG_LEN] == '\0';
}

int main(void) {
    __wasi_size_t argc = 0, size = 0;
    tap_begin();
    tap_errno(__wasi_args_sizes_get(&argc, &size), __WASI_ERRNO_SUCCESS, "args_sizes_get succeeds");
    tap_eq(argc, WANT_ARGC, "argc counts argv[0] plus the %d arguments passed", (int)WANT_ARGC - 1);
    size_t want_size = 0;
    for (size_t i = 0; i < WANT_ARGC; i++) want_size += want_len(i) + 1;
    tap_eq(size, want_size, "argv_buf_size is the sum of every argument's UTF-8 bytes plus one NUL each");

    /* Room past both sizes, filled with a canary the host must not touch. */
    size_t slots = argc + 4;
    uint8_t **argv = malloc(slots * sizeof *argv);
    uint8_t *buf = malloc(size + 64);
    if (!argv || !buf) return 2;
    for (size_t i = 0; i < slots; i++) argv[i] = (uint8_t *)(uintptr_t)0xDEADBEEF;
    memset(buf, CANARY, size + 64);
    tap_errno(__wasi_args_get(argv, buf), __WASI_ERRNO_SUCCESS, "args_get succeeds");

    int inside = 1;
    for (size_t i = 0; i < argc; i++) {
        if (argv[i] < buf || argv[i] >= buf + size || !memchr(argv[i], 0, (size_t)(buf + size - argv[i]))) inside = 0;
    }
    tap_ok(inside, "every argv[i] points into argv_buf and ends with a NUL inside argv_buf_size bytes");
    if (!inside || argc != WANT_ARGC) {
        tap_skip("argv layout is wrong", "argument contents");
        return tap_end();
    }
    tap_ok(matches(0, (char *)argv[0]), "argv[0] is the program name the harness passed (\"args_get.wasm\"), got \"%s\"", argv[0]);
    tap_ok(matches(1, (char *)argv[1]), "argv[1], an empty argument, is present as an empty string (len %d)", (int)strlen((char *)argv[1]));
    tap_ok(matches(2, (char *)argv[2]), "argv[2] keeps its non-ASCII UTF-8 bytes exactly, got \"%s\"", argv[2]);
    tap_ok(matches(3, (char *)argv[3]), "argv[3], a %d-byte argument, arrives whole (strlen %d)", LONG_LEN, (int)strlen((char *)argv[3]));
    tap_ok(matches(4, (char *)argv[4]), "argv[4] with a space and '=' is one argument, got \"%s\"", argv[4]);

    int untouched = 1;
    for (size_t i = size; i < size + 64; i++)
        if (buf[i] != CANARY) untouched = 0;
    tap_ok(untouched, "args_get writes nothing past argv_buf_size bytes of argv_buf");
    untouched = 1;
    for (size_t i = argc + 1; i < slots; i++)
        if (argv[i] != (uint8_t *)(uintptr_t)0xDEADBEEF) untouched = 0;
    tap_ok(untouched, "args_get writes no pointer past argv[argc] (argv[argc] itself is not checked: wasi-libc leaves room for a NULL there)");
    return tap_end();
}
