#include "sift_lines.h"
#include "byteclass.h"
#include "sift_utf8count.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// MARK: - drop-lines: lines without an ASCII letter or digit


static inline int ln_is_alnum(uint8_t c) {
    uint8_t l = c | 0x20;
    return (l >= 'a' && l <= 'z') || (c >= '0' && c <= '9');
}

int64_t sift_lines_next_without_alnum(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank,
                                      int64_t *line_end) {
    int64_t start = from, i = from;
    int alnum = 0, other = 0;  // the current line so far: a letter or digit; a byte other than space and tab
    while (i < end) {
        if (alnum) {
            // The line is settled: only its end matters (memchr is quickest past a few blocks).
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
#if defined(__SSE2__)
        if (i + 16 <= end) {
            __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
            unsigned lf = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
            __m128i letters = sift_bytes_in(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
            unsigned an = (unsigned)_mm_movemask_epi8(_mm_or_si128(letters, sift_bytes_in(v, '0', '9')));
            unsigned blank = (unsigned)_mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
            unsigned ot = ~blank & 0xFFFFu;
            if (lf == 0) {
                alnum = an != 0;
                other |= ot != 0;
                i += 16;
                continue;
            }
            int k = __builtin_ctz(lf);
            unsigned before = (1u << k) - 1;
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
#endif
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

// MARK: - ui-lines: plain prose lines

static inline int ln_is_space(uint8_t c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

static inline int ln_is_closer(uint8_t c) {
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == ')';
}

int64_t sift_lines_next_not_prose(const uint8_t *bytes, int64_t from, int64_t end, int64_t min_scalars,
                                  int64_t *first_prose, int64_t *last_prose, int64_t *line_end) {
    int64_t start = from;
    while (start < end) {
        int64_t p = start;
        while (p < end && bytes[p] != '\n' && ln_is_space(bytes[p])) p++;
        if (p == end || bytes[p] == '\n') {
            // Blank.
            start = p + 1;
            continue;
        }
        const uint8_t *nl = memchr(bytes + p, '\n', (size_t)(end - p));
        int64_t lf = nl ? nl - bytes : end;
        if (bytes[p] >= 0x80) {
            *line_end = lf;
            return start;
        }
        int64_t q = lf;
        while (q > p && ln_is_space(bytes[q - 1])) q--;
        // A character is at most four bytes: past 4 * min_scalars bytes there is no need to count.
        if (!ln_is_closer(bytes[q - 1]) || q - p < min_scalars ||
            (q - p < 4 * min_scalars && sift_utf8_scalar_count(bytes + p, q - p) < min_scalars)) {
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
