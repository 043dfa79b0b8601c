/*
 * fd_filestat_set_times (futimens). Times are checked with fd_filestat_get on the same
 * fd; the file is never read, so access-time updates cannot interfere. Groups (argv[1]):
 *   explicit     atim|mtim set both times to whole seconds, read back exactly
 *   nanoseconds  the same with sub-second parts: read back to the nanosecond (the host
 *                folder keeps nanoseconds)
 *   mtim-only    mtim alone changes mtim and leaves atim
 *   atim-only    atim alone changes atim and leaves mtim
 *   now          atim_now|mtim_now set both to the current realtime clock
 *   mtim-now     mtim_now alone sets mtim to now and leaves atim
 *   zero-flags   fstflags 0 succeeds and changes nothing
 *   atim-conflict  atim|atim_now gives inval (witx) and changes nothing
 *   mtim-conflict  mtim|mtim_now gives inval (witx) and changes nothing
 *   unknown      fstflags bit 0x10 (no fstflags value) gives inval and changes nothing
 *   rights       an fd without the fd_filestat_set_times right gives notcapable
 *   badf         a closed fd and a forged fd give badf
 */
#include "fd_common.h"

#define SEC 1000000000ull
#define A (1000000000ull * SEC) /* 2001-09-09T01:46:40Z */
#define B (1200000000ull * SEC) /* 2008-01-10T21:20:00Z */
#define C (1300000000ull * SEC) /* 2011-03-13T07:06:40Z */
#define SLACK (2 * SEC)         /* file timestamps come from a coarse clock, some hosts keep whole seconds */

#define R_TIMES (R_READ | R_FSTAT | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES)

static __wasi_fd_t fd;

static __wasi_filestat_t fstat_(void) {
    __wasi_filestat_t st;
    memset(&st, 0, sizeof st);
    if (__wasi_fd_filestat_get(fd, &st) != 0) st.atim = st.mtim = 0;
    return st;
}

/* Sets both times to A and B; an assertion. */
static int set_ab(void) {
    __wasi_errno_t e = __wasi_fd_filestat_set_times(fd, A, B, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
    __wasi_filestat_t st = fstat_();
    return tap_ok(e == 0 && st.atim == A && st.mtim == B, "setting atim = 2001-09-09, mtim = 2008-01-10 first works (%s)", tap_errno_name(e));
}

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t) != 0) return 0;
    return t;
}

/* The call left the times at A and B. */
static void unchanged(void) {
    __wasi_filestat_t st = fstat_();
    tap_ok(st.atim == A && st.mtim == B, "atim and mtim are unchanged (atim %llu, mtim %llu)", (unsigned long long)st.atim,
           (unsigned long long)st.mtim);
}

int main(int argc, char **argv) {
    __wasi_filestat_t st;
    FD_BEGIN(argc, argv);
    if (is("badf")) {
        tap_errno(__wasi_fd_filestat_set_times(closed_fd(), A, B, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), __WASI_ERRNO_BADF,
                  "fd_filestat_set_times on a closed fd gives badf");
        tap_errno(__wasi_fd_filestat_set_times(FORGED_FD, A, B, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), __WASI_ERRNO_BADF,
                  "fd_filestat_set_times on a forged fd (0x7fffffff) gives badf");
        return tap_end();
    }
    if (is("rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~__WASI_RIGHTS_FD_FILESTAT_SET_TIMES, 0, &fd)) return tap_end();
        __wasi_filestat_t before = fstat_();
        tap_errno(__wasi_fd_filestat_set_times(fd, A, B, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), __WASI_ERRNO_NOTCAPABLE,
                  "fd_filestat_set_times on an fd with every file right but fd_filestat_set_times gives notcapable");
        st = fstat_();
        tap_ok(st.mtim == before.mtim && st.mtim != B, "mtim is unchanged");
        return tap_end();
    }
    if (!open_at("digits.txt", 0, R_TIMES, 0, &fd)) return tap_end();
    if (is("explicit")) {
        tap_errno(__wasi_fd_filestat_set_times(fd, A, B, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), __WASI_ERRNO_SUCCESS,
                  "fd_filestat_set_times(atim 2001-09-09, mtim 2008-01-10, atim|mtim) succeeds");
        st = fstat_();
        tap_eq(st.atim, A, "atim reads back as set");
        tap_eq(st.mtim, B, "mtim reads back as set");
    } else if (is("nanoseconds")) {
        tap_errno(__wasi_fd_filestat_set_times(fd, A + 123456789, B + 987654321, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM),
                  __WASI_ERRNO_SUCCESS, "fd_filestat_set_times with .123456789 s and .987654321 s succeeds");
        st = fstat_();
        tap_eq(st.atim, A + 123456789, "atim reads back to the nanosecond");
        tap_eq(st.mtim, B + 987654321, "mtim reads back to the nanosecond");
    } else if (is("mtim-only")) {
        if (!set_ab()) return tap_end();
        tap_errno(__wasi_fd_filestat_set_times(fd, 0, C, __WASI_FSTFLAGS_MTIM), __WASI_ERRNO_SUCCESS,
                  "fd_filestat_set_times(mtim 2011-03-13, flags mtim) succeeds");
        st = fstat_();
        tap_eq(st.mtim, C, "mtim is the new time");
        tap_eq(st.atim, A, "atim is left as it was (atim 0 was passed but the atim flag was not set)");
    } else if (is("atim-only")) {
        if (!set_ab()) return tap_end();
        tap_errno(__wasi_fd_filestat_set_times(fd, C, 0, __WASI_FSTFLAGS_ATIM), __WASI_ERRNO_SUCCESS,
                  "fd_filestat_set_times(atim 2011-03-13, flags atim) succeeds");
        st = fstat_();
        tap_eq(st.atim, C, "atim is the new time");
        tap_eq(st.mtim, B, "mtim is left as it was (mtim 0 was passed but the mtim flag was not set)");
    } else if (is("now") || is("mtim-now")) {
        if (!set_ab()) return tap_end();
        int both = is("now");
        __wasi_timestamp_t t0 = now();
        tap_errno(__wasi_fd_filestat_set_times(fd, 0, 0, (both ? __WASI_FSTFLAGS_ATIM_NOW : 0) | __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_SUCCESS,
                  "fd_filestat_set_times with %s succeeds", both ? "atim_now|mtim_now" : "mtim_now alone");
        __wasi_timestamp_t t1 = now();
        st = fstat_();
        tap_ok(st.mtim + SLACK >= t0 && st.mtim <= t1 + SLACK, "mtim is the realtime clock at the call, within 2 s (mtim %llu, clock %llu..%llu)",
               (unsigned long long)st.mtim, (unsigned long long)t0, (unsigned long long)t1);
        if (both)
            tap_ok(st.atim + SLACK >= t0 && st.atim <= t1 + SLACK, "atim is the realtime clock at the call, within 2 s (atim %llu)",
                   (unsigned long long)st.atim);
        else
            tap_eq(st.atim, A, "atim is left as it was");
    } else if (is("zero-flags")) {
        if (!set_ab()) return tap_end();
        tap_errno(__wasi_fd_filestat_set_times(fd, C, C, 0), __WASI_ERRNO_SUCCESS, "fd_filestat_set_times with fstflags 0 succeeds");
        unchanged();
    } else if (is("atim-conflict")) {
        if (!set_ab()) return tap_end();
        tap_errno(__wasi_fd_filestat_set_times(fd, C, C, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM),
                  __WASI_ERRNO_INVAL, "atim|atim_now (with mtim) gives inval");
        unchanged();
    } else if (is("mtim-conflict")) {
        if (!set_ab()) return tap_end();
        tap_errno(__wasi_fd_filestat_set_times(fd, C, C, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW),
                  __WASI_ERRNO_INVAL, "mtim|mtim_now (with atim) gives inval");
        unchanged();
    } else if (is("unknown")) {
        if (!set_ab()) return tap_end();
        tap_errno(__wasi_fd_filestat_set_times(fd, C, C, __WASI_FSTFLAGS_MTIM | 0x10), __WASI_ERRNO_INVAL,
                  "mtim | 0x10 (no fstflags value) gives inval");
        unchanged();
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
