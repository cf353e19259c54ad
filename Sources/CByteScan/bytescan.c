#include "sift_bytescan.h"

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

// MARK: - The whitespace stage's plain-run scan

// Whether the character starting at `x` may be one the whitespace stage edits, whatever its
// options: a lead byte 0xC2, 0xE1, 0xE2, 0xE3 or 0xEF followed by the bytes of U+0080–U+00A0,
// U+00AD, U+1680, U+180E, U+2000–U+200F, U+2028–U+202F, U+205F–U+206F, U+3000 or U+FEFF (with a
// few unassigned neighbours: a superset is safe). A character cut short by `end` may be one.
static inline int ws_may_edit(const uint8_t *bytes, int64_t x, int64_t end) {
    uint8_t c = bytes[x];
    if (c == 0xC2) {
        if (x + 1 >= end) return 1;
        uint8_t b1 = bytes[x + 1];
        return b1 <= 0xA0 || b1 == 0xAD;
    }
    if (c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF) return 0;
    if (x + 2 >= end) return 1;
    uint8_t b1 = bytes[x + 1], b2 = bytes[x + 2];
    switch (c) {
    case 0xE1: return b1 == 0x9A || b1 == 0xA0;
    case 0xE2: return (b1 == 0x80 && (b2 <= 0x8F || (b2 >= 0xA8 && b2 <= 0xAF))) || (b1 == 0x81 && b2 >= 0x9F && b2 <= 0xAF);
    case 0xE3: return b1 == 0x80 && b2 == 0x80;
    default: return b1 == 0xBB && b2 == 0xBF;
    }
}

// An ordinary byte: printable ASCII other than the space, or a byte of a non-ASCII character
// that `ws_may_edit` clears; nothing past `end`.
static inline int ws_ordinary(const uint8_t *bytes, int64_t x, int64_t end) {
    if (x >= end) return 0;
    uint8_t c = bytes[x];
    return (c >= 0x21 && c <= 0x7E) || (c >= 0x80 && !ws_may_edit(bytes, x, end));
}

// Whether the byte at `p` needs a closer look (see the header).
static inline int ws_attention(const uint8_t *bytes, int64_t p, int64_t end, int blank_line_ok) {
    uint8_t c = bytes[p];
    if (c == 0x20) return !ws_ordinary(bytes, p + 1, end);
    if (c == 0x0A) {
        if (ws_ordinary(bytes, p + 1, end)) return 0;
        return !(blank_line_ok && p + 1 < end && bytes[p + 1] == 0x0A && ws_ordinary(bytes, p + 2, end));
    }
    return !ws_ordinary(bytes, p, end);
}

#if defined(__SSE2__)
// x <= c, unsigned, per byte.
static inline __m128i ws_le(__m128i x, __m128i c) { return _mm_cmpeq_epi8(_mm_min_epu8(x, c), x); }
// lo <= x <= hi, unsigned, per byte.
static inline __m128i ws_in(__m128i x, uint8_t lo, uint8_t hi) {
    return ws_le(_mm_sub_epi8(x, _mm_set1_epi8((char)lo)), _mm_set1_epi8((char)(hi - lo)));
}
static inline __m128i ws_eq(__m128i x, uint8_t c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8((char)c)); }

// The ordinary bytes, spaces and LFs of the sixteen bytes at `p`, one bit each (bit k: p[k]);
// reads p[0] to p[17].
static inline void ws_block(const uint8_t *p, uint32_t *ordinary, uint32_t *space, uint32_t *lf) {
    __m128i v0 = _mm_loadu_si128((const __m128i *)p);
    *space = (uint32_t)_mm_movemask_epi8(ws_eq(v0, 0x20));
    *lf = (uint32_t)_mm_movemask_epi8(ws_eq(v0, 0x0A));
    uint32_t ord = (uint32_t)_mm_movemask_epi8(ws_in(v0, 0x21, 0x7E));
    uint32_t high = (uint32_t)_mm_movemask_epi8(v0);
    if (high != 0) {
        // ws_may_edit for sixteen positions: the two bytes after each are the loads at p+1, p+2.
        __m128i v1 = _mm_loadu_si128((const __m128i *)(p + 1)), v2 = _mm_loadu_si128((const __m128i *)(p + 2));
        __m128i c2 = _mm_and_si128(ws_eq(v0, 0xC2), _mm_or_si128(ws_le(v1, _mm_set1_epi8((char)0xA0)), ws_eq(v1, 0xAD)));
        __m128i e1 = _mm_and_si128(ws_eq(v0, 0xE1), _mm_or_si128(ws_eq(v1, 0x9A), ws_eq(v1, 0xA0)));
        __m128i e2 = _mm_and_si128(
            ws_eq(v0, 0xE2),
            _mm_or_si128(_mm_and_si128(ws_eq(v1, 0x80), _mm_or_si128(ws_le(v2, _mm_set1_epi8((char)0x8F)), ws_in(v2, 0xA8, 0xAF))),
                         _mm_and_si128(ws_eq(v1, 0x81), ws_in(v2, 0x9F, 0xAF))));
        __m128i e3 = _mm_and_si128(ws_eq(v0, 0xE3), _mm_and_si128(ws_eq(v1, 0x80), ws_eq(v2, 0x80)));
        __m128i ef = _mm_and_si128(ws_eq(v0, 0xEF), _mm_and_si128(ws_eq(v1, 0xBB), ws_eq(v2, 0xBF)));
        __m128i may_edit = _mm_or_si128(_mm_or_si128(c2, e1), _mm_or_si128(_mm_or_si128(e2, e3), ef));
        ord |= high & ~(uint32_t)_mm_movemask_epi8(may_edit);
    }
    *ordinary = ord;
}
#endif

int64_t sift_whitespace_plain_scan(const uint8_t *bytes, int64_t from, int64_t end, int32_t blank_line_ok) {
    int64_t i = from;
#if defined(__SSE2__)
    // A byte's verdict needs the two bytes after it, so each block is decided once the masks of
    // the next are known; the last block or two go through the byte loop below.
    if (i + 18 <= end) {
        uint32_t ord, space, lf;
        ws_block(bytes + i, &ord, &space, &lf);
        const uint32_t blank = blank_line_ok ? 0xFFFFFFFFu : 0;
        while (i + 16 + 18 <= end) {
            uint32_t ord2, space2, lf2;
            ws_block(bytes + i + 16, &ord2, &space2, &lf2);
            const uint32_t ord_w = ord | ord2 << 16, lf_w = lf | lf2 << 16;
            const uint32_t next_ord = ord_w >> 1, next2_ord = ord_w >> 2, next_lf = lf_w >> 1;
            const uint32_t attention = (~(ord | space | lf) | (space & ~next_ord) |
                                        (lf & ~next_ord & ~(blank & next_lf & next2_ord))) & 0xFFFFu;
            if (attention != 0) return i + __builtin_ctz(attention);
            ord = ord2;
            space = space2;
            lf = lf2;
            i += 16;
        }
    }
#endif
    for (; i < end; i++) {
        if (ws_attention(bytes, i, end, blank_line_ok)) return i;
    }
    return end;
}
