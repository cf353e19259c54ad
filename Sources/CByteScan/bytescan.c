#include "sift_bytescan.h"
#include "byteclass.h"
#include "jsonunescape.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

int64_t sift_json_special(const uint8_t *bytes, int64_t from, int64_t end) {
    int64_t i = from;
#if defined(__SSE2__)
    while (i + 16 <= end) {
        unsigned mask = special_mask(_mm_loadu_si128((const __m128i *)(bytes + i)));
        if (mask != 0) return i + __builtin_ctz(mask);
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
//
// A byte is decided from itself and the two bytes after it (see the header). The characters that
// may need an edit are those `WhitespaceStage.classify` does not call ordinary under some options:
// lead byte 0xC2, 0xE1, 0xE2, 0xE3 or 0xEF followed by the bytes of U+0080–U+00A0, U+00AD,
// U+1680, U+180E, U+2000–U+200F, U+2028–U+202F, U+205F–U+206F, U+3000 or U+FEFF (with a few
// unassigned neighbours: a superset is safe, the caller decides). Every other non-ASCII byte is
// ordinary: the text is valid UTF-8, so a byte that is no such lead byte starts or continues an
// ordinary character.

#if defined(__SSE2__)

// The ordinary bytes, spaces and LFs of the sixteen bytes at `p`, one bit each (bit k: p[k]);
// reads p[0] to p[17].
static inline void ws_block(const uint8_t *p, uint32_t *ordinary, uint32_t *space, uint32_t *lf) {
    const __m128i v0 = _mm_loadu_si128((const __m128i *)p);
    *space = (uint32_t)_mm_movemask_epi8(sift_bytes_eq(v0, 0x20));
    *lf = (uint32_t)_mm_movemask_epi8(sift_bytes_eq(v0, 0x0A));
    uint32_t ord = (uint32_t)_mm_movemask_epi8(sift_bytes_in(v0, 0x21, 0x7E));
    const uint32_t high = (uint32_t)_mm_movemask_epi8(v0);
    if (high != 0) {
        // The lead bytes that may start a character to edit, from the two bytes after each (the
        // loads at p+1 and p+2).
        const __m128i v1 = _mm_loadu_si128((const __m128i *)(p + 1)), v2 = _mm_loadu_si128((const __m128i *)(p + 2));
        const __m128i c2 = _mm_and_si128(sift_bytes_eq(v0, 0xC2), _mm_or_si128(sift_bytes_le(v1, 0xA0), sift_bytes_eq(v1, 0xAD)));
        const __m128i e1 = _mm_and_si128(sift_bytes_eq(v0, 0xE1), _mm_or_si128(sift_bytes_eq(v1, 0x9A), sift_bytes_eq(v1, 0xA0)));
        const __m128i e2 = _mm_and_si128(
            sift_bytes_eq(v0, 0xE2),
            _mm_or_si128(_mm_and_si128(sift_bytes_eq(v1, 0x80), _mm_or_si128(sift_bytes_le(v2, 0x8F), sift_bytes_in(v2, 0xA8, 0xAF))),
                         _mm_and_si128(sift_bytes_eq(v1, 0x81), sift_bytes_in(v2, 0x9F, 0xAF))));
        const __m128i e3 = _mm_and_si128(sift_bytes_eq(v0, 0xE3), _mm_and_si128(sift_bytes_eq(v1, 0x80), sift_bytes_eq(v2, 0x80)));
        const __m128i ef = _mm_and_si128(sift_bytes_eq(v0, 0xEF), _mm_and_si128(sift_bytes_eq(v1, 0xBB), sift_bytes_eq(v2, 0xBF)));
        const __m128i may_edit = _mm_or_si128(_mm_or_si128(c2, e1), _mm_or_si128(_mm_or_si128(e2, e3), ef));
        ord |= high & ~(uint32_t)_mm_movemask_epi8(may_edit);
    }
    *ordinary = ord;
}

// The bytes that need a look among the low `width` bits of the masks, which go on at least two
// bytes further.
static inline uint64_t ws_attention_bits(uint64_t ord, uint64_t space, uint64_t lf, uint64_t blank, int width) {
    const uint64_t next_ord = ord >> 1, next2_ord = ord >> 2, next_lf = lf >> 1;
    const uint64_t bits = ~(ord | space | lf) | (space & ~next_ord) | (lf & ~next_ord & ~(blank & next_lf & next2_ord));
    return bits & ((1ull << width) - 1);
}

// Decides blocks from `*at` while the bytes each needs (the block, the next one and two more)
// lie before `limit`: the index of the first byte that needs a look, or -1 with `*at` at the
// first block left undecided (fewer than 34 bytes before `limit`).
static inline int64_t ws_scan_blocks(const uint8_t *bytes, int64_t *at, int64_t limit, uint64_t blank) {
    int64_t i = *at;
    if (i + 18 > limit) return -1;
    uint32_t o0, s0, l0;
    ws_block(bytes + i, &o0, &s0, &l0);
    // Thirty-two bytes a step, then sixteen: each block's masks are computed once.
    while (i + 32 + 18 <= limit) {
        uint32_t o1, s1, l1, o2, s2, l2;
        ws_block(bytes + i + 16, &o1, &s1, &l1);
        ws_block(bytes + i + 32, &o2, &s2, &l2);
        const uint64_t bits = ws_attention_bits(o0 | (uint64_t)o1 << 16 | (uint64_t)o2 << 32, s0 | s1 << 16,
                                                l0 | l1 << 16 | (uint64_t)l2 << 32, blank, 32);
        if (bits != 0) return i + __builtin_ctzll(bits);
        o0 = o2;
        s0 = s2;
        l0 = l2;
        i += 32;
    }
    if (i + 16 + 18 <= limit) {
        uint32_t o1, s1, l1;
        ws_block(bytes + i + 16, &o1, &s1, &l1);
        const uint64_t bits = ws_attention_bits(o0 | (uint64_t)o1 << 16, s0, l0 | (uint64_t)l1 << 16, blank, 16);
        if (bits != 0) return i + __builtin_ctzll(bits);
        i += 16;
    }
    *at = i;
    return -1;
}
#else
// Whether the character starting at `x` may be one the stage edits; one cut short by `end` may.
static inline int ws_may_edit(const uint8_t *bytes, int64_t x, int64_t end) {
    const uint8_t c = bytes[x];
    if (c == 0xC2) {
        if (x + 1 >= end) return 1;
        const uint8_t b1 = bytes[x + 1];
        return b1 <= 0xA0 || b1 == 0xAD;
    }
    if (c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF) return 0;
    if (x + 2 >= end) return 1;
    const uint8_t b1 = bytes[x + 1], b2 = bytes[x + 2];
    switch (c) {
    case 0xE1: return b1 == 0x9A || b1 == 0xA0;
    case 0xE2: return (b1 == 0x80 && (b2 <= 0x8F || (b2 >= 0xA8 && b2 <= 0xAF))) || (b1 == 0x81 && b2 >= 0x9F && b2 <= 0xAF);
    case 0xE3: return b1 == 0x80 && b2 == 0x80;
    default: return b1 == 0xBB && b2 == 0xBF;
    }
}

// An ordinary byte: printable ASCII other than the space, or a byte of a non-ASCII character
// that may not need an edit; nothing past `end`.
static inline int ws_ordinary(const uint8_t *bytes, int64_t x, int64_t end) {
    if (x >= end) return 0;
    const uint8_t c = bytes[x];
    return (c >= 0x21 && c <= 0x7E) || (c >= 0x80 && !ws_may_edit(bytes, x, end));
}
#endif

int64_t sift_whitespace_plain_scan_exact(const uint8_t *bytes, int64_t from, int64_t end, int32_t blank_line_ok) {
#if defined(__SSE2__)
    const uint64_t blank = blank_line_ok ? ~0ull : 0;
    int64_t i = from;
    int64_t found = ws_scan_blocks(bytes, &i, end, blank);
    if (found >= 0) return found;
    if (i >= end) return end;
    // The last bytes (fewer than 34) go through the same blocks, copied before zeros: a zero byte
    // is never passed over, and neither is a byte before it that needs an ordinary one next, as
    // past `end`. (A character cut short by `end` cannot occur in valid UTF-8.)
    uint8_t tail[96] = {0};
    const int64_t rest = end - i;
    for (int64_t k = 0; k < rest; k++) tail[k] = bytes[i + k];
    int64_t j = 0;
    found = ws_scan_blocks(tail, &j, (int64_t)sizeof tail, blank);
    return found >= 0 && found < rest ? i + found : end;
#else
    for (int64_t i = from; i < end; i++) {
        const uint8_t c = bytes[i];
        int look;
        if (c == 0x20) {
            look = !ws_ordinary(bytes, i + 1, end);
        } else if (c == 0x0A) {
            look = !ws_ordinary(bytes, i + 1, end) &&
                   !(blank_line_ok && i + 1 < end && bytes[i + 1] == 0x0A && ws_ordinary(bytes, i + 2, end));
        } else {
            look = !ws_ordinary(bytes, i, end);
        }
        if (look) return i;
    }
    return end;
#endif
}

#if defined(__SSE2__) && defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// MARK: Sixty-four bytes a step with AVX2
//
// The same decisions as the blocks above, from masks of thirty-two bytes: a window of sixty-four
// bytes is decided from its masks and those of the first two bytes after it, so most pages of
// short lines are crossed in a few calls at well under one instruction a byte.
#include <immintrin.h>

__attribute__((target("avx2"))) static inline __m256i ws_le32(__m256i x, uint8_t c) {
    return _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8((char)c)), x);
}
__attribute__((target("avx2"))) static inline __m256i ws_in32(__m256i x, uint8_t lo, uint8_t hi) {
    return ws_le32(_mm256_sub_epi8(x, _mm256_set1_epi8((char)lo)), (uint8_t)(hi - lo));
}
__attribute__((target("avx2"))) static inline __m256i ws_eq32(__m256i x, uint8_t c) {
    return _mm256_cmpeq_epi8(x, _mm256_set1_epi8((char)c));
}

// `ws_block` for the thirty-two bytes at `p`; reads p[0] to p[33].
__attribute__((target("avx2"))) static inline void ws_block32(const uint8_t *p, uint32_t *ordinary, uint32_t *space, uint32_t *lf) {
    const __m256i v0 = _mm256_loadu_si256((const __m256i *)p);
    // v + 1 > 0x21 as signed bytes exactly for 0x21–0x7E (0x7F + 1 and every byte from 0x80 on are
    // negative, 0xFF + 1 is 0).
    uint32_t ord = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(_mm256_add_epi8(v0, _mm256_set1_epi8(1)), _mm256_set1_epi8(0x21)));
    *space = (uint32_t)_mm256_movemask_epi8(ws_eq32(v0, 0x20));
    *lf = (uint32_t)_mm256_movemask_epi8(ws_eq32(v0, 0x0A));
    const uint32_t high = (uint32_t)_mm256_movemask_epi8(v0);
    if (high != 0) {
        const __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 1)), v2 = _mm256_loadu_si256((const __m256i *)(p + 2));
        const __m256i c2 = _mm256_and_si256(ws_eq32(v0, 0xC2), _mm256_or_si256(ws_le32(v1, 0xA0), ws_eq32(v1, 0xAD)));
        const __m256i e1 = _mm256_and_si256(ws_eq32(v0, 0xE1), _mm256_or_si256(ws_eq32(v1, 0x9A), ws_eq32(v1, 0xA0)));
        const __m256i e2 = _mm256_and_si256(
            ws_eq32(v0, 0xE2),
            _mm256_or_si256(_mm256_and_si256(ws_eq32(v1, 0x80), _mm256_or_si256(ws_le32(v2, 0x8F), ws_in32(v2, 0xA8, 0xAF))),
                            _mm256_and_si256(ws_eq32(v1, 0x81), ws_in32(v2, 0x9F, 0xAF))));
        const __m256i e3 = _mm256_and_si256(ws_eq32(v0, 0xE3), _mm256_and_si256(ws_eq32(v1, 0x80), ws_eq32(v2, 0x80)));
        const __m256i ef = _mm256_and_si256(ws_eq32(v0, 0xEF), _mm256_and_si256(ws_eq32(v1, 0xBB), ws_eq32(v2, 0xBF)));
        const __m256i may_edit = _mm256_or_si256(_mm256_or_si256(c2, e1), _mm256_or_si256(_mm256_or_si256(e2, e3), ef));
        ord |= high & ~(uint32_t)_mm256_movemask_epi8(may_edit);
    }
    *ordinary = ord;
}

// Decides windows of sixty-four bytes from `*at` while the bytes each needs (the window and the
// thirty-four after it) lie before `limit`: the index of the first byte that needs a look, or -1
// with `*at` at the first window left undecided (fewer than 98 bytes before `limit`).
__attribute__((target("avx2"))) static int64_t ws_scan_windows(const uint8_t *bytes, int64_t *at, int64_t limit, uint64_t blank) {
    int64_t i = *at;
    if (i + 98 > limit) return -1;
    uint32_t o0, s0, l0;
    ws_block32(bytes + i, &o0, &s0, &l0);
    while (i + 98 <= limit) {
        uint32_t o1, s1, l1, o2, s2, l2;
        ws_block32(bytes + i + 32, &o1, &s1, &l1);
        ws_block32(bytes + i + 64, &o2, &s2, &l2);
        const uint64_t ord = o0 | (uint64_t)o1 << 32, space = s0 | (uint64_t)s1 << 32, lf = l0 | (uint64_t)l1 << 32;
        const uint64_t next_ord = ord >> 1 | (uint64_t)o2 << 63, next2_ord = ord >> 2 | (uint64_t)o2 << 62;
        const uint64_t next_lf = lf >> 1 | (uint64_t)l2 << 63;
        const uint64_t passed = ord | ((space | lf) & next_ord) | (lf & next_lf & next2_ord & blank);
        if (passed != ~0ull) return i + __builtin_ctzll(~passed);
        o0 = o2;
        s0 = s2;
        l0 = l2;
        i += 64;
    }
    *at = i;
    return -1;
}


int64_t sift_whitespace_plain_scan(const uint8_t *bytes, int64_t from, int64_t end, int32_t blank_line_ok) {
    if (!sift_has_avx2()) return sift_whitespace_plain_scan_exact(bytes, from, end, blank_line_ok);
    const uint64_t blank = blank_line_ok ? ~0ull : 0;
    int64_t i = from;
    int64_t found = ws_scan_windows(bytes, &i, end, blank);
    if (found >= 0) return found;
    if (i >= end) return end;
    // The last bytes (fewer than 98) go through the same windows, copied before zeros: a zero
    // byte is never passed over, and neither is a byte before it that needs an ordinary one
    // next, as past `end`; so a window stops at or before the first zero.
    uint8_t tail[192] = {0};
    const int64_t rest = end - i;
    memcpy(tail, bytes + i, (size_t)rest);
    int64_t j = 0;
    found = ws_scan_windows(tail, &j, (int64_t)sizeof tail, blank);
    return found >= 0 && found < rest ? i + found : end;
}
#else
int64_t sift_whitespace_plain_scan(const uint8_t *bytes, int64_t from, int64_t end, int32_t blank_line_ok) {
    return sift_whitespace_plain_scan_exact(bytes, from, end, blank_line_ok);
}
#endif

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
/// Copies the sixteen bytes at `src + *i` to `*out` and returns the mask of their specials; a block
/// with none is passed (both move sixteen bytes on). Escape and unescape both start a block so.
static inline unsigned copy_block(const uint8_t *src, int64_t *i, uint8_t **out) {
    const __m128i v = _mm_loadu_si128((const __m128i *)(src + *i));
    _mm_storeu_si128((__m128i *)*out, v);
    const unsigned mask = special_mask(v);
    if (mask == 0) {
        *i += 16;
        *out += 16;
    }
    return mask;
}
#endif

#if defined(SIFT_HAS_AVX2_CHECK)
/// `special_mask` for thirty-two bytes.
__attribute__((target("avx2"))) static inline unsigned special_mask32(__m256i v) {
    const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'), controlMax = _mm256_set1_epi8(0x1F);
    __m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, backslash)),
                                  _mm256_cmpeq_epi8(_mm256_max_epu8(v, controlMax), controlMax));
    return (unsigned)_mm256_movemask_epi8(hit);
}

/// The blocks of `sift_json_escape` below, thirty-two bytes wide, while a whole block is left;
/// returns where they stopped, with `*out` after the bytes written.
__attribute__((target("avx2"))) static int64_t escape_blocks32(const uint8_t *src, int64_t n, uint8_t **outp) {
    uint8_t *out = *outp;
    int64_t i = 0;
    while (i + 32 <= n) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(src + i));
        _mm256_storeu_si256((__m256i *)out, v);
        unsigned mask = special_mask32(v);
        if (mask == 0) {
            i += 32;
            out += 32;
            continue;
        }
        const int64_t base = i;
        for (;;) {
            const int64_t at = base + (int64_t)__builtin_ctz(mask);
            out = escape_byte(src[at], out + (at - i));
            i = at + 1;
            mask &= mask - 1;
            if (i + 32 > n) break;
            _mm256_storeu_si256((__m256i *)out, _mm256_loadu_si256((const __m256i *)(src + i)));
            if (mask == 0) {
                out += base + 32 - i;
                i = base + 32;
                break;
            }
        }
    }
    *outp = out;
    return i;
}
#endif

int64_t sift_json_escape(const uint8_t *src, int64_t n, uint8_t *dst) {
    uint8_t *out = dst;
    int64_t i = 0;
#if defined(SIFT_HAS_AVX2_CHECK)
    // Page texts: thirty-two bytes a block (then the blocks of sixteen below finish the tail).
    if (n >= 64 && sift_has_avx2()) i = escape_blocks32(src, n, &out);
#endif
#if defined(__SSE2__)
    // The output of sixteen bytes is at least sixteen bytes long, so the block's store stays
    // inside it; bytes after a special are rewritten.
    //
    // A block's specials are taken one after another from its mask, each followed by a store of
    // the sixteen bytes after it (the plain ones up to the next special, rewritten there), rather
    // than a new block load and scan at every special: text has a line break (`\n`) every few
    // dozen bytes.
    while (i + 16 <= n) {
        unsigned mask = copy_block(src, &i, &out);
        if (mask == 0) continue;
        const int64_t base = i;
        for (;;) {
            // src[i, base + k) is plain and already at out.
            const int64_t at = base + (int64_t)__builtin_ctz(mask);
            out = escape_byte(src[at], out + (at - i));
            i = at + 1;
            mask &= mask - 1;
            if (i + 16 > n) break;  // the tail loops below go on from i
            _mm_storeu_si128((__m128i *)out, _mm_loadu_si128((const __m128i *)(src + i)));
            if (mask == 0) {
                out += base + 16 - i;
                i = base + 16;
                break;
            }
        }
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

int64_t sift_json_unescape(const uint8_t *src, int64_t from, int64_t end, uint8_t *dst, int64_t *written) {
    uint8_t *out = dst;
    int64_t i = from;
    for (;;) {
        // On to the next quote, backslash or control byte, copying what comes before it.
#if defined(__SSE2__)
        if (i + 16 <= end) {
            // Escapes only shorten: the output so far is no longer than the input read, so a
            // 16-byte store at `out` stays within the `end - from` bytes of `dst`.
            unsigned mask = copy_block(src, &i, &out);
            if (mask == 0) continue;
            // The block's short escapes are decoded one after another from its mask, each
            // followed by a store of the sixteen bytes after it (rewriting the plain ones up to
            // the next special), rather than a new block load and scan at each (`\n` every few
            // dozen bytes); a quote, a control byte, a `\u` or any other escape goes to the
            // code below (`special`) with `src[i]` the special.
            const int64_t base = i;
            for (;;) {
                const int64_t at = base + (int64_t)__builtin_ctz(mask);
                out += at - i;
                i = at;
                if (src[at] != '\\' || at + 1 >= end) goto special;
                const uint8_t decoded = sift_short_unescape[src[at + 1]];
                if (!decoded) goto special;
                *out++ = decoded;
                i = at + 2;
                // The escape's second byte (a quote or backslash, maybe) is no special of its own.
                mask &= ~0u << (i - base);
                if (i + 16 > end) break;
                _mm_storeu_si128((__m128i *)out, _mm_loadu_si128((const __m128i *)(src + i)));
                if (mask == 0) {
                    if (i < base + 16) {
                        out += base + 16 - i;
                        i = base + 16;
                    }
                    break;
                }
            }
            continue;
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
    special:;
        uint8_t b = src[i];
        if (b == '"') {
            *written = (int64_t)(out - dst);
            return i;
        }
        if (b < 0x20 || i + 1 >= end) return -1;
        uint8_t e = src[i + 1];
        uint8_t decoded = sift_short_unescape[e];
        if (decoded) {
            *out++ = decoded;
            i += 2;
            continue;
        }
        if (e != 'u' || i + 6 > end) return -1;
        const int32_t c = sift_u_escape(src + i + 2);
        if (c < 0) return -1;
        i += 6;
        out = sift_put_bmp_utf8((uint32_t)c, out);
    }
}
