#include "sift_dedupe.h"
#include "byteclass.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(SIFT_HAS_AVX2_CHECK)
#include <immintrin.h>
#endif

int32_t sift_dedupe_is_inert(uint32_t v) {
    return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0x3041 && v <= 0x3096) ||
           (v >= 0x30A1 && v <= 0x30FA) || v == 0x30FC || v == 0x3001 || v == 0x3002;
}

static inline int dd_space(uint8_t c) { return c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A; }

static inline uint8_t dd_lower(uint8_t c) { return (uint8_t)(c - 'A') < 26 ? (uint8_t)(c | 0x20) : c; }

static inline uint64_t dd_load64(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

int32_t sift_dedupe_same_key(const uint8_t *a, int64_t n, const uint8_t *b, int64_t m) {
    // Most lines differ at their first byte.
    if (n > 0 && m > 0) {
        const uint8_t x = a[0], y = b[0];
        if (x != y && !dd_space(x) && !dd_space(y) && dd_lower(x) != dd_lower(y)) return 0;
    }
    // A common prefix is passed eight bytes at a time (a title repeated, or a first paragraph
    // that opens with the title, shares a long one); the comparison proper starts at the last
    // word of that prefix, where both texts are in the same state.
    const int64_t limit = n < m ? n : m;
    int64_t p = 0;
    while (p + 8 <= limit) {
        const uint64_t x = dd_load64(a + p) ^ dd_load64(b + p);
        if (x != 0) {
            p += __builtin_ctzll(x) >> 3;  // the first byte that differs (little-endian loads)
            goto differ;
        }
        p += 8;
    }
    while (p < limit && a[p] == b[p]) p++;
    if (p == n && p == m) return 1;
differ:
    // Both keys are the same up to here, and so is the state of the comparison (inside a word or
    // after whitespace).
    if (p == limit) {
        // One text is the other's start: the keys are the same exactly when the rest is whitespace.
        const uint8_t *rest = p == n ? b : a;
        const int64_t rest_end = p == n ? m : n;
        for (int64_t q = p; q < rest_end; q++) {
            if (!dd_space(rest[q])) return 0;
        }
        return 1;
    }
    const int space_a = dd_space(a[p]), space_b = dd_space(b[p]);
    if (!space_a && !space_b) {
        // Two bytes of a word that differ even without case.
        if (dd_lower(a[p]) != dd_lower(b[p])) return 0;
    } else if (space_a != space_b && p > 0 && !dd_space(a[p - 1])) {
        // One word ends here, the other goes on.
        return 0;
    }
    while (p > 0 && !dd_space(a[p - 1])) p--;
    int64_t i = p, j = p;
    while (i < n && dd_space(a[i])) i++;
    while (j < m && dd_space(b[j])) j++;
    for (;;) {
        while (i < n && j < m && !dd_space(a[i]) && !dd_space(b[j])) {
            if (a[i] != b[j] && dd_lower(a[i]) != dd_lower(b[j])) return 0;
            i++;
            j++;
        }
        // Both words must end here.
        if ((i < n && !dd_space(a[i])) || (j < m && !dd_space(b[j]))) return 0;
        while (i < n && dd_space(a[i])) i++;
        while (j < m && dd_space(b[j])) j++;
        if (i == n || j == m) return i == n && j == m;
    }
}

// Each inert character is three bytes long; most are ideographs, U+5000–U+9FFF with leads E5–E9
// and U+4E00–U+4FFF with E4 B8–E4 BF.
int32_t sift_dedupe_plain(const uint8_t *p, int64_t n) {
    int64_t i = 0;
    while (i < n) {
        const uint8_t b = p[i];
        if (b < 0x80) {
            if (i + 8 <= n && (dd_load64(p + i) & 0x8080808080808080ull) == 0) {
                i += 8;
            } else {
                i += 1;
            }
            continue;
        }
        if (b < 0xE3 || b > 0xED || i + 2 >= n) return 0;
        if ((uint8_t)(b - 0xE5) < 5 || (b == 0xE4 && p[i + 1] >= 0xB8)) {
            i += 3;
            continue;
        }
        const uint32_t v = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 | (uint32_t)(p[i + 2] & 0x3F);
        if (!sift_dedupe_is_inert(v)) return 0;
        i += 3;
    }
    return 1;
}

#if defined(SIFT_HAS_AVX2_CHECK)
// The LF ending the line that holds `i` (or `end`), thirty-two bytes a step; `*high` is nonzero
// when a byte from 0x80 on lies before it.
__attribute__((target("avx2"))) static int64_t dd_line_end_avx2(const uint8_t *bytes, int64_t i, int64_t end, unsigned *high) {
    const __m256i nl = _mm256_set1_epi8('\n');
    unsigned h = 0;
    for (; i + 32 <= end; i += 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(bytes + i));
        const uint32_t lfs = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl));
        const uint32_t hb = (uint32_t)_mm256_movemask_epi8(v);
        if (lfs != 0) {
            const int k = __builtin_ctz(lfs);
            *high = h | (hb & ((1u << k) - 1));
            return i + k;
        }
        h |= hb;
    }
    for (; i < end && bytes[i] != '\n'; i++) h |= bytes[i] & 0x80;
    *high = h;
    return i;
}
#endif

// The scan, with each line's end found by `dd_line_end_avx2` when `avx2`, else sixteen bytes a
// step (SSE2) or one.
static inline __attribute__((always_inline)) int64_t dd_scan(const uint8_t *bytes, int64_t from, int64_t end,
                                                            sift_dedupe_state *state, sift_dedupe_removal *out,
                                                            int64_t capacity, sift_dedupe_stop *stop, int avx2) {
    (void)avx2;
    int64_t count = 0, i = from;
    while (i < end) {
        const int64_t start = i;
        if (bytes[i] == '\n') {
            // An empty line (half the lines of a page).
            i++;
            continue;
        }
        // The line's end, and whether it holds a byte from 0x80 on.
        unsigned high = 0;
        int64_t lf = -1;
#if defined(SIFT_HAS_AVX2_CHECK)
        if (avx2) lf = dd_line_end_avx2(bytes, i, end, &high);
#endif
#if defined(__SSE2__)
        if (lf < 0) {
            const __m128i nl = _mm_set1_epi8('\n');
            for (; i + 16 <= end; i += 16) {
                const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
                const unsigned lfs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl));
                const unsigned h = (unsigned)_mm_movemask_epi8(v);
                if (lfs != 0) {
                    const int k = __builtin_ctz(lfs);
                    high |= h & ((1u << k) - 1);
                    lf = i + k;
                    break;
                }
                high |= h;
            }
        }
#endif
        if (lf < 0) {
            for (; i < end && bytes[i] != '\n'; i++) high |= bytes[i] & 0x80;
            lf = i;
        }
        const int64_t content_end = lf > start && bytes[lf - 1] == '\r' ? lf - 1 : lf;
        const int64_t line_end = lf < end ? lf + 1 : end;
        i = line_end;
        const int plain = high == 0 || sift_dedupe_plain(bytes + start, content_end - start);
        if (plain && high == 0) {
            // A blank ASCII line has no key.
            int64_t p = start;
            while (p < content_end && (bytes[p] == ' ' || bytes[p] == '\t' || bytes[p] == '\r')) p++;
            if (p == content_end) continue;
        }
        const int title_check = state->title && state->in_title_zone;
        if (!plain || (state->has_title && ((title_check && !state->title_raw) || (state->adjacent && !state->previous_raw)))) {
            // A key to fold, or one to compare with: the caller's.
            stop->next = start;
            stop->line_start = start;
            stop->content_end = content_end;
            stop->line_end = line_end;
            stop->plain = plain;
            return count;
        }
        const uint8_t *line = bytes + start;
        const int64_t length = content_end - start;
        if (!state->has_title) {
            state->has_title = 1;
            state->title_raw = state->previous_raw = 1;
            state->title_start = state->previous_start = start;
            state->title_end = state->previous_end = content_end;
            continue;
        }
        int32_t reason = -1;
        if (title_check && sift_dedupe_same_key(line, length, bytes + state->title_start, state->title_end - state->title_start)) {
            reason = SIFT_DEDUPE_TITLE;
        } else {
            state->in_title_zone = 0;
            if (state->adjacent &&
                sift_dedupe_same_key(line, length, bytes + state->previous_start, state->previous_end - state->previous_start)) {
                reason = SIFT_DEDUPE_REPEAT;
            } else {
                state->previous_start = start;
                state->previous_end = content_end;
                continue;
            }
        }
        out[count].start = start;
        out[count].end = line_end;
        out[count].reason = reason;
        if (++count == capacity) break;
    }
    stop->next = i;
    stop->line_start = -1;
    return count;
}

#if defined(SIFT_HAS_AVX2_CHECK)
__attribute__((target("avx2"))) static int64_t dd_scan_avx2(const uint8_t *bytes, int64_t from, int64_t end,
                                                            sift_dedupe_state *state, sift_dedupe_removal *out,
                                                            int64_t capacity, sift_dedupe_stop *stop) {
    return dd_scan(bytes, from, end, state, out, capacity, stop, 1);
}
#endif

int64_t sift_dedupe_scan(const uint8_t *bytes, int64_t from, int64_t end, sift_dedupe_state *state,
                         sift_dedupe_removal *out, int64_t capacity, sift_dedupe_stop *stop) {
#if defined(SIFT_HAS_AVX2_CHECK)
    if (sift_has_avx2()) return dd_scan_avx2(bytes, from, end, state, out, capacity, stop);
#endif
    return dd_scan(bytes, from, end, state, out, capacity, stop, 0);
}

int64_t sift_dedupe_scan_exact(const uint8_t *bytes, int64_t from, int64_t end, sift_dedupe_state *state,
                               sift_dedupe_removal *out, int64_t capacity, sift_dedupe_stop *stop) {
    return dd_scan(bytes, from, end, state, out, capacity, stop, 0);
}
