// wasmcert-cflags: -mexec-model=reactor
/*
 * Lowering host -> guest: wasi:cli/environment and wasi:filesystem/preopens results
 * written into guest memory through cabi_realloc. Reference (component-model.md section 3):
 * one realloc per list, including empty lists ((0, 0, align, 0)), plus one per string
 * element, including the empty string; list<string> costs 1 + n, list<tuple<string,
 * string>> 1 + 2n (element size 16, align 4), list<tuple<own<descriptor>, string>> 1 + n
 * (element size 12, align 4). The guest compares the list with argv/environ, which the
 * P1 adapter got from the same host.
 */
#include "lib/cabi.h"

/* get-arguments: counts, sizes and bytes against argv (argv[0] included) */
static void check_arguments(int argc, char **argv) {
    _Alignas(4) cabi_list l = {(void *)1, 0xdeadbeef};
    unsigned m = ncalls;
    env_get_arguments(&l);
    unsigned n = ncalls - m;
    tap_eq(l.len, argc, "get-arguments gives %d strings, argv's count", argc);
    tap_eq(n, 1 + (unsigned)argc, "1 + n realloc calls for a list<string> of n");
    if (n != 1 + (unsigned)argc) show_calls(m);
    check_alloc(m, 0, 4, 8 * (uint32_t)argc, "the list of (ptr, len) pairs");
    int sizes_ok = 1, bytes_ok = 1, in_area = 1;
    cabi_str *s = l.ptr;
    for (int i = 0; i < argc && i < (int)l.len && i + 1 < (int)n; i++) {
        realloc_call *c = call_since(m, (unsigned)i + 1);
        size_t want = strlen(argv[i]);
        if (!(c->old_ptr == 0 && c->old_size == 0 && c->align == 1 && c->new_size == want)) {
            if (sizes_ok) printf("# string %d: realloc(%u, %u, %u, %u), want (0, 0, 1, %zu)\n", i, c->old_ptr, c->old_size, c->align, c->new_size, want);
            sizes_ok = 0;
        }
        if ((uint32_t)(uintptr_t)s[i].ptr != c->ret) in_area = 0;
        if (s[i].len != want || memcmp(s[i].ptr, argv[i], want) != 0) {
            if (bytes_ok) tap_show("first differing argument", s[i].ptr, s[i].len);
            bytes_ok = 0;
        }
    }
    tap_ok(sizes_ok, "each string is its own realloc (0, 0, 1, len), in order");
    tap_ok(in_area, "each string pointer is the one its realloc returned");
    tap_ok(bytes_ok && (int)l.len == argc, "the strings are argv's bytes exactly");
    tap_ok(l.ptr == (void *)(uintptr_t)call_since(m, 0)->ret, "the list pointer is the one its realloc returned");
}

static void args_plain(int argc, char **argv) {
    check_arguments(argc, argv);
}

/* exact bytes of the spec's args, independently of libc's view of them */
static void args_utf8(int argc, char **argv) {
    check_arguments(argc, argv);
    static const char *want[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z"};
    _Alignas(4) cabi_list l;
    env_get_arguments(&l);
    cabi_str *s = l.ptr;
    tap_eq(l.len, 6, "argv[0], the case name and four non-ASCII arguments");
    for (unsigned i = 0; i < 4 && i + 2 < l.len; i++)
        tap_bytes(s[i + 2].ptr, s[i + 2].len, want[i], strlen(want[i]), "argument %u is %zu UTF-8 bytes exactly", i + 1, strlen(want[i]));
}

static void args_long(int argc, char **argv) {
    check_arguments(argc, argv);
    _Alignas(4) cabi_list l;
    env_get_arguments(&l);
    cabi_str *s = l.ptr;
    int ok = l.len == 3 && s[2].len == 65536;
    for (uint32_t i = 0; ok && i < 65536; i++) ok = s[2].ptr[i] == "0123456789abcdef"[i % 16];
    tap_ok(ok, "the 65536-byte argument arrives whole, in one realloc");
}

static void args_many(int argc, char **argv) {
    check_arguments(argc, argv);
    tap_eq(argc, 202, "argv[0], the case name and 200 arguments");
    char want[16];
    int ok = 1;
    for (int i = 2; i < argc; i++) {
        snprintf(want, sizeof want, "arg%d", i - 2);
        if (strcmp(argv[i], want) != 0) ok = 0;
    }
    tap_ok(ok, "arguments arrive in order (arg0 .. arg199)");
}

/* get-environment: 1 + 2n reallocs, element 16 bytes at align 4 */
static void check_environment(const char *const *keys, const char *const *values, int n) {
    _Alignas(4) cabi_list l = {(void *)1, 0xdeadbeef};
    unsigned m = ncalls;
    env_get_environment(&l);
    unsigned calls_made = ncalls - m;
    tap_eq(l.len, n, "get-environment gives exactly the spec's %d variables", n);
    tap_eq(calls_made, 1 + 2 * (unsigned)n, "1 + 2n realloc calls for a list<tuple<string, string>> of n");
    if (calls_made != 1 + 2 * (unsigned)n) show_calls(m);
    check_alloc(m, 0, 4, 16 * (uint32_t)n, "the list of tuples (16 bytes each, align 4)");
    tap_ok(l.ptr == (void *)(uintptr_t)call_since(m, 0)->ret, "the list pointer is the one its realloc returned");
    cabi_env *e = l.ptr;
    int found_all = 1;
    for (int k = 0; k < n; k++) {
        int found = 0;
        for (uint32_t i = 0; i < l.len && i < (uint32_t)n; i++)
            if (e[i].key.len == strlen(keys[k]) && memcmp(e[i].key.ptr, keys[k], e[i].key.len) == 0) {
                found = 1;
                tap_bytes(e[i].value.ptr, e[i].value.len, values[k], strlen(values[k]), "%s has its exact value bytes", keys[k]);
            }
        if (!found) printf("# %s missing\n", keys[k]), found_all = 0;
    }
    tap_ok(found_all, "every variable is present");
    /* the 2n string reallocs: (0, 0, 1, len) for key then value, in list order */
    int sizes_ok = 1;
    for (uint32_t i = 0; i < l.len && i < (uint32_t)n && 2 * i + 2 < calls_made; i++) {
        realloc_call *ck = call_since(m, 2 * i + 1), *cv = call_since(m, 2 * i + 2);
        if (ck->align != 1 || ck->new_size != e[i].key.len || ck->ret != (uint32_t)(uintptr_t)e[i].key.ptr || cv->align != 1 || cv->new_size != e[i].value.len || cv->ret != (uint32_t)(uintptr_t)e[i].value.ptr) {
            if (sizes_ok) printf("# tuple %u: key realloc(%u,%u,%u,%u)->%u value realloc(%u,%u,%u,%u)->%u; key len %u, value len %u\n", i, ck->old_ptr, ck->old_size, ck->align, ck->new_size, ck->ret, cv->old_ptr, cv->old_size, cv->align, cv->new_size, cv->ret, e[i].key.len, e[i].value.len);
            sizes_ok = 0;
        }
    }
    tap_ok(sizes_ok, "each key and each value is its own realloc (0, 0, 1, len), key then value, in list order");
}

static void env_empty_values(int argc, char **argv) {
    const char *k[] = {"WASMCERT_A", "WASMCERT_EMPTY1", "WASMCERT_EMPTY2"}, *v[] = {"a", "", ""};
    check_environment(k, v, 3);
}

static void env_utf8(int argc, char **argv) {
    const char *k[] = {"WASMCERT_UNICODE", "WASMCERT_EMOJI"}, *v[] = {"\xc3\xbcn\xc3\xaf\x63\xc3\xb6\x64\xc3\xa9 \xe2\x9c\x93 \xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80\xf0\x9f\x98\x80"};
    check_environment(k, v, 2);
}

static void env_equals(int argc, char **argv) {
    const char *k[] = {"WASMCERT_EQUALS", "WASMCERT_LEADING"}, *v[] = {"a=b=c", "=x="};
    check_environment(k, v, 2);
}

static void env_none(int argc, char **argv) {
    check_environment(NULL, NULL, 0);
}

/* get-directories: one preopen "/", a usable handle */
static void preopens_root(int argc, char **argv) {
    _Alignas(4) cabi_list l = {(void *)1, 0xdeadbeef};
    unsigned m = ncalls;
    fs_get_directories(&l);
    unsigned n = ncalls - m;
    tap_eq(l.len, 1, "one preopen");
    tap_eq(n, 2, "1 + n realloc calls for a list<tuple<own<descriptor>, string>> of n");
    if (n != 2) show_calls(m);
    check_alloc(m, 0, 4, 12, "the list of (handle, ptr, len) tuples (12 bytes, align 4)");
    check_alloc(m, 1, 1, 1, "the name \"/\"");
    if (l.len < 1) return;
    cabi_preopen *p = l.ptr;
    tap_bytes(p->name.ptr, p->name.len, "/", 1, "the preopen's name is \"/\"");
    res_u8 t = {0xAA, 0xAA};
    fs_get_type(p->handle, &t);
    tap_ok(t.tag == 0 && t.val == DT_DIRECTORY, "its handle (%d) is a live descriptor: get-type gives directory (tag %u, type %u)", p->handle, t.tag, t.val);
    res_stat st;
    fs_stat_at(p->handle, PF_FOLLOW, "hello.txt", 9, &st);
    tap_ok(st.tag == 0 && st.u.ok.size == 13, "stat-at through it finds hello.txt (13 bytes)");
}

static void preopens_none(int argc, char **argv) {
    _Alignas(4) cabi_list l = {(void *)1, 0xdeadbeef};
    unsigned m = ncalls;
    fs_get_directories(&l);
    unsigned n = ncalls - m;
    tap_eq(l.len, 0, "no preopen");
    tap_eq(n, 1, "an empty list still costs one realloc");
    if (n != 1) show_calls(m);
    if (n >= 1) check_alloc(m, 0, 4, 0, "the empty list");
}

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"args-plain", args_plain}, {"args-utf8", args_utf8}, {"args-long", args_long}, {"args-many", args_many},
        {"env-empty-values", env_empty_values}, {"env-utf8", env_utf8}, {"env-equals", env_equals}, {"env-none", env_none},
        {"preopens-root", preopens_root}, {"preopens-none", preopens_none},
    };
    return dispatch(cases, sizeof cases / sizeof *cases, argc, argv);
}
