// JSONL reading and writing helpers that are not scans for JSON's special bytes (those are in
// sift_bytescan.h): UTF-8 validation of decoded strings, and a record's text decoded and validated in one pass.
#ifndef SIFT_JSONIO_H
#define SIFT_JSONIO_H

#include <stdint.h>

/// Whether the `n` bytes at `bytes` are well-formed UTF-8 (Unicode 15, table 3-7: no overlong
/// forms, no surrogates, nothing above U+10FFFF, no truncated sequence): -1 when they are not,
/// else 1 when they are all ASCII and 0 when not. The rules of `UTF8Text.check`; ASCII is
/// skipped sixteen bytes a step.
int32_t sift_utf8_check(const uint8_t *bytes, int64_t n);

/// `sift_json_unescape` and `sift_utf8_check` in one pass: decodes the inside of a JSON string
/// starting at `src[from]` (just after its opening quote) into `dst`, which must hold `end - from`
/// bytes, and checks the decoded bytes as UTF-8 on the way (each non-ASCII character where it
/// stands in `src`). Returns the index of the closing quote and sets `*written`, and
/// `*ascii_prefix` to the number of decoded bytes before the first non-ASCII one (`*written` when
/// all are ASCII); or -1 when the string needs the caller's
/// own decoder: what `sift_json_unescape` refuses (a control byte, a malformed or surrogate `\u`
/// escape, any other invalid escape, no closing quote before `end`) and bytes that are not
/// well-formed UTF-8.
int64_t sift_json_unescape_utf8(const uint8_t *src, int64_t from, int64_t end, uint8_t *dst, int64_t *written,
                                int64_t *ascii_prefix);

#endif
