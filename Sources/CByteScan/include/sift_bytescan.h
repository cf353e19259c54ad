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

/// Index of the first byte at or after `from` that the `whitespace` stage's plain-line scan must
/// look at, or `end`. A byte is passed over when it is printable ASCII other than the space, a
/// byte of a non-ASCII character that the stage never edits whatever its options, a space
/// followed by such a byte, or an LF followed by one, or (if `blank_line_ok`) by an LF and one.
/// Every other byte needs a look: controls, tab, CR, DEL, the first byte of a character that may
/// be a space, a line break, an invisible or a control (a superset: the caller decides), and
/// spaces and LFs not so followed (nothing past `end` follows). `bytes[from..<end]` must be
/// valid UTF-8 (no character cut by `end`).
///
/// Sixty-four bytes a step with AVX2 where the processor has it (through ASCII), else as
/// `sift_whitespace_plain_scan_exact`.
int64_t sift_whitespace_plain_scan(const uint8_t *bytes, int64_t from, int64_t end, int32_t blank_line_ok);

/// `sift_whitespace_plain_scan` sixteen bytes a step (SSE2) or one (elsewhere), never with AVX2:
/// the reference the tests hold the AVX2 windows to.
int64_t sift_whitespace_plain_scan_exact(const uint8_t *bytes, int64_t from, int64_t end, int32_t blank_line_ok);

/// Writes the `n` bytes at `src` into `dst` as the inside of a JSON string (no quotes): `\"`,
/// `\\`, `\n`, `\r`, `\t`, `\b`, `\f` and `\u00xx` (lowercase) for the other control bytes,
/// every other byte as is. `dst` must hold the worst case, `6 * n` bytes. Returns the bytes written.
int64_t sift_json_escape(const uint8_t *src, int64_t n, uint8_t *dst);

/// Decodes the inside of a JSON string starting at `src[from]` (just after its opening quote) into
/// `dst`, which must hold `end - from` bytes. Returns the index of the closing quote and sets
/// `*written`, or -1 when the string needs the caller's own decoder: a control byte, a malformed or
/// surrogate `\u` escape, any other invalid escape, or no closing quote before `end`. The bytes are
/// not checked as UTF-8.
int64_t sift_json_unescape(const uint8_t *src, int64_t from, int64_t end, uint8_t *dst, int64_t *written);

#ifdef __cplusplus
}
#endif

#endif
