// wasmcert-cflags: -mexec-model=reactor
/*
 * Results through the return pointer (component-model.md section 2: more than one flat
 * result -> a trailing i32 retptr to a caller-allocated area; section 3: records,
 * variants, results, scalars and handles cost no realloc, each list one, empty or not).
 * The retptr area is filled with 0xAA first, so a field the host never wrote shows.
 * Fixture: fixtures/root (hello.txt is 13 bytes, sub/ a directory).
 */
#include "lib/cabi.h"

static void stat_file(int argc, char **argv) {
    int32_t root = root_dir(), fd = must_open(root, "hello.txt", DF_READ);
    res_stat st;
    memset(&st, 0xAA, sizeof st);
    unsigned m = ncalls;
    fs_stat(fd, &st);
    tap_eq(ncalls - m, 0, "stat costs no realloc (a record in a result)");
    tap_eq(st.tag, 0, "result discriminant is ok (0) at offset 0");
    tap_eq(st.u.ok.type, DT_REGULAR, "type (offset 8) is regular-file");
    tap_eq(st.u.ok.size, 13, "size (u64 at offset 24) is 13");
    tap_ok(st.u.ok.link_count >= 1 && st.u.ok.link_count < 1000, "link-count (u64 at offset 16) is plausible: %llu", (unsigned long long)st.u.ok.link_count);
    tap_ok(st.u.ok.mtime.is_some <= 1 && st.u.ok.atime.is_some <= 1 && st.u.ok.ctime.is_some <= 1, "option discriminants (offsets 32, 56, 80) are 0 or 1: %u %u %u", st.u.ok.atime.is_some, st.u.ok.mtime.is_some, st.u.ok.ctime.is_some);
    tap_ok(!st.u.ok.mtime.is_some || (st.u.ok.mtime.ns < 1000000000u && st.u.ok.mtime.seconds > 1500000000ull), "mtime, when some, is a datetime with nanoseconds < 1e9 (%llu s, %u ns)", (unsigned long long)st.u.ok.mtime.seconds, st.u.ok.mtime.ns);
}

static void stat_at(int argc, char **argv) {
    int32_t root = root_dir();
    res_stat st;
    memset(&st, 0xAA, sizeof st);
    fs_stat_at(root, PF_FOLLOW, "hello.txt", 9, &st);
    tap_ok(st.tag == 0 && st.u.ok.type == DT_REGULAR && st.u.ok.size == 13, "stat-at hello.txt: ok, regular-file, 13 bytes (tag %u type %u size %llu)", st.tag, st.u.ok.type, (unsigned long long)st.u.ok.size);
    memset(&st, 0xAA, sizeof st);
    fs_stat_at(root, PF_FOLLOW, "sub", 3, &st);
    tap_ok(st.tag == 0 && st.u.ok.type == DT_DIRECTORY, "stat-at sub: ok, directory (tag %u type %u)", st.tag, st.u.ok.type);
    memset(&st, 0xAA, sizeof st);
    fs_stat_at(root, PF_FOLLOW, "sub/inner.txt", 13, &st);
    tap_ok(st.tag == 0 && st.u.ok.type == DT_REGULAR && st.u.ok.size == 6, "stat-at sub/inner.txt: ok, regular-file, 6 bytes");
    memset(&st, 0xAA, sizeof st);
    fs_stat_at(root, PF_FOLLOW, "missing", 7, &st);
    tap_eq(st.tag, 1, "stat-at missing: result discriminant err (1)");
    tap_eq(st.u.err, EC_NOENT, "stat-at missing: error-code (u8 at offset 8) is no-entry (20)");
}

static void metadata_hash(int argc, char **argv) {
    int32_t root = root_dir(), a = must_open(root, "hello.txt", DF_READ), b = must_open(root, "hello.txt", DF_READ);
    res_hash h1, h2, h3, h4;
    memset(&h1, 0xAA, sizeof h1), memset(&h2, 0xAA, sizeof h2), memset(&h3, 0xAA, sizeof h3), memset(&h4, 0xAA, sizeof h4);
    unsigned m = ncalls;
    fs_metadata_hash(a, &h1);
    fs_metadata_hash(b, &h2);
    fs_metadata_hash_at(root, PF_FOLLOW, "hello.txt", 9, &h3);
    fs_metadata_hash_at(root, PF_FOLLOW, "sub/inner.txt", 13, &h4);
    tap_eq(ncalls - m, 0, "metadata-hash costs no realloc");
    tap_ok(h1.tag == 0 && h2.tag == 0 && h3.tag == 0 && h4.tag == 0, "all four are ok (%u %u %u %u)", h1.tag, h2.tag, h3.tag, h4.tag);
    tap_ok(h1.u.ok.lower == h2.u.ok.lower && h1.u.ok.upper == h2.u.ok.upper, "two descriptors of one file hash the same (lower @8, upper @16)");
    tap_ok(h1.u.ok.lower == h3.u.ok.lower && h1.u.ok.upper == h3.u.ok.upper, "metadata-hash-at of the same file gives the same value");
    tap_ok(h1.u.ok.lower != h4.u.ok.lower || h1.u.ok.upper != h4.u.ok.upper, "another file hashes differently");
    tap_ok(!(h1.u.ok.lower == 0xAAAAAAAAAAAAAAAAull && h1.u.ok.upper == 0xAAAAAAAAAAAAAAAAull), "both u64 halves were written");
}

static void get_type(int argc, char **argv) {
    int32_t root = root_dir(), fd = must_open(root, "hello.txt", DF_READ);
    res_u8 r = {0xAA, 0xAA};
    fs_get_type(root, &r);
    tap_ok(r.tag == 0 && r.val == DT_DIRECTORY, "get-type of the preopen: ok, directory (tag %u @0, type %u @1)", r.tag, r.val);
    r = (res_u8){0xAA, 0xAA};
    fs_get_type(fd, &r);
    tap_ok(r.tag == 0 && r.val == DT_REGULAR, "get-type of hello.txt: ok, regular-file (tag %u, type %u)", r.tag, r.val);
    res_handle d = open_at(root, "sub", OF_DIRECTORY, DF_READ);
    r = (res_u8){0xAA, 0xAA};
    if (d.tag == 0) fs_get_type(d.u.handle, &r);
    tap_ok(d.tag == 0 && r.tag == 0 && r.val == DT_DIRECTORY, "get-type of sub opened with open-flags directory: ok, directory");
}

static void get_flags(int argc, char **argv) {
    int32_t root = root_dir();
    int32_t ro = must_open(root, "hello.txt", DF_READ);
    int32_t rw = must_open(root, "hello.txt", DF_READ | DF_WRITE);
    res_u8 r = {0xAA, 0xAA};
    fs_get_flags(ro, &r);
    tap_ok(r.tag == 0 && r.val == DF_READ, "get-flags of a file opened {read}: ok, flags 0x01 (tag %u, flags 0x%02x)", r.tag, r.val);
    r = (res_u8){0xAA, 0xAA};
    fs_get_flags(rw, &r);
    tap_ok(r.tag == 0 && r.val == (DF_READ | DF_WRITE), "get-flags of a file opened {read, write}: ok, flags 0x03 (tag %u, flags 0x%02x)", r.tag, r.val);
    r = (res_u8){0xAA, 0xAA};
    fs_get_flags(root, &r);
    tap_ok(r.tag == 0 && (r.val & DF_READ) && !(r.val & 0xc0), "get-flags of the preopen: ok, read set, no bit beyond the six flags (tag %u, flags 0x%02x)", r.tag, r.val);
}

static void open_missing(int argc, char **argv) {
    int32_t root = root_dir();
    unsigned m = ncalls;
    res_handle r = open_at(root, "no-such-file.txt", 0, DF_READ);
    tap_eq(ncalls - m, 0, "a failed open-at costs no realloc");
    tap_eq(r.tag, 1, "result discriminant is err (1)");
    tap_eq(r.u.err, EC_NOENT, "error-code (u8 at offset 4) is no-entry (20)");
    r = open_at(root, "sub/no-such-file.txt", 0, DF_READ);
    tap_ok(r.tag == 1 && r.u.err == EC_NOENT, "missing file in a subdirectory: err no-entry (tag %u, code %u)", r.tag, r.u.err);
    r = open_at(root, "hello.txt/x", 0, DF_READ);
    tap_ok(r.tag == 1 && (r.u.err == EC_NOTDIR || r.u.err == EC_NOENT), "a file used as a directory: err not-directory or no-entry (tag %u, code %u)", r.tag, r.u.err);
}

static void read_file(int32_t fd, uint64_t len, uint64_t off, res_read *r, unsigned *m) {
    memset(r, 0xAA, sizeof *r);
    *m = ncalls;
    fs_read(fd, len, off, r);
}

static void read_past_end(int argc, char **argv) {
    int32_t fd = must_open(root_dir(), "hello.txt", DF_READ);
    res_read r;
    unsigned m;
    read_file(fd, 10, 1000, &r, &m);
    tap_eq(r.tag, 0, "read(10, offset 1000) of a 13-byte file is ok");
    tap_eq(r.u.ok.data.len, 0, "the list is empty");
    tap_eq(r.u.ok.end, 1, "end-of-stream is true (bool at offset 12)");
    tap_eq(ncalls - m, 1, "the empty list still costs one realloc");
    if (ncalls - m == 1) check_alloc(m, 0, 1, 0, "the empty list<u8>");
    else show_calls(m);
    read_file(fd, 10, 13, &r, &m);
    tap_ok(r.tag == 0 && r.u.ok.data.len == 0 && r.u.ok.end == 1, "read at offset == size: ok, empty, end (tag %u len %u end %u)", r.tag, r.u.ok.data.len, r.u.ok.end);
}

static void read_exact(int argc, char **argv) {
    int32_t fd = must_open(root_dir(), "hello.txt", DF_READ);
    res_read r;
    unsigned m;
    read_file(fd, 5, 7, &r, &m);
    tap_ok(r.tag == 0, "read(5, offset 7) is ok");
    tap_bytes(r.u.ok.data.ptr, r.u.ok.data.len, "world", 5, "it gives \"world\"");
    tap_eq(ncalls - m, 1, "one realloc for the list");
    check_alloc(m, 0, 1, 5, "the 5-byte list<u8>");
    tap_ok((uint32_t)(uintptr_t)r.u.ok.data.ptr == call_since(m, 0)->ret, "the list pointer is the one realloc returned");
    read_file(fd, 100, 0, &r, &m);
    tap_bytes(r.u.ok.data.ptr, r.u.ok.data.len, "hello, world\n", 13, "read(100, 0) gives the whole 13-byte file");
    tap_eq(call_since(m, 0)->new_size, 13, "the realloc is for the 13 bytes returned, not the 100 asked");
}

static void read_huge_offset(int argc, char **argv) {
    int32_t fd = must_open(root_dir(), "hello.txt", DF_READ);
    res_read r;
    unsigned m;
    read_file(fd, 10, 1ull << 63, &r, &m);
    tap_eq(r.tag, 1, "read at offset 2^63 (i64 min as a signed value) is an error, not a crash");
    printf("# error-code %u\n", r.u.err);
    read_file(fd, 10, UINT64_MAX, &r, &m);
    tap_eq(r.tag, 1, "read at offset 2^64-1 is an error");
    printf("# error-code %u\n", r.u.err);
    read_file(fd, 10, (1ull << 63) - 1, &r, &m);
    tap_ok(r.tag == 1 || (r.u.ok.data.len == 0 && r.u.ok.end == 1), "read at offset 2^63-1: an error, or empty with end (tag %u)", r.tag);
    read_file(fd, 5, 0, &r, &m);
    tap_bytes(r.u.ok.data.ptr, r.u.ok.data.len, "hello", 5, "the descriptor still reads afterwards");
}

static void monotonic(int argc, char **argv) {
    uint64_t a = mono_now();
    uint64_t b = mono_now();
    tap_ok(b >= a, "two monotonic-clock.now calls do not go back (%llu, %llu)", (unsigned long long)a, (unsigned long long)b);
    int32_t p = mono_subscribe_duration(2000000);
    poll_block(p);
    poll_drop(p);
    uint64_t c = mono_now();
    tap_ok(c >= b + 2000000, "after blocking on a 2 ms subscribe-duration, now advanced by >= 2 ms (%llu ns)", (unsigned long long)(c - b));
    tap_ok(a != 0 && (a >> 63) == 0, "now is a plausible u64 returned as i64 (%llu)", (unsigned long long)a);
}

static void wall(int argc, char **argv) {
    cabi_datetime d;
    memset(&d, 0xAA, sizeof d);
    unsigned m = ncalls;
    wall_now(&d);
    tap_eq(ncalls - m, 0, "wall-clock.now costs no realloc");
    tap_ok(d.ns < 1000000000u, "nanoseconds (u32 at offset 8) < 1e9: %u", d.ns);
    tap_ok(d.seconds > 1600000000ull && d.seconds < 4102444800ull, "seconds (u64 at offset 0) is after 2020 and before 2100: %llu", (unsigned long long)d.seconds);
}

static void random_u64_case(int argc, char **argv) {
    uint64_t a = random_u64(), b = random_u64(), c = random_u64();
    tap_ok(!(a == b && b == c), "three get-random-u64 values are not all equal");
    tap_ok((a | b | c) >> 32 != 0, "the high 32 bits arrive (i64 result, not truncated)");
    _Alignas(4) cabi_str s;
    unsigned m = ncalls;
    random_bytes(37, &s);
    tap_eq(s.len, 37, "get-random-bytes(37) gives 37 bytes");
    tap_eq(ncalls - m, 1, "one realloc");
    check_alloc(m, 0, 1, 37, "the list<u8>");
    m = ncalls;
    s.len = 0xdead;
    random_bytes(0, &s);
    tap_eq(s.len, 0, "get-random-bytes(0) gives an empty list");
    tap_eq(ncalls - m, 1, "the empty list still costs one realloc");
    if (ncalls - m == 1) check_alloc(m, 0, 1, 0, "the empty list<u8>");
}

static void seed(int argc, char **argv) {
    _Alignas(8) uint64_t t[2] = {0xAAAAAAAAAAAAAAAAull, 0xAAAAAAAAAAAAAAAAull};
    unsigned m = ncalls;
    insecure_seed(t);
    tap_eq(ncalls - m, 0, "insecure-seed costs no realloc");
    tap_ok(t[0] != 0xAAAAAAAAAAAAAAAAull || t[1] != 0xAAAAAAAAAAAAAAAAull, "the tuple<u64, u64> was written through the retptr (%016llx %016llx)", (unsigned long long)t[0], (unsigned long long)t[1]);
    tap_ok(t[0] != 0xAAAAAAAAAAAAAAAAull && t[1] != 0xAAAAAAAAAAAAAAAAull, "both halves (offsets 0 and 8) were written");
    uint64_t u[2];
    insecure_seed(u);
    tap_ok(u[0] == t[0] && u[1] == t[1], "a second call gives the same seed (the WIT: the value is fixed for the instance)");
}

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"stat", stat_file}, {"stat-at", stat_at}, {"metadata-hash", metadata_hash}, {"get-type", get_type},
        {"get-flags", get_flags}, {"open-missing", open_missing}, {"read-past-end", read_past_end}, {"read-exact", read_exact},
        {"read-huge-offset", read_huge_offset}, {"monotonic", monotonic}, {"wall", wall}, {"random", random_u64_case}, {"insecure-seed", seed},
    };
    return dispatch(cases, sizeof cases / sizeof *cases, argc, argv);
}
