// wasmcert-cflags: -mexec-model=reactor
/*
 * The export side of the component boundary (canon lift): the host calls these exports, so
 * it lowers every string or list param into this guest through cabi_realloc, lifts the
 * string result through the pointer the export returns (2 flat results > MAX_FLAT_RESULTS),
 * then calls the export's post-return with that same pointer. Reference:
 * ../shared/reference/component-model.md sections 1-3:
 *   - one realloc per string or list param, (0, 0, align, bytes), the empty ones too;
 *   - more than 16 flat params: one realloc for the params tuple;
 *   - post-return runs after lifting, receives the export's core results, cannot call imports.
 * Each export returns a string describing what it saw: the realloc calls made since the
 * previous export call ended (so only those for its own params), whether each param pointer
 * is the one realloc returned, and the param values. The post-return traps unless it gets
 * exactly the pointer the export returned, once; then it overwrites the result, so a host
 * that lifted after post-return would print garbage.
 * Built with -DBAD_REALLOC (exports-bad-realloc.c), cabi_realloc returns a misaligned
 * pointer for align >= 2, a pointer 1 byte before the end of memory for a non-empty align-1
 * request (the bytes run past the end) and one byte past the end for a zero-size one.
 */
#include <stddef.h>
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name("wasmcert:exports/abi#" name)))
#define POST(name) __attribute__((export_name("cabi_post_wasmcert:exports/abi#" name)))

/* ---- a recording bump cabi_realloc ---- */
typedef struct { uint32_t old_ptr, old_size, align, new_size, ret; } realloc_call;
#define LOG_SIZE 64
static realloc_call calls[LOG_SIZE];
static unsigned ncalls; /* total since instantiation; calls[i % LOG_SIZE] */
static unsigned mark;   /* ncalls when the previous export body ended */

static _Alignas(16) uint8_t arena[256 * 1024];
static size_t arena_used;

__attribute__((unused)) static uint32_t memory_bytes(void) {
    return (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
}

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    size_t a = align ? align : 1;
    uintptr_t base = ((uintptr_t)arena + arena_used + a - 1) & ~(uintptr_t)(a - 1);
    if (base + new_size > (uintptr_t)arena + sizeof arena) __builtin_trap();
    arena_used = base + new_size - (uintptr_t)arena;
    for (size_t i = 0; old && i < old_size && i < new_size; i++) ((uint8_t *)base)[i] = ((uint8_t *)old)[i];
    uintptr_t ret = base;
#ifdef BAD_REALLOC
    if (a >= 2) ret = base + 1;                       /* misaligned, in bounds */
    else if (new_size > 0) ret = memory_bytes() - 1;  /* 1 byte in bounds, the rest past the end */
    else ret = memory_bytes() + 1;                    /* zero-size, past the end */
#endif
    calls[ncalls % LOG_SIZE] = (realloc_call){(uint32_t)(uintptr_t)old, (uint32_t)old_size, (uint32_t)align, (uint32_t)new_size, (uint32_t)ret};
    ncalls++;
    return (void *)ret;
}

/* ---- the result string ---- */
typedef struct { const char *ptr; uint32_t len; } area_t;
#define OUT_SIZE 4096
static char out[OUT_SIZE];
static uint32_t out_len;
/* the return area sits at an odd-looking offset inside a larger block, so a host passing
 * anything but the returned pointer (0, the block, a stale value) is caught */
static _Alignas(8) area_t areas[7];
static area_t *returned; /* what the current export returned; NULL when no post-return is due */

static void put(const char *s) {
    while (*s && out_len < OUT_SIZE) out[out_len++] = *s++;
}
static void putn(const uint8_t *s, uint32_t n) {
    for (uint32_t i = 0; i < n && out_len < OUT_SIZE; i++) out[out_len++] = (char)s[i];
}
static void putu(uint32_t v) {
    char b[11];
    int i = 10;
    b[i] = 0;
    do b[--i] = (char)('0' + v % 10); while (v /= 10);
    put(b + i);
}
static void putx(uint32_t v) {
    char b[9];
    for (int i = 7; i >= 0; i--, v >>= 4) b[i] = "0123456789abcdef"[v & 15];
    b[8] = 0;
    put(b);
}

/* Start of every export body: the previous call's post-return must have run. */
static void begin(void) {
    if (returned) __builtin_trap();
    out_len = 0;
}

/* "reallocs=N" then " size=S align=A" per call (" old=P,S" if it was not a fresh allocation),
 * for the calls made since the previous export call ended. */
static unsigned put_reallocs(void) {
    unsigned n = ncalls - mark;
    put("reallocs=");
    putu(n);
    for (unsigned i = 0; i < n && i < LOG_SIZE; i++) {
        realloc_call *c = &calls[(mark + i) % LOG_SIZE];
        put(" size=");
        putu(c->new_size);
        put(" align=");
        putu(c->align);
        if (c->old_ptr || c->old_size) {
            put(" old=");
            putu(c->old_ptr);
            put(",");
            putu(c->old_size);
        }
    }
    return n;
}

/* the i-th call since mark returned p */
static int from_call(unsigned i, const void *p) {
    return i < ncalls - mark && calls[(mark + i) % LOG_SIZE].ret == (uint32_t)(uintptr_t)p;
}

static void put_ptr(int ok) {
    put(ok ? " ptr=ok" : " ptr=other");
}

static area_t *finish(void) {
    static unsigned k;
    area_t *a = &areas[3 + (k++ % 4)];
    a->ptr = out;
    a->len = out_len;
    returned = a;
    mark = ncalls;
    return a;
}

/* Every post-return: exactly the pointer returned, once; then the result is destroyed. */
static void post(area_t *p) {
    if (!returned || p != returned) __builtin_trap();
    for (uint32_t i = 0; i < p->len; i++) out[i] = '#';
    p->ptr = 0;
    p->len = 0;
    returned = 0;
}

static uint32_t fnv1a(const uint8_t *s, uint32_t n) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
    return h;
}

/* got=<s> for short strings; len, FNV-1a and both ends for long ones */
static void put_string(const uint8_t *s, uint32_t n) {
    if (n <= 256) {
        put(" got=");
        putn(s, n);
        return;
    }
    put(" len=");
    putu(n);
    put(" fnv=");
    putx(fnv1a(s, n));
    put(" head=");
    putn(s, 8);
    put(" tail=");
    putn(s + n - 8, 8);
}

EXPORT("echo") area_t *echo(const uint8_t *s, uint32_t n) {
    begin();
    put_reallocs();
    put_ptr(from_call(0, s));
    put_string(s, n);
    return finish();
}
POST("echo") void echo_post(area_t *p) { post(p); }

static void put_u32s(const uint32_t *v, int n) {
    uint32_t sum = 0;
    put(" got=");
    for (int i = 0; i < n; i++) {
        if (i) put(",");
        putu(v[i]);
        sum += v[i];
    }
    put(" sum=");
    putu(sum);
}

EXPORT("sum17") area_t *sum17(const uint32_t *t) {
    begin();
    put_reallocs();
    put_ptr(from_call(0, t));
    put_u32s(t, 17);
    return finish();
}
POST("sum17") void sum17_post(area_t *p) { post(p); }

EXPORT("rec17") area_t *rec17(const uint32_t *r) {
    begin();
    put_reallocs();
    put_ptr(from_call(0, r));
    put_u32s(r, 17);
    return finish();
}
POST("rec17") void rec17_post(area_t *p) { post(p); }

EXPORT("count") area_t *count(const area_t *l, uint32_t n) {
    begin();
    put_reallocs();
    /* the list first, then its strings in order */
    int ok = from_call(0, l);
    for (uint32_t i = 0; i < n; i++) ok &= from_call(i + 1, l[i].ptr);
    put_ptr(ok);
    put(" n=");
    putu(n);
    put(" got=");
    for (uint32_t i = 0; i < n; i++) {
        if (i) put(",");
        putn((const uint8_t *)l[i].ptr, l[i].len);
    }
    return finish();
}
POST("count") void count_post(area_t *p) { post(p); }

EXPORT("bytes") area_t *bytes(const uint8_t *b, uint32_t n) {
    begin();
    put_reallocs();
    put_ptr(from_call(0, b));
    put(" n=");
    putu(n);
    put(" got=");
    for (uint32_t i = 0; i < n; i++) {
        if (i) put(",");
        putu(b[i]);
    }
    return finish();
}
POST("bytes") void bytes_post(area_t *p) { post(p); }

EXPORT("none") area_t *none(uint32_t x) {
    begin();
    put_reallocs();
    put(" got=");
    putu(x);
    return finish();
}
POST("none") void none_post(area_t *p) { post(p); }

/* ---- post-return calling an import: P1 fd_write, which the adapter forwards to
 * wasi:cli/stdout and wasi:io/streams, host imports. may_leave is false: must trap. ---- */
typedef struct { const void *buf; uint32_t len; } ciovec;
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")))
int32_t fd_write(int32_t fd, const ciovec *iovs, uint32_t n, uint32_t *written);

EXPORT("leave") area_t *leave(const uint8_t *s, uint32_t n) {
    begin();
    put_reallocs();
    put_ptr(from_call(0, s));
    put_string(s, n);
    return finish();
}
POST("leave") void leave_post(area_t *p) {
    post(p);
    static const char msg[] = "post-return reached the host\n";
    ciovec iov = {msg, sizeof msg - 1};
    uint32_t written = 0;
    fd_write(1, &iov, 1, &written);
}
