// Finding the first byte within a range of values, sixteen bytes a step: screens that look for
// the lead bytes of a few characters (mojibake suspects) pass over everything else this way.
#ifndef SIFT_BYTERANGE_H
#define SIFT_BYTERANGE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Index of the first byte at or after `from` whose value lies in `lo...hi`, or `end`.
int64_t sift_find_byte_in_range(const uint8_t *bytes, int64_t from, int64_t end, uint8_t lo, uint8_t hi);

#ifdef __cplusplus
}
#endif

#endif
