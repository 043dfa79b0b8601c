/*
 * fd_close. Groups (argv[1]):
 *   basic    closing an open file succeeds; closing it again gives badf; fd_read and
 *            fd_fdstat_get on it give badf
 *   preopen  closing the preopen is allowed; afterwards path_open, fd_prestat_get and
 *            fd_fdstat_get on it give badf; a file opened through it before stays usable
 *   badf     a number never opened (4242), 0x7fffffff and 0xffffffff give badf
 */
#include "fd_common.h"

int main(int argc, char **argv) {
    __wasi_fd_t fd, kept;
    __wasi_fdstat_t st;
    __wasi_prestat_t p;
    char c[4];
    __wasi_iovec_t iov = {(uint8_t *)c, 2};
    __wasi_size_t n = 0;
    FD_BEGIN(argc, argv);
    if (is("basic")) {
        if (!open_at("digits.txt", 0, R_READ, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_close(fd), __WASI_ERRNO_SUCCESS, "fd_close of an open file succeeds");
        tap_errno(__wasi_fd_close(fd), __WASI_ERRNO_BADF, "closing it a second time gives badf");
        tap_errno(__wasi_fd_read(fd, &iov, 1, &n), __WASI_ERRNO_BADF, "fd_read on the closed fd gives badf");
        tap_errno(__wasi_fd_fdstat_get(fd, &st), __WASI_ERRNO_BADF, "fd_fdstat_get on the closed fd gives badf");
    } else if (is("preopen")) {
        if (!open_at("digits.txt", 0, R_READ, 0, &kept)) return tap_end();
        tap_errno(__wasi_fd_close(PREOPEN), __WASI_ERRNO_SUCCESS, "fd_close of the preopen succeeds (closing a preopen is allowed)");
        tap_errno(__wasi_path_open(PREOPEN, 0, "digits.txt", 0, R_READ, 0, 0, &fd), __WASI_ERRNO_BADF,
                  "path_open through the closed preopen gives badf");
        tap_errno(__wasi_fd_prestat_get(PREOPEN, &p), __WASI_ERRNO_BADF, "fd_prestat_get on the closed preopen gives badf");
        tap_errno(__wasi_fd_fdstat_get(PREOPEN, &st), __WASI_ERRNO_BADF, "fd_fdstat_get on the closed preopen gives badf");
        __wasi_errno_t e = __wasi_fd_read(kept, &iov, 1, &n);
        tap_ok(e == 0 && n == 2 && c[0] == '0' && c[1] == '1', "a file opened through the preopen before it was closed still reads '01' (%s)",
               tap_errno_name(e));
    } else if (is("badf")) {
        tap_errno(__wasi_fd_close(NOT_OPEN), __WASI_ERRNO_BADF, "fd_close(%d), never opened, gives badf", NOT_OPEN);
        tap_errno(__wasi_fd_close(FORGED_FD), __WASI_ERRNO_BADF, "fd_close(0x7fffffff) gives badf");
        tap_errno(__wasi_fd_close(0xffffffffu), __WASI_ERRNO_BADF, "fd_close(0xffffffff) gives badf");
        tap_errno(__wasi_fd_fdstat_get(PREOPEN, &st), __WASI_ERRNO_SUCCESS, "the preopen is still open afterwards");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
