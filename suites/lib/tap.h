/*
 * TAP 14 for C guests: one assertion per behaviour, the plan printed last so a guest
 * never has to count ahead. Errno checks print the errno they got against the one the
 * spec wants, by name, as YAML diagnostics.
 */
#ifndef WASMCERT_TAP_H
#define WASMCERT_TAP_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

__attribute__((unused)) static int tap_count = 0;
__attribute__((unused)) static int tap_failed = 0;

static const char *const tap_errno_names[] = {
    "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already", "badf", "badmsg",
    "busy", "canceled", "child", "connaborted", "connrefused", "connreset", "deadlk", "destaddrreq", "dom", "dquot",
    "exist", "fault", "fbig", "hostunreach", "idrm", "ilseq", "inprogress", "intr", "inval", "io",
    "isconn", "isdir", "loop", "mfile", "mlink", "msgsize", "multihop", "nametoolong", "netdown", "netreset",
    "netunreach", "nfile", "nobufs", "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg",
    "noprotoopt", "nospc", "nosys", "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup", "notty",
    "nxio", "overflow", "ownerdead", "perm", "pipe", "proto", "protonosupport", "prototype", "range", "rofs",
    "spipe", "srch", "stale", "timedout", "txtbsy", "xdev", "notcapable"};

__attribute__((unused)) static const char *tap_errno_name(int e) {
    return (e >= 0 && e < (int)(sizeof tap_errno_names / sizeof *tap_errno_names)) ? tap_errno_names[e] : "?";
}

__attribute__((unused)) static void tap_begin(void) {
    printf("TAP version 14\n");
}

__attribute__((unused)) static int tap_vok(int cond, const char *fmt, va_list ap) {
    tap_count++;
    if (!cond) tap_failed++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
    vprintf(fmt, ap);
    printf("\n");
    return cond;
}

/* ok(cond, "description %d", ...) */
__attribute__((unused)) static int tap_ok(int cond, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = tap_vok(cond, fmt, ap);
    va_end(ap);
    return r;
}

/* The call returned `got`; the spec wants `want`. */
__attribute__((unused)) static int tap_errno(int got, int want, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = tap_vok(got == want, fmt, ap);
    va_end(ap);
    if (!r) printf("  ---\n  got: %s (%d)\n  want: %s (%d)\n  ...\n", tap_errno_name(got), got, tap_errno_name(want), want);
    return r;
}

#define E(x) __WASI_ERRNO_##x
/* A set of codes for tap_errno_in (and other *_in checks): ERRNOS(E(PERM), E(NOTCAPABLE)) */
#define ERRNOS(...) ((const int[]){__VA_ARGS__}), (int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int))

/* `got` must be one of the `n` codes in `want`; on failure both are printed by `name`. */
__attribute__((unused)) static int tap_vin(int got, const int *want, int n, const char *(*name)(int), const char *fmt, va_list ap) {
    int ok = 0;
    for (int i = 0; i < n; i++) ok |= got == want[i];
    int r = tap_vok(ok, fmt, ap);
    if (!r) {
        printf("  ---\n  got: %s (%d)\n  want: [", name(got), got);
        for (int i = 0; i < n; i++) printf("%s%s", i ? ", " : "", name(want[i]));
        printf("]\n  ...\n");
    }
    return r;
}

/* The call returned `got`; the spec accepts any errno of the set. */
__attribute__((unused)) static int tap_errno_in(int got, const int *want, int n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = tap_vin(got, want, n, tap_errno_name, fmt, ap);
    va_end(ap);
    return r;
}

/* Bytes shown printable where they are, else as \xNN escapes. */
__attribute__((unused)) static void tap_show(const char *what, const uint8_t *p, size_t n) {
    printf("  %s: \"", what);
    for (size_t i = 0; i < n; i++) (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\') ? (void)putchar(p[i]) : (void)printf("\\x%02x", p[i]);
    printf("\" (%zu bytes)\n", n);
}

/* Bytes that must be equal, both shown on failure. */
__attribute__((unused)) static int tap_bytes(const void *got, size_t got_len, const void *want, size_t want_len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = tap_vok(got_len == want_len && memcmp(got, want, want_len) == 0, fmt, ap);
    va_end(ap);
    if (!r) {
        printf("  ---\n");
        tap_show("got", got, got_len);
        tap_show("want", want, want_len);
        printf("  ...\n");
    }
    return r;
}

/* Numbers that must be equal, with both printed on failure. */
__attribute__((unused)) static int tap_eq(long long got, long long want, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = tap_vok(got == want, fmt, ap);
    va_end(ap);
    if (!r) printf("  ---\n  got: %lld\n  want: %lld\n  ...\n", got, want);
    return r;
}

__attribute__((unused)) static void tap_skip(const char *reason, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    tap_count++;
    printf("ok %d - ", tap_count);
    vprintf(fmt, ap);
    printf(" # SKIP %s\n", reason);
    va_end(ap);
}

/* Prints the plan; the guest's exit code mirrors the result for runners that ignore TAP. */
__attribute__((unused)) static int tap_end(void) {
    printf("1..%d\n", tap_count);
    fflush(stdout);
    return tap_failed ? 1 : 0;
}

#endif
