// `dedupe-lines` without keys (its `title` and `adjacent` removals, not `anywhere`): one pass over a
// page's lines, thirty-two bytes a step with AVX2 where the processor has it (else sixteen with
// SSE2 on x86-64, a plain loop elsewhere), that compares the
// lines whose key is their own bytes (ASCII letters lower-cased, whitespace runs as one space,
// trimmed) and returns to the caller only for a line whose key must be folded (or compared with
// a folded key), or when its table of removals is full.
#ifndef SIFT_DEDUPE_H
#define SIFT_DEDUPE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The scan's state, carried from call to call over one text. The title and the previous line are
/// compared through their content in the text when `*_raw` is set, else through a folded key that
/// only the caller holds.
typedef struct {
    /// Options: remove copies of the title at the top; remove a line equal to the previous one.
    int32_t title, adjacent;
    /// A title (the first line with a key) was seen; the lines since it all repeated it.
    int32_t has_title, in_title_zone;
    int32_t title_raw, previous_raw;
    int64_t title_start, title_end, previous_start, previous_end;
} sift_dedupe_state;

/// `reason` of a removal: a copy of the title, or a repeat of the previous line.
#define SIFT_DEDUPE_TITLE 0
#define SIFT_DEDUPE_REPEAT 1

/// One line to remove: `start..<end`, its line end included.
typedef struct {
    int64_t start, end;
    int32_t reason;
} sift_dedupe_removal;

/// Where a scan stopped. `line_start` is -1 when it stopped at `next` (the end, or a full table);
/// else it is the start of a line for the caller (`next` then equals it): its content
/// `line_start..<content_end` (a CR before the LF left out), the whole line `line_start..<line_end`,
/// and `plain` set when its key is its own bytes (the line is then only to be compared with a
/// folded key of the title or the previous line).
typedef struct {
    int64_t next, line_start, content_end, line_end;
    int32_t plain;
} sift_dedupe_stop;

/// Scans the lines of `bytes[from..<end]` (`from` a line start), deciding and updating `state`
/// as `dedupe-lines` does, and writes at most `capacity` (at least 1) removals to `out`. Returns
/// how many were written; `*stop` says where and why it stopped. A line is plain when each of its
/// characters is ASCII or one `sift_dedupe_is_inert` accepts; a plain line is blank (has no key)
/// when it holds only spaces, tabs and CRs.
int64_t sift_dedupe_scan(const uint8_t *bytes, int64_t from, int64_t end, sift_dedupe_state *state,
                         sift_dedupe_removal *out, int64_t capacity, sift_dedupe_stop *stop);

/// `sift_dedupe_scan` finding each line's end sixteen bytes a step (SSE2) or one, never with
/// AVX2 (for tests: the two must decide alike).
int64_t sift_dedupe_scan_exact(const uint8_t *bytes, int64_t from, int64_t end, sift_dedupe_state *state,
                               sift_dedupe_removal *out, int64_t capacity, sift_dedupe_stop *stop);

/// Whether NFKC_Casefold maps the BMP scalar `v` to itself and it composes with no character (CJK
/// ideographs U+4E00–U+9FFF, Hangul syllables, hiragana and katakana letters, the prolonged sound
/// mark, the ideographic comma and full stop): a line of ASCII and such characters is plain.
int32_t sift_dedupe_is_inert(uint32_t v);

/// Whether the text is plain: each of its characters is ASCII or one `sift_dedupe_is_inert`
/// accepts, so that NFKC_Casefold leaves it as it is once its ASCII letters are lower-cased (its
/// key is its own bytes).
int32_t sift_dedupe_plain(const uint8_t *bytes, int64_t count);

/// Whether two texts have the same key (the same words, ASCII letters compared without case,
/// whatever the whitespace between and around them).
int32_t sift_dedupe_same_key(const uint8_t *a, int64_t n, const uint8_t *b, int64_t m);

#ifdef __cplusplus
}
#endif

#endif
