// Per-byte class tests on sixteen bytes, shared by the scans of this target (a private header:
// not part of the module's public headers). Each lane of the result is 0xFF where the test holds.
#ifndef SIFT_BYTECLASS_H
#define SIFT_BYTECLASS_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>

/// x == c, per byte.
static inline __m128i sift_bytes_eq(__m128i x, uint8_t c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8((char)c)); }

/// x <= c, unsigned, per byte.
static inline __m128i sift_bytes_le(__m128i x, uint8_t c) {
    return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8((char)c)), x);
}

/// lo <= x <= hi, unsigned, per byte.
static inline __m128i sift_bytes_in(__m128i x, uint8_t lo, uint8_t hi) {
    return sift_bytes_le(_mm_sub_epi8(x, _mm_set1_epi8((char)lo)), (uint8_t)(hi - lo));
}
#endif

#endif
