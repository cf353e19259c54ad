#include "sift_jsonio.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The end of the well-formed character starting with the non-ASCII byte at `s[i]`, or -1.
static inline int64_t utf8_character(const uint8_t *s, int64_t i, int64_t n) {
    uint8_t b0 = s[i];
    if (b0 < 0xC2) return -1;  // a continuation byte, or an overlong lead (C0, C1)
    if (b0 <= 0xDF) {
        if (i + 2 > n || (s[i + 1] & 0xC0) != 0x80) return -1;
        return i + 2;
    }
    if (b0 <= 0xEF) {
        if (i + 3 > n) return -1;
        // E0: no overlongs (second byte A0–BF); ED: no surrogates (80–9F).
        uint8_t lower = b0 == 0xE0 ? 0xA0 : 0x80, upper = b0 == 0xED ? 0x9F : 0xBF;
        uint8_t b1 = s[i + 1];
        if (b1 < lower || b1 > upper || (s[i + 2] & 0xC0) != 0x80) return -1;
        return i + 3;
    }
    if (b0 <= 0xF4) {
        if (i + 4 > n) return -1;
        // F0: no overlongs (90–BF); F4: nothing above U+10FFFF (80–8F).
        uint8_t lower = b0 == 0xF0 ? 0x90 : 0x80, upper = b0 == 0xF4 ? 0x8F : 0xBF;
        uint8_t b1 = s[i + 1];
        if (b1 < lower || b1 > upper || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80) return -1;
        return i + 4;
    }
    return -1;
}

int32_t sift_utf8_check(const uint8_t *s, int64_t n) {
    int64_t i = 0;
    int32_t ascii = 1;
    while (i < n) {
        // ASCII, sixteen bytes a step: to the first byte with its high bit set.
#if defined(__SSE2__)
        while (i + 16 <= n) {
            unsigned mask = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i)));
            if (mask != 0) {
                i += __builtin_ctz(mask);
                goto nonASCII;
            }
            i += 16;
        }
#else
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
#endif
        while (i < n && s[i] < 0x80) i++;
        if (i >= n) break;
#if defined(__SSE2__)
    nonASCII:
#endif
        ascii = 0;
        // A run of non-ASCII characters (a CJK line) without going back to the block test.
        do {
            i = utf8_character(s, i, n);
            if (i < 0) return -1;
        } while (i < n && s[i] >= 0x80);
    }
    return ascii;
}
