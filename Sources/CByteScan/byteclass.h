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

#if defined(__SSE2__) && defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define SIFT_HAS_AVX2_CHECK 1
#include <cpuid.h>

/// Whether the processor has AVX2 and the system saves its registers (asked once per file that
/// uses it: the scans that take thirty-two bytes a step or more choose their loop with it).
static inline int sift_has_avx2(void) {
    static int known = 0;  // 0: not asked yet, 1: no, 2: yes
    int k = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (k == 0) {
        unsigned a, b, c, d;
        int yes = 0;
        if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && (c & bit_AVX)) {
            unsigned lo, hi;
            __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            if ((lo & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d)) yes = (b & bit_AVX2) != 0;
        }
        k = yes ? 2 : 1;
        __atomic_store_n(&known, k, __ATOMIC_RELAXED);
    }
    return k == 2;
}
#endif

#endif
