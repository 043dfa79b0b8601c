/*
 * The witx: fd_readdir fills the buffer as far as possible and truncates the last
 * entry, so a buffer too small for one entry comes back full (bufused == buf_len)
 * holding the start of that entry as a large buffer lists it.
 *
 * The entry truncated is the first one of the large listing that is neither "." nor
 * "..": the small read starts at its cookie (the d_next of the entry before it, or 0
 * when it comes first). So the test depends neither on the order of the listing nor on
 * whether the runtime lists . and .. (the witx says it should; node:wasi does not). The
 * fixture's other names all have 5+ bytes. The three padding bytes after d_type
 * (offsets 21-23) are not compared: nothing defines them.
 * argv[1] is the buffer size to try.
 */
#include "tap.h"
#include <stdlib.h>
#include <string.h>

#define PREOPEN 3
#define BUF 4096
#define HDR sizeof(__wasi_dirent_t)

static uint8_t full[BUF], part[BUF];

static int is_dot(const __wasi_dirent_t *d, const uint8_t *name) {
    return (d->d_namlen == 1 && name[0] == '.') || (d->d_namlen == 2 && name[0] == '.' && name[1] == '.');
}

static void check(size_t len, __wasi_dircookie_t cookie, const uint8_t *entry, int namlen, const char *what) {
    __wasi_size_t used = 0;
    memset(part, 0xEE, sizeof part);
    tap_errno(__wasi_fd_readdir(PREOPEN, part, len, cookie, &used), __WASI_ERRNO_SUCCESS,
              "fd_readdir into a %d-byte buffer (%s) from the cookie of '%.*s' succeeds", (int)len, what, namlen, (const char *)entry + HDR);
    tap_eq(used, len, "bufused equals the %d-byte buffer size: the buffer is filled, the entry truncated", (int)len);
    int same = used <= len;
    for (size_t i = 0; same && i < used; i++)
        if ((i < 21 || i > 23) && part[i] != entry[i]) same = 0;
    tap_ok(same, "the %d bytes are the start of '%.*s' as a large buffer lists it (padding ignored)", (int)used, namlen, (const char *)entry + HDR);
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

    /* The first entry that is not . or .., and the cookie of the entry before it. */
    __wasi_dircookie_t cookie = 0;
    size_t pos = 0;
    int found = 0;
    __wasi_dirent_t d;
    while (pos + HDR <= used) {
        memcpy(&d, full + pos, HDR);
        if (pos + HDR + d.d_namlen > used) break; /* truncated: the listing did not fit */
        if (!is_dot(&d, full + pos + HDR)) {
            found = 1;
            break;
        }
        cookie = d.d_next;
        pos += HDR + d.d_namlen;
    }
    if (!found) {
        tap_ok(0, "the large listing (%d bytes) holds a whole entry other than . and ..", (int)used);
        return tap_end();
    }
    if (len < 1 || len >= HDR + d.d_namlen) {
        tap_ok(0, "argv[1] is a buffer size from 1 to %d", (int)(HDR + d.d_namlen - 1));
        return tap_end();
    }
    check(len, cookie, full + pos, (int)d.d_namlen, len < HDR ? "smaller than a dirent header" : "a header and part of the name");
    return tap_end();
}
