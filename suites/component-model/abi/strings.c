// wasmcert-cflags: -mexec-model=reactor
/*
 * Strings and lists out of the guest (guest -> host, canon lower of params): the host
 * lifts them from guest memory and validates them (component-model.md section 3: "The
 * host reads and validates them (alignment, bounds, UTF-8/16 decoding traps). No
 * realloc."). Cases named trap-* must trap; they announce the call first.
 * Fixture: fixtures/root (hello.txt, é.txt, €.txt, 😀.txt, 日本.txt).
 */
#include "lib/cabi.h"

static void read_all(int32_t fd, char *buf, size_t cap, size_t *n) {
    res_read r;
    fs_read(fd, cap, 0, &r);
    *n = r.tag == 0 ? r.u.ok.data.len : 0;
    if (*n) memcpy(buf, r.u.ok.data.ptr, *n);
}

static void path_utf8(int argc, char **argv) {
    static const struct { const char *path, *content; } files[] = {
        {"\xc3\xa9.txt", "two\n"}, {"\xe2\x82\xac.txt", "three\n"}, {"\xf0\x9f\x98\x80.txt", "four\n"}, {"\xe6\x97\xa5\xe6\x9c\xac.txt", "nihon\n"}};
    int32_t root = root_dir();
    for (unsigned i = 0; i < 4; i++) {
        unsigned m = ncalls;
        res_handle r = open_at(root, files[i].path, 0, DF_READ);
        tap_eq(ncalls - m, 0, "open-at lifts its path without realloc");
        if (!tap_ok(r.tag == 0, "open-at of a %zu-byte UTF-8 name is ok (tag %u, code %u)", strlen(files[i].path), r.tag, r.u.err)) continue;
        char buf[32];
        size_t n;
        read_all(r.u.handle, buf, sizeof buf, &n);
        tap_bytes(buf, n, files[i].content, strlen(files[i].content), "and it is the file with that exact name");
        fs_drop(r.u.handle);
    }
    res_stat st;
    fs_stat_at(root, PF_FOLLOW, "\xf0\x9f\x98\x80.txt", 8, &st);
    tap_ok(st.tag == 0 && st.u.ok.size == 5, "stat-at of the 4-byte-UTF-8 name finds 5 bytes");
    /* the same name in NFD would be another file: e + U+0301 */
    res_handle r = open_at(root, "e\xcc\x81.txt", 0, DF_READ);
    tap_ok(r.tag == 1 && r.u.err == EC_NOENT, "the NFD spelling of \xc3\xa9.txt is another name: no-entry (tag %u, code %u)", r.tag, r.u.err);
}

static void path_empty(int argc, char **argv) {
    int32_t root = root_dir();
    res_handle r;
    memset(&r, 0xAA, sizeof r);
    fs_open_at(root, PF_FOLLOW, "x", 0, 0, DF_READ, &r);
    tap_eq(r.tag, 1, "open-at with an empty path is an error, not the directory itself");
    tap_eq(r.u.err, EC_NOENT, "the error is no-entry (POSIX open(\"\") is ENOENT)");
    res_stat st;
    memset(&st, 0xAA, sizeof st);
    fs_stat_at(root, PF_FOLLOW, (const void *)(uintptr_t)memory_bytes(), 0, &st);
    tap_ok(st.tag == 1, "stat-at with an empty path at ptr = memory size (in bounds: ptr + 0 <= size) returns an error (tag %u, code %u)", st.tag, st.u.err);
}

static void path_nul(int argc, char **argv) {
    int32_t root = root_dir();
    static const char p[] = "hello.txt\0.bak";
    res_handle r;
    memset(&r, 0xAA, sizeof r);
    fs_open_at(root, PF_FOLLOW, p, sizeof p - 1, 0, DF_READ, &r);
    tap_eq(r.tag, 1, "open-at \"hello.txt\\0.bak\" (valid UTF-8 holding U+0000) does not open hello.txt");
    printf("# tag %u, error-code %u\n", r.tag, r.u.err);
    memset(&r, 0xAA, sizeof r);
    fs_open_at(root, PF_FOLLOW, p, 10, 0, DF_READ, &r);
    tap_eq(r.tag, 1, "open-at \"hello.txt\\0\" (NUL last) does not open hello.txt");
    printf("# tag %u, error-code %u\n", r.tag, r.u.err);
}

/* a path held at the very end of memory: ptr + len == memory size is in bounds */
static void path_at_end(int argc, char **argv) {
    int32_t root = root_dir();
    uint32_t end = memory_bytes();
    if (__builtin_wasm_memory_grow(0, 1) == (size_t)-1) {
        printf("Bail out! memory.grow failed\n");
        exit(2);
    }
    char *p = (char *)(uintptr_t)(end + 65536 - 9);
    memcpy(p, "hello.txt", 9);
    res_handle r = {0};
    fs_open_at(root, PF_FOLLOW, p, 9, 0, DF_READ, &r);
    tap_ok(r.tag == 0, "a path whose last byte is the last byte of memory is lifted (tag %u, code %u)", r.tag, r.u.err);
}

static void trap_with_path(const char *what, const void *p, uint32_t len) {
    int32_t root = root_dir();
    res_handle r;
    about_to("open-at with %s (ptr %u, len %u); this must trap", what, (uint32_t)(uintptr_t)p, len);
    fs_open_at(root, PF_FOLLOW, p, len, 0, DF_READ, &r);
    returned_instead();
    printf("# open-at returned tag %u code %u\n", r.tag, r.u.err);
}

static void trap_utf8_invalid(int argc, char **argv) {
    trap_with_path("the bytes \"a\\xffb\" (0xff never occurs in UTF-8)", "a\xff" "b", 3);
}
static void trap_utf8_overlong(int argc, char **argv) {
    trap_with_path("the overlong encoding \\xc0\\xaf of '/'", "x\xc0\xafy", 4);
}
static void trap_utf8_surrogate(int argc, char **argv) {
    trap_with_path("the encoded surrogate \\xed\\xa0\\x80 (U+D800)", "x\xed\xa0\x80", 4);
}
static void trap_utf8_truncated(int argc, char **argv) {
    trap_with_path("a string ending inside a 3-byte sequence \\xe2\\x82", "ab\xe2\x82", 4);
}
static void trap_string_oob(int argc, char **argv) {
    trap_with_path("a string running 8 bytes past the end of memory", (const void *)(uintptr_t)(memory_bytes() - 2), 10);
}
static void trap_string_wrap(int argc, char **argv) {
    trap_with_path("ptr 1024, len 0xfffffc01 (ptr + len wraps to 1 in 32 bits)", (const void *)1024, 0xfffffc01u);
}

static void trap_list_oob(int argc, char **argv) {
    int32_t root = root_dir();
    res_handle o = open_at(root, "out.bin", OF_CREATE, DF_READ | DF_WRITE);
    if (o.tag) {
        printf("Bail out! cannot create out.bin\n");
        exit(2);
    }
    res_u64_fs r;
    about_to("descriptor.write of a list<u8> at ptr memory-size - 16, len 64; this must trap");
    fs_write(o.u.handle, (const void *)(uintptr_t)(memory_bytes() - 16), 64, 0, &r);
    returned_instead();
    printf("# write returned tag %u, %llu bytes written\n", r.tag, (unsigned long long)r.u.size);
}

/* poll takes list<borrow<pollable>>: element align 4, so the list pointer must be 4-aligned */
static void poll_list(int argc, char **argv) {
    int32_t a = mono_subscribe_duration(0), b = mono_subscribe_duration(0);
    _Alignas(4) int32_t in[2] = {a, b};
    _Alignas(4) cabi_list out = {(void *)1, 0xdead};
    unsigned m = ncalls;
    poll_poll(in, 2, &out);
    tap_ok(out.len >= 1 && out.len <= 2, "poll of two ready pollables gives 1 or 2 indexes (%u)", out.len);
    tap_eq(ncalls - m, 1, "the list<u32> result costs one realloc");
    check_alloc(m, 0, 4, 4 * out.len, "the list<u32> (align 4)");
    int ok = 1;
    for (uint32_t i = 0; i < out.len && i < 2; i++) ok &= ((uint32_t *)out.ptr)[i] < 2;
    tap_ok(ok, "each index is < 2");
}

static void trap_poll_misaligned(int argc, char **argv) {
    int32_t a = mono_subscribe_duration(0);
    static _Alignas(4) uint8_t buf[16];
    memcpy(buf + 1, &a, 4);
    _Alignas(4) cabi_list out;
    about_to("poll with a list<borrow<pollable>> at an odd address (%u); the list's alignment is 4, so this must trap", (uint32_t)(uintptr_t)(buf + 1));
    poll_poll(buf + 1, 1, &out);
    returned_instead();
}

static void trap_retptr_misaligned(int argc, char **argv) {
    int32_t root = root_dir();
    static _Alignas(8) uint8_t area[128];
    about_to("stat-at with a retptr at an address = 4 mod 8 (%u); result<descriptor-stat, error-code> has alignment 8, so this must trap", (uint32_t)(uintptr_t)(area + 4));
    fs_stat_at(root, PF_FOLLOW, "hello.txt", 9, area + 4);
    returned_instead();
}

static void trap_retptr_oob(int argc, char **argv) {
    int32_t root = root_dir();
    about_to("stat with a retptr 8 bytes before the end of memory (the area is 104 bytes); this must trap");
    fs_stat(root, (void *)(uintptr_t)(memory_bytes() - 8));
    returned_instead();
}

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"path-utf8", path_utf8}, {"path-empty", path_empty}, {"path-nul", path_nul}, {"path-at-end", path_at_end},
        {"trap-utf8-invalid", trap_utf8_invalid}, {"trap-utf8-overlong", trap_utf8_overlong}, {"trap-utf8-surrogate", trap_utf8_surrogate},
        {"trap-utf8-truncated", trap_utf8_truncated}, {"trap-string-oob", trap_string_oob}, {"trap-string-wrap", trap_string_wrap},
        {"trap-list-oob", trap_list_oob}, {"poll-list", poll_list}, {"trap-poll-misaligned", trap_poll_misaligned},
        {"trap-retptr-misaligned", trap_retptr_misaligned}, {"trap-retptr-oob", trap_retptr_oob},
    };
    return dispatch(cases, sizeof cases / sizeof *cases, argc, argv);
}
