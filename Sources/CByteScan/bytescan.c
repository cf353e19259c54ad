#include "sift_bytescan.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int64_t sift_json_special(const uint8_t *bytes, int64_t from, int64_t end) {
    int64_t i = from;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), controlMax = _mm_set1_epi8(0x1F);
    while (i + 16 <= end) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        // v <= 0x1F (unsigned) exactly when max(v, 0x1F) == 0x1F.
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                   _mm_cmpeq_epi8(_mm_max_epu8(v, controlMax), controlMax));
        int mask = _mm_movemask_epi8(hit);
        if (mask != 0) return i + __builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    for (; i < end; i++) {
        uint8_t b = bytes[i];
        if (b == '"' || b == '\\' || b < 0x20) return i;
    }
    return end;
}

/// The second byte of the two-byte escapes (`\"`, `\\`, `\n`, …); 0 for the bytes written `\u00XX`
/// and for those that need no escape.
static const uint8_t short_escape[256] = {
    ['"'] = '"', ['\\'] = '\\', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't', ['\b'] = 'b', ['\f'] = 'f',
};

/// The escape of a byte `sift_json_special` stops at: `\"`, `\\`, the short forms, else `\u00XX`
/// (a table, not a switch: a jump table's indirect branch is mispredicted as escapes alternate).
static inline uint8_t *escape_byte(uint8_t b, uint8_t *out) {
    static const char hex[] = "0123456789abcdef";
    uint8_t e = short_escape[b];
    out[0] = '\\';
    if (e) {
        out[1] = e;
        return out + 2;
    }
    out[1] = 'u';
    out[2] = '0';
    out[3] = '0';
    out[4] = (uint8_t)hex[b >> 4];
    out[5] = (uint8_t)hex[b & 0xF];
    return out + 6;
}

#if defined(__SSE2__)
/// The bits of the bytes of `v` that a JSON string must escape.
static inline unsigned special_mask(__m128i v) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), controlMax = _mm_set1_epi8(0x1F);
    // v <= 0x1F (unsigned) exactly when max(v, 0x1F) == 0x1F.
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                               _mm_cmpeq_epi8(_mm_max_epu8(v, controlMax), controlMax));
    return (unsigned)_mm_movemask_epi8(hit);
}
#endif

int64_t sift_json_escape(const uint8_t *src, int64_t n, uint8_t *dst) {
    uint8_t *out = dst;
    int64_t i = 0;
#if defined(__SSE2__)
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(src + i));
        // The whole block is stored whatever it holds: the output of these 16 bytes is at least
        // 16 bytes long, so the store stays inside it, and bytes after a special are rewritten.
        _mm_storeu_si128((__m128i *)out, v);
        unsigned mask = special_mask(v);
        if (mask == 0) {
            out += 16;
            i += 16;
            continue;
        }
        unsigned k = (unsigned)__builtin_ctz(mask);
        out = escape_byte(src[i + k], out + k);
        i += k + 1;
    }
#endif
    // Eight bytes a step (short strings, and the tail of long ones): the word is copied when none
    // of its bytes is below 0x20, a quote or a backslash (the test may flag a plain byte next to
    // a special one, never miss a special; flagged words go byte by byte).
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, src + i, 8);
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        uint64_t q = w ^ (ones * '"'), s = w ^ (ones * '\\');
        uint64_t flagged = ((w - ones * 0x20) | (q - ones) | (s - ones)) & ~w & highs;
        if (flagged == 0) {
            memcpy(out, &w, 8);
            out += 8;
            i += 8;
            continue;
        }
        for (int64_t stop = i + 8; i < stop; i++) {
            uint8_t b = src[i];
            if (b == '"' || b == '\\' || b < 0x20) out = escape_byte(b, out);
            else *out++ = b;
        }
    }
    for (; i < n; i++) {
        uint8_t b = src[i];
        if (b == '"' || b == '\\' || b < 0x20) out = escape_byte(b, out);
        else *out++ = b;
    }
    return (int64_t)(out - dst);
}

static inline int hex_digit(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// What the two-byte escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`) stand for, by their
/// second byte; 0 for any other.
static const uint8_t short_unescape[256] = {
    ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
};

int64_t sift_json_unescape(const uint8_t *src, int64_t from, int64_t end, uint8_t *dst, int64_t *written) {
    uint8_t *out = dst;
    int64_t i = from;
    for (;;) {
        // On to the next quote, backslash or control byte, copying what comes before it.
#if defined(__SSE2__)
        if (i + 16 <= end) {
            __m128i v = _mm_loadu_si128((const __m128i *)(src + i));
            // Escapes only shorten: the output so far is no longer than the input read, so a
            // 16-byte store at `out` stays within the `end - from` bytes of `dst`.
            _mm_storeu_si128((__m128i *)out, v);
            unsigned mask = special_mask(v);
            if (mask == 0) {
                out += 16;
                i += 16;
                continue;
            }
            unsigned k = (unsigned)__builtin_ctz(mask);
            out += k;
            i += k;
        } else
#endif
        {
            while (i < end) {
                uint8_t b = src[i];
                if (b == '"' || b == '\\' || b < 0x20) break;
                *out++ = b;
                i++;
            }
            if (i >= end) return -1;
        }
        uint8_t b = src[i];
        if (b == '"') {
            *written = (int64_t)(out - dst);
            return i;
        }
        if (b < 0x20 || i + 1 >= end) return -1;
        uint8_t e = src[i + 1];
        uint8_t decoded = short_unescape[e];
        if (decoded) {
            *out++ = decoded;
            i += 2;
            continue;
        }
        if (e != 'u' || i + 6 > end) return -1;
        int d0 = hex_digit(src[i + 2]), d1 = hex_digit(src[i + 3]), d2 = hex_digit(src[i + 4]), d3 = hex_digit(src[i + 5]);
        if ((d0 | d1 | d2 | d3) < 0) return -1;
        uint32_t c = (uint32_t)(d0 << 12 | d1 << 8 | d2 << 4 | d3);
        // Surrogates (pairs, and lone ones that become U+FFFD) are the caller's.
        if (c >= 0xD800 && c < 0xE000) return -1;
        i += 6;
        if (c < 0x80) {
            *out++ = (uint8_t)c;
        } else if (c < 0x800) {
            *out++ = (uint8_t)(0xC0 | c >> 6);
            *out++ = (uint8_t)(0x80 | (c & 0x3F));
        } else {
            *out++ = (uint8_t)(0xE0 | c >> 12);
            *out++ = (uint8_t)(0x80 | (c >> 6 & 0x3F));
            *out++ = (uint8_t)(0x80 | (c & 0x3F));
        }
    }
}
