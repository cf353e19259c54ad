// CICUBridge: Sift's opaque bridge to the system ICU.
//
// This header includes no ICU header and exposes only <stdint.h> types and opaque
// handles, so Swift never sees an ICU type (Foundation on Linux carries its own ICU,
// whose clang module clashes with the system headers). Every name is prefixed
// `sift_`. Strings cross as UTF-8 (pointer + byte length). Functions that can fail
// take `int32_t *status`, an ICU UErrorCode: > 0 is a failure, <= 0 success or warning.
// Buffers returned through `uint8_t **out` are malloc'ed; release them with sift_free.
#ifndef CICUBRIDGE_H
#define CICUBRIDGE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- common ---------------------------------------------------------------
/// ICU's name for a status code, e.g. "U_ILLEGAL_ARGUMENT_ERROR".
const char *sift_error_name(int32_t status);
/// The ICU version this bridge was built against, e.g. "72.1".
void sift_icu_version(char *buffer, int32_t capacity);
void sift_free(void *pointer);

// ---- normalization (normalizer.cpp) -----------------------------------------
typedef struct sift_normalizer sift_normalizer;
/// form: 0 NFC, 1 NFD, 2 NFKC, 3 NFKD, 4 NFKC_Casefold. The instance is shared and thread-safe.
const sift_normalizer *sift_norm_get(int32_t form, int32_t *status);
/// 1 if `src` is already normalized, 0 if not.
int32_t sift_norm_is_normalized_utf8(const sift_normalizer *n, const uint8_t *src, int64_t length, int32_t *status);
/// The length of the longest prefix of valid UTF-8 `src` whose every character has quick check Yes
/// for `form` (0–3 as above) and combining class 0: `length` when the whole text is in the form
/// for certain. Each character of the prefix has a normalization boundary before it, so ICU's
/// check may start at the last one. Characters beyond the BMP end the prefix; form 4 returns 0.
int64_t sift_norm_quick_yes_prefix_utf8(int32_t form, const uint8_t *src, int64_t length);
/// Normalizes UTF-8 into `dst` (capacity bytes); returns the full output length, which may exceed
/// `capacity` (then nothing useful was written and the caller retries with a larger buffer).
/// When `edits` is not NULL it receives a malloc'ed array of (sourceStart, oldLength, newLength)
/// triples in bytes, one per changed region, and `editCount` their number.
int64_t sift_norm_normalize_utf8(const sift_normalizer *n, const uint8_t *src, int64_t length,
                                 uint8_t *dst, int64_t capacity,
                                 int64_t **edits, int64_t *editCount, int32_t *status);

// ---- transliteration (transliterator.cpp) -----------------------------------
typedef struct sift_transliterator sift_transliterator;
/// Opens a transform by ID ("Any-Latin; Latin-ASCII") or, when `rules` is not NULL, from inline
/// rules. On failure, `message` receives a UTF-8 description (with the rule line when parsing failed).
sift_transliterator *sift_trans_open(const uint8_t *id, int64_t idLength,
                                     const uint8_t *rules, int64_t rulesLength, int32_t reverse,
                                     char *message, int32_t messageCapacity, int32_t *status);
sift_transliterator *sift_trans_clone(const sift_transliterator *t, int32_t *status);
void sift_trans_close(sift_transliterator *t);
/// Transliterates UTF-8; the result is malloc'ed into *out (length *outLength).
void sift_trans_utf8(sift_transliterator *t, const uint8_t *src, int64_t length,
                     uint8_t **out, int64_t *outLength, int32_t *status);
/// The IDs of every installed transform, as one malloc'ed UTF-8 string separated by '\n'.
void sift_trans_available_ids(uint8_t **out, int64_t *outLength, int32_t *status);

// ---- regular expressions (regex.cpp) ----------------------------------------
typedef struct sift_regex sift_regex;
/// flags: ICU's URegexpFlag bits (UREGEX_CASE_INSENSITIVE = 2, UREGEX_MULTILINE = 8, ...).
/// On a syntax error, *errorOffset is the UTF-16 offset in the pattern, or -1.
sift_regex *sift_regex_open(const uint8_t *pattern, int64_t length, uint32_t flags,
                            int32_t *errorOffset, int32_t *status);
sift_regex *sift_regex_clone(const sift_regex *r, int32_t *status);
void sift_regex_close(sift_regex *r);
/// ICU's match time limit in steps of its match engine (about a millisecond each); 0 = none.
void sift_regex_set_time_limit(sift_regex *r, int32_t limit, int32_t *status);
int32_t sift_regex_group_count(const sift_regex *r, int32_t *status);
/// Group number for a named group, or -1.
int32_t sift_regex_group_number(const sift_regex *r, const uint8_t *name, int64_t length);
/// Points the regex at UTF-8 text, read in place: the text must stay alive and unmoved while matching.
void sift_regex_set_utf8(sift_regex *r, const uint8_t *text, int64_t length, int32_t *status);
/// Finds the next match; 1 if found, 0 at the end.
int32_t sift_regex_find_next(sift_regex *r, int32_t *status);
/// 1 if the whole text matches.
int32_t sift_regex_matches(sift_regex *r, int32_t *status);
/// Byte offsets of a group of the last match (-1 if the group did not take part).
int64_t sift_regex_start(sift_regex *r, int32_t group, int32_t *status);
int64_t sift_regex_end(sift_regex *r, int32_t group, int32_t *status);

// ---- locales (locale.cpp) ---------------------------------------------------
/// Canonicalizes a BCP 47 tag or ICU locale ID into `buffer`; returns 1 if ICU has data for its
/// language (the locale or a parent is installed), 0 otherwise.
int32_t sift_locale_canonical(const char *name, char *buffer, int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif

#include "sift_text.h"
#include "sift_charset.h"
#include "sift_units.h"
#include "sift_language.h"
#include "sift_sets.h"

#endif
