// Escaping the short strings of a JSONL record (a removal's text, a label, a hashtag, an id) as
// the inside of a JSON string, with less set-up per call than the block loops of
// `sift_json_escape` (sift_bytescan.h), which long strings still go to.
#ifndef SIFT_JSONESCAPE_H
#define SIFT_JSONESCAPE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the `n` bytes at `src` escaped as the inside of a JSON string at `dst`, which must have
/// room for `6 * n` bytes; returns the number of bytes written. The bytes of `sift_json_escape`:
/// a string of at most 64 bytes with no byte to escape but a final line break (a removed line's)
/// is tested and copied in a few overlapping words; anything else goes to `sift_json_escape`.
int64_t sift_json_escape_short(const uint8_t *src, int64_t n, uint8_t *dst);

#ifdef __cplusplus
}
#endif

#endif
