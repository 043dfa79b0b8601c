/* Without a `stdin` field the guest's stdin is empty: fd_read returns 0 bytes at once. */
#include "tap.h"

int main(void) {
    uint8_t buf[32];
    __wasi_iovec_t iov = {buf, sizeof buf};
    __wasi_size_t n = 12345;
    tap_begin();
    tap_errno(__wasi_fd_read(0, &iov, 1, &n), __WASI_ERRNO_SUCCESS, "fd_read on an empty stdin succeeds");
    tap_eq(n, 0, "it reports 0 bytes read: end of file");
    n = 12345;
    tap_errno(__wasi_fd_read(0, &iov, 1, &n), __WASI_ERRNO_SUCCESS, "a second fd_read after end of file succeeds");
    tap_eq(n, 0, "and again reports 0 bytes: end of file is sticky");
    return tap_end();
}
