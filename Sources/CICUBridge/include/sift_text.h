// Scripts and text segmentation (scripts.cpp, breaks.cpp). Opaque: stdint types and handles only.
#ifndef SIFT_TEXT_H
#define SIFT_TEXT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- scripts (scripts.cpp) ---------------------------------------------------
/// ICU's UScriptCode of a code point (0 Common, 1 Inherited, 25 Latin, 17 Han, ...).
int32_t sift_script_of(uint32_t codePoint);
/// Script_Extensions of a code point into `out` (up to `capacity`); returns their number.
int32_t sift_script_extensions(uint32_t codePoint, int32_t *out, int32_t capacity);
/// ISO 15924 code ("Latn") and long name ("Latin") of a UScriptCode; "" if unknown.
const char *sift_script_code(int32_t script);
const char *sift_script_name(int32_t script);
/// UScriptCode for an ISO 15924 code or name, or -1.
int32_t sift_script_from_code(const char *code);

/// Script runs of UTF-8 text per UAX #24: Common and Inherited characters take the script of
/// their neighbours and Script_Extensions are honoured. Returns a malloc'ed array of
/// 4 * *count int64 values: (start byte, end byte, UScriptCode, letters in the run).
/// A text of only Common characters is one run of script Common (0).
int64_t *sift_script_runs_utf8(const uint8_t *text, int64_t length, int64_t *count);
/// The number of script codes ICU knows (every UScriptCode is below it).
int32_t sift_script_count(void);
/// Letters per script of UTF-8 text, counted as sift_script_runs_utf8 counts them (ASCII a-z and
/// A-Z as Latin, and the letters of every specific script; Common and Inherited characters carry
/// none), without building runs. Writes up to `capacity` (script, letters, byte offset of the
/// first letter) triples into `scripts`, `letters` and `first`; returns their number, or -1 if
/// the text has letters of more than `capacity` scripts.
int32_t sift_script_letters_utf8(const uint8_t *text, int64_t length, int32_t *scripts, int64_t *letters, int64_t *first,
                                 int32_t capacity);
/// sift_script_letters_utf8 for a whole text (same counts, same first letters), which also lists the
/// lines holding a letter of a specific script other than Latin, with their letters per script as
/// sift_script_letters_utf8 counts each line's content alone: a Latin page's foreign lines, counted
/// once. For each listed line, eight values in `lines`: its start, the end of its content (before
/// "\n" or "\r\n"), its end with the break, 1 if the content holds a byte an ignorable token needs
/// (as in sift_script_next_other_line_utf8) else 0, the index and number of its entries in
/// `lineScripts`, `lineLetters` and `lineFirst` (first letters counted from the line's start), and
/// the bounds of its content without the spaces around it (ASCII spaces and controls 09...0D,
/// U+0085, U+00A0, U+2000...U+200B, U+2028, U+2029, U+202F, U+3000).
/// Lines are listed up to `lineCapacity` lines and `entryCapacity` entries, and no further once
/// most of the page is in listed lines: `*covered` receives the line start before which every line
/// with such a letter is listed (the text's length if all are), `*lineCount` the lines listed.
/// Returns the number of page entries, or -1 as sift_script_letters_utf8 does.
int32_t sift_script_letters_lines_utf8(const uint8_t *text, int64_t length, int32_t *scripts, int64_t *letters, int64_t *first,
                                       int32_t capacity, int64_t *lines, int32_t lineCapacity, int32_t *lineScripts,
                                       int64_t *lineLetters, int64_t *lineFirst, int32_t entryCapacity, int32_t *lineCount,
                                       int64_t *covered);
/// The byte offset of the first letter at or after `from` of a specific script outside `native`
/// (`count` UScriptCodes), or -1 if there is none.
int64_t sift_script_find_other_utf8(const uint8_t *text, int64_t length, int64_t from, const int32_t *native, int32_t count);
/// The next line of UTF-8 text, searching from byte `from`, that holds a letter of a specific
/// script outside `native` (as sift_script_find_other_utf8 finds it), with the letters per script
/// of its content as sift_script_letters_utf8 writes them (first letters counted from the line's
/// start). `line` receives four values: the line's start, the end of its content (before "\n" or
/// "\r\n"), its end with the break, and 1 if the content holds a byte an ignorable token needs (an
/// ASCII letter, '#', '@', ':' or a tab), else 0. Returns the number of scripts written (at
/// least 1), 0 if no such line is left, or -1 if the line has letters of more than `capacity` scripts.
int32_t sift_script_next_other_line_utf8(const uint8_t *text, int64_t length, int64_t from, const int32_t *native, int32_t count,
                                         int32_t *scripts, int64_t *letters, int64_t *first, int32_t capacity, int64_t *line);

// ---- break iteration (breaks.cpp) ---------------------------------------------
typedef struct sift_breaker sift_breaker;
/// kind: 0 character (grapheme), 1 word, 2 line (UAX #14 opportunities), 3 sentence.
/// `locale` is an ICU locale ID ("en", "th", "en@ss=standard"). For sentences, `abbreviations`
/// (UTF-8, one per line, e.g. "approx.") are words after which no sentence break is made.
sift_breaker *sift_brk_open(int32_t kind, const char *locale, const uint8_t *abbreviations, int64_t abbreviationsLength,
                            int32_t *status);
sift_breaker *sift_brk_clone(const sift_breaker *b, int32_t *status);
void sift_brk_close(sift_breaker *b);
/// Points the iterator at UTF-8 text read in place (it must stay alive and unmoved).
void sift_brk_set_utf8(sift_breaker *b, const uint8_t *text, int64_t length, int32_t *status);
/// The next boundary as a byte offset, or -1 at the end.
int64_t sift_brk_next(sift_breaker *b);
/// ICU's rule status of the segment that ends at the last boundary (word kinds: 0 none, 100 number,
/// 200 letter, 300 kana, 400 ideographic).
int32_t sift_brk_rule_status(sift_breaker *b);

#ifdef __cplusplus
}
#endif
#endif
