// The lines of a text in one pass, sixteen bytes a step (SSE2 on x86-64, a plain loop elsewhere):
// per-line stages read a page of short lines from a table instead of searching for each line end.
#ifndef SIFT_LINETABLE_H
#define SIFT_LINETABLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The line holds a byte from 0x80 on (else it is all ASCII).
#define SIFT_LINE_NON_ASCII 1u
/// The line holds a byte other than the ASCII whitespace space, tab, CR and LF (a non-ASCII
/// byte counts: only an ASCII line without it is blank).
#define SIFT_LINE_TEXT 2u

/// One line: its content `start..<content_end` (a CR before the LF left out), the whole line
/// `start..<end` (its LF included, if it has one), and `SIFT_LINE_…` flags about the content
/// (the CR, being whitespace, changes neither).
typedef struct {
    int64_t start;
    int64_t content_end;
    int64_t end;
    uint32_t flags;
} sift_line;

/// Splits `bytes[from..<end]` at each LF into lines, as Sift's `forEachLine` does (a last line
/// without an LF counts, an empty one after a final LF does not), writing at most `capacity`
/// (at least 1) of them to `lines`, and none that is all ASCII whitespace if `skip_blank` (half
/// the lines of a page are blank). Returns how many were written; `*next` is where the next
/// line to look at starts (`end` once every line is seen).
int64_t sift_lines_scan(const uint8_t *bytes, int64_t from, int64_t end, int32_t skip_blank, sift_line *lines, int64_t capacity, int64_t *next);

#ifdef __cplusplus
}
#endif

#endif
