// Line scans for the line-dropping stages, sixteen bytes at a step (SSE2 on x86-64, a plain loop
// elsewhere): each passes over the lines a stage would judge the same way without a look, and
// stops at the first line the stage must look at. Lines end at LF; a final line without one counts.
#ifndef SIFT_LINES_H
#define SIFT_LINES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Where a scan stopped. `line_start` is -1 when it stopped at `next` (the end, or a full
/// table); else it is the start of a line for the caller (`next` then equals it): its content
/// `line_start..<content_end` (a CR before the LF left out) and the whole line `line_start..<line_end`.
typedef struct {
    int64_t next, line_start, content_end, line_end;
} sift_lines_stop;

/// For `drop-lines` with a screen that no ASCII letter or digit passes, removing matching lines:
/// from `from` (a line start), passes over the lines holding an ASCII letter or digit and, if
/// `skip_blank`, those of only spaces and tabs (their content, without a CR before the LF), and
/// judges the others by the screen: a line of ASCII characters whose bits are set in `low` (0–63)
/// and `high` (64–127) and of BMP characters whose bits are set in `members` (65,536 bits; NULL:
/// none known) matches whole if `class_run`; a line holding any other character does not. Writes
/// the whole range (`start`, `end`, its LF included) of at most `capacity` (at least 1) lines that
/// match to `removals`, two offsets each, and returns how many; stops early, with `*stop` naming
/// the line, at the first line only the pattern can judge (one holding an astral character, or
/// characters that pass without `members` or `class_run`, or an empty one). Lines are crossed
/// thirty-two bytes a step with AVX2 where the processor has it, else sixteen with SSE2.
int64_t sift_lines_drop_screened(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank, uint64_t low,
                                 uint64_t high, const uint64_t *members, int32_t class_run, int64_t *removals,
                                 int64_t capacity, sift_lines_stop *stop);

/// `sift_lines_drop_screened` sixteen bytes a step (SSE2) or one, never with AVX2 (for tests: the
/// two must decide alike).
int64_t sift_lines_drop_screened_exact(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank, uint64_t low,
                                       uint64_t high, const uint64_t *members, int32_t class_run, int64_t *removals,
                                       int64_t capacity, sift_lines_stop *stop);

/// For `ui-lines`: the start of the first line at or after `from` (a line start) that is neither
/// blank nor plain prose, or `end`; `*line_end` receives its end (its LF, or `end`). Blank: only
/// ASCII spaces and controls 0x09–0x0D. Plain prose: after the ASCII spaces and controls
/// 0x09–0x0D at either end, the line starts with an ASCII byte, ends with one of . ! ? : ; " )
/// and holds at least `min_scalars` characters (UTF-8 lead and ASCII bytes). The starts of the
/// first and last plain prose lines passed over are written to `*first_prose` (if it is -1) and
/// `*last_prose`. The bytes before `ascii_end` must be ASCII (0 when none is known to be): the
/// characters of a line that ends before it are not counted, they are its bytes.
int64_t sift_lines_next_not_prose(const uint8_t *bytes, int64_t from, int64_t end, int64_t ascii_end, int64_t min_scalars,
                                  int64_t *first_prose, int64_t *last_prose, int64_t *line_end);

/// `sift_lines_next_not_prose` with memchr and a separate count of characters, never with AVX2
/// (for tests: the same answers).
int64_t sift_lines_next_not_prose_lines(const uint8_t *bytes, int64_t from, int64_t end, int64_t ascii_end, int64_t min_scalars,
                                        int64_t *first_prose, int64_t *last_prose, int64_t *line_end);

/// For `hashtags`: the start of the first line at or after `from` (a line start) whose first byte
/// other than a space or a tab is '#' or 0xEF (which starts '＃'), or `end` if there is none.
int64_t sift_lines_next_hash_line(const uint8_t *bytes, int64_t from, int64_t end);

/// `sift_lines_next_hash_line` one byte at a step (for tests: the same answers).
int64_t sift_lines_next_hash_line_bytes(const uint8_t *bytes, int64_t from, int64_t end);

#ifdef __cplusplus
}
#endif
#endif
