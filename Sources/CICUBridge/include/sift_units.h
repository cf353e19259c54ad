// Units and numbers: ICU's CLDR unit data (display names, conversion rates, regional
// preferences) and ICU number parsing (decimal and rule-based spellout). Opaque like
// CICUBridge.h: stdint types and handles only, every name prefixed `sift_`.
#ifndef SIFT_UNITS_H
#define SIFT_UNITS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- CLDR resource data (units.cpp) -------------------------------------------
/// Dumps the unit display names of a locale (ICU's `unit` tree: units, unitsShort, unitsNarrow),
/// merged along the locale's fallback chain (the locale, its parents, root) the way ICU's own
/// formatters see them. One line per string: `path\tvalue\n`, path like `unitsShort/length/mile/other`
/// or `units/length/meter/case/dative/other`. Malloc'ed into *out; free with sift_free.
void sift_units_display_dump(const char *locale, uint8_t **out, int64_t *outLength, int32_t *status);
/// Dumps chosen paths ('\n'-separated, like `NumberElements/latn/patternsLong/decimalFormat`) of a
/// locale's main ICU data (tree NULL) merged along the fallback chain, as `path\tvalue` lines.
void sift_locale_data_dump(const char *tree, const char *locale, const char *paths, uint8_t **out,
                           int64_t *outLength, int32_t *status);
/// Unicode's numeric value of a code point (½ → 0.5, 五 → 5, ３ → 3), or -123456789 when it has none.
double sift_numeric_value(int32_t codePoint);
/// Dumps the supplemental `units` resource (convertUnits, unitConstants, unitQuantities,
/// unitPreferenceData) the same way; array items are numbered `#0`, `#1`, …
void sift_units_supplemental_dump(uint8_t **out, int64_t *outLength, int32_t *status);
/// The locales that have unit display data, '\n'-separated, malloc'ed.
void sift_units_available_locales(uint8_t **out, int64_t *outLength, int32_t *status);
/// The region a locale most likely means ("de" → "DE", "en" → "US", "zh_Hant" → "TW") into buffer.
int32_t sift_locale_likely_region(const char *locale, char *buffer, int32_t capacity, int32_t *status);

// ---- number parsing and spellout (numparse.cpp) -----------------------------------
typedef struct sift_numparser sift_numparser;
/// style 0: the locale's decimal format (strict grouping); 1: rule-based spellout, lenient parsing.
sift_numparser *sift_numparser_open(const char *locale, int32_t style, int32_t *status);
sift_numparser *sift_numparser_clone(const sift_numparser *p, int32_t *status);
void sift_numparser_close(sift_numparser *p);
/// Parses UTF-8 text. Returns 1 and sets *value when ICU's parse position reaches the end of the
/// text (the whole text is one number), 0 otherwise; *consumed gets the parse position in UTF-16 units.
int32_t sift_numparser_parse(sift_numparser *p, const uint8_t *text, int64_t length, double *value,
                             int32_t *consumed, int32_t *status);
/// Formats a number; the UTF-8 result is malloc'ed into *out.
void sift_numparser_format(sift_numparser *p, double value, uint8_t **out, int64_t *outLength, int32_t *status);
/// Spellout only: each of `count` numbers formatted with every public rule set but the ordinal
/// ones (masculine, feminine, cases…), one result a line, malloc'ed into *out.
void sift_numparser_format_all(sift_numparser *p, const double *values, int32_t count, uint8_t **out,
                               int64_t *outLength, int32_t *status);
/// The locale's decimal (which 0) or grouping (which 1) separator, UTF-8, into buffer.
int32_t sift_numparser_symbol(sift_numparser *p, int32_t which, char *buffer, int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif
#endif
