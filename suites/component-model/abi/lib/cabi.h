/*
 * Hand-written canonical ABI for WASI 0.2.12 imports, shared by the component-model/abi
 * guests. Each guest is built as a reactor (`-mexec-model=reactor`) and exports `_start`
 * itself, so that no export is wrapped with ctor/dtor calls. `cabi_realloc` is a bump
 * allocator over a static arena that records every call and can misbehave on purpose
 * (realloc_fault) for the one call under test. Layouts: ../../../../../shared/reference/
 * component-model.md sections 1-3 (MAX_FLAT_RESULTS = 1: more than one flat result goes
 * through a trailing retptr; one realloc per list or string lowered into the guest).
 */
#ifndef WASMCERT_CABI_H
#define WASMCERT_CABI_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"

#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
#define FS "wasi:filesystem/types@0.2.12"
#define IO "wasi:io/streams@0.2.12"
#define POLL "wasi:io/poll@0.2.12"

/* ---- imports (core signatures after flattening) ---- */
IMPORT("wasi:cli/environment@0.2.12", "get-arguments") void env_get_arguments(void *ret);
IMPORT("wasi:cli/environment@0.2.12", "get-environment") void env_get_environment(void *ret);
IMPORT("wasi:filesystem/preopens@0.2.12", "get-directories") void fs_get_directories(void *ret);
IMPORT(FS, "[method]descriptor.stat") void fs_stat(int32_t self, void *ret);
IMPORT(FS, "[method]descriptor.stat-at") void fs_stat_at(int32_t self, int32_t pflags, const void *path, uint32_t len, void *ret);
IMPORT(FS, "[method]descriptor.metadata-hash") void fs_metadata_hash(int32_t self, void *ret);
IMPORT(FS, "[method]descriptor.metadata-hash-at") void fs_metadata_hash_at(int32_t self, int32_t pflags, const void *path, uint32_t len, void *ret);
IMPORT(FS, "[method]descriptor.get-type") void fs_get_type(int32_t self, void *ret);
IMPORT(FS, "[method]descriptor.get-flags") void fs_get_flags(int32_t self, void *ret);
IMPORT(FS, "[method]descriptor.open-at") void fs_open_at(int32_t self, int32_t pflags, const void *path, uint32_t len, int32_t oflags, int32_t dflags, void *ret);
IMPORT(FS, "[method]descriptor.read") void fs_read(int32_t self, uint64_t len, uint64_t offset, void *ret);
IMPORT(FS, "[method]descriptor.write") void fs_write(int32_t self, const void *buf, uint32_t len, uint64_t offset, void *ret);
IMPORT(FS, "[method]descriptor.read-via-stream") void fs_read_via_stream(int32_t self, uint64_t offset, void *ret);
IMPORT(FS, "[resource-drop]descriptor") void fs_drop(int32_t self);
IMPORT(IO, "[method]input-stream.read") void in_read(int32_t self, uint64_t len, void *ret);
IMPORT(IO, "[method]input-stream.subscribe") int32_t in_subscribe(int32_t self);
IMPORT(IO, "[resource-drop]input-stream") void in_drop(int32_t self);
IMPORT(IO, "[method]output-stream.check-write") void out_check_write(int32_t self, void *ret);
IMPORT(IO, "[method]output-stream.write") void out_write(int32_t self, const void *buf, uint32_t len, void *ret);
IMPORT(IO, "[method]output-stream.blocking-write-and-flush") void out_blocking_write_and_flush(int32_t self, const void *buf, uint32_t len, void *ret);
IMPORT(IO, "[method]output-stream.blocking-flush") void out_blocking_flush(int32_t self, void *ret);
IMPORT(IO, "[method]output-stream.subscribe") int32_t out_subscribe(int32_t self);
IMPORT(IO, "[resource-drop]output-stream") void out_drop(int32_t self);
IMPORT(POLL, "[method]pollable.block") void poll_block(int32_t self);
IMPORT(POLL, "[method]pollable.ready") int32_t poll_ready(int32_t self);
IMPORT(POLL, "[resource-drop]pollable") void poll_drop(int32_t self);
IMPORT(POLL, "poll") void poll_poll(const void *list, uint32_t len, void *ret);
IMPORT("wasi:cli/stdout@0.2.12", "get-stdout") int32_t cli_get_stdout(void);
IMPORT("wasi:cli/stdin@0.2.12", "get-stdin") int32_t cli_get_stdin(void);
IMPORT("wasi:clocks/monotonic-clock@0.2.12", "now") uint64_t mono_now(void);
IMPORT("wasi:clocks/monotonic-clock@0.2.12", "subscribe-duration") int32_t mono_subscribe_duration(uint64_t ns);
IMPORT("wasi:clocks/wall-clock@0.2.12", "now") void wall_now(void *ret);
IMPORT("wasi:random/random@0.2.12", "get-random-u64") uint64_t random_u64(void);
IMPORT("wasi:random/random@0.2.12", "get-random-bytes") void random_bytes(uint64_t len, void *ret);
IMPORT("wasi:random/insecure-seed@0.2.12", "insecure-seed") void insecure_seed(void *ret);

/* ---- enums and flags ---- */
enum { DT_UNKNOWN, DT_BLOCK, DT_CHAR, DT_DIRECTORY, DT_FIFO, DT_SYMLINK, DT_REGULAR, DT_SOCKET };
enum { EC_ACCESS = 0, EC_BADF = 3, EC_EXIST = 7, EC_ILSEQ = 9, EC_INVAL = 12, EC_ISDIR = 14, EC_NOENT = 20, EC_NOTDIR = 24, EC_OVERFLOW = 30, EC_NOTPERM = 31, EC_INVALID_SEEK = 34 };
#define PF_FOLLOW 1
#define OF_CREATE 1
#define OF_DIRECTORY 2
#define OF_EXCL 4
#define OF_TRUNC 8
#define DF_READ 1
#define DF_WRITE 2
#define DF_MUTATE_DIR 32

/* ---- return areas (the layouts the canonical ABI gives) ---- */
typedef struct { const uint8_t *ptr; uint32_t len; } cabi_str;              /* string, list<u8> */
typedef struct { void *ptr; uint32_t len; } cabi_list;                      /* any list */
typedef struct { cabi_str key, value; } cabi_env;                           /* tuple<string,string>: 16, align 4 */
typedef struct { int32_t handle; cabi_str name; } cabi_preopen;             /* tuple<own<descriptor>,string>: 12 */
typedef struct { uint8_t is_some; uint8_t _p[7]; uint64_t seconds; uint32_t ns; uint32_t _q; } cabi_opt_datetime; /* 24, align 8 */
typedef struct {
    uint8_t tag; uint8_t _p[7];                         /* result disc @0, payload @8 */
    union {
        uint8_t err;
        struct { uint8_t type; uint8_t _p[7]; uint64_t link_count, size; cabi_opt_datetime atime, mtime, ctime; } ok;
    } u;
} res_stat;                                             /* 104 bytes */
typedef struct { uint8_t tag; uint8_t _p[7]; union { uint8_t err; struct { uint64_t lower, upper; } ok; } u; } res_hash; /* 24 */
typedef struct { uint8_t tag; uint8_t val; } res_u8;    /* result<enum|flags, error-code>: disc @0, payload @1 */
typedef struct { uint8_t tag; uint8_t _p[3]; union { uint8_t err; int32_t handle; } u; } res_handle; /* 8 */
typedef struct { uint8_t tag; uint8_t _p[3]; union { uint8_t err; struct { cabi_str data; uint8_t end; } ok; } u; } res_read; /* 16 */
typedef struct { uint8_t tag; uint8_t _p[7]; union { uint8_t err; uint64_t size; } u; } res_u64_fs; /* result<filesize, error-code> */
/* result<T, stream-error> where stream-error = variant { last-operation-failed(own<error>), closed } */
typedef struct { uint8_t tag; uint8_t _p[3]; union { struct { uint8_t tag; uint8_t _p[3]; int32_t error; } err; cabi_str ok; } u; } res_stream_list; /* 12 */
typedef struct { uint8_t tag; uint8_t _p[7]; union { struct { uint8_t tag; uint8_t _p[3]; int32_t error; } err; uint64_t ok; } u; } res_stream_u64; /* 16 */
typedef struct { uint8_t tag; uint8_t _p[3]; struct { uint8_t tag; uint8_t _p[3]; int32_t error; } err; } res_stream_unit; /* 12 */
typedef struct { uint64_t seconds; uint32_t ns; uint32_t _q; } cabi_datetime;

/* ---- cabi_realloc: a recording bump allocator with fault injection ---- */
#define ARENA_SIZE (4u << 20)
static _Alignas(16) uint8_t arena[ARENA_SIZE];
static size_t arena_used;

typedef struct { uint32_t old_ptr, old_size, align, new_size, ret; } realloc_call;
#define CALLS_KEPT 512
static realloc_call calls[CALLS_KEPT];
static unsigned ncalls; /* total calls ever; calls[i % CALLS_KEPT] */

enum fault { FAULT_NONE, FAULT_MISALIGN, FAULT_OOB, FAULT_ZERO, FAULT_ZERO_SIZE_OOB, FAULT_AT_END };
static volatile enum fault realloc_fault; /* applies to the next call only, then clears */

__attribute__((unused)) static uint32_t memory_bytes(void) {
    return (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
}

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    enum fault f = realloc_fault;
    realloc_fault = FAULT_NONE;
    uintptr_t ret;
    if (align == 0) align = 1;
    uintptr_t base = ((uintptr_t)arena + arena_used + align - 1) & ~(uintptr_t)(align - 1);
    if (base + new_size > (uintptr_t)arena + ARENA_SIZE) {
        fprintf(stderr, "cabi_realloc: arena exhausted (%zu bytes)\n", new_size);
        abort();
    }
    arena_used = base + new_size - (uintptr_t)arena;
    if (old && old_size) memcpy((void *)base, old, old_size < new_size ? old_size : new_size);
    ret = base;
    switch (f) {
    case FAULT_MISALIGN: ret = base + 1; break;                       /* align >= 2 callers get an odd pointer */
    case FAULT_OOB: ret = memory_bytes() - align; break;              /* aligned, but only `align` bytes left */
    case FAULT_ZERO: ret = 0; break;                                   /* a valid, aligned address */
    case FAULT_ZERO_SIZE_OOB: ret = memory_bytes() + 64; break;       /* aligned, past the end */
    case FAULT_AT_END: ret = memory_bytes(); break;                    /* aligned; in bounds only for size 0 */
    default: break;
    }
    realloc_call *c = &calls[ncalls % CALLS_KEPT];
    *c = (realloc_call){(uint32_t)(uintptr_t)old, (uint32_t)old_size, (uint32_t)align, (uint32_t)new_size, (uint32_t)ret};
    ncalls++;
    return (void *)ret;
}

/* The i-th realloc call since mark `m` (0-based). */
__attribute__((unused)) static realloc_call *call_since(unsigned m, unsigned i) {
    return &calls[(m + i) % CALLS_KEPT];
}

/* Checks call i since mark m is (0, 0, align, size). */
__attribute__((unused)) static int check_alloc(unsigned m, unsigned i, uint32_t align, uint32_t size, const char *what) {
    realloc_call *c = call_since(m, i);
    int ok = c->old_ptr == 0 && c->old_size == 0 && c->align == align && c->new_size == size;
    tap_ok(ok, "realloc #%u is (0, 0, %u, %u) for %s", i + 1, align, size, what);
    if (!ok) printf("  ---\n  got: (%u, %u, %u, %u)\n  ...\n", c->old_ptr, c->old_size, c->align, c->new_size);
    return ok;
}

__attribute__((unused)) static void show_calls(unsigned m) {
    for (unsigned i = m; i < ncalls && i < m + 16; i++) {
        realloc_call *c = &calls[i % CALLS_KEPT];
        printf("# realloc(%u, %u, %u, %u) -> %u\n", c->old_ptr, c->old_size, c->align, c->new_size, c->ret);
    }
}

/* ---- helpers ---- */
__attribute__((unused)) static int32_t root_dir(void) {
    _Alignas(4) cabi_list l;
    fs_get_directories(&l);
    if (l.len < 1) {
        printf("Bail out! no preopen\n");
        exit(2);
    }
    return ((cabi_preopen *)l.ptr)[0].handle;
}

__attribute__((unused)) static res_handle open_at(int32_t dir, const char *path, int32_t oflags, int32_t dflags) {
    res_handle r;
    memset(&r, 0xAA, sizeof r);
    fs_open_at(dir, PF_FOLLOW, path, (uint32_t)strlen(path), oflags, dflags, &r);
    return r;
}

__attribute__((unused)) static int32_t must_open(int32_t dir, const char *path, int32_t dflags) {
    res_handle r = open_at(dir, path, 0, dflags);
    if (r.tag != 0) {
        printf("Bail out! open-at %s failed: tag %u err %u\n", path, r.tag, r.u.err);
        exit(2);
    }
    return r.u.handle;
}

/* Announce a call that must trap; flushed so the host shows it even when the trap ends the run. */
__attribute__((unused)) static void about_to(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("# about to: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
}

__attribute__((unused)) static void returned_instead(void) {
    printf("# the call returned (no trap)\n");
    fflush(stdout);
}

/* An address the compiler cannot prove null or constant. */
static volatile uintptr_t opaque_zero = 0;

/* ---- entry ---- */
typedef struct { const char *name; void (*run)(int argc, char **argv); } test_case;

/*
 * argv comes from get-arguments itself, not from libc's args_get: the P1 adapter copies
 * the arguments into a one-page arena of its own and hits `unreachable` when they exceed
 * 64 KiB, which would end the args-long case before it starts.
 */
extern int __main_argc_argv(int argc, char **argv);
__attribute__((export_name("_start"))) void start(void) {
    _Alignas(4) cabi_list l;
    env_get_arguments(&l);
    cabi_str *s = l.ptr;
    char **argv = calloc(l.len + 1, sizeof *argv);
    for (uint32_t i = 0; argv && i < l.len; i++) {
        argv[i] = malloc(s[i].len + 1);
        if (!argv[i]) break;
        memcpy(argv[i], s[i].ptr, s[i].len);
        argv[i][s[i].len] = 0;
    }
    exit(__main_argc_argv((int)l.len, argv));
}

__attribute__((unused)) static int dispatch(const test_case *cases, int n, int argc, char **argv) {
    if (argc < 2) {
        printf("Bail out! usage: %s CASE\n", argv[0]);
        return 2;
    }
    for (int i = 0; i < n; i++)
        if (strcmp(cases[i].name, argv[1]) == 0) {
            tap_begin();
            cases[i].run(argc, argv);
            return tap_end();
        }
    printf("Bail out! unknown case %s\n", argv[1]);
    return 2;
}

#endif
