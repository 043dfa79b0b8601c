/*
 * fd_sync (fsync) and fd_datasync (fdatasync). Groups (argv[1]):
 *   sync               after fd_write, fd_sync succeeds and the data is there
 *   datasync           after fd_write, fd_datasync succeeds and the data is there
 *   readonly           on an fd with fd_read, fd_sync and fd_datasync but not fd_write,
 *                      both succeed (the rights allow them; POSIX fsync works on O_RDONLY)
 *   sync-badf          fd_sync on a closed or forged fd gives badf
 *   datasync-badf      fd_datasync on a closed or forged fd gives badf
 *   sync-rights        fd_sync without the fd_sync right gives notcapable
 *   datasync-rights    fd_datasync without the fd_datasync right gives notcapable
 *                      (both groups drop fd_sync and fd_datasync, so neither right can
 *                      be read as implying the other)
 */
#include "fd_common.h"

static int write_str(__wasi_fd_t fd, const char *s) {
    __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
    __wasi_size_t n = 0;
    return __wasi_fd_write(fd, &iov, 1, &n) == 0 && n == strlen(s);
}

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    FD_BEGIN(argc, argv);
    if (is("sync") || is("datasync")) {
        int sync = is("sync");
        __wasi_rights_t r = R_WRITE | (sync ? __WASI_RIGHTS_FD_SYNC : __WASI_RIGHTS_FD_DATASYNC);
        if (!open_at("digits.txt", 0, r, 0, &fd)) return tap_end();
        tap_ok(write_str(fd, "abc"), "fd_write of 'abc' at offset 0 succeeds");
        tap_errno(sync ? __wasi_fd_sync(fd) : __wasi_fd_datasync(fd), __WASI_ERRNO_SUCCESS, "%s after the write succeeds",
                  sync ? "fd_sync" : "fd_datasync");
        tap_ok(holds("digits.txt", "abc3456789", 10), "the file holds the written bytes");
        tap_errno(sync ? __wasi_fd_sync(fd) : __wasi_fd_datasync(fd), __WASI_ERRNO_SUCCESS, "%s again, with nothing to flush, succeeds",
                  sync ? "fd_sync" : "fd_datasync");
    } else if (is("readonly")) {
        if (!open_at("digits.txt", 0, R_READ | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_sync(fd), __WASI_ERRNO_SUCCESS, "fd_sync on a read-only fd holding the fd_sync right succeeds");
        tap_errno(__wasi_fd_datasync(fd), __WASI_ERRNO_SUCCESS, "fd_datasync on a read-only fd holding the fd_datasync right succeeds");
    } else if (is("sync-badf")) {
        tap_errno(__wasi_fd_sync(closed_fd()), __WASI_ERRNO_BADF, "fd_sync on a closed fd gives badf");
        tap_errno(__wasi_fd_sync(FORGED_FD), __WASI_ERRNO_BADF, "fd_sync on a forged fd (0x7fffffff) gives badf");
    } else if (is("datasync-badf")) {
        tap_errno(__wasi_fd_datasync(closed_fd()), __WASI_ERRNO_BADF, "fd_datasync on a closed fd gives badf");
        tap_errno(__wasi_fd_datasync(FORGED_FD), __WASI_ERRNO_BADF, "fd_datasync on a forged fd (0x7fffffff) gives badf");
    } else if (is("sync-rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~(__WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC), 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_sync(fd), __WASI_ERRNO_NOTCAPABLE, "fd_sync on an fd with every file right but fd_sync and fd_datasync gives notcapable");
    } else if (is("datasync-rights")) {
        if (!open_at("digits.txt", 0, R_FILE_ALL & ~(__WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC), 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_datasync(fd), __WASI_ERRNO_NOTCAPABLE,
                  "fd_datasync on an fd with every file right but fd_sync and fd_datasync gives notcapable");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
