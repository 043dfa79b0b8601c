/*
 * Descriptors as capabilities: forged and closed fd numbers, writes through an fd opened
 * read-only, and rights that a directory fd cannot pass on (typenames.witx rights;
 * path_open: the requested rights must be a subset of the directory's inheriting rights).
 * Upstream accepts badf or notcapable for a use of a right the fd lacks, and notcapable
 * for asking for more. One group per argument.
 */
#include "path_common.h"

static int J = -1, S = -1;

static int setup(void) {
    J = find_preopen("fixtures/security-jail");
    S = find_preopen("fixtures/security-sibling");
    return tap_ok(J >= 0 && S >= 0, "both preopens are found by name (jail fd %d, sibling fd %d)", J, S);
}

static int inside_intact(void) {
    char buf[32];
    size_t len;
    return slurp(J, 0, "inside.txt", buf, sizeof buf, &len) == 0 && len == 7 && !memcmp(buf, "inside\n", 7);
}

static __wasi_errno_t write_x(__wasi_fd_t fd) {
    __wasi_ciovec_t iov = {(const uint8_t *)"X", 1};
    __wasi_size_t n = 0;
    return __wasi_fd_write(fd, &iov, 1, &n);
}

static __wasi_errno_t read_1(__wasi_fd_t fd) {
    char c;
    __wasi_iovec_t iov = {(uint8_t *)&c, 1};
    __wasi_size_t n = 0;
    return __wasi_fd_read(fd, &iov, 1, &n);
}

static int g_forged(void) {
    static const __wasi_fd_t forged[] = {64, 1000, 0x7fffffff, 0xffffffff};
    for (int i = 0; i < 4; i++) {
        __wasi_fd_t fd, f = forged[i];
        __wasi_filestat_t st;
        __wasi_fdstat_t fst;
        tap_errno(__wasi_path_open(f, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(BADF), "path_open on forged fd %u gives badf", f);
        tap_errno(__wasi_path_filestat_get(f, 0, "inside.txt", &st), E(BADF), "path_filestat_get on forged fd %u gives badf", f);
        tap_errno(read_1(f), E(BADF), "fd_read on forged fd %u gives badf", f);
        tap_errno(write_x(f), E(BADF), "fd_write on forged fd %u gives badf", f);
        tap_errno(__wasi_fd_fdstat_get(f, &fst), E(BADF), "fd_fdstat_get on forged fd %u gives badf", f);
        tap_errno(__wasi_fd_close(f), E(BADF), "fd_close on forged fd %u gives badf", f);
    }
    return tap_end();
}

static int g_closed(void) {
    __wasi_fd_t sub, fd;
    __wasi_filestat_t st;
    __wasi_prestat_t pre;
    char buf[64];
    __wasi_size_t used;
    if (!tap_errno(open_dir(J, "sub", &sub), E(SUCCESS), "the jail's sub opens as a directory fd")) return tap_end();
    tap_errno(__wasi_fd_close(sub), E(SUCCESS), "closing it succeeds");
    tap_errno(__wasi_path_open(sub, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(BADF), "path_open through the closed directory fd gives badf");
    tap_errno(__wasi_path_filestat_get(sub, 0, "file.txt", &st), E(BADF), "path_filestat_get through it gives badf");
    tap_errno(__wasi_fd_readdir(sub, (uint8_t *)buf, sizeof buf, 0, &used), E(BADF), "fd_readdir on it gives badf");
    tap_errno(__wasi_fd_close(sub), E(BADF), "closing it again gives badf");
    tap_errno(__wasi_fd_close(J), E(SUCCESS), "closing the jail's preopen succeeds (closing a preopen is allowed)");
    tap_errno(__wasi_path_open(J, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(BADF), "path_open through the closed preopen gives badf");
    tap_errno(__wasi_fd_prestat_get(J, &pre), E(BADF), "fd_prestat_get on the closed preopen gives badf");
    if (tap_errno(__wasi_path_open(S, 0, "secret.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(SUCCESS), "a new file opens from the sibling")) {
        if (fd == (__wasi_fd_t)J) {
            __wasi_fd_t fd2;
            __wasi_errno_t e = __wasi_path_open(fd, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd2);
            tap_ok(e != 0, "the jail's reused fd number (now a file) does not reach the jail again (got %s)", tap_errno_name(e));
        } else {
            tap_errno(__wasi_path_open(J, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(BADF),
                      "the jail's fd number, not reused by the new file, still gives badf");
        }
    }
    return tap_end();
}

static int g_readonly(void) {
    __wasi_fd_t fd;
    if (!tap_errno(__wasi_path_open(J, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd),
                   E(SUCCESS), "inside.txt opens with read rights only"))
        return tap_end();
    tap_errno_in(write_x(fd), ERRNOS(E(BADF), E(NOTCAPABLE)), "fd_write on it gives badf or notcapable (upstream: use of a right not held)");
    __wasi_ciovec_t iov = {(const uint8_t *)"X", 1};
    __wasi_size_t n = 0;
    tap_errno_in(__wasi_fd_pwrite(fd, &iov, 1, 0, &n), ERRNOS(E(BADF), E(NOTCAPABLE)), "fd_pwrite on it gives badf or notcapable");
    tap_errno_in(__wasi_fd_filestat_set_size(fd, 0), ERRNOS(E(BADF), E(NOTCAPABLE), E(INVAL)),
                 "fd_filestat_set_size on it gives badf or notcapable (or inval, as ftruncate on a read-only fd)");
    tap_ok(inside_intact(), "inside.txt keeps its 7 bytes");
    return tap_end();
}

static int g_rights_inherit(void) {
    __wasi_fd_t sub, fd;
    const __wasi_rights_t base = __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_FILESTAT_GET;
    if (!tap_errno(__wasi_path_open(J, 0, "sub", __WASI_OFLAGS_DIRECTORY, base, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK, 0, &sub), E(SUCCESS),
                   "sub opens as a directory whose inheriting rights are fd_read and fd_seek only"))
        return tap_end();
    tap_errno(__wasi_path_open(sub, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), E(NOTCAPABLE),
              "asking it for a file with fd_write, which it cannot pass on, gives notcapable");
    tap_errno(__wasi_path_open(sub, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, __WASI_RIGHTS_FD_WRITE, 0, &fd), E(NOTCAPABLE),
              "asking for fd_write as an inheriting right gives notcapable too");
    if (tap_errno(__wasi_path_open(sub, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(SUCCESS), "asking for fd_read alone succeeds"))
        tap_errno_in(write_x(fd), ERRNOS(E(BADF), E(NOTCAPABLE)), "and a write through that fd gives badf or notcapable");
    char buf[16];
    size_t len;
    tap_ok(slurp(J, 0, "sub/file.txt", buf, sizeof buf, &len) == 0 && len == 4 && !memcmp(buf, "sub\n", 4), "sub/file.txt is unchanged");
    return tap_end();
}

/* A right every preopen lacks in its inheriting rights (in practice sock_accept or
 * sock_shutdown): asking the preopen for it, as a base or an inheriting right, is notcapable. */
static int g_rights_preopen(void) {
    __wasi_fd_t fd;
    __wasi_rights_t inh = inheriting_of(J), missing = 0;
    for (int bit = 29; bit >= 0 && !missing; bit--)
        if (!(inh & (1ULL << bit))) missing = 1ULL << bit;
    if (!missing) {
        tap_skip("the preopen can pass on every defined right", "asking the preopen for a right it cannot pass on");
        return tap_end();
    }
    tap_errno(__wasi_path_open(J, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ | missing, 0, 0, &fd), E(NOTCAPABLE),
              "asking the preopen (inheriting rights 0x%llx) for base right 0x%llx, which it cannot pass on, gives notcapable",
              (unsigned long long)inh, (unsigned long long)missing);
    tap_errno(__wasi_path_open(J, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ, missing, 0, &fd), E(NOTCAPABLE),
              "asking for it as an inheriting right gives notcapable too");
    tap_errno(__wasi_path_open(J, 0, "sub", __WASI_OFLAGS_DIRECTORY, 0, missing, 0, &fd), E(NOTCAPABLE),
              "and so does asking for it as an inheriting right of a folder");
    return tap_end();
}

static int g_rights_base(void) {
    __wasi_fd_t sub, fd;
    if (!tap_errno(__wasi_path_open(J, 0, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, inheriting_of(J), 0, &sub), E(SUCCESS),
                   "sub opens as a directory whose base rights are fd_readdir only"))
        return tap_end();
    tap_errno(__wasi_path_open(sub, 0, "file.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd), E(NOTCAPABLE),
              "path_open through it (no path_open right) gives notcapable");
    tap_errno(__wasi_path_create_directory(sub, "made"), E(NOTCAPABLE), "path_create_directory through it gives notcapable");
    tap_errno(__wasi_path_unlink_file(sub, "file.txt"), E(NOTCAPABLE), "path_unlink_file through it gives notcapable");
    tap_ok(exists(J, "sub/file.txt") && !exists(J, "sub/made"), "sub/file.txt is still there and nothing was made");
    return tap_end();
}

static int g_rights_dropped(void) {
    __wasi_fd_t fd;
    if (!tap_errno(__wasi_path_open(J, 0, "inside.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), E(SUCCESS),
                   "inside.txt opens for reading and writing"))
        return tap_end();
    tap_errno(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ, 0), E(SUCCESS), "fd_fdstat_set_rights drops fd_write");
    tap_errno_in(write_x(fd), ERRNOS(E(BADF), E(NOTCAPABLE)), "fd_write after the drop gives badf or notcapable (upstream fd_fdstat_set_rights)");
    tap_errno(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0), E(NOTCAPABLE),
              "taking fd_write back gives notcapable (witx: can only remove rights)");
    tap_errno_in(write_x(fd), ERRNOS(E(BADF), E(NOTCAPABLE)), "fd_write is still refused");
    tap_ok(inside_intact(), "inside.txt keeps its 7 bytes");
    return tap_end();
}

static int g_rights_trunc(void) {
    __wasi_fd_t sub, sub2, fd;
    const __wasi_rights_t base = __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_FD_READDIR;
    if (!tap_errno(__wasi_path_open(J, 0, "sub", __WASI_OFLAGS_DIRECTORY, base, inheriting_of(J), 0, &sub), E(SUCCESS),
                   "sub opens as a directory without the path_filestat_set_size right"))
        return tap_end();
    tap_errno_in(__wasi_path_open(sub, 0, "file.txt", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), ERRNOS(E(PERM), E(NOTCAPABLE)),
                 "oflags trunc through it gives perm or notcapable (upstream truncation_rights)");
    if (tap_errno(__wasi_path_open(J, 0, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_OPEN, inheriting_of(J), 0, &sub2), E(SUCCESS),
                  "sub opens again as a directory without the path_create_file right"))
        tap_errno(__wasi_path_open(sub2, 0, "new.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd), E(NOTCAPABLE),
                  "oflags creat through it gives notcapable");
    __wasi_filestat_t st;
    tap_ok(__wasi_path_filestat_get(J, 0, "sub/file.txt", &st) == 0 && st.size == 4 && !exists(J, "sub/new.txt"),
           "sub/file.txt keeps its 4 bytes and no new.txt was made");
    return tap_end();
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!setup()) return tap_end();
    if (!strcmp(g, "forged")) return g_forged();
    if (!strcmp(g, "closed")) return g_closed();
    if (!strcmp(g, "readonly")) return g_readonly();
    if (!strcmp(g, "rights-inherit")) return g_rights_inherit();
    if (!strcmp(g, "rights-base")) return g_rights_base();
    if (!strcmp(g, "rights-preopen")) return g_rights_preopen();
    if (!strcmp(g, "rights-dropped")) return g_rights_dropped();
    if (!strcmp(g, "rights-trunc")) return g_rights_trunc();
    return unknown_group(g);
}
