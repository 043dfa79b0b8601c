/* A TCP listener the runtime pre-opened (P1 has no call to create one). Without arguments:
 * the guest finds it among its fds as a stream socket, not mistaken for a pre-opened folder.
 * With the argument "rights": the listener carries the sock_accept right (witx: "the right to
 * invoke sock_accept"), kept apart because runtimes treat rights as advisory. */
#include "tap.h"
#include <string.h>

int main(int argc, char **argv) {
    tap_begin();
    int listener = -1;
    __wasi_fdstat_t st;
    for (__wasi_fd_t fd = 3; fd < 32 && listener < 0; fd++)
        if (__wasi_fd_fdstat_get(fd, &st) == 0 && st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) listener = (int)fd;
    if (!tap_ok(listener >= 0, "a pre-opened stream socket is among fds 3..31")) return tap_end();
    if (argc > 1 && strcmp(argv[1], "rights") == 0) {
        tap_ok((st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT) != 0, "the listener has the sock_accept right (rights base 0x%llx)",
               (unsigned long long)st.fs_rights_base);
        return tap_end();
    }
    __wasi_prestat_t pre;
    tap_errno(__wasi_fd_prestat_get((__wasi_fd_t)listener, &pre), __WASI_ERRNO_BADF, "fd_prestat_get on the listener gives badf: it is no pre-opened folder");
    tap_ok((st.fs_rights_base & (__WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR)) == 0, "the listener carries no folder rights (path_open, fd_readdir)");
    return tap_end();
}
