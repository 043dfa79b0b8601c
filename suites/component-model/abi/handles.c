// wasmcert-cflags: -mexec-model=reactor
/*
 * Handles at the boundary (component-model.md section 3: "own moves the handle between
 * tables and borrow is lent for the call"; handles are i32 indexes into the instance's
 * table). A handle that is not in the table, was dropped, or names another resource type
 * makes the lift trap (CanonicalABI.md, lift_borrow/lift_own and canon resource.drop).
 * Cases named trap-* must trap; they announce the call first.
 */
#include "lib/cabi.h"

static void own_borrow(int argc, char **argv) {
    int32_t root = root_dir();
    res_handle o = open_at(root, "hello.txt", 0, DF_READ);
    tap_ok(o.tag == 0 && o.u.handle != 0, "open-at returns an own<descriptor> (handle %d, never 0)", o.u.handle);
    int32_t h = o.u.handle;
    res_u8 t;
    fs_get_type(h, &t);
    tap_ok(t.tag == 0 && t.val == DT_REGULAR, "it is lent as borrow to get-type");
    res_stat st;
    fs_stat(h, &st);
    tap_ok(st.tag == 0 && st.u.ok.size == 13, "and to stat, again: a borrow does not consume it");
    res_read r;
    fs_read(h, 5, 0, &r);
    tap_bytes(r.u.ok.data.ptr, r.u.ok.data.len, "hello", 5, "and to read");
    res_handle o2 = open_at(root, "hello.txt", 0, DF_READ);
    tap_ok(o2.tag == 0 && o2.u.handle != h, "a second open-at gives a distinct handle (%d, %d)", h, o2.u.handle);
    fs_drop(o2.u.handle);
    fs_stat(h, &st);
    tap_ok(st.tag == 0 && st.u.ok.size == 13, "dropping the second leaves the first usable");
    fs_drop(h);
    tap_ok(1, "[resource-drop]descriptor of an own handle returns");
}

static void drop_stream(int argc, char **argv) {
    int32_t root = root_dir(), fd = must_open(root, "hello.txt", DF_READ);
    res_handle s;
    memset(&s, 0xAA, sizeof s);
    fs_read_via_stream(fd, 0, &s);
    if (!tap_ok(s.tag == 0, "read-via-stream gives an own<input-stream>")) return;
    res_stream_list r;
    int32_t p = in_subscribe(s.u.handle);
    poll_block(p);
    in_read(s.u.handle, 5, &r);
    tap_ok(r.tag == 0 && r.u.ok.len >= 1 && r.u.ok.len <= 5 && memcmp(r.u.ok.ptr, "hello", r.u.ok.len) == 0, "input-stream.read(5) gives a prefix of \"hello\" (%u bytes)", r.u.ok.len);
    poll_drop(p);
    tap_ok(1, "a pollable made from the stream is dropped before the stream");
    in_drop(s.u.handle);
    tap_ok(1, "[resource-drop]input-stream while its descriptor is open returns");
    res_stat st;
    fs_stat(fd, &st);
    tap_ok(st.tag == 0 && st.u.ok.size == 13, "the descriptor is still usable after its stream was dropped");
    res_handle s2;
    fs_read_via_stream(fd, 7, &s2);
    p = in_subscribe(s2.u.handle);
    poll_block(p);
    poll_drop(p);
    in_read(s2.u.handle, 5, &r);
    tap_ok(s2.tag == 0 && r.tag == 0 && r.u.ok.len >= 1 && memcmp(r.u.ok.ptr, "world", r.u.ok.len) == 0, "a new stream at offset 7 reads \"world\"");
    in_drop(s2.u.handle);
    fs_drop(fd);
}

static void trap_use_after_drop(int argc, char **argv) {
    int32_t fd = must_open(root_dir(), "hello.txt", DF_READ);
    fs_drop(fd);
    res_stat st;
    about_to("stat on descriptor %d after [resource-drop]descriptor; this must trap", fd);
    fs_stat(fd, &st);
    returned_instead();
    printf("# stat returned tag %u\n", st.tag);
}

static void trap_double_drop(int argc, char **argv) {
    int32_t fd = must_open(root_dir(), "hello.txt", DF_READ);
    fs_drop(fd);
    about_to("[resource-drop]descriptor of %d a second time; this must trap", fd);
    fs_drop(fd);
    returned_instead();
}

static void trap_bogus(int argc, char **argv) {
    root_dir();
    res_stat st;
    about_to("stat on handle 12345, never handed out; this must trap");
    fs_stat(12345, &st);
    returned_instead();
    printf("# stat returned tag %u\n", st.tag);
}

static void trap_zero(int argc, char **argv) {
    root_dir();
    res_u8 t;
    about_to("get-type on handle 0 (index 0 is never a valid handle); this must trap");
    fs_get_type(0, &t);
    returned_instead();
    printf("# get-type returned tag %u\n", t.tag);
}

static void trap_wrong_type(int argc, char **argv) {
    int32_t fd = must_open(root_dir(), "hello.txt", DF_READ);
    res_handle s;
    fs_read_via_stream(fd, 0, &s);
    if (s.tag) {
        printf("Bail out! read-via-stream failed\n");
        exit(2);
    }
    res_stat st;
    about_to("stat with input-stream handle %d where a borrow<descriptor> is expected; this must trap", s.u.handle);
    fs_stat(s.u.handle, &st);
    returned_instead();
    printf("# stat returned tag %u\n", st.tag);
}

static void trap_drop_wrong_type(int argc, char **argv) {
    int32_t fd = must_open(root_dir(), "hello.txt", DF_READ);
    about_to("[resource-drop]input-stream of descriptor handle %d; this must trap", fd);
    in_drop(fd);
    returned_instead();
}

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"own-borrow", own_borrow}, {"drop-stream", drop_stream}, {"trap-use-after-drop", trap_use_after_drop},
        {"trap-double-drop", trap_double_drop}, {"trap-bogus-handle", trap_bogus}, {"trap-handle-zero", trap_zero},
        {"trap-wrong-type", trap_wrong_type}, {"trap-drop-wrong-type", trap_drop_wrong_type},
    };
    return dispatch(cases, sizeof cases / sizeof *cases, argc, argv);
}
