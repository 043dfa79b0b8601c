/*
 * path_filestat_set_times: explicit times, the _now flags, the inval combinations, symlinks
 * with and without symlink_follow, and the error paths. One group per argument.
 */
#include "path_common.h"

#define PREOPEN 3
#define SEC 1000000000ULL
#define T_MTIM (1600000000ULL * SEC)
#define T_ATIM (1500000000ULL * SEC)

static __wasi_filestat_t stat_of(__wasi_lookupflags_t lf, const char *path) {
    __wasi_filestat_t st;
    memset(&st, 0, sizeof st);
    if (__wasi_path_filestat_get(PREOPEN, lf, path, &st) != 0) memset(&st, 0xFF, sizeof st);
    return st;
}

static int g_mtim(void) {
    __wasi_filestat_t before = stat_of(0, "hello.txt");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(SUCCESS),
              "setting mtim alone on a file succeeds");
    __wasi_filestat_t after = stat_of(0, "hello.txt");
    tap_eq(after.mtim, T_MTIM, "mtim reads back as the value set (2020-09-13T12:26:40Z)");
    tap_eq(after.atim, before.atim, "atim is left alone when only mtim is set");
    tap_eq(after.size, 6, "the file's contents are untouched");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", 123, 456, 0), E(SUCCESS), "fstflags 0 succeeds");
    __wasi_filestat_t none = stat_of(0, "hello.txt");
    tap_ok(none.mtim == T_MTIM && none.atim == before.atim, "fstflags 0 changes neither time (the values passed are ignored)");
    return tap_end();
}

static int g_atim(void) {
    __wasi_filestat_t before = stat_of(0, "hello.txt");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", T_ATIM, 0, __WASI_FSTFLAGS_ATIM), E(SUCCESS),
              "setting atim alone on a file succeeds");
    __wasi_filestat_t after = stat_of(0, "hello.txt");
    tap_eq(after.atim, T_ATIM, "atim reads back as the value set (2017-07-14T02:40:00Z)");
    tap_eq(after.mtim, before.mtim, "mtim is left alone when only atim is set");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", T_ATIM + 7 * SEC, T_MTIM + 9 * SEC,
                                             __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM),
              E(SUCCESS), "setting atim and mtim together succeeds");
    after = stat_of(0, "hello.txt");
    tap_ok(after.atim == T_ATIM + 7 * SEC && after.mtim == T_MTIM + 9 * SEC, "both read back as set");
    return tap_end();
}

static int g_subsecond(void) {
    const __wasi_timestamp_t t = T_MTIM + 123456789ULL;
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", t - 100, t, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), E(SUCCESS),
              "setting nanosecond times succeeds");
    __wasi_filestat_t after = stat_of(0, "hello.txt");
    tap_eq(after.mtim, t, "mtim keeps its nanoseconds (timestamp: nanoseconds; the sandbox is on a nanosecond filesystem)");
    tap_eq(after.atim, t - 100, "atim keeps its nanoseconds");
    return tap_end();
}

static int g_now(void) {
    __wasi_timestamp_t t0 = 0, t1 = 0;
    __wasi_filestat_t before = stat_of(0, "hello.txt");
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t0);
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW), E(SUCCESS), "mtim_now succeeds");
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t1);
    __wasi_filestat_t after = stat_of(0, "hello.txt");
    tap_ok(after.mtim + 2 * SEC >= t0 && after.mtim <= t1 + 2 * SEC,
           "mtim_now sets mtim to the realtime clock's now, within 2 s (mtim %llu, now %llu)", (unsigned long long)after.mtim,
           (unsigned long long)t1);
    tap_eq(after.atim, before.atim, "mtim_now leaves atim alone");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", T_ATIM, 0, __WASI_FSTFLAGS_ATIM), E(SUCCESS), "setting an old atim succeeds");
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t0);
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", 0, 0, __WASI_FSTFLAGS_ATIM_NOW), E(SUCCESS), "atim_now succeeds");
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t1);
    after = stat_of(0, "hello.txt");
    tap_ok(after.atim + 2 * SEC >= t0 && after.atim <= t1 + 2 * SEC, "atim_now sets atim to now, within 2 s (atim %llu, now %llu)",
           (unsigned long long)after.atim, (unsigned long long)t1);
    return tap_end();
}

static int g_inval(void) {
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", T_ATIM, T_MTIM, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM),
              E(SUCCESS), "setting known times succeeds");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", 1, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), E(INVAL),
              "atim together with atim_now gives inval");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt", 0, 1, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW), E(INVAL),
              "mtim together with mtim_now gives inval");
    __wasi_filestat_t after = stat_of(0, "hello.txt");
    tap_ok(after.atim == T_ATIM && after.mtim == T_MTIM, "a refused call changes neither time");
    return tap_end();
}

static int g_nofollow(void) {
    __wasi_filestat_t target = stat_of(0, "hello.txt");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "link-file", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(SUCCESS),
              "without symlink_follow, setting mtim on a symlink succeeds (upstream symlink_filestat)");
    __wasi_filestat_t link = stat_of(0, "link-file");
    tap_eq(link.filetype, __WASI_FILETYPE_SYMBOLIC_LINK, "path_filestat_get without symlink_follow sees the link");
    tap_eq(link.mtim, T_MTIM, "the link's own mtim changed");
    tap_eq(stat_of(0, "hello.txt").mtim, target.mtim, "the target's mtim did not");
    return tap_end();
}

static int g_follow(void) {
    __wasi_filestat_t link = stat_of(0, "link-file");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link-file", 0, T_MTIM, __WASI_FSTFLAGS_MTIM),
              E(SUCCESS), "with symlink_follow, setting mtim through a symlink succeeds");
    tap_eq(stat_of(0, "hello.txt").mtim, T_MTIM, "the target's mtim changed");
    tap_eq(stat_of(__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link-file").mtim, T_MTIM, "the followed link reports the new mtim");
    tap_eq(stat_of(0, "link-file").mtim, link.mtim, "the link's own mtim did not change");
    return tap_end();
}

static int g_errors(void) {
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "missing.txt", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(NOENT), "a missing file gives noent");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "hello.txt/x", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(NOTDIR),
              "a file used as a directory gives notdir");
    tap_errno(__wasi_path_filestat_set_times(42, 0, "hello.txt", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(BADF), "an fd that is not open gives badf");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(NOENT),
              "following a dangling symlink gives noent");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "loop-a", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(LOOP),
              "following a symlink loop gives loop");
    return tap_end();
}

static int g_dir(void) {
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, "sub", 0, T_MTIM, __WASI_FSTFLAGS_MTIM), E(SUCCESS), "a directory's mtim can be set");
    tap_eq(stat_of(0, "sub").mtim, T_MTIM, "the directory's mtim reads back as set");
    tap_errno(__wasi_path_filestat_set_times(PREOPEN, 0, ".", T_ATIM, 0, __WASI_FSTFLAGS_ATIM), E(SUCCESS), "so can the preopen's own atim, through '.'");
    tap_eq(stat_of(0, ".").atim, T_ATIM, "the preopen's atim reads back as set");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "mtim")) return g_mtim();
    if (!strcmp(g, "atim")) return g_atim();
    if (!strcmp(g, "subsecond")) return g_subsecond();
    if (!strcmp(g, "now")) return g_now();
    if (!strcmp(g, "inval")) return g_inval();
    if (!strcmp(g, "nofollow")) return g_nofollow();
    if (!strcmp(g, "follow")) return g_follow();
    if (!strcmp(g, "errors")) return g_errors();
    if (!strcmp(g, "dir")) return g_dir();
    return unknown_group(g);
}
