/* The witx: fd_readdir lists `.` and `..`, both directories. */
#include "tap.h"
#include <string.h>

#define PREOPEN 3
#define BUF 4096

static uint8_t buf[BUF];

int main(void) {
    __wasi_size_t used = 0;
    int dot = 0, dotdot = 0, dot_dir = 1;
    tap_begin();
    tap_errno(__wasi_fd_readdir(PREOPEN, buf, BUF, 0, &used), __WASI_ERRNO_SUCCESS, "fd_readdir from cookie 0 succeeds");
    for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= used;) {
        __wasi_dirent_t d;
        memcpy(&d, buf + off, sizeof d);
        const char *name = (const char *)buf + off + sizeof d;
        if (off + sizeof d + d.d_namlen > used) break;
        if (d.d_namlen == 1 && name[0] == '.') dot++;
        else if (d.d_namlen == 2 && memcmp(name, "..", 2) == 0) dotdot++;
        else {
            off += sizeof d + d.d_namlen;
            continue;
        }
        if (d.d_type != __WASI_FILETYPE_DIRECTORY) dot_dir = 0;
        off += sizeof d + d.d_namlen;
    }
    tap_eq(dot, 1, "'.' is listed exactly once (witx: fd_readdir includes . and ..)");
    tap_eq(dotdot, 1, "'..' is listed exactly once (witx: fd_readdir includes . and ..)");
    tap_ok(dot && dotdot && dot_dir, "'.' and '..' have d_type directory");
    return tap_end();
}
