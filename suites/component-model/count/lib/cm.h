/*
 * The component path of the count guests: every measured call is a direct import of a
 * WASI 0.2.12 function, lowered by hand (canonical ABI: handles are i32, u64 is i64, a
 * result of more than one flat value goes to a trailing retptr the caller provides,
 * result<T, E> is a discriminant byte then the payload at the payload's alignment).
 * The module is a reactor that exports `_start` itself: a command would wrap the
 * cabi_realloc export in ctor/dtor calls that tear stdio down after the first realloc.
 *
 * Writes through an output-stream use blocking-write-and-flush, which takes at most 4096
 * bytes: one logical call of a larger size is ceil(size / 4096) import calls of ≤ 4096
 * bytes each (the spec's host_counts are per import call); size 0 is one call with an
 * empty list.
 */
#ifndef WASMCERT_COUNT_CM_H
#define WASMCERT_COUNT_CM_H

#define PATH_NAME "cm"
#include "count.h"

#define IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define STREAMS "wasi:io/streams@0.2.12"
#define TYPES "wasi:filesystem/types@0.2.12"

IMPORT("wasi:clocks/monotonic-clock@0.2.12", "now") extern uint64_t mono_now(void);
IMPORT("wasi:random/random@0.2.12", "get-random-bytes") extern void get_random_bytes(uint64_t len, void *ret);
IMPORT("wasi:cli/stdout@0.2.12", "get-stdout") extern int32_t get_stdout(void);
IMPORT("wasi:filesystem/preopens@0.2.12", "get-directories") extern void get_directories(void *ret);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") extern void out_blocking_write_and_flush(int32_t self, const void *p, uint32_t n, void *ret);
IMPORT(STREAMS, "[method]input-stream.blocking-read") extern void in_blocking_read(int32_t self, uint64_t len, void *ret);
IMPORT(STREAMS, "[resource-drop]output-stream") extern void drop_output_stream(int32_t h);
IMPORT(STREAMS, "[resource-drop]input-stream") extern void drop_input_stream(int32_t h);
IMPORT("wasi:io/error@0.2.12", "[resource-drop]error") extern void drop_error(int32_t h);
IMPORT(TYPES, "[method]descriptor.open-at")
extern void descriptor_open_at(int32_t self, int32_t path_flags, const char *path, uint32_t path_len, int32_t open_flags, int32_t flags, void *ret);
IMPORT(TYPES, "[method]descriptor.read") extern void descriptor_read(int32_t self, uint64_t len, uint64_t offset, void *ret);
IMPORT(TYPES, "[method]descriptor.write") extern void descriptor_write(int32_t self, const void *p, uint32_t n, uint64_t offset, void *ret);
IMPORT(TYPES, "[method]descriptor.read-via-stream") extern void descriptor_read_via_stream(int32_t self, uint64_t offset, void *ret);
IMPORT(TYPES, "[method]descriptor.write-via-stream") extern void descriptor_write_via_stream(int32_t self, uint64_t offset, void *ret);
IMPORT(TYPES, "[resource-drop]descriptor") extern void drop_descriptor(int32_t h);

/* ---- the counting allocator: every call the host makes, whether or not the loop runs ---- */
static struct counts counted;

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
    counted.reallocs++;
    counted.bytes += new_size;
    if (old) counted.bad_old++;
    if (align == 0 || (align & (align - 1))) counted.bad_align++;
    if (align == 0) align = 1;
    void *p;
    if (old && old_size) {
        p = realloc(old, new_size ? new_size : 1); /* the ABI never does this; counted above as bad_old */
    } else if (new_size == 0) {
        return (void *)align; /* in bounds and aligned; nothing to free */
    } else if (align <= 16) {
        p = malloc(new_size);
    } else {
        p = aligned_alloc(align, (new_size + align - 1) & ~(align - 1));
    }
    if (!p) abort();
    return p;
}

extern int __main_void(void);
__attribute__((export_name("_start"))) void start(void) { exit(__main_void()); }

static struct counts path_counts(void) { return counted; }
static uint64_t now_ns(void) { return mono_now(); }

/* ---- result layouts ---- */
struct ret_unit_stream { uint8_t tag; uint8_t pad[3]; uint8_t err_tag; uint8_t pad2[3]; int32_t err; }; /* result<_, stream-error> */
struct ret_list_stream { uint8_t tag; uint8_t pad[3]; uint8_t *ptr; uint32_t len; };               /* result<list<u8>, stream-error> */
struct ret_read { uint8_t tag; uint8_t pad[3]; uint8_t *ptr; uint32_t len; uint8_t eof; };          /* result<tuple<list<u8>, bool>, error-code> */
struct ret_u64 { uint8_t tag; uint8_t pad[7]; uint64_t value; };                                     /* result<filesize, error-code> */
struct ret_handle { uint8_t tag; uint8_t pad[3]; int32_t value; };                                   /* result<own<T>, error-code> */
struct ret_list { uint8_t *ptr; uint32_t len; };                                                      /* list<T> */
_Static_assert(sizeof(struct ret_unit_stream) == 12, "result<_, stream-error> is 12 bytes");
_Static_assert(sizeof(struct ret_read) == 16, "result<tuple<list<u8>, bool>, error-code> is 16 bytes");
_Static_assert(sizeof(struct ret_u64) == 16, "result<u64, error-code> is 16 bytes");

static int32_t h_file = -1, h_out = -1, h_in = -1;

static const char *stream_failure(struct ret_unit_stream *ret) {
    if (ret->err_tag == 0) {
        drop_error(ret->err);
        return "stream-error.last-operation-failed";
    }
    return "stream-error.closed";
}

static const char *path_rewind(struct run *r) {
    _Alignas(8) struct ret_handle ret;
    if (r->op == OP_STREAM_WRITE) {
        if (h_out >= 0) drop_output_stream(h_out);
        descriptor_write_via_stream(h_file, 0, &ret);
        if (ret.tag) return "write-via-stream(0) failed";
        h_out = ret.value;
    } else {
        if (h_in >= 0) drop_input_stream(h_in);
        descriptor_read_via_stream(h_file, 0, &ret);
        if (ret.tag) return "read-via-stream(0) failed";
        h_in = ret.value;
    }
    return 0;
}

static const char *path_setup(struct run *r) {
    if (r->op == OP_STDOUT_WRITE) {
        h_out = get_stdout();
        return 0;
    }
    if (r->op == OP_RANDOM || r->op == OP_CLOCK) return 0;
    /* the P2 descriptor of the data file: get-directories, then open-at on the "/" preopen */
    _Alignas(4) struct ret_list dirs;
    get_directories(&dirs);
    int32_t root = -1;
    for (uint32_t k = 0; k < dirs.len; k++) {
        int32_t h = *(int32_t *)(dirs.ptr + 12 * k);
        uint8_t *name = *(uint8_t **)(dirs.ptr + 12 * k + 4);
        uint32_t name_len = *(uint32_t *)(dirs.ptr + 12 * k + 8);
        if (root < 0 && name_len == 1 && name[0] == '/') root = h;
        else drop_descriptor(h);
        if (name_len) free(name);
    }
    if (dirs.len) free(dirs.ptr);
    if (root < 0) return "get-directories has no \"/\" preopen";
    _Alignas(4) struct ret_handle ret;
    descriptor_open_at(root, 0, DATA_NAME, sizeof DATA_NAME - 1, 0, 1 | 2 /* read | write */, &ret);
    drop_descriptor(root);
    if (ret.tag) return "open-at(\"" DATA_NAME "\", read|write) failed";
    h_file = ret.value;
    return is_stream(r->op) ? path_rewind(r) : 0;
}

/* one logical write of r->size bytes through blocking-write-and-flush, in pieces of ≤ 4096 */
static const char *stream_write(int32_t h, const uint8_t *p, uint32_t n) {
    _Alignas(4) struct ret_unit_stream ret;
    uint32_t off = 0;
    do {
        uint32_t piece = n - off < PIECE ? n - off : PIECE;
        out_blocking_write_and_flush(h, p + off, piece, &ret);
        if (ret.tag) return stream_failure(&ret);
        off += piece;
    } while (off < n);
    return 0;
}

static void path_call(struct run *r, uint32_t i, struct rec *out) {
    (void)i;
    out->ok = 1;
    out->why = 0;
    out->data = 0;
    out->len = 0;
    switch (r->op) {
    case OP_STDOUT_WRITE:
    case OP_STREAM_WRITE: {
        out->why = stream_write(h_out, r->payload, r->size);
        out->ok = !out->why;
        out->len = out->ok ? r->size : 0;
        break;
    }
    case OP_FILE_WRITE: {
        _Alignas(8) struct ret_u64 ret;
        descriptor_write(h_file, r->payload, r->size, 0, &ret);
        out->ok = !ret.tag;
        out->why = ret.tag ? "descriptor.write returned an error-code" : 0;
        out->len = ret.tag ? 0 : (uint32_t)ret.value;
        break;
    }
    case OP_FILE_READ: {
        _Alignas(4) struct ret_read ret;
        descriptor_read(h_file, r->size, 0, &ret);
        out->ok = !ret.tag;
        out->why = ret.tag ? "descriptor.read returned an error-code" : 0;
        if (out->ok) out->data = ret.ptr, out->len = ret.len;
        break;
    }
    case OP_STREAM_READ: {
        _Alignas(4) struct ret_list_stream ret;
        in_blocking_read(h_in, r->size, &ret);
        out->ok = !ret.tag;
        if (ret.tag) out->why = stream_failure((struct ret_unit_stream *)&ret);
        else out->data = ret.ptr, out->len = ret.len;
        break;
    }
    case OP_RANDOM: {
        _Alignas(4) struct ret_list ret;
        get_random_bytes(r->size, &ret);
        out->data = ret.ptr;
        out->len = ret.len;
        break;
    }
    case OP_CLOCK:
        out->clock = mono_now();
        break;
    default:
        out->ok = 0;
        out->why = "unknown op";
    }
}

static void path_release(struct run *r, struct rec *rec) {
    (void)r;
    if (rec->data && rec->len) free(rec->data);
    rec->data = 0;
}

#endif
