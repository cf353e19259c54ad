#include "sift_linetable.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Writes the line `start..<lf` (`lf` being its LF, or `end` for a last line without one), with
// `SIFT_LINE_NON_ASCII` if `non_ascii`, unless `skip_blank` and it is blank ASCII: returns
// whether it was written. Whether it holds text is read here: most lines are blank (empty) or
// start with a letter, so the bytes to look at are few.
static inline int put_line(const uint8_t *bytes, sift_line *line, int64_t start, int64_t lf, int64_t end, int non_ascii, int skip_blank) {
    const int64_t content_end = lf > start && bytes[lf - 1] == 0x0D ? lf - 1 : lf;
    uint32_t flags = non_ascii ? SIFT_LINE_NON_ASCII : 0;
    for (int64_t k = start; k < content_end; k++) {
        const uint8_t c = bytes[k];
        if (c != 0x20 && c != 0x09 && c != 0x0D) {
            flags |= SIFT_LINE_TEXT;
            break;
        }
    }
    if (skip_blank && flags == 0) return 0;
    line->start = start;
    line->content_end = content_end;
    line->end = lf < end ? lf + 1 : end;
    line->flags = flags;
    return 1;
}

int64_t sift_lines_scan(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank, sift_line *lines, int64_t capacity, int64_t *next) {
    int64_t count = 0, start = from, i = from;
    uint64_t high_before = 0;  // a byte from 0x80 on in the current line, before `i` (if not 0)
#if defined(__SSE2__)
    // Sixty-four bytes a step: the LFs and the non-ASCII bytes, one bit each (bit k: bytes[i + k]).
    const __m128i lf_byte = _mm_set1_epi8(0x0A);
    while (i + 64 <= end) {
        const __m128i v0 = _mm_loadu_si128((const __m128i *)(bytes + i)), v1 = _mm_loadu_si128((const __m128i *)(bytes + i + 16));
        const __m128i v2 = _mm_loadu_si128((const __m128i *)(bytes + i + 32)), v3 = _mm_loadu_si128((const __m128i *)(bytes + i + 48));
        uint64_t lfs = (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, lf_byte)) |
                       (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, lf_byte)) << 16 |
                       (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v2, lf_byte)) << 32 |
                       (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v3, lf_byte)) << 48;
        uint64_t high = (uint64_t)(uint32_t)_mm_movemask_epi8(v0) | (uint64_t)(uint32_t)_mm_movemask_epi8(v1) << 16 |
                        (uint64_t)(uint32_t)_mm_movemask_epi8(v2) << 32 | (uint64_t)(uint32_t)_mm_movemask_epi8(v3) << 48;
        while (lfs != 0) {
            const unsigned k = (unsigned)__builtin_ctzll(lfs);
            const uint64_t upto = lfs ^ (lfs - 1);  // bits 0 to k
            count += put_line(bytes, &lines[count], start, i + k, end, (high_before | (high & (upto >> 1))) != 0, skip_blank);
            start = i + k + 1;
            if (count == capacity) {
                *next = start;
                return count;
            }
            // The bytes up to this LF are done with.
            high &= ~upto;
            high_before = 0;
            lfs &= lfs - 1;
        }
        high_before |= high != 0;
        i += 64;
    }
#endif
    for (; i < end; i++) {
        const uint8_t c = bytes[i];
        if (c != 0x0A) {
            high_before |= c >= 0x80;
            continue;
        }
        count += put_line(bytes, &lines[count], start, i, end, high_before != 0, skip_blank);
        start = i + 1;
        high_before = 0;
        if (count == capacity) {
            *next = start;
            return count;
        }
    }
    if (start < end) count += put_line(bytes, &lines[count], start, end, end, high_before != 0, skip_blank);
    *next = end;
    return count;
}
