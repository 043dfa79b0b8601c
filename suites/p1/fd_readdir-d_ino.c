/* The witx: dirent.d_ino is the serial number of the file the entry refers to. */
#include "tap.h"
#include <string.h>

#define PREOPEN 3
#define BUF 4096

static uint8_t buf[BUF];

int main(void) {
    __wasi_size_t used = 0;
    tap_begin();
    tap_errno(__wasi_fd_readdir(PREOPEN, buf, BUF, 0, &used), __WASI_ERRNO_SUCCESS, "fd_readdir from cookie 0 succeeds");
    int checked = 0;
    for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= used;) {
        __wasi_dirent_t d;
        char name[64];
        memcpy(&d, buf + off, sizeof d);
        if (d.d_namlen >= sizeof name || off + sizeof d + d.d_namlen > used) break;
        memcpy(name, buf + off + sizeof d, d.d_namlen);
        name[d.d_namlen] = 0;
        off += sizeof d + d.d_namlen;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        __wasi_filestat_t st;
        if (__wasi_path_filestat_get(PREOPEN, 0, name, &st) != __WASI_ERRNO_SUCCESS) {
            tap_ok(0, "path_filestat_get on listed entry '%s'", name);
            continue;
        }
        tap_eq(d.d_ino, st.ino, "d_ino of '%s' equals the ino path_filestat_get reports", name);
        checked++;
    }
    tap_eq(checked, 3, "all three fixture entries were compared");
    return tap_end();
}
