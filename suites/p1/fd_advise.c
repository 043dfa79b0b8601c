/*
 * fd_advise (posix_fadvise). Groups (argv[1]):
 *   basic    every advice value on a regular file succeeds, also for a range past the
 *            end, and leaves the file as it was
 *   badf     a closed fd and a forged fd give badf
 *   rights   an fd without the fd_advise right gives notcapable
 *   invalid  advice values 6 and 255 (no advice) give inval
 */
#include "fd_common.h"

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    FD_BEGIN(argc, argv);
    if (is("basic")) {
        if (!open_at("digits.txt", 0, R_READ | __WASI_RIGHTS_FD_ADVISE, 0, &fd)) return tap_end();
        static const char *names[] = {"normal", "sequential", "random", "willneed", "dontneed", "noreuse"};
        for (int a = __WASI_ADVICE_NORMAL; a <= __WASI_ADVICE_NOREUSE; a++)
            tap_errno(__wasi_fd_advise(fd, 2, 4, a), __WASI_ERRNO_SUCCESS, "fd_advise(offset 2, len 4, %s) succeeds", names[a]);
        tap_errno(__wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_SEQUENTIAL), __WASI_ERRNO_SUCCESS,
                  "fd_advise(0, len 0: to the end of the file, sequential) succeeds");
        tap_errno(__wasi_fd_advise(fd, 5, 1000, __WASI_ADVICE_WILLNEED), __WASI_ERRNO_SUCCESS,
                  "fd_advise over a range reaching past the end of the file succeeds (as posix_fadvise)");
        tap_ok(holds("digits.txt", DIGITS, 10), "the advice leaves the file's content unchanged");
        tap_eq(stat_path("digits.txt").size, 10, "the advice leaves the file's size unchanged");
    } else if (is("badf")) {
        tap_errno(__wasi_fd_advise(closed_fd(), 0, 10, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF, "fd_advise on a closed fd gives badf");
        tap_errno(__wasi_fd_advise(FORGED_FD, 0, 10, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF, "fd_advise on a forged fd (0x7fffffff) gives badf");
    } else if (is("rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~__WASI_RIGHTS_FD_ADVISE, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_advise(fd, 0, 10, __WASI_ADVICE_WILLNEED), __WASI_ERRNO_NOTCAPABLE,
                  "fd_advise on an fd holding every file right but fd_advise gives notcapable");
    } else if (is("invalid")) {
        if (!open_at("digits.txt", 0, R_READ | __WASI_RIGHTS_FD_ADVISE, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_advise(fd, 0, 10, 6), __WASI_ERRNO_INVAL, "fd_advise with advice 6 (one past noreuse) gives inval");
        tap_errno(__wasi_fd_advise(fd, 0, 10, 255), __WASI_ERRNO_INVAL, "fd_advise with advice 255 gives inval");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
