// Charset detection and conversion (charsets.cpp). Opaque: stdint types only.
#ifndef SIFT_CHARSET_H
#define SIFT_CHARSET_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// ICU's charset detector on raw bytes: writes up to `capacity` best matches as
/// "NAME\tCONFIDENCE\tLANGUAGE\n" lines into `out` (NUL-terminated); returns the number of matches.
int32_t sift_charset_detect(const uint8_t *bytes, int64_t length, char *out, int32_t capacity, int32_t *status);

/// Whether ICU has a converter for this charset name (or alias); writes its canonical name.
int32_t sift_charset_canonical(const char *name, char *buffer, int32_t capacity);

/// Decodes bytes in `charset` to UTF-8 (malloc'ed into *out). With `strict`, stops at the first
/// illegal or unmappable byte sequence and fails with U_ILLEGAL_CHARACTER / U_INVALID_CHAR_FOUND;
/// otherwise substitutes U+FFFD and counts the substitutions in *substitutions.
void sift_charset_decode(const char *charset, const uint8_t *bytes, int64_t length, int32_t strict,
                         uint8_t **out, int64_t *outLength, int64_t *substitutions, int32_t *status);

/// Encodes UTF-8 text into `charset` (malloc'ed into *out), failing on any character the charset
/// cannot represent (no substitution).
void sift_charset_encode(const char *charset, const uint8_t *text, int64_t length,
                         uint8_t **out, int64_t *outLength, int32_t *status);

#ifdef __cplusplus
}
#endif
#endif
