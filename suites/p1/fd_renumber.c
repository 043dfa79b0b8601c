/*
 * fd_renumber(fd, to): "Atomically replace a file descriptor by renumbering another file
 * descriptor" -- `to` must be open (there is no dup2 to an arbitrary number), and `fd`
 * is closed afterwards. Groups (argv[1]):
 *   open         onto an open fd: `to` now reads `fd`'s file from `fd`'s offset, and
 *                keeps `fd`'s rights (a write through it fails); `fd` is closed (badf)
 *   to-closed    onto a closed fd or a number never opened: badf; `fd` stays open
 *   from-closed  from a closed fd or a number never opened: badf; `to` stays open, same file
 *   self         fd_renumber(fd, fd) succeeds and leaves the fd open and usable
 *   preopen      renumbering the preopen onto a file fd moves the preopen: the new number
 *                is a preopen (fd_prestat_get) that path_open works through, the old is closed
 */
#include "fd_common.h"

static char buf[16];

/* Reads up to n bytes at the fd's offset into buf; returns the count or -errno. */
static int rd(__wasi_fd_t fd, size_t n) {
    memset(buf, 0, sizeof buf);
    __wasi_iovec_t iov = {(uint8_t *)buf, n};
    __wasi_size_t got = 0;
    __wasi_errno_t e = __wasi_fd_read(fd, &iov, 1, &got);
    return e ? -(int)e : (int)got;
}

static __wasi_errno_t fdstat_errno(__wasi_fd_t fd) {
    __wasi_fdstat_t st;
    return __wasi_fd_fdstat_get(fd, &st);
}

int main(int argc, char **argv) {
    __wasi_fd_t a, b;
    __wasi_prestat_t p;
    FD_BEGIN(argc, argv);
    if (is("open")) {
        if (!open_at("digits.txt", 0, R_READ, 0, &a) || !open_at("dir/inner.txt", 0, R_READ | R_WRITE, 0, &b)) return tap_end();
        tap_ok(rd(a, 2) == 2 && memcmp(buf, "01", 2) == 0, "reading 2 bytes from fd a gives '01'");
        tap_errno(__wasi_fd_renumber(a, b), __WASI_ERRNO_SUCCESS, "fd_renumber(a, b) with both open succeeds");
        tap_ok(rd(b, 3) == 3 && memcmp(buf, "234", 3) == 0, "fd b now reads a's file from a's offset: '234' (got '%.3s')", buf);
        tap_errno(fdstat_errno(a), __WASI_ERRNO_BADF, "fd a is closed: fd_fdstat_get gives badf");
        __wasi_ciovec_t ciov = {(const uint8_t *)"XX", 2};
        __wasi_size_t n = 0;
        __wasi_errno_t e = __wasi_fd_write(b, &ciov, 1, &n);
        tap_ok(e == __WASI_ERRNO_NOTCAPABLE || e == __WASI_ERRNO_BADF,
               "fd b carries a's rights: fd_write fails as on a's read-only fd, not with b's old fd_write right (got %s; the errno "
               "itself is fd_pwrite-no-write-right's business)",
               tap_errno_name(e));
        tap_ok(holds("digits.txt", DIGITS, 10), "a's file is unchanged");
    } else if (is("to-closed")) {
        if (!open_at("digits.txt", 0, R_READ, 0, &a)) return tap_end();
        __wasi_fd_t c = closed_fd();
        tap_errno(__wasi_fd_renumber(a, c), __WASI_ERRNO_BADF, "fd_renumber onto a closed fd gives badf");
        tap_errno(__wasi_fd_renumber(a, NOT_OPEN), __WASI_ERRNO_BADF, "fd_renumber onto %d, never opened, gives badf", NOT_OPEN);
        tap_ok(rd(a, 2) == 2 && memcmp(buf, "01", 2) == 0, "the source fd is still open and reads '01'");
        tap_errno(fdstat_errno(c), __WASI_ERRNO_BADF, "the closed fd is still closed");
        tap_errno(fdstat_errno(NOT_OPEN), __WASI_ERRNO_BADF, "fd %d is still not open", NOT_OPEN);
    } else if (is("from-closed")) {
        if (!open_at("digits.txt", 0, R_READ, 0, &b)) return tap_end();
        __wasi_fd_t c = closed_fd();
        tap_errno(__wasi_fd_renumber(c, b), __WASI_ERRNO_BADF, "fd_renumber from a closed fd gives badf");
        tap_errno(__wasi_fd_renumber(NOT_OPEN, b), __WASI_ERRNO_BADF, "fd_renumber from %d, never opened, gives badf", NOT_OPEN);
        tap_ok(rd(b, 2) == 2 && memcmp(buf, "01", 2) == 0, "the target fd is still open on its own file and reads '01'");
    } else if (is("self")) {
        if (!open_at("digits.txt", 0, R_READ, 0, &a)) return tap_end();
        tap_ok(rd(a, 2) == 2, "reading 2 bytes succeeds");
        tap_errno(__wasi_fd_renumber(a, a), __WASI_ERRNO_SUCCESS, "fd_renumber(a, a) succeeds");
        int n = rd(a, 2);
        tap_ok(n == 2 && memcmp(buf, "23", 2) == 0, "fd a is still open, at the same offset: it reads '23' (got %d: '%.2s')", n, buf);
    } else if (is("preopen")) {
        if (!open_at("digits.txt", 0, R_READ, 0, &b)) return tap_end();
        __wasi_prestat_t before;
        memset(&before, 0x55, sizeof before);
        tap_errno(__wasi_fd_prestat_get(PREOPEN, &before), __WASI_ERRNO_SUCCESS, "fd_prestat_get(3) succeeds");
        tap_errno(__wasi_fd_renumber(PREOPEN, b), __WASI_ERRNO_SUCCESS, "fd_renumber(preopen, b) succeeds");
        memset(&p, 0xAA, sizeof p);
        tap_errno(__wasi_fd_prestat_get(b, &p), __WASI_ERRNO_SUCCESS, "fd_prestat_get(b) now succeeds");
        tap_ok(p.tag == __WASI_PREOPENTYPE_DIR && p.u.dir.pr_name_len == before.u.dir.pr_name_len,
               "b is the preopen: tag dir, the same name length (tag %d, name length %u, was %u)", p.tag, p.u.dir.pr_name_len,
               before.u.dir.pr_name_len);
        /* before any open: a new fd may take the freed number */
        tap_errno(__wasi_fd_prestat_get(PREOPEN, &p), __WASI_ERRNO_BADF, "the old preopen number is closed: fd_prestat_get gives badf");
        tap_errno(__wasi_path_open(PREOPEN, 0, "digits.txt", 0, R_READ, 0, 0, &a), __WASI_ERRNO_BADF,
                  "path_open through the old number gives badf");
        tap_errno(__wasi_path_open(b, 0, "dir/inner.txt", 0, R_READ, 0, 0, &a), __WASI_ERRNO_SUCCESS, "path_open through b succeeds");
        tap_ok(rd(a, 5) == 5 && memcmp(buf, "inner", 5) == 0, "the file opened through b is dir/inner.txt");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
