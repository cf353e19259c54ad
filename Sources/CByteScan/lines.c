#include "sift_lines.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Writes the line `start..<lf` (`lf` being its LF, or `end` for a last line without one), with
// `SIFT_LINE_NON_ASCII` if `non_ascii`. Whether it holds text is read here: most lines are blank
// (empty) or start with a letter, so the bytes to look at are few.
static inline void put_line(const uint8_t *bytes, sift_line *line, int64_t start, int64_t lf, int64_t end, int non_ascii) {
    const int64_t content_end = lf > start && bytes[lf - 1] == 0x0D ? lf - 1 : lf;
    uint32_t flags = non_ascii ? SIFT_LINE_NON_ASCII : 0;
    for (int64_t k = start; k < content_end; k++) {
        const uint8_t c = bytes[k];
        if (c != 0x20 && c != 0x09 && c != 0x0D) {
            flags |= SIFT_LINE_TEXT;
            break;
        }
    }
    line->start = start;
    line->content_end = content_end;
    line->end = lf < end ? lf + 1 : end;
    line->flags = flags;
}

int64_t sift_lines_scan(const uint8_t *bytes, int64_t from, int64_t end, sift_line *lines, int64_t capacity, int64_t *next) {
    int64_t count = 0, start = from, i = from;
    uint32_t high_before = 0;  // a byte from 0x80 on in the current line, before `i`
#if defined(__SSE2__)
    const __m128i lf_byte = _mm_set1_epi8(0x0A);
    while (i + 16 <= end) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        uint32_t lfs = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf_byte));
        uint32_t high = (uint32_t)_mm_movemask_epi8(v);
        while (lfs != 0) {
            const unsigned k = (unsigned)__builtin_ctz(lfs);
            put_line(bytes, &lines[count++], start, i + k, end, (high_before | (high & ((1u << k) - 1))) != 0);
            start = i + k + 1;
            if (count == capacity) {
                *next = start;
                return count;
            }
            // The bytes up to this LF are done with.
            high &= ~((2u << k) - 1);
            high_before = 0;
            lfs &= lfs - 1;
        }
        high_before |= high;
        i += 16;
    }
#endif
    for (; i < end; i++) {
        const uint8_t c = bytes[i];
        if (c != 0x0A) {
            high_before |= c >= 0x80;
            continue;
        }
        put_line(bytes, &lines[count++], start, i, end, high_before != 0);
        start = i + 1;
        high_before = 0;
        if (count == capacity) {
            *next = start;
            return count;
        }
    }
    if (start < end) put_line(bytes, &lines[count++], start, end, end, high_before != 0);
    *next = end;
    return count;
}
