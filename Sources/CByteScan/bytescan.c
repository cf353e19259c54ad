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
