// wasmcert-cflags: -mexec-model=reactor
/*
 * wasi:io/streams at the boundary: list<u8> params lifted from guest memory, results
 * lowered (one realloc per list, empty or not: component-model.md section 3), u64
 * permits, pollables. The guest writes stdout through its own get-stdout handle, after
 * flushing libc's buffer, so TAP lines stay in order.
 */
#include "lib/cabi.h"

static uint8_t big[2 << 20];

static void trap_write_over_4096(int argc, char **argv) {
    int32_t out = cli_get_stdout();
    /* 8192 bytes: "#" + 8190 x + "\n", one TAP comment line if a host writes it */
    big[0] = '#';
    memset(big + 1, 'x', 8190);
    big[8191] = '\n';
    res_stream_unit r;
    memset(&r, 0xAA, sizeof r);
    about_to("blocking-write-and-flush of 8192 bytes (the WIT: a write of up to 4096 bytes); this must trap");
    out_blocking_write_and_flush(out, big, 8192, &r);
    returned_instead();
    printf("# blocking-write-and-flush returned tag %u (stream-error %u)\n", r.tag, r.err.tag);
}

static void check_write_permit(int argc, char **argv) {
    int32_t out = cli_get_stdout();
    fflush(stdout);
    int32_t p = out_subscribe(out);
    poll_block(p);
    poll_drop(p);
    res_stream_u64 c;
    memset(&c, 0xAA, sizeof c);
    out_check_write(out, &c);
    uint64_t permit = c.u.ok;
    tap_ok(c.tag == 0 && permit > 0, "check-write after the stream is ready: ok, a non-zero permit (u64 at offset 8: %llu)", (unsigned long long)permit);
    if (c.tag || permit == 0) return;
    uint32_t n = permit > (1 << 20) ? (1 << 20) : (uint32_t)permit;
    printf("# writing exactly %u bytes%s\n", n, n < permit ? " (the permit capped at 1 MiB)" : "");
    fflush(stdout);
    memset(big, 'y', n);
    big[0] = '#';
    big[n - 1] = '\n';
    res_stream_unit w;
    memset(&w, 0xAA, sizeof w);
    out_write(out, big, n, &w);
    res_stream_unit f;
    out_blocking_flush(out, &f);
    if (n > 1 && big[n - 1] == '\n') printf("\n");
    tap_eq(w.tag, 0, "write of exactly the permit is ok");
    tap_eq(f.tag, 0, "blocking-flush is ok");
}

static void trap_write_over_permit(int argc, char **argv) {
    int32_t out = cli_get_stdout();
    fflush(stdout);
    int32_t p = out_subscribe(out);
    poll_block(p);
    poll_drop(p);
    res_stream_u64 c;
    out_check_write(out, &c);
    if (c.tag || c.u.ok >= sizeof big) {
        printf("Bail out! permit %llu\n", (unsigned long long)c.u.ok);
        exit(2);
    }
    uint32_t n = (uint32_t)c.u.ok + 1;
    memset(big, 'z', n);
    big[0] = '#';
    big[n - 1] = '\n';
    about_to("write of %u bytes after check-write gave a permit of %u (wasi:io/streams write: 'Otherwise, this function will trap'); this must trap", n, n - 1);
    res_stream_unit w;
    out_write(out, big, n, &w);
    returned_instead();
    printf("# write returned tag %u\n", w.tag);
}

static void subscribe_block(int argc, char **argv) {
    int32_t out = cli_get_stdout();
    fflush(stdout);
    int32_t p = out_subscribe(out);
    tap_ok(p != 0 && p != out, "output-stream.subscribe returns a new pollable handle (%d)", p);
    poll_block(p);
    tap_ok(1, "pollable.block returns for a writable stdout");
    tap_eq(poll_ready(p), 1, "pollable.ready is then true (bool as i32 1)");
    res_stream_u64 c;
    out_check_write(out, &c);
    tap_ok(c.tag == 0 && c.u.ok > 0, "check-write then gives a non-zero permit (%llu)", (unsigned long long)c.u.ok);
    poll_drop(p);
    int32_t t = mono_subscribe_duration(0);
    poll_block(t);
    tap_eq(poll_ready(t), 1, "a 0 ns subscribe-duration is ready after block");
    poll_drop(t);
}

static void stdin_read_zero(int argc, char **argv) {
    int32_t in = cli_get_stdin();
    res_stream_list r;
    memset(&r, 0xAA, sizeof r);
    unsigned m = ncalls;
    in_read(in, 0, &r);
    unsigned n = ncalls - m;
    tap_eq(r.tag, 0, "input-stream.read(0) on stdin is ok");
    tap_eq(r.u.ok.len, 0, "with an empty list");
    tap_eq(n, 1, "the empty list still costs one realloc");
    if (n == 1) check_alloc(m, 0, 1, 0, "the empty list<u8>");
    else show_calls(m);
    int32_t p = in_subscribe(in);
    poll_block(p);
    poll_drop(p);
    m = ncalls;
    in_read(in, 64, &r);
    tap_ok(r.tag == 0 && r.u.ok.len >= 1 && memcmp(r.u.ok.ptr, "hello", r.u.ok.len < 5 ? r.u.ok.len : 5) == 0, "read(64) then gives stdin's bytes (%u)", r.u.ok.len);
    tap_eq(call_since(m, 0)->new_size, r.u.ok.len, "the realloc is for the bytes returned");
}

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"trap-write-over-4096", trap_write_over_4096}, {"check-write-permit", check_write_permit}, {"trap-write-over-permit", trap_write_over_permit},
        {"subscribe-block", subscribe_block}, {"stdin-read-zero", stdin_read_zero},
    };
    return dispatch(cases, sizeof cases / sizeof *cases, argc, argv);
}
