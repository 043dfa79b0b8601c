/*
 * fd_fdstat_set_rights: "This can only be used to remove rights, and returns
 * errno::notcapable if called in a way that would attempt to add rights." A call that
 * needs a dropped right then fails with notcapable (errno notcapable: "Capabilities
 * insufficient"). Groups (argv[1]):
 *   drop          dropping fd_write succeeds; fd_fdstat_get reports exactly the rights
 *                 kept; setting the same rights again succeeds; fd_read still works
 *   drop-write    after dropping fd_write, fd_write gives notcapable; the file is unchanged
 *   drop-read     after dropping fd_read, fd_read gives notcapable
 *   drop-seek     after dropping fd_seek and fd_tell, fd_seek gives notcapable; offset kept
 *   add           adding back a dropped right, or a right the fd never had, gives
 *                 notcapable and the rights stay as they were
 *   inheriting    dropping fd_write from the preopen's inheriting rights makes path_open
 *                 asking for fd_write give notcapable; fd_read alone still opens; adding
 *                 it back gives notcapable
 *   badf          a closed fd and a forged fd give badf
 */
#include "fd_common.h"

#define BASE (R_READ | R_WRITE | R_SEEK | R_TELL | R_FSTAT)

static __wasi_fdstat_t fdstat(__wasi_fd_t fd) {
    __wasi_fdstat_t st;
    memset(&st, 0, sizeof st);
    if (__wasi_fd_fdstat_get(fd, &st) != 0) st.fs_rights_base = st.fs_rights_inheriting = ~0ull;
    return st;
}

int main(int argc, char **argv) {
    __wasi_fd_t fd;
    __wasi_errno_t e;
    char c[4] = {0};
    __wasi_iovec_t iov = {(uint8_t *)c, 2};
    __wasi_ciovec_t ciov = {(const uint8_t *)"WW", 2};
    __wasi_size_t n = 0;
    FD_BEGIN(argc, argv);
    if (is("drop")) {
        if (!open_at("digits.txt", 0, BASE, 0, &fd)) return tap_end();
        __wasi_rights_t kept = BASE & ~R_WRITE;
        tap_errno(__wasi_fd_fdstat_set_rights(fd, kept, 0), __WASI_ERRNO_SUCCESS, "fd_fdstat_set_rights dropping fd_write succeeds");
        __wasi_fdstat_t st = fdstat(fd);
        tap_eq(st.fs_rights_base, kept, "fd_fdstat_get reports exactly the rights kept (fd_read, fd_seek, fd_tell, fd_filestat_get)");
        tap_eq(st.fs_rights_inheriting, 0, "the inheriting rights are 0, as set");
        tap_errno(__wasi_fd_fdstat_set_rights(fd, kept, 0), __WASI_ERRNO_SUCCESS, "setting the same rights again succeeds (nothing is added)");
        e = __wasi_fd_read(fd, &iov, 1, &n);
        tap_ok(e == 0 && n == 2 && c[0] == '0' && c[1] == '1', "fd_read, a right kept, still reads '01' (%s)", tap_errno_name(e));
    } else if (is("drop-write")) {
        if (!open_at("digits.txt", 0, BASE, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_fdstat_set_rights(fd, BASE & ~R_WRITE, 0), __WASI_ERRNO_SUCCESS, "fd_fdstat_set_rights dropping fd_write succeeds");
        tap_errno(__wasi_fd_write(fd, &ciov, 1, &n), __WASI_ERRNO_NOTCAPABLE, "fd_write after fd_write was dropped gives notcapable");
        tap_ok(holds("digits.txt", DIGITS, 10), "the file is unchanged");
    } else if (is("drop-read")) {
        if (!open_at("digits.txt", 0, BASE, 0, &fd)) return tap_end();
        tap_errno(__wasi_fd_fdstat_set_rights(fd, BASE & ~R_READ, 0), __WASI_ERRNO_SUCCESS, "fd_fdstat_set_rights dropping fd_read succeeds");
        tap_errno(__wasi_fd_read(fd, &iov, 1, &n), __WASI_ERRNO_NOTCAPABLE, "fd_read after fd_read was dropped gives notcapable");
    } else if (is("drop-seek")) {
        if (!open_at("digits.txt", 0, BASE, 0, &fd)) return tap_end();
        __wasi_filesize_t off = 0;
        tap_errno(__wasi_fd_seek(fd, 3, __WASI_WHENCE_SET, &off), __WASI_ERRNO_SUCCESS, "fd_seek to 3 succeeds while the fd has fd_seek");
        tap_errno(__wasi_fd_fdstat_set_rights(fd, BASE & ~(R_SEEK | R_TELL), 0), __WASI_ERRNO_SUCCESS,
                  "fd_fdstat_set_rights dropping fd_seek and fd_tell succeeds");
        tap_errno(__wasi_fd_seek(fd, 7, __WASI_WHENCE_SET, &off), __WASI_ERRNO_NOTCAPABLE, "fd_seek after fd_seek was dropped gives notcapable");
        e = __wasi_fd_read(fd, &iov, 1, &n);
        tap_ok(e == 0 && n == 2 && c[0] == '3' && c[1] == '4', "the refused seek left the offset at 3: fd_read reads '34' (%s, '%.2s')",
               tap_errno_name(e), c);
    } else if (is("add")) {
        if (!open_at("digits.txt", 0, BASE, 0, &fd)) return tap_end();
        __wasi_rights_t kept = BASE & ~R_WRITE;
        tap_errno(__wasi_fd_fdstat_set_rights(fd, kept, 0), __WASI_ERRNO_SUCCESS, "fd_fdstat_set_rights dropping fd_write succeeds");
        tap_errno(__wasi_fd_fdstat_set_rights(fd, BASE, 0), __WASI_ERRNO_NOTCAPABLE, "adding fd_write back gives notcapable");
        tap_errno(__wasi_fd_fdstat_set_rights(fd, kept | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE, 0), __WASI_ERRNO_NOTCAPABLE,
                  "adding fd_filestat_set_size, never granted, gives notcapable");
        tap_errno(__wasi_fd_fdstat_set_rights(fd, kept, R_READ), __WASI_ERRNO_NOTCAPABLE,
                  "adding fd_read to the inheriting rights (0) gives notcapable");
        __wasi_fdstat_t st = fdstat(fd);
        tap_eq(st.fs_rights_base, kept, "the base rights are still those kept");
        tap_eq(st.fs_rights_inheriting, 0, "the inheriting rights are still 0");
        tap_errno(__wasi_fd_write(fd, &ciov, 1, &n), __WASI_ERRNO_NOTCAPABLE, "fd_write still gives notcapable");
        tap_ok(holds("digits.txt", DIGITS, 10), "the file is unchanged");
    } else if (is("inheriting")) {
        __wasi_fdstat_t st = fdstat(PREOPEN);
        tap_ok(st.fs_rights_inheriting & R_WRITE, "the preopen's inheriting rights hold fd_write (0x%llx)",
               (unsigned long long)st.fs_rights_inheriting);
        tap_errno(__wasi_fd_fdstat_set_rights(PREOPEN, st.fs_rights_base, st.fs_rights_inheriting & ~R_WRITE), __WASI_ERRNO_SUCCESS,
                  "fd_fdstat_set_rights dropping fd_write from the preopen's inheriting rights succeeds");
        tap_errno(__wasi_path_open(PREOPEN, 0, "digits.txt", 0, R_READ | R_WRITE, 0, 0, &fd), __WASI_ERRNO_NOTCAPABLE,
                  "path_open asking for fd_write then gives notcapable");
        tap_errno(__wasi_path_open(PREOPEN, 0, "digits.txt", 0, R_READ, 0, 0, &fd), __WASI_ERRNO_SUCCESS,
                  "path_open asking for fd_read alone still succeeds");
        tap_errno(__wasi_fd_fdstat_set_rights(PREOPEN, st.fs_rights_base, st.fs_rights_inheriting), __WASI_ERRNO_NOTCAPABLE,
                  "adding fd_write back to the inheriting rights gives notcapable");
    } else if (is("badf")) {
        tap_errno(__wasi_fd_fdstat_set_rights(closed_fd(), 0, 0), __WASI_ERRNO_BADF, "fd_fdstat_set_rights on a closed fd gives badf");
        tap_errno(__wasi_fd_fdstat_set_rights(FORGED_FD, 0, 0), __WASI_ERRNO_BADF, "fd_fdstat_set_rights on a forged fd (0x7fffffff) gives badf");
    } else {
        FD_UNKNOWN();
    }
    return tap_end();
}
