#include "sift_jsonescape.h"
#include "sift_bytescan.h"

#include <string.h>

/// Whether none of the eight bytes of `w` is a quote, a backslash or below 0x20: the high bit of
/// a byte is set in the result only for such a byte (the borrows of the subtractions can flag a
/// byte after a true one, never a byte of a word without one; bytes of 0x80 and above are masked).
static inline uint64_t special8(uint64_t w) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const uint64_t q = w ^ (ones * '"'), s = w ^ (ones * '\\');
    return ((w - ones * 0x20) | (q - ones) | (s - ones)) & ~w & highs;
}

/// `special8` for four bytes.
static inline uint32_t special4(uint32_t w) {
    const uint32_t ones = 0x01010101u, highs = 0x80808080u;
    const uint32_t q = w ^ (ones * '"'), s = w ^ (ones * '\\');
    return ((w - ones * 0x20) | (q - ones) | (s - ones)) & ~w & highs;
}

int64_t sift_json_escape_short(const uint8_t *src, int64_t n, uint8_t *dst) {
    if (n <= 0) return 0;
    if (n > 64) return sift_json_escape(src, n, dst);
    // A final line break is written `\n` after the rest.
    const int64_t m = src[n - 1] == '\n' ? n - 1 : n;
    if (m >= 8) {
        // Words from the start, the last one ending at `m` (overlapping the one before it).
        uint64_t w, any = 0;
        int64_t i = 0;
        for (; i + 8 < m; i += 8) {
            memcpy(&w, src + i, 8);
            any |= special8(w);
            memcpy(dst + i, &w, 8);
        }
        memcpy(&w, src + m - 8, 8);
        any |= special8(w);
        if (any) return sift_json_escape(src, n, dst);
        memcpy(dst + m - 8, &w, 8);
    } else if (m >= 4) {
        uint32_t a, b;
        memcpy(&a, src, 4);
        memcpy(&b, src + m - 4, 4);
        if (special4(a) | special4(b)) return sift_json_escape(src, n, dst);
        memcpy(dst, &a, 4);
        memcpy(dst + m - 4, &b, 4);
    } else {
        for (int64_t i = 0; i < m; i++) {
            const uint8_t c = src[i];
            if (c == '"' || c == '\\' || c < 0x20) return sift_json_escape(src, n, dst);
            dst[i] = c;
        }
    }
    if (m == n) return m;
    dst[m] = '\\';
    dst[m + 1] = 'n';
    return m + 2;
}
