// Character sets (sets.cpp): the members of an ICU UnicodeSet pattern, read as a bit table.
// Opaque: stdint types only.
#ifndef SIFT_SETS_H
#define SIFT_SETS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Sets bit `c & 63` of `bits[c >> 6]` for each code point `c` of the Basic Multilingual Plane
/// (U+0000–U+FFFF) that the UnicodeSet `pattern` (UTF-8, ICU's set syntax, e.g.
/// `[\p{P}\p{White_Space}]`) holds, and clears the others; `bits` holds 1024 words. Surrogate code
/// points are always cleared (valid UTF-8 never holds one). Multi-character strings of the set
/// are ignored.
void sift_uset_bmp_bits(const uint8_t *pattern, int64_t length, uint64_t *bits, int32_t *status);

#ifdef __cplusplus
}
#endif
#endif
