/*
 * File lifecycle in the writable fixture copy: create, write, close, reopen, read back,
 * creat|excl on the new file, trunc, append, and use after close.
 */
#include "tap.h"
#include <string.h>

#define PREOPEN 3
#define RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET)

static const char text[] = "first line\nsecond ✓ line\n";

static __wasi_errno_t write_str(__wasi_fd_t fd, const char *s, __wasi_size_t *n) {
    __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
    return __wasi_fd_write(fd, &iov, 1, n);
}

static __wasi_errno_t read_all(__wasi_fd_t fd, char *buf, size_t cap, size_t *len) {
    *len = 0;
    for (;;) {
        __wasi_iovec_t iov = {(uint8_t *)buf + *len, cap - *len};
        __wasi_size_t n = 0;
        __wasi_errno_t e = __wasi_fd_read(fd, &iov, 1, &n);
        if (e != __WASI_ERRNO_SUCCESS) return e;
        if (n == 0 || *len + n >= cap) {
            *len += n;
            return __WASI_ERRNO_SUCCESS;
        }
        *len += n;
    }
}

int main(void) {
    __wasi_fd_t fd = 0;
    __wasi_size_t n = 0;
    __wasi_filestat_t st;
    char buf[128];
    size_t len = 0;
    tap_begin();

    tap_errno(__wasi_path_open(PREOPEN, 0, "new.txt", __WASI_OFLAGS_CREAT, RW, 0, 0, &fd), __WASI_ERRNO_SUCCESS,
              "path_open with creat makes a new file");
    tap_errno(write_str(fd, text, &n), __WASI_ERRNO_SUCCESS, "fd_write to the new file succeeds");
    tap_eq(n, strlen(text), "nwritten is the whole buffer");
    tap_errno(__wasi_fd_close(fd), __WASI_ERRNO_SUCCESS, "fd_close of the new file succeeds");
    tap_errno(write_str(fd, "x", &n), __WASI_ERRNO_BADF, "fd_write to the closed fd gives badf");

    tap_errno(__wasi_path_open(PREOPEN, 0, "new.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd),
              __WASI_ERRNO_SUCCESS, "the closed file reopens without creat");
    memset(buf, 0, sizeof buf);
    tap_errno(read_all(fd, buf, sizeof buf, &len), __WASI_ERRNO_SUCCESS, "reading it back succeeds");
    tap_ok(len == strlen(text) && memcmp(buf, text, len) == 0, "it holds exactly the bytes written (%d bytes read)", (int)len);
    tap_errno(__wasi_fd_filestat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_filestat_get on it succeeds");
    tap_eq(st.size, strlen(text), "its size is the number of bytes written");
    tap_eq(st.filetype, __WASI_FILETYPE_REGULAR_FILE, "its filetype is regular_file");
    tap_errno(__wasi_fd_close(fd), __WASI_ERRNO_SUCCESS, "closing the reader succeeds");

    tap_errno(__wasi_path_open(PREOPEN, 0, "new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RW, 0, 0, &fd),
              __WASI_ERRNO_EXIST, "creat|excl on the file just made gives exist");

    tap_errno(__wasi_path_open(PREOPEN, 0, "new.txt", __WASI_OFLAGS_TRUNC, RW, 0, 0, &fd), __WASI_ERRNO_SUCCESS,
              "path_open with trunc succeeds");
    st.size = 999;
    tap_errno(__wasi_fd_filestat_get(fd, &st), __WASI_ERRNO_SUCCESS, "fd_filestat_get after trunc succeeds");
    tap_eq(st.size, 0, "trunc leaves the file empty");
    tap_errno(write_str(fd, "abc", &n), __WASI_ERRNO_SUCCESS, "writing 'abc' to the truncated file succeeds");
    tap_errno(__wasi_fd_close(fd), __WASI_ERRNO_SUCCESS, "closing it succeeds");

    tap_errno(__wasi_path_open(PREOPEN, 0, "new.txt", 0, RW, 0, __WASI_FDFLAGS_APPEND, &fd), __WASI_ERRNO_SUCCESS,
              "path_open with fdflags append succeeds");
    __wasi_filesize_t off = 99;
    tap_errno(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &off), __WASI_ERRNO_SUCCESS, "seeking the append fd to 0 succeeds");
    tap_errno(write_str(fd, "de", &n), __WASI_ERRNO_SUCCESS, "writing 'de' with append succeeds");
    tap_errno(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &off), __WASI_ERRNO_SUCCESS, "seeking back to 0 succeeds");
    memset(buf, 0, sizeof buf);
    tap_errno(read_all(fd, buf, sizeof buf, &len), __WASI_ERRNO_SUCCESS, "reading the appended file succeeds");
    tap_ok(len == 5 && memcmp(buf, "abcde", 5) == 0, "append writes at the end whatever the offset: file is 'abcde', got '%.*s'", (int)len, buf);
    tap_errno(__wasi_fd_close(fd), __WASI_ERRNO_SUCCESS, "closing the append fd succeeds");

    tap_errno(__wasi_path_open(PREOPEN, 0, "sub/made.txt", __WASI_OFLAGS_CREAT, RW, 0, 0, &fd), __WASI_ERRNO_SUCCESS,
              "creat works in a subdirectory");
    tap_errno(__wasi_fd_close(fd), __WASI_ERRNO_SUCCESS, "closing it succeeds");
    tap_errno(__wasi_path_open(PREOPEN, 0, "nodir/made.txt", __WASI_OFLAGS_CREAT, RW, 0, 0, &fd), __WASI_ERRNO_NOENT,
              "creat under a missing directory gives noent");
    return tap_end();
}
