// JSONL reading and writing helpers that are not scans for JSON's special bytes (those are in
// sift_bytescan.h): UTF-8 validation of decoded strings.
#ifndef SIFT_JSONIO_H
#define SIFT_JSONIO_H

#include <stdint.h>

/// Whether the `n` bytes at `bytes` are well-formed UTF-8 (Unicode 15, table 3-7: no overlong
/// forms, no surrogates, nothing above U+10FFFF, no truncated sequence): -1 when they are not,
/// else 1 when they are all ASCII and 0 when not. The rules of `UTF8Text.check`; ASCII is
/// skipped sixteen bytes a step.
int32_t sift_utf8_check(const uint8_t *bytes, int64_t n);

#endif
