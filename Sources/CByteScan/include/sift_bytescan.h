// Byte scans sixteen bytes at a step (SSE2 on x86-64, a plain loop elsewhere): the searches that
// every JSONL record and every page go through, where Swift's SIMD types compile to per-lane loops.
#ifndef SIFT_BYTESCAN_H
#define SIFT_BYTESCAN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Index of the first byte at or after `from` that a JSON string must escape (`"`, `\` or a
/// control byte below 0x20), or `end`.
int64_t sift_json_special(const uint8_t *bytes, int64_t from, int64_t end);

#ifdef __cplusplus
}
#endif

#endif
