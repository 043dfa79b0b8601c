/* random_get fills the whole buffer, only the buffer, differently each call; length 0 succeeds. */
#include "tap.h"
#include <string.h>

#define LEN (64 * 1024)
#define GUARD 64
#define CHUNK 4096

static uint8_t a[LEN + GUARD], b[LEN + GUARD];

static int guard_intact(const uint8_t *p) {
    for (int i = 0; i < GUARD; i++)
        if (p[LEN + i] != 0xC3) return 0;
    return 1;
}

int main(void) {
    tap_begin();
    memset(a, 0, LEN);
    memset(a + LEN, 0xC3, GUARD);
    memset(b, 0, LEN);
    memset(b + LEN, 0xC3, GUARD);
    tap_errno(__wasi_random_get(a, LEN), __WASI_ERRNO_SUCCESS, "random_get of 64 KiB succeeds");
    /* A run of 4096 zero bytes from a real source has probability 2^-32768: a chunk left
       all zero means that part was not filled. */
    int empty_chunks = 0;
    for (int c = 0; c < LEN / CHUNK; c++) {
        int zero = 1;
        for (int i = 0; i < CHUNK && zero; i++)
            if (a[c * CHUNK + i]) zero = 0;
        empty_chunks += zero;
    }
    tap_eq(empty_chunks, 0, "every 4 KiB chunk of the buffer, the last one included, received non-zero bytes");
    int tail = 0;
    for (int i = LEN - 16; i < LEN; i++) tail |= a[i];
    tap_ok(tail != 0, "the last 16 bytes were written");
    int seen[256] = {0}, missing = 0;
    for (int i = 0; i < LEN; i++) seen[a[i]] = 1;
    for (int v = 0; v < 256; v++) missing += !seen[v];
    tap_eq(missing, 0, "all 256 byte values occur in 64 KiB (each is expected 256 times)");
    tap_ok(guard_intact(a), "random_get writes nothing past the buffer");

    tap_errno(__wasi_random_get(b, LEN), __WASI_ERRNO_SUCCESS, "a second random_get of 64 KiB succeeds");
    tap_ok(memcmp(a, b, LEN) != 0, "the two calls give different bytes");
    int same16 = 0;
    for (int i = 0; i + 16 <= LEN; i += 16) same16 += memcmp(a + i, b + i, 16) == 0;
    tap_eq(same16, 0, "no 16-byte block repeats at the same place in the second buffer");

    memset(b + LEN, 0xC3, GUARD);
    tap_errno(__wasi_random_get(b + LEN, 0), __WASI_ERRNO_SUCCESS, "random_get of length 0 succeeds");
    tap_ok(guard_intact(b), "random_get of length 0 writes nothing");
    return tap_end();
}
