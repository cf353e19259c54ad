#include "sift_byterange.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int64_t sift_find_byte_in_range(const uint8_t *bytes, int64_t from, int64_t end, uint8_t lo, uint8_t hi) {
    int64_t i = from;
    const uint8_t width = (uint8_t)(hi - lo);
#if defined(__SSE2__)
    // b - lo <= hi - lo, unsigned: min(b - lo, width) == b - lo.
    const __m128i low = _mm_set1_epi8((char)lo), span = _mm_set1_epi8((char)width);
    for (; i + 32 <= end; i += 32) {
        const __m128i a = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(bytes + i)), low);
        const __m128i b = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(bytes + i + 16)), low);
        const unsigned ma = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(a, span), a));
        const unsigned mb = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(b, span), b));
        if ((ma | mb) != 0) return i + __builtin_ctz(ma | mb << 16);
    }
    for (; i + 16 <= end; i += 16) {
        const __m128i a = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(bytes + i)), low);
        const unsigned ma = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(a, span), a));
        if (ma != 0) return i + __builtin_ctz(ma);
    }
#endif
    for (; i < end; i++) {
        if ((uint8_t)(bytes[i] - lo) <= width) return i;
    }
    return end;
}
