/*
 * fd_readdir on the preopen (the `readdir` fixture): names and types, cookies, end of
 * directory. Nothing here depends on whether `.` and `..` are listed; that is checked
 * by fd_readdir-dot-entries.
 */
#include "tap.h"
#include <string.h>

#define PREOPEN 3
#define BUF 4096
#define MAX 32

struct entry {
    __wasi_dircookie_t next;
    __wasi_filetype_t type;
    char name[64];
};

/* Parses whole records of a listing; returns the count, or -1 if a record is malformed. */
static int parse(const uint8_t *buf, size_t used, struct entry *out, int max) {
    size_t off = 0;
    int n = 0;
    while (off + sizeof(__wasi_dirent_t) <= used && n < max) {
        __wasi_dirent_t d;
        memcpy(&d, buf + off, sizeof d);
        if (d.d_namlen >= sizeof out[n].name) return -1;
        if (off + sizeof d + d.d_namlen > used) break; /* truncated last record */
        out[n].next = d.d_next;
        out[n].type = d.d_type;
        memcpy(out[n].name, buf + off + sizeof d, d.d_namlen);
        out[n].name[d.d_namlen] = 0;
        n++;
        off += sizeof d + d.d_namlen;
    }
    return n;
}

static int is_dot(const char *s) { return strcmp(s, ".") == 0 || strcmp(s, "..") == 0; }

static const struct {
    const char *name;
    __wasi_filetype_t type;
} want[] = {{"alpha.txt", __WASI_FILETYPE_REGULAR_FILE}, {"beta.txt", __WASI_FILETYPE_REGULAR_FILE}, {"gamma", __WASI_FILETYPE_DIRECTORY}};
#define NWANT (int)(sizeof want / sizeof *want)

static uint8_t buf[BUF], buf2[BUF];

int main(void) {
    struct entry all[MAX], rest[MAX];
    __wasi_size_t used = 0, used2 = 0;
    tap_begin();
    tap_errno(__wasi_fd_readdir(PREOPEN, buf, BUF, 0, &used), __WASI_ERRNO_SUCCESS, "fd_readdir from cookie 0 succeeds");
    tap_ok(used > 0 && used < BUF, "a listing shorter than the buffer marks the end of the directory (used %d of %d)", (int)used, BUF);
    int n = parse(buf, used, all, MAX);
    tap_ok(n > 0, "the listing parses into whole dirent records (%d)", n);

    int others = 0, ok_names = 1, ok_types = 1;
    for (int w = 0; w < NWANT; w++) {
        int seen = 0;
        for (int i = 0; i < n; i++) {
            if (strcmp(all[i].name, want[w].name) != 0) continue;
            seen++;
            if (all[i].type != want[w].type) {
                ok_types = 0;
                printf("# %s has d_type %d, want %d\n", all[i].name, all[i].type, want[w].type);
            }
        }
        if (seen != 1) {
            ok_names = 0;
            printf("# %s listed %d times\n", want[w].name, seen);
        }
    }
    for (int i = 0; i < n; i++) {
        int known = is_dot(all[i].name);
        for (int w = 0; w < NWANT; w++)
            if (strcmp(all[i].name, want[w].name) == 0) known = 1;
        if (!known) {
            others++;
            printf("# unexpected entry '%s'\n", all[i].name);
        }
    }
    tap_ok(ok_names, "alpha.txt, beta.txt and gamma are each listed exactly once");
    tap_eq(others, 0, "no other name is listed (besides . and .., which this test ignores)");
    tap_ok(ok_types, "d_type is regular_file for the files and directory for gamma");

    /* Resuming from each entry's d_next must give exactly the entries after it. */
    int resume_ok = n > 0;
    for (int i = 0; i < n && resume_ok; i++) {
        if (__wasi_fd_readdir(PREOPEN, buf2, BUF, all[i].next, &used2) != __WASI_ERRNO_SUCCESS) {
            resume_ok = 0;
            break;
        }
        int m = parse(buf2, used2, rest, MAX);
        if (m != n - i - 1) resume_ok = 0;
        for (int k = 0; resume_ok && k < m; k++)
            if (strcmp(rest[k].name, all[i + 1 + k].name) != 0 || rest[k].next != all[i + 1 + k].next) resume_ok = 0;
        if (!resume_ok) printf("# resuming after '%s' (cookie %llu) gave %d entries, want %d\n", all[i].name, (unsigned long long)all[i].next, m, n - i - 1);
    }
    tap_ok(resume_ok, "resuming with the d_next cookie of any entry lists exactly the entries after it, in the same order");
    tap_ok(n > 0 && used2 == 0, "resuming with the last entry's d_next gives 0 bytes: end of directory (used %d)", (int)used2);

    tap_errno(__wasi_fd_readdir(PREOPEN, buf2, BUF, 0, &used2), __WASI_ERRNO_SUCCESS, "fd_readdir from cookie 0 again succeeds");
    struct entry again[MAX];
    int m = parse(buf2, used2, again, MAX);
    int same = used2 == used && m == n;
    for (int k = 0; same && k < n; k++)
        if (strcmp(again[k].name, all[k].name) != 0 || again[k].next != all[k].next || again[k].type != all[k].type) same = 0;
    tap_ok(same, "cookie 0 rewinds: the second listing has the same size, names, types and cookies as the first");

    __wasi_fd_t fd;
    uint8_t small[BUF];
    if (__wasi_path_open(PREOPEN, 0, "gamma", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd) == 0 &&
        __wasi_fd_readdir(fd, small, BUF, 0, &used2) == 0) {
        int m = parse(small, used2, rest, MAX);
        int inner = 0, other = 0;
        for (int k = 0; k < m; k++) {
            if (strcmp(rest[k].name, "inner.txt") == 0 && rest[k].type == __WASI_FILETYPE_REGULAR_FILE) inner++;
            else if (!is_dot(rest[k].name)) other++;
        }
        tap_ok(inner == 1 && other == 0, "a directory opened with path_open lists just its own file, inner.txt");
    } else {
        tap_ok(0, "a directory opened with path_open lists just its own file, inner.txt (open or readdir failed)");
    }
    tap_errno(__wasi_fd_readdir(42, buf2, BUF, 0, &used2), __WASI_ERRNO_BADF, "fd_readdir on an fd that is not open gives badf");
    return tap_end();
}
