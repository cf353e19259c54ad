#include "sift_jsonio.h"
#include "sift_bytescan.h"
#include "byteclass.h"
#include "jsonunescape.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(SIFT_HAS_AVX2_CHECK)
#include <immintrin.h>
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

// MARK: - A record's text: unescaped and checked in one pass
//
// Thirty-two bytes a step with AVX2 where the processor has it (a page's text is long runs of
// plain ASCII between line breaks, and the odd non-ASCII character); elsewhere the two passes it
// fuses, `sift_json_unescape` then `sift_utf8_check`.

#if defined(SIFT_HAS_AVX2_CHECK)
/// The bits of the bytes of `v` that the text's decoder must look at: a quote, a backslash, a
/// control byte, or a byte with its high bit set (as signed bytes, the last two are below 0x20).
__attribute__((target("avx2"))) static inline uint32_t look_mask32(__m256i v) {
    const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'), space = _mm256_set1_epi8(0x20);
    __m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, backslash)),
                                  _mm256_cmpgt_epi8(space, v));
    return (uint32_t)_mm256_movemask_epi8(hit);
}

__attribute__((target("avx2"))) static int64_t unescape_utf8_avx2(const uint8_t *src, int64_t from, int64_t end,
                                                                   uint8_t *dst, int64_t *written, int64_t *ascii_prefix) {
    // The output so far is never longer than the input read (escapes only shorten, other bytes
    // are copied), so a thirty-two-byte store at `out` for the bytes at `src + i`, when
    // `i + 32 <= end`, stays within the `end - from` bytes of `dst`.
    uint8_t *out = dst;
    int64_t i = from;
    int64_t prefix = -1;  // the output's length at its first non-ASCII byte
    for (;;) {
        if (i + 32 <= end) {
            const __m256i v = _mm256_loadu_si256((const __m256i *)(src + i));
            _mm256_storeu_si256((__m256i *)out, v);
            uint64_t mask = look_mask32(v);
            if (mask == 0) {
                i += 32;
                out += 32;
                continue;
            }
            // The block's short escapes are decoded one after another from its mask, each followed
            // by a store of the thirty-two bytes after it; anything else (a quote, a control byte,
            // a non-ASCII character, a `\u` or a bad escape) goes to `look` with `src[i]` the byte.
            const int64_t base = i;
            for (;;) {
                const int64_t at = base + (int64_t)__builtin_ctzll(mask);
                out += at - i;
                i = at;
                if (src[at] != '\\' || at + 1 >= end) goto look;
                const uint8_t decoded = sift_short_unescape[src[at + 1]];
                if (!decoded) goto look;
                *out++ = decoded;
                i = at + 2;
                // The escape's second byte (a quote or backslash, maybe) is no special of its own.
                mask &= ~0ull << (i - base);
                if (i + 32 > end) break;
                _mm256_storeu_si256((__m256i *)out, _mm256_loadu_si256((const __m256i *)(src + i)));
                if (mask == 0) {
                    if (i < base + 32) {
                        out += base + 32 - i;
                        i = base + 32;
                    }
                    break;
                }
            }
            continue;
        }
        while (i < end) {
            uint8_t b = src[i];
            if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) break;
            *out++ = b;
            i++;
        }
        if (i >= end) return -1;
    look:;
        const uint8_t b = src[i];
        if (b >= 0x80) {
            // A run of non-ASCII characters, each checked where it stands: no escape or quote can
            // be part of one, so a character cut by either is as invalid here as once decoded.
            if (prefix < 0) prefix = out - dst;
            int64_t j = i;
            do {
                j = utf8_character(src, j, end);
                if (j < 0) return -1;
            } while (j < end && src[j] >= 0x80);
            if (j - i <= 32 && i + 32 <= end) {
                _mm256_storeu_si256((__m256i *)out, _mm256_loadu_si256((const __m256i *)(src + i)));
            } else {
                memcpy(out, src + i, (size_t)(j - i));
            }
            out += j - i;
            i = j;
            continue;
        }
        if (b == '"') {
            *written = (int64_t)(out - dst);
            *ascii_prefix = prefix < 0 ? (int64_t)(out - dst) : prefix;
            return i;
        }
        if (b < 0x20 || i + 1 >= end) return -1;
        const uint8_t e = src[i + 1];
        const uint8_t decoded = sift_short_unescape[e];
        if (decoded) {
            *out++ = decoded;
            i += 2;
            continue;
        }
        if (e != 'u' || i + 6 > end) return -1;
        const int32_t c = sift_u_escape(src + i + 2);
        if (c < 0) return -1;
        i += 6;
        if (c >= 0x80 && prefix < 0) prefix = out - dst;
        out = sift_put_bmp_utf8((uint32_t)c, out);
    }
}
#endif

int64_t sift_json_unescape_utf8(const uint8_t *src, int64_t from, int64_t end, uint8_t *dst, int64_t *written,
                                int64_t *ascii_prefix) {
#if defined(SIFT_HAS_AVX2_CHECK)
    if (sift_has_avx2()) return unescape_utf8_avx2(src, from, end, dst, written, ascii_prefix);
#endif
    int64_t n = 0;
    const int64_t close = sift_json_unescape(src, from, end, dst, &n);
    if (close < 0) return -1;
    const int32_t check = sift_utf8_check(dst, n);
    if (check < 0) return -1;
    *written = n;
    int64_t prefix = 0;
    if (check == 1) {
        prefix = n;
    } else {
        while (dst[prefix] < 0x80) prefix++;
    }
    *ascii_prefix = prefix;
    return close;
}
