#include "sift_byterange.h"
#include "byteclass.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int64_t sift_find_byte_in_range(const uint8_t *bytes, int64_t from, int64_t end, uint8_t lo, uint8_t hi) {
    int64_t i = from;
    const uint8_t width = (uint8_t)(hi - lo);
#if defined(__SSE2__)
    for (; i + 32 <= end; i += 32) {
        const unsigned ma = (unsigned)_mm_movemask_epi8(sift_bytes_in(_mm_loadu_si128((const __m128i *)(bytes + i)), lo, hi));
        const unsigned mb = (unsigned)_mm_movemask_epi8(sift_bytes_in(_mm_loadu_si128((const __m128i *)(bytes + i + 16)), lo, hi));
        if ((ma | mb) != 0) return i + __builtin_ctz(ma | mb << 16);
    }
    for (; i + 16 <= end; i += 16) {
        const unsigned ma = (unsigned)_mm_movemask_epi8(sift_bytes_in(_mm_loadu_si128((const __m128i *)(bytes + i)), lo, hi));
        if (ma != 0) return i + __builtin_ctz(ma);
    }
#endif
    for (; i < end; i++) {
        if ((uint8_t)(bytes[i] - lo) <= width) return i;
    }
    return end;
}
