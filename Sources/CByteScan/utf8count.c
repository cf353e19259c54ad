#include "sift_utf8count.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Continuation bytes among eight, one per flagged byte, summed by a multiply (the baseline
/// x86-64 has no POPCNT).
static inline int64_t continuations8(uint64_t w) {
    return (int64_t)((((w & ~(w << 1) & 0x8080808080808080ull) >> 7) * 0x0101010101010101ull) >> 56);
}

int64_t sift_utf8_scalar_count(const uint8_t *bytes, int64_t n) {
    int64_t i = 0, continuations = 0;
#if defined(__SSE2__)
    // Per byte lane, a counter that each continuation byte decrements (the compare gives -1); the
    // lanes are summed every 63 steps of four blocks at most, before a lane could wrap. A step of
    // four blocks with no byte above 0x7F (ASCII text) is passed over after one test.
    const __m128i limit = _mm_set1_epi8((char)0xC0);  // signed: continuation bytes are -128…-65
    while (i + 64 <= n) {
        __m128i acc = _mm_setzero_si128();
        for (int steps = 0; steps < 63 && i + 64 <= n; steps++, i += 64) {
            const __m128i v0 = _mm_loadu_si128((const __m128i *)(bytes + i));
            const __m128i v1 = _mm_loadu_si128((const __m128i *)(bytes + i + 16));
            const __m128i v2 = _mm_loadu_si128((const __m128i *)(bytes + i + 32));
            const __m128i v3 = _mm_loadu_si128((const __m128i *)(bytes + i + 48));
            if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v0, v1), _mm_or_si128(v2, v3))) == 0) continue;
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v0, limit));
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v1, limit));
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v2, limit));
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v3, limit));
        }
        const __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
        continuations += _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    }
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        continuations += __builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, limit)));
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, bytes + i, 8);
        continuations += continuations8(w);
    }
    for (; i < n; i++) continuations += (bytes[i] & 0xC0) == 0x80;
    return n - continuations;
}

#if defined(__SSE2__)
/// The bits of the sixteen bytes at `p` that are not continuation bytes (bit k: p[k]).
static inline unsigned scalar_starts(const uint8_t *p) {
    const __m128i v = _mm_loadu_si128((const __m128i *)p);
    return ~(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0))) & 0xFFFFu;
}
#endif

void sift_utf8_scalars_before(const uint8_t *bytes, int64_t n, const int64_t *offsets, int64_t count, int64_t *out) {
    // `scalars` counts the scalars of bytes[0..<at]; `at` only moves forward, by whole blocks.
    int64_t at = 0, scalars = 0;
    for (int64_t k = 0; k < count; k++) {
        const int64_t x = offsets[k];
        const int64_t whole = (x - at) & ~(int64_t)15;
        if (whole > 0) {
            scalars += sift_utf8_scalar_count(bytes + at, whole);
            at += whole;
        }
        int64_t before = scalars;
#if defined(__SSE2__)
        if (x > at && at + 16 <= n) {
            // The first x - at bytes of the block at `at` (fewer than sixteen).
            before += __builtin_popcount(scalar_starts(bytes + at) & ((1u << (x - at)) - 1u));
        } else
#endif
        {
            for (int64_t i = at; i < x; i++) before += (bytes[i] & 0xC0) != 0x80;
        }
        out[k] = before;
    }
}
