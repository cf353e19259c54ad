#include "sift_lines.h"
#include "byteclass.h"
#include "sift_utf8count.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__SSE2__) && defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
// Two scans below take thirty-two bytes a step or more with AVX2 when the processor has it.
#define LN_AVX2 1
#include <immintrin.h>

#endif

// MARK: - drop-lines: lines without an ASCII letter or digit


static inline int ln_is_alnum(uint8_t c) {
    uint8_t l = c | 0x20;
    return (l >= 'a' && l <= 'z') || (c >= '0' && c <= '9');
}

// The start of the first line at or after `from` (a line start) that holds no ASCII letter or
// digit and, if `skip_blank`, some byte other than a space or a tab; `end` if there is none.
// `*line_end` receives the line's end (its LF, or `end`).
#if LN_AVX2
__attribute__((target("avx2"))) static int64_t ln_lf_before_avx2(const uint8_t *bytes, int64_t p, int64_t limit);

// The line feeds, ASCII letters and digits, and bytes other than a space or a tab of the
// thirty-two bytes at `p`, one bit each.
__attribute__((target("avx2"))) static inline void ln_alnum_block32(const uint8_t *p, uint32_t *lf, uint32_t *alnum, uint32_t *other) {
    const __m256i v = _mm256_loadu_si256((const __m256i *)p);
    // x - lo <= hi - lo (unsigned) exactly when min(x - lo, hi - lo) == x - lo.
    const __m256i l = _mm256_sub_epi8(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('a'));
    const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
    const __m256i letters = _mm256_cmpeq_epi8(_mm256_min_epu8(l, _mm256_set1_epi8(25)), l);
    const __m256i digits = _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d);
    const __m256i blank = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' ')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t')));
    *lf = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')));
    *alnum = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(letters, digits));
    *other = ~(uint32_t)_mm256_movemask_epi8(blank);
}
#endif

// With `avx2`, thirty-two bytes a step (`ln_alnum_block32`), else sixteen (SSE2) or one.
static inline __attribute__((always_inline)) int64_t ln_next_without_alnum(const uint8_t *bytes, int64_t from, int64_t end,
                                                                         int32_t skip_blank, int64_t *line_end, int avx2) {
    (void)avx2;
    int64_t start = from, i = from;
    int alnum = 0, other = 0;  // the current line so far: a letter or digit; a byte other than space and tab
    while (i < end) {
        if (alnum) {
            // The line is settled: only its end matters (memchr is quickest past a few blocks
            // without AVX2; with it, thirty-two bytes a step inline, without a call).
#if LN_AVX2
            if (avx2) {
                const int64_t at = ln_lf_before_avx2(bytes, i, end);
                if (at < 0) break;
                i = at + 1;
                start = i;
                alnum = other = 0;
                continue;
            }
#endif
            const uint8_t *lf = memchr(bytes + i, '\n', (size_t)(end - i));
            if (lf == NULL) break;
            i = lf - bytes + 1;
            start = i;
            alnum = other = 0;
            continue;
        }
        if (skip_blank && i == start && bytes[i] == '\n') {
            // An empty line (half the lines of a page).
            start = ++i;
            continue;
        }
        // The masks of a block: line feeds, letters and digits, bytes other than space and tab.
        uint32_t lf = 0, an = 0, ot = 0;
        int width = 0;
#if LN_AVX2
        if (avx2 && i + 32 <= end) {
            ln_alnum_block32(bytes + i, &lf, &an, &ot);
            width = 32;
        } else
#endif
#if defined(__SSE2__)
        if (i + 16 <= end) {
            __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
            lf = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
            __m128i letters = sift_bytes_in(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
            an = (unsigned)_mm_movemask_epi8(_mm_or_si128(letters, sift_bytes_in(v, '0', '9')));
            unsigned blank = (unsigned)_mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
            ot = ~blank & 0xFFFFu;
            width = 16;
        }
#endif
        if (width != 0) {
            if (lf == 0) {
                alnum = an != 0;
                other |= ot != 0;
                i += width;
                continue;
            }
            int k = __builtin_ctz(lf);
            uint32_t before = (1u << k) - 1;
            alnum = (an & before) != 0;
            other |= (ot & before) != 0;
            if (!alnum && (other || !skip_blank)) {
                *line_end = i + k;
                return start;
            }
            i += k + 1;
            start = i;
            alnum = other = 0;
            continue;
        }
        uint8_t c = bytes[i];
        if (c == '\n') {
            if (!alnum && (other || !skip_blank)) {
                *line_end = i;
                return start;
            }
            i += 1;
            start = i;
            alnum = other = 0;
            continue;
        }
        alnum |= ln_is_alnum(c);
        other |= c != ' ' && c != '\t';
        i += 1;
    }
    if (start < end && !alnum && (other || !skip_blank)) {
        *line_end = end;
        return start;
    }
    *line_end = end;
    return end;
}

// Whether the line `bytes[0..<n]` matches a class run whole, by the screen: 1 yes, 0 no, -1 only
// the pattern can tell (an astral character, a character of the BMP without `members`, or an
// empty line). `low`, `high`: the ASCII characters of the class, one bit each.
static inline int ln_class_verdict(const uint8_t *bytes, int64_t n, uint64_t low, uint64_t high, const uint64_t *members,
                                   int32_t class_run) {
    int exact = 1;
    int64_t i = 0;
    while (i < n) {
        const uint8_t b = bytes[i];
        if (b < 0x80) {
            const uint64_t bit = b < 64 ? (low >> b) & 1 : (high >> (b - 64)) & 1;
            if (bit == 0) return 0;
            i += 1;
            continue;
        }
        if (members == NULL || b >= 0xF0 || i + (b >= 0xE0 ? 2 : 1) >= n) {
            exact = 0;
            i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            continue;
        }
        uint32_t v;
        if (b < 0xE0) {
            v = (uint32_t)(b & 0x1F) << 6 | (uint32_t)(bytes[i + 1] & 0x3F);
            i += 2;
        } else {
            v = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(bytes[i + 1] & 0x3F) << 6 | (uint32_t)(bytes[i + 2] & 0x3F);
            i += 3;
        }
        if (((members[v >> 6] >> (v & 63)) & 1) == 0) return 0;
    }
    return class_run && exact && n > 0 ? 1 : -1;
}

// `sift_lines_drop_screened`, its lines found thirty-two bytes a step when `avx2`.
static inline __attribute__((always_inline)) int64_t ln_drop_screened(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank,
                                                                    uint64_t low, uint64_t high, const uint64_t *members, int32_t class_run,
                                                                    int64_t *removals, int64_t capacity, sift_lines_stop *stop, int avx2) {
    int64_t count = 0, at = from;
    while (at < end) {
        int64_t lf = end;
        const int64_t start = ln_next_without_alnum(bytes, at, end, skip_blank, &lf, avx2);
        if (start >= end) {
            at = end;
            break;
        }
        const int64_t content_end = lf > start && bytes[lf - 1] == '\r' ? lf - 1 : lf;
        const int64_t whole_end = lf < end ? lf + 1 : lf;
        at = whole_end;
        if (skip_blank) {
            int64_t p = start;
            while (p < content_end && (bytes[p] == ' ' || bytes[p] == '\t')) p++;
            if (p == content_end) continue;
        }
        const int verdict = ln_class_verdict(bytes + start, content_end - start, low, high, members, class_run);
        if (verdict == 0) continue;
        if (verdict < 0) {
            stop->next = start;
            stop->line_start = start;
            stop->content_end = content_end;
            stop->line_end = whole_end;
            return count;
        }
        removals[2 * count] = start;
        removals[2 * count + 1] = whole_end;
        if (++count == capacity) break;
    }
    stop->next = at;
    stop->line_start = -1;
    return count;
}

#if LN_AVX2
__attribute__((target("avx2"))) static int64_t ln_drop_screened_avx2(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank,
                                                                   uint64_t low, uint64_t high, const uint64_t *members, int32_t class_run,
                                                                   int64_t *removals, int64_t capacity, sift_lines_stop *stop) {
    return ln_drop_screened(bytes, from, end, skip_blank, low, high, members, class_run, removals, capacity, stop, 1);
}
#endif

int64_t sift_lines_drop_screened(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank, uint64_t low,
                                 uint64_t high, const uint64_t *members, int32_t class_run, int64_t *removals,
                                 int64_t capacity, sift_lines_stop *stop) {
#if LN_AVX2
    if (sift_has_avx2()) return ln_drop_screened_avx2(bytes, from, end, skip_blank, low, high, members, class_run, removals, capacity, stop);
#endif
    return ln_drop_screened(bytes, from, end, skip_blank, low, high, members, class_run, removals, capacity, stop, 0);
}

int64_t sift_lines_drop_screened_exact(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank, uint64_t low,
                                       uint64_t high, const uint64_t *members, int32_t class_run, int64_t *removals,
                                       int64_t capacity, sift_lines_stop *stop) {
    return ln_drop_screened(bytes, from, end, skip_blank, low, high, members, class_run, removals, capacity, stop, 0);
}

// MARK: - ui-lines: plain prose lines

static inline int ln_is_space(uint8_t c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

static inline int ln_is_closer(uint8_t c) {
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == ')';
}

#if LN_AVX2
// The end of the line holding `p` (its LF, or `end`), and in `*lead` the number of characters
// (ASCII and UTF-8 lead bytes: every byte but the continuation bytes 0x80–0xBF, which are below
// -64 as signed bytes) from `p` to there: one pass, thirty-two bytes a step.
__attribute__((target("avx2,popcnt"))) static int64_t ln_line_end_avx2(const uint8_t *bytes, int64_t p, int64_t end,
                                                                     int64_t *lead) {
    int64_t cont = 0, i = p;
    const __m256i nl = _mm256_set1_epi8('\n'), below = _mm256_set1_epi8(-64);
    for (; i + 32 <= end; i += 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(bytes + i));
        const uint32_t lf = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl));
        const uint32_t c = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(below, v));
        if (lf != 0) {
            const int k = __builtin_ctz(lf);
            cont += __builtin_popcount(c & ((1u << k) - 1));
            *lead = i + k - p - cont;
            return i + k;
        }
        cont += __builtin_popcount(c);
    }
    for (; i < end && bytes[i] != '\n'; i++) cont += (bytes[i] & 0xC0) == 0x80;
    *lead = i - p - cont;
    return i;
}


// The first LF at or after `p` and before `limit`, thirty-two bytes a step; -1 if there is none.
__attribute__((target("avx2"))) static int64_t ln_lf_before_avx2(const uint8_t *bytes, int64_t p, int64_t limit) {
    const __m256i nl = _mm256_set1_epi8('\n');
    int64_t i = p;
    for (; i + 32 <= limit; i += 32) {
        const uint32_t lf = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(bytes + i)), nl));
        if (lf != 0) return i + __builtin_ctz(lf);
    }
    for (; i < limit; i++) {
        if (bytes[i] == '\n') return i;
    }
    return -1;
}
#endif

// The loop of `sift_lines_next_not_prose`, for both forms: with `avx2`, each line's end and
// characters are found in one pass (`ln_line_end_avx2`), or only its end where the text is
// known to be ASCII (before `ascii_end`, where characters are bytes); without, the end by memchr
// and the characters counted only for lines short enough to fall below `min_scalars`.
static inline __attribute__((always_inline)) int64_t ln_next_not_prose(const uint8_t *bytes, int64_t from, int64_t end,
                                                                     int64_t ascii_end, int64_t min_scalars, int64_t *first_prose,
                                                                     int64_t *last_prose, int64_t *line_end, int avx2) {
    int64_t start = from;
    while (start < end) {
        int64_t p = start;
        while (p < end && bytes[p] != '\n' && ln_is_space(bytes[p])) p++;
        if (p == end || bytes[p] == '\n') {
            // Blank.
            start = p + 1;
            continue;
        }
        int64_t lead = -1, lf;
#if LN_AVX2
        if (avx2) {
            // A line that ends before `ascii_end` has as many characters as bytes.
            lf = p < ascii_end ? ln_lf_before_avx2(bytes, p, ascii_end) : -1;
            if (lf >= 0) {
                lead = lf - p;
            } else {
                lf = ln_line_end_avx2(bytes, p, end, &lead);
            }
        } else
#endif
        {
            const uint8_t *nl = memchr(bytes + p, '\n', (size_t)(end - p));
            lf = nl ? nl - bytes : end;
        }
        if (bytes[p] >= 0x80) {
            *line_end = lf;
            return start;
        }
        int64_t q = lf;
        while (q > p && ln_is_space(bytes[q - 1])) q--;
        // With the count of the whole line, the spaces and controls trimmed at the end are ASCII;
        // without, a character is at most four bytes: past 4 * min_scalars bytes there is no need
        // to count.
        const int short_line = lead >= 0 ? lead - (lf - q) < min_scalars
                                         : q - p < min_scalars || (q - p < 4 * min_scalars && q > ascii_end &&
                                                                   sift_utf8_scalar_count(bytes + p, q - p) < min_scalars);
        if (!ln_is_closer(bytes[q - 1]) || short_line) {
            *line_end = lf;
            return start;
        }
        if (*first_prose < 0) *first_prose = start;
        *last_prose = start;
        start = lf + 1;
    }
    *line_end = end;
    return end;
}

#if LN_AVX2
__attribute__((target("avx2,popcnt"))) static int64_t ln_next_not_prose_avx2(const uint8_t *bytes, int64_t from, int64_t end,
                                                                            int64_t ascii_end, int64_t min_scalars, int64_t *first_prose,
                                                                            int64_t *last_prose, int64_t *line_end) {
    return ln_next_not_prose(bytes, from, end, ascii_end, min_scalars, first_prose, last_prose, line_end, 1);
}
#endif

int64_t sift_lines_next_not_prose(const uint8_t *bytes, int64_t from, int64_t end, int64_t ascii_end, int64_t min_scalars,
                                  int64_t *first_prose, int64_t *last_prose, int64_t *line_end) {
#if LN_AVX2
    if (sift_has_avx2()) return ln_next_not_prose_avx2(bytes, from, end, ascii_end, min_scalars, first_prose, last_prose, line_end);
#endif
    return sift_lines_next_not_prose_lines(bytes, from, end, ascii_end, min_scalars, first_prose, last_prose, line_end);
}

int64_t sift_lines_next_not_prose_lines(const uint8_t *bytes, int64_t from, int64_t end, int64_t ascii_end, int64_t min_scalars,
                                        int64_t *first_prose, int64_t *last_prose, int64_t *line_end) {
    return ln_next_not_prose(bytes, from, end, ascii_end, min_scalars, first_prose, last_prose, line_end, 0);
}

// MARK: - hashtags: lines that open with '#' or '＃'

// Whether the '#' or 0xEF at `at` opens its line (only spaces and tabs before it, back to `from`,
// a line start, or to an LF): the start of the line if so, else -1.
static inline int64_t ln_hash_line_start(const uint8_t *bytes, int64_t from, int64_t at) {
    int64_t s = at;
    while (s > from && (bytes[s - 1] == ' ' || bytes[s - 1] == '\t')) s--;
    return s == from || bytes[s - 1] == '\n' ? s : -1;
}

int64_t sift_lines_next_hash_line_bytes(const uint8_t *bytes, int64_t from, int64_t end) {
    for (int64_t i = from; i < end; i++) {
        if (bytes[i] != '#' && bytes[i] != 0xEF) continue;
        const int64_t s = ln_hash_line_start(bytes, from, i);
        if (s >= 0) return s;
    }
    return end;
}

#if LN_AVX2
// One test per 128 bytes, as memchr does (most pages hold no '#' and no 0xEF but in a line or
// two), then thirty-two bytes a step.
__attribute__((target("avx2"))) static int64_t ln_next_hash_line_avx2(const uint8_t *bytes, int64_t from, int64_t end) {
    int64_t i = from;
    const __m256i hash = _mm256_set1_epi8('#'), ef = _mm256_set1_epi8((char)0xEF);
    for (; i + 128 <= end; i += 128) {
        const __m256i *p = (const __m256i *)(bytes + i);
        const __m256i v0 = _mm256_loadu_si256(p), v1 = _mm256_loadu_si256(p + 1), v2 = _mm256_loadu_si256(p + 2),
                      v3 = _mm256_loadu_si256(p + 3);
        const __m256i any = _mm256_or_si256(
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v0, hash), _mm256_cmpeq_epi8(v0, ef)),
                            _mm256_or_si256(_mm256_cmpeq_epi8(v1, hash), _mm256_cmpeq_epi8(v1, ef))),
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v2, hash), _mm256_cmpeq_epi8(v2, ef)),
                            _mm256_or_si256(_mm256_cmpeq_epi8(v3, hash), _mm256_cmpeq_epi8(v3, ef))));
        if (_mm256_testz_si256(any, any)) continue;
        for (int b = 0; b < 4; b++) {
            const __m256i v = _mm256_loadu_si256(p + b);
            uint32_t hits = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, hash), _mm256_cmpeq_epi8(v, ef)));
            while (hits != 0) {
                const int64_t s = ln_hash_line_start(bytes, from, i + 32 * b + __builtin_ctz(hits));
                if (s >= 0) return s;
                hits &= hits - 1;
            }
        }
    }
    for (; i + 32 <= end; i += 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(bytes + i));
        uint32_t hits = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, hash), _mm256_cmpeq_epi8(v, ef)));
        while (hits != 0) {
            const int64_t s = ln_hash_line_start(bytes, from, i + __builtin_ctz(hits));
            if (s >= 0) return s;
            hits &= hits - 1;
        }
    }
    if (i < end && end - from >= 32) {
        // The last bytes, in the thirty-two that end the text (those before `i` already looked at).
        const int64_t at = end - 32;
        const __m256i v = _mm256_loadu_si256((const __m256i *)(bytes + at));
        uint32_t hits = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, hash), _mm256_cmpeq_epi8(v, ef)));
        hits &= ~0u << (i - at);
        while (hits != 0) {
            const int64_t s = ln_hash_line_start(bytes, from, at + __builtin_ctz(hits));
            if (s >= 0) return s;
            hits &= hits - 1;
        }
        return end;
    }
    for (; i < end; i++) {
        if (bytes[i] != '#' && bytes[i] != 0xEF) continue;
        const int64_t s = ln_hash_line_start(bytes, from, i);
        if (s >= 0) return s;
    }
    return end;
}
#endif

int64_t sift_lines_next_hash_line(const uint8_t *bytes, int64_t from, int64_t end) {
#if LN_AVX2
    if (sift_has_avx2()) return ln_next_hash_line_avx2(bytes, from, end);
#endif
#if defined(__SSE2__)
    int64_t i = from;
    for (; i + 16 <= end; i += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        unsigned hits = (unsigned)_mm_movemask_epi8(_mm_or_si128(sift_bytes_eq(v, '#'), sift_bytes_eq(v, 0xEF)));
        while (hits != 0) {
            const int64_t s = ln_hash_line_start(bytes, from, i + __builtin_ctz(hits));
            if (s >= 0) return s;
            hits &= hits - 1;
        }
    }
    for (; i < end; i++) {
        if (bytes[i] != '#' && bytes[i] != 0xEF) continue;
        const int64_t s = ln_hash_line_start(bytes, from, i);
        if (s >= 0) return s;
    }
    return end;
#else
    return sift_lines_next_hash_line_bytes(bytes, from, end);
#endif
}
