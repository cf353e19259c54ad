// Counting the Unicode scalars of valid UTF-8, sixteen bytes a step: document edits record where
// each removal was as a scalar offset, and every edit of a non-ASCII text is counted.
#ifndef SIFT_UTF8COUNT_H
#define SIFT_UTF8COUNT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The Unicode scalars among the `n` bytes at `bytes` (valid UTF-8): the bytes that are not
/// continuation bytes (`10xxxxxx`).
int64_t sift_utf8_scalar_count(const uint8_t *bytes, int64_t n);

/// For each of `count` byte offsets into the `n` bytes of valid UTF-8 at `bytes` (ascending, each
/// at most `n`), the scalars before it, into `out`: one pass over the text up to the last offset,
/// sixteen bytes a step, with no per-offset loop over bytes.
void sift_utf8_scalars_before(const uint8_t *bytes, int64_t n, const int64_t *offsets, int64_t count, int64_t *out);

#ifdef __cplusplus
}
#endif

#endif
