/*
 * The witx: fd_readdir fills the buffer as far as possible and truncates the last
 * entry, so a buffer too small for one entry comes back full (bufused == buf_len)
 * holding the start of that entry as a large buffer would list it. The three padding
 * bytes after d_type (offsets 21-23) are not compared: nothing defines them.
 * argv[1] is the buffer size to try.
 */
#include "tap.h"
#include <stdlib.h>
#include <string.h>

#define PREOPEN 3
#define BUF 4096

static uint8_t full[BUF], part[BUF];

static void check(size_t len, const char *what) {
    __wasi_size_t used = 0;
    memset(part, 0xEE, sizeof part);
    tap_errno(__wasi_fd_readdir(PREOPEN, part, len, 0, &used), __WASI_ERRNO_SUCCESS, "fd_readdir into a %d-byte buffer (%s) succeeds", (int)len, what);
    tap_eq(used, len, "bufused equals the %d-byte buffer size: the buffer is filled, the entry truncated", (int)len);
    int same = used <= len;
    for (size_t i = 0; same && i < used; i++)
        if ((i < 21 || i > 23) && part[i] != full[i]) same = 0;
    tap_ok(same, "the %d bytes are the start of the first entry as a large buffer lists it (padding ignored)", (int)used);
    int clean = 1;
    for (size_t i = len; i < sizeof part; i++)
        if (part[i] != 0xEE) clean = 0;
    tap_ok(clean, "nothing is written past the %d-byte buffer", (int)len);
}

int main(int argc, char **argv) {
    size_t len = argc > 1 ? (size_t)atoi(argv[1]) : 0;
    __wasi_size_t used = 0;
    tap_begin();
    tap_errno(__wasi_fd_readdir(PREOPEN, full, BUF, 0, &used), __WASI_ERRNO_SUCCESS, "fd_readdir into a large buffer succeeds");
    __wasi_dirent_t d;
    memcpy(&d, full, sizeof d);
    if (used < sizeof d + 2 || d.d_namlen < 2) {
        tap_ok(0, "the large listing starts with an entry whose name has 2+ bytes (used %d)", (int)used);
        return tap_end();
    }
    if (len < 1 || len >= sizeof d + d.d_namlen) {
        tap_ok(0, "argv[1] is a buffer size from 1 to %d", (int)(sizeof d + d.d_namlen - 1));
        return tap_end();
    }
    check(len, len < sizeof d ? "smaller than a dirent header" : "a header and part of the name");
    return tap_end();
}
