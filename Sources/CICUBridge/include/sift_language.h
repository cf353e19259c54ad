// Language identification helpers (language.cpp): ICU's exemplar sets and the letter folding the
// language model uses. Opaque: stdint types only.
#ifndef SIFT_LANGUAGE_H
#define SIFT_LANGUAGE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The code points of a locale's exemplar set (CLDR, through ulocdata_getExemplarSet), lowercased:
/// `kind` 0 main, 1 auxiliary, 2 main and auxiliary together, plus 4 for the set without the case
/// closure ICU adds by default (USET_CASE_INSENSITIVE). Multi-character strings in the set are
/// skipped. Returns a malloc'ed array (release with sift_free) of *count code points, or NULL.
uint32_t *sift_exemplar_codepoints(const char *locale, int32_t kind, int64_t *count, int32_t *status);

/// Folds UTF-8 text for the language model: letters and combining marks are lowercased
/// (u_tolower), every other code point (spaces, punctuation, digits, symbols) becomes one U+0020,
/// and runs of U+0020 collapse to one. Writes at most `capacity` code points into `out` and returns
/// how many it wrote; `capacity` of `length + 2` always suffices.
int64_t sift_lang_fold_utf8(const uint8_t *text, int64_t length, uint32_t *out, int64_t capacity);

#ifdef __cplusplus
}
#endif
#endif
