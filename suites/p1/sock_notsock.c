/*
 * The four standard P1 socket calls on descriptors that are no sockets: a regular file,
 * a pre-opened folder, and fds that are closed or were never open. One group per call
 * and kind of fd. A regular file opened with fd_read and fd_write holds the rights that
 * sock_recv and sock_send need, so only notsock fits there; sock_accept and sock_shutdown
 * have rights of their own that a file lacks, so notcapable fits as well.
 */
#include "path_common.h"

#define PREOPEN 3

static int file_fd(void) {
    __wasi_fd_t fd;
    if (__wasi_path_open(PREOPEN, 0, "hello.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL, 0, 0, &fd) != 0)
        return -1;
    return (int)fd;
}

static int closed_fd(void) {
    int fd = file_fd();
    if (fd >= 0 && __wasi_fd_close((__wasi_fd_t)fd) != 0) return -1;
    return fd;
}

static __wasi_errno_t do_call(const char *call, __wasi_fd_t fd) {
    static char buf[16];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t ciov = {(const uint8_t *)"sent\n", 5};
    __wasi_size_t n = 0;
    __wasi_roflags_t ro = 0;
    __wasi_fd_t out = 0;
    if (!strcmp(call, "accept")) return __wasi_sock_accept(fd, 0, &out);
    if (!strcmp(call, "recv")) return __wasi_sock_recv(fd, &iov, 1, 0, &n, &ro);
    if (!strcmp(call, "send")) return __wasi_sock_send(fd, &ciov, 1, 0, &n);
    if (!strcmp(call, "shutdown")) return __wasi_sock_shutdown(fd, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR);
    return 0xFFFF;
}

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    char call[16] = {0}, kind[16] = {0};
    const char *dash = strchr(g, '-');
    if (!dash || dash - g >= (int)sizeof call || strlen(dash + 1) >= sizeof kind) return tap_begin(), unknown_group(g);
    memcpy(call, g, dash - g);
    strcpy(kind, dash + 1);
    int rights_of_its_own = !strcmp(call, "accept") || !strcmp(call, "shutdown");
    tap_begin();
    if (!strcmp(kind, "file")) {
        int fd = file_fd();
        if (!tap_ok(fd >= 0, "hello.txt opens with fd_read, fd_write, fd_seek and fd_tell")) return tap_end();
        __wasi_errno_t e = do_call(call, (__wasi_fd_t)fd);
        if (rights_of_its_own)
            tap_errno_in(e, ERRNOS(E(NOTSOCK), E(NOTCAPABLE)), "sock_%s on a regular file gives notsock or notcapable (it lacks the sock_%s right)", call, call);
        else
            tap_errno(e, E(NOTSOCK), "sock_%s on a regular file holding the %s right gives notsock", call, !strcmp(call, "recv") ? "fd_read" : "fd_write");
        char buf[32];
        size_t len;
        tap_ok(slurp(PREOPEN, 0, "hello.txt", buf, sizeof buf, &len) == 0 && len == 6 && !memcmp(buf, "hello\n", 6), "the file is unchanged");
        __wasi_filesize_t off = 99;
        tap_ok(__wasi_fd_seek((__wasi_fd_t)fd, 0, __WASI_WHENCE_CUR, &off) == 0 && off == 0, "the file's offset did not move (%llu)",
               (unsigned long long)off);
    } else if (!strcmp(kind, "dir")) {
        tap_errno_in(do_call(call, PREOPEN), ERRNOS(E(NOTSOCK), E(NOTCAPABLE)),
                     "sock_%s on the pre-opened folder gives notsock or notcapable (a folder holds no socket rights)", call);
        tap_ok(exists(PREOPEN, "hello.txt"), "the folder still works");
    } else if (!strcmp(kind, "badf")) {
        int fd = closed_fd();
        if (!tap_ok(fd >= 0, "a file opens and closes")) return tap_end();
        tap_errno(do_call(call, (__wasi_fd_t)fd), E(BADF), "sock_%s on a closed fd gives badf", call);
        tap_errno(do_call(call, 1234), E(BADF), "sock_%s on an fd that was never open gives badf", call);
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
