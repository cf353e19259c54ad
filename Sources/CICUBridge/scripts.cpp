// Script lookup and UAX #24 script runs, straight over UTF-8.
#include "CICUBridge.h"
#include <unicode/uscript.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <cstdlib>
#include <cstring>
#include <vector>
#if defined(__SSE2__) && defined(__x86_64__)
#include <cpuid.h>
#include <emmintrin.h>
#include <immintrin.h>
#endif

extern "C" int32_t sift_script_of(uint32_t c) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t s = uscript_getScript((UChar32)c, &ec);
    return U_FAILURE(ec) ? USCRIPT_UNKNOWN : s;
}

extern "C" int32_t sift_script_extensions(uint32_t c, int32_t *out, int32_t capacity) {
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode buffer[32];
    int32_t n = uscript_getScriptExtensions((UChar32)c, buffer, 32, &ec);
    if (U_FAILURE(ec)) return 0;
    for (int32_t i = 0; i < n && i < capacity; i++) out[i] = buffer[i];
    return n;
}

extern "C" const char *sift_script_code(int32_t script) {
    const char *s = uscript_getShortName((UScriptCode)script);
    return s ? s : "";
}

extern "C" const char *sift_script_name(int32_t script) {
    const char *s = uscript_getName((UScriptCode)script);
    return s ? s : "";
}

extern "C" int32_t sift_script_from_code(const char *code) {
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode out[4];
    int32_t n = uscript_getCode(code, out, 4, &ec);
    return (U_FAILURE(ec) || n < 1) ? -1 : out[0];
}

namespace {
// A small set of scripts: the candidates a run of neutral characters with Script_Extensions allows.
struct Candidates {
    UScriptCode items[32];
    int32_t count = 0;  // 0 = any script
    bool contains(UScriptCode s) const {
        for (int32_t i = 0; i < count; i++) if (items[i] == s) return true;
        return false;
    }
    void intersect(const UScriptCode *other, int32_t n) {
        if (count == 0) { std::memcpy(items, other, sizeof(UScriptCode) * n); count = n; return; }
        int32_t k = 0;
        for (int32_t i = 0; i < count; i++) {
            for (int32_t j = 0; j < n; j++) if (items[i] == other[j]) { items[k++] = items[i]; break; }
        }
        count = k;
    }
};

struct Run {
    int64_t start, end;
    UScriptCode script;  // USCRIPT_COMMON while undetermined
    int64_t letters;
};
} // namespace

extern "C" int64_t *sift_script_runs_utf8(const uint8_t *text, int64_t length, int64_t *count) {
    std::vector<Run> runs;
    Run current{0, 0, USCRIPT_COMMON, 0};
    Candidates pending;  // constraints from neutral characters at the start of an undetermined run
    int64_t i = 0;
    const char *s = reinterpret_cast<const char *>(text);
    UScriptCode ext[32];
    while (i < length) {
        if (current.script == USCRIPT_LATIN && text[i] < 0x80) {
            // ASCII inside a Latin run: letters are Latin and everything else is Common without
            // Script_Extensions, so the whole stretch extends the run; only its letters are counted.
            int64_t j = i, letters = 0;
            while (j + 8 <= length) {
                // Eight bytes at a time: letters are the bytes that fold into 'a'...'z'.
                uint64_t w;
                std::memcpy(&w, text + j, 8);
                if (w & 0x8080808080808080ULL) break;
                uint64_t folded = w | 0x2020202020202020ULL;
                uint64_t atLeastA = folded + 0x1F1F1F1F1F1F1F1FULL;  // bit 7 set from 'a' (0x61) up
                uint64_t pastZ = folded + 0x0505050505050505ULL;     // bit 7 set from '{' (0x7B) up
                // One per letter, summed by a multiply (the baseline x86-64 has no POPCNT).
                letters += (int64_t)((((atLeastA & ~pastZ & 0x8080808080808080ULL) >> 7) * 0x0101010101010101ULL) >> 56);
                j += 8;
            }
            while (j < length && text[j] < 0x80) {
                uint8_t folded = text[j] | 0x20;
                letters += (folded >= 'a' && folded <= 'z');
                j++;
            }
            current.letters += letters;
            current.end = j;
            i = j;
            continue;
        }
        int64_t at = i;
        UChar32 c;
        int32_t ii = 0;
        // U8_NEXT works on int32 offsets: step through the text in place.
        const uint8_t *p = text + i;
        int32_t remaining = (int32_t)((length - i) > 8 ? 8 : (length - i));
        U8_NEXT(p, ii, remaining, c);
        i += ii;
        (void)s;
        if (c < 0) c = 0xFFFD;
        UErrorCode ec = U_ZERO_ERROR;
        UScriptCode sc = (c < 0x80) ? (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? USCRIPT_LATIN : USCRIPT_COMMON)
                                    : uscript_getScript(c, &ec);
        bool letter = c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : (u_isalpha(c) != 0);
        if (sc == USCRIPT_INHERITED) {
            // Combining marks stay with what precedes them.
            current.end = i;
            if (letter && current.script > USCRIPT_INHERITED) current.letters++;
            continue;
        }
        if (sc == USCRIPT_COMMON) {
            int32_t n = 0;
            if (c >= 0x80) {
                ec = U_ZERO_ERROR;
                n = uscript_getScriptExtensions(c, ext, 32, &ec);
                if (U_FAILURE(ec) || (n == 1 && (ext[0] == USCRIPT_COMMON || ext[0] == USCRIPT_INHERITED))) n = 0;
            }
            if (n > 0) {
                if (current.script > USCRIPT_INHERITED) {
                    bool fits = false;
                    for (int32_t k = 0; k < n; k++) if (ext[k] == current.script) fits = true;
                    if (!fits) {
                        // A neutral that belongs to other scripts: it opens a new, undetermined run.
                        if (current.end > current.start) runs.push_back(current);
                        current = Run{at, i, USCRIPT_COMMON, 0};
                        pending = Candidates();
                        pending.intersect(ext, n);
                        continue;
                    }
                } else {
                    Candidates narrowed = pending;
                    narrowed.intersect(ext, n);
                    if (narrowed.count > 0) pending = narrowed;
                }
            }
            current.end = i;
            continue;
        }
        // A character of a specific script.
        if (current.script == sc) {
            current.end = i;
            if (letter) current.letters++;
            continue;
        }
        if (current.script <= USCRIPT_INHERITED) {
            if (pending.count == 0 || pending.contains(sc)) {
                // The undetermined run (leading neutrals) takes this script.
                current.script = sc;
                current.end = i;
                if (letter) current.letters++;
                pending = Candidates();
                continue;
            }
            // Neutrals that belong to another script: resolve them to their first candidate.
            current.script = pending.items[0];
        }
        if (current.end > current.start) runs.push_back(current);
        current = Run{at, i, sc, letter ? 1 : 0};
        pending = Candidates();
    }
    if (current.script <= USCRIPT_INHERITED && pending.count > 0) current.script = pending.items[0];
    if (current.end > current.start) runs.push_back(current);
    // Merge neighbours that ended up with the same script.
    std::vector<Run> merged;
    for (const Run &r : runs) {
        if (!merged.empty() && merged.back().script == r.script) {
            merged.back().end = r.end;
            merged.back().letters += r.letters;
        } else {
            merged.push_back(r);
        }
    }
    *count = (int64_t)merged.size();
    int64_t *out = static_cast<int64_t *>(std::malloc(sizeof(int64_t) * 4 * (merged.size() ? merged.size() : 1)));
    for (size_t k = 0; k < merged.size(); k++) {
        out[4 * k] = merged[k].start;
        out[4 * k + 1] = merged[k].end;
        out[4 * k + 2] = merged[k].script;
        out[4 * k + 3] = merged[k].letters;
    }
    return out;
}

namespace {
inline bool isASCIILetter(uint8_t b) { return (uint8_t)((b | 0x20) - 'a') < 26; }

// Decodes the character at text[i] (valid or not: malformed bytes read as U+FFFD, as in
// sift_script_runs_utf8) and advances i.
inline UChar32 nextCodePoint(const uint8_t *text, int64_t length, int64_t &i) {
    UChar32 c;
    int32_t ii = 0;
    int32_t remaining = (int32_t)((length - i) > 8 ? 8 : (length - i));
    U8_NEXT(text + i, ii, remaining, c);
    i += ii;
    return c < 0 ? 0xFFFD : c;
}

// Whether every code point of the CJK Unified Ideographs block (U+4E00...U+9FFF) is a Han letter
// in the ICU we run on: then the block needs no property lookup. It is since Unicode 14, which
// assigned its last three code points (U+9FFD...U+9FFF); an earlier Unicode is not trusted. The
// version is asked, and one code point in 64 and both ends looked up, rather than all 20,992 of
// them (1.6 M instructions at start-up); ScriptTests compares every one with the runs' lookups.
bool hanBlockIsUniform() {
    static const bool uniform = [] {
        UVersionInfo version;
        u_getUnicodeVersion(version);
        if (version[0] < 14) return false;
        auto isHanLetter = [](UChar32 c) {
            UErrorCode ec = U_ZERO_ERROR;
            return uscript_getScript(c, &ec) == USCRIPT_HAN && U_SUCCESS(ec) && u_isalpha(c);
        };
        for (UChar32 c = 0x4E00; c <= 0x9FFF; c += 64) if (!isHanLetter(c)) return false;
        return isHanLetter(0x9FFF);
    }();
    return uniform;
}

// The script of a non-ASCII code point, and whether it is a letter of that script (a letter of a
// specific script: Common and Inherited characters carry no letters, as in the runs).
inline UScriptCode scriptOf(UChar32 c, bool &letter) {
    if (c >= 0x4E00 && c <= 0x9FFF && hanBlockIsUniform()) {
        letter = true;
        return USCRIPT_HAN;
    }
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &ec);
    if (U_FAILURE(ec)) sc = USCRIPT_UNKNOWN;
    letter = sc > USCRIPT_INHERITED && u_isalpha(c);
    return sc;
}

#if defined(__SSE2__) && defined(__x86_64__)
// Whether the processor has AVX2 and the system saves its registers (asked once).
inline bool hasAVX2() {
    static const bool yes = [] {
        unsigned a, b, c, d;
        if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX)) return false;
        unsigned lo, hi;
        __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        return (lo & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2) != 0;
    }();
    return yes;
}

// `countASCII`'s count past the first letter with AVX2: sixty-four bytes a step while they are all
// ASCII (the same test of a letter, thirty-two lanes wide); returns where it stopped (at most 63
// bytes from the end, or at a step with a byte that is not ASCII), for the sixteen-byte loop.
__attribute__((target("avx2"))) int64_t countASCIILettersAVX2(const uint8_t *text, int64_t length, int64_t i, int64_t &letters) {
    const __m256i lower = _mm256_set1_epi8(0x20), shift = _mm256_set1_epi8((char)(0x80 - 'a')), limit = _mm256_set1_epi8(-128 + 26);
    const __m256i zero = _mm256_setzero_si256();
    while (i + 64 <= length) {
        __m256i counts = zero;
        int32_t steps = 0;
        // Each step adds up to two to a lane: 127 steps before the sums.
        while (steps < 127 && i + 64 <= length) {
            __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(text + i));
            __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(text + i + 32));
            if (_mm256_movemask_epi8(_mm256_or_si256(a, b)) != 0) break;
            __m256i la = _mm256_cmpgt_epi8(limit, _mm256_add_epi8(_mm256_or_si256(a, lower), shift));
            __m256i lb = _mm256_cmpgt_epi8(limit, _mm256_add_epi8(_mm256_or_si256(b, lower), shift));
            counts = _mm256_sub_epi8(counts, _mm256_add_epi8(la, lb));
            steps++;
            i += 64;
        }
        __m256i sums = _mm256_sad_epu8(counts, zero);
        __m128i half = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
        letters += _mm_cvtsi128_si64(half) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(half, half));
        if (steps < 127) break;
    }
    return i;
}
#endif

// The end of the ASCII stretch that starts at `i`, adding its letters to `letters` and the offset
// of its first letter to `first` if that is still -1. With SSE2 it stops at the first block of
// sixteen bytes that is not all ASCII (or the last, shorter one), which `scanBlock` reads.
inline int64_t countASCII(const uint8_t *text, int64_t length, int64_t i, int64_t &letters, int64_t &first) {
#if defined(__SSE2__) && defined(__x86_64__)
    // Sixteen bytes at a time: a letter is a byte that, folded to lower case and shifted so that
    // 'a' is -128, is below -128 + 26 (signed); each lane counts its letters in a byte, summed
    // (psadbw) before a lane could overflow.
    const __m128i lower = _mm_set1_epi8(0x20), shift = _mm_set1_epi8(0x80 - 'a'), limit = _mm_set1_epi8(-128 + 26);
    const __m128i zero = _mm_setzero_si128();
    auto isLetter = [&](__m128i v) { return _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, lower), shift), limit); };
    // Up to the first letter, block by block.
    while (first < 0 && i + 16 <= length) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
        if (_mm_movemask_epi8(v) != 0) return i;
        int32_t m = _mm_movemask_epi8(isLetter(v));
        if (m != 0) first = i + __builtin_ctz((unsigned)m);
        letters += __builtin_popcount((unsigned)m);
        i += 16;
    }
    if (i + 64 <= length && hasAVX2()) i = countASCIILettersAVX2(text, length, i, letters);
    while (i + 16 <= length) {
        __m128i counts = zero;
        int32_t blocks = 0;
        // Four blocks a step while they are all ASCII, then one.
        while (blocks < 252 && i + 64 <= length) {
            __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
            __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i + 16));
            __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i + 32));
            __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i + 48));
            if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) break;
            counts = _mm_sub_epi8(_mm_sub_epi8(counts, isLetter(a)), _mm_add_epi8(isLetter(b), _mm_add_epi8(isLetter(c), isLetter(d))));
            blocks += 4;
            i += 64;
        }
        while (blocks < 255 && i + 16 <= length) {
            __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
            if (_mm_movemask_epi8(v) != 0) break;
            counts = _mm_sub_epi8(counts, isLetter(v));
            blocks++;
            i += 16;
        }
        __m128i sums = _mm_sad_epu8(counts, zero);
        letters += _mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
        // Another round only after a full one (at least 252 blocks: the four-block steps stop there).
        if (blocks < 252) break;
    }
    return i;
#else
    while (i < length && text[i] < 0x80) {
        if (isASCIILetter(text[i])) {
            if (first < 0) first = i;
            letters++;
        }
        i++;
    }
    return i;
#endif
}

#if defined(__SSE2__) && defined(__x86_64__)
// What `scanBlock` read of sixteen bytes: how many of them, from the first, it could read without
// decoding (ASCII and whole characters of U+4E00...U+9FFF), and where in those the ASCII letters
// and the Han letters (their lead bytes) are.
struct Block {
    int32_t length;
    uint32_t asciiLetters;
    uint32_t hanLeads;
};

// Sixteen bytes that start on a character boundary, read without decoding. The CJK Unified
// Ideographs U+4E00...U+9FFF (all Han letters when `han`: see hanBlockIsUniform) are the three-byte
// characters with lead E5...E9, or E4 followed by B8...BF; in running Chinese they and ASCII are
// nearly every character. The readable part ends before the first byte that is neither ASCII nor
// part of such a character whole in the block, so that malformed or cut sequences, and all other
// characters, are left to the decoding path.
inline Block scanBlock(__m128i v, bool han) {
    const uint32_t high = (uint32_t)_mm_movemask_epi8(v);
    const __m128i isLetter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)(0x80 - 'a'))),
                                            _mm_set1_epi8(-128 + 26));
    const uint32_t letters = (uint32_t)_mm_movemask_epi8(isLetter) & ~high;
    uint32_t lead = 0, cont = 0;
    if (han) {
        // E5...E9: shifted so that E5 is -128, below -128 + 5 (signed).
        __m128i e5to9 = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 0xE5))), _mm_set1_epi8(-128 + 5));
        // E4 whose next byte is B8 or above (the next byte of the last lane reads as 0).
        __m128i next = _mm_srli_si128(v, 1);
        __m128i e4 = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE4)),
                                   _mm_cmpeq_epi8(_mm_max_epu8(next, _mm_set1_epi8((char)0xB8)), next));
        lead = (uint32_t)_mm_movemask_epi8(_mm_or_si128(e5to9, e4));
        cont = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
    }
    // A lead needs continuation bytes right after it, in the block; a continuation byte needs a
    // lead one or two bytes before it; any other non-ASCII byte ends the readable part.
    const uint32_t expected = ((lead << 1) | (lead << 2)) & 0xFFFF;
    const uint32_t bad = (high & ~(lead | cont)) | (cont & ~expected) | (lead & ~((cont >> 1) & (cont >> 2)));
    const int32_t length = __builtin_ctz(bad | 0x10000);
    const uint32_t readable = (1u << length) - 1;
    return Block{length, letters & readable, lead & readable};
}
#endif

// The end of the ASCII stretch that starts at `i`.
inline int64_t skipASCII(const uint8_t *text, int64_t length, int64_t i) {
#if defined(__SSE2__) && defined(__x86_64__)
    while (i + 16 <= length && _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i))) == 0) i += 16;
#endif
    while (i < length && text[i] < 0x80) i++;
    return i;
}
} // namespace

extern "C" int32_t sift_script_count(void) { return u_getIntPropertyMaxValue(UCHAR_SCRIPT) + 1; }

namespace {
// Letters per script being counted into a caller's arrays (script, letters, byte offset of the
// first letter), with the ASCII letters kept apart and added to Latin's entry by `finish`.
struct LetterCounts {
    int32_t *scripts;
    int64_t *letters;
    int64_t *first;
    int32_t capacity;
    int32_t found = 0;
    int64_t latin = 0, latinFirst = -1;
    int32_t last = -1;  // index of the last script seen (runs of one script are the rule)

    LetterCounts(int32_t *s, int64_t *l, int64_t *f, int32_t c) : scripts(s), letters(l), first(f), capacity(c) {}

    // The index of `sc`'s entry, made (with its first letter at `at`) if it has none; -1 if full.
    inline int32_t entry(int32_t sc, int64_t at) {
        if (last >= 0 && scripts[last] == sc) return last;
        for (int32_t k = 0; k < found; k++) if (scripts[k] == sc) return last = k;
        if (found == capacity) return -1;
        scripts[found] = sc;
        letters[found] = 0;
        first[found] = at;
        return last = found++;
    }

    // Latin letters (ASCII or not), the first at `at`, among the ASCII ones: only sums and the
    // earliest offset reach the result.
    inline void addLatin(int64_t n, int64_t at) {
        if (latinFirst < 0 || at < latinFirst) latinFirst = at;
        latin += n;
    }

    // The number of entries once the ASCII letters are in Latin's, or -1 if there is no room.
    int32_t finish() {
        if (latin == 0 && latinFirst < 0) return found;
        int32_t k = 0;
        while (k < found && scripts[k] != USCRIPT_LATIN) k++;
        if (k == found) {
            if (found == capacity) return -1;
            scripts[found] = USCRIPT_LATIN;
            letters[found] = 0;
            first[found++] = latinFirst;
        } else if (latinFirst < first[k]) {
            first[k] = latinFirst;
        }
        letters[k] += latin;
        latin = 0;
        latinFirst = -1;
        return found;
    }
};

// Counts the letters of text[i..<length) into `counts` (offsets from `text`); returns the end, or
// -1 if `counts` is full. With `stopAtForeign`, stops at the first letter of a specific script
// other than Latin, counted up to it: returns its offset and sets `foreign` to it (`foreign` is -1
// if there is none).
template <bool stopAtForeign>
inline int64_t countLetters(const uint8_t *text, int64_t length, int64_t i, LetterCounts &counts, int64_t &foreign) {
    foreign = -1;
#if defined(__SSE2__) && defined(__x86_64__)
    const bool han = hanBlockIsUniform();
#endif
    while (i < length) {
#if defined(__SSE2__) && defined(__x86_64__)
        // Sixteen bytes (the last few padded with zeros, which are neither letters nor characters
        // of a script): all ASCII, counted a block at a time; else ASCII and Han read as far as
        // they go without decoding.
        const int64_t available = length - i;
        __m128i v;
        if (available >= 16) {
            v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
            if (_mm_movemask_epi8(v) == 0) {
                i = countASCII(text, length, i, counts.latin, counts.latinFirst);
                continue;
            }
        } else {
            uint8_t padded[16] = {0};
            std::memcpy(padded, text + i, (size_t)available);
            v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(padded));
        }
        const Block block = scanBlock(v, han);
        if (block.length > 0) {
            if (stopAtForeign && block.hanLeads != 0) {
                // The block's bytes before its first Han letter are ASCII: their letters counted.
                const int32_t lead = __builtin_ctz(block.hanLeads);
                const uint32_t before = block.asciiLetters & ((1u << lead) - 1);
                if (before != 0) {
                    if (counts.latinFirst < 0) counts.latinFirst = i + __builtin_ctz(before);
                    counts.latin += __builtin_popcount(before);
                }
                foreign = i + lead;
                return foreign;
            }
            if (block.asciiLetters != 0) {
                if (counts.latinFirst < 0) counts.latinFirst = i + __builtin_ctz(block.asciiLetters);
                counts.latin += __builtin_popcount(block.asciiLetters);
            }
            if (block.hanLeads != 0) {
                int32_t k = counts.entry(USCRIPT_HAN, i + __builtin_ctz(block.hanLeads));
                if (k < 0) return -1;
                counts.letters[k] += __builtin_popcount(block.hanLeads);
            }
            i += block.length < available ? block.length : available;
            continue;
        }
#else
        if (text[i] < 0x80) {
            i = countASCII(text, length, i, counts.latin, counts.latinFirst);
            continue;
        }
#endif
        // One character decoded and looked up.
        int64_t at = i;
        UChar32 c = nextCodePoint(text, length, i);
        bool letter;
        UScriptCode sc = scriptOf(c, letter);
        if (!letter) continue;
        if (stopAtForeign && sc != USCRIPT_LATIN) {
            foreign = at;
            return at;
        }
        int32_t k = counts.entry(sc, at);
        if (k < 0) return -1;
        counts.letters[k]++;
    }
    return i;
}

// Whether text holds an ASCII letter, '#', '@', ':' or a tab: a byte that every URL, e-mail address,
// hashtag, handle and identifier needs (see IgnoredTokens in the stray stage).
inline bool mayHoldToken(const uint8_t *text, int64_t length) {
    int64_t i = 0;
#if defined(__SSE2__) && defined(__x86_64__)
    const __m128i lower = _mm_set1_epi8(0x20), shift = _mm_set1_epi8((char)(0x80 - 'a')), limit = _mm_set1_epi8(-128 + 26);
    const __m128i hash = _mm_set1_epi8('#'), at = _mm_set1_epi8('@'), colon = _mm_set1_epi8(':'), tab = _mm_set1_epi8('\t');
    for (; i + 16 <= length; i += 16) {
        // Bytes from 0x80 never fold into 'a'...'z' here (they wrap to non-negative values).
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + i));
        __m128i hit = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, lower), shift), limit),
                                   _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, hash), _mm_cmpeq_epi8(v, at)),
                                                _mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, tab))));
        if (_mm_movemask_epi8(hit) != 0) return true;
    }
#endif
    for (; i < length; i++) {
        uint8_t b = text[i];
        if (isASCIILetter(b) || b == '#' || b == '@' || b == ':' || b == '\t') return true;
    }
    return false;
}

// The length of the space character at text[i] (before `hi`), or 0: ASCII spaces and controls
// 09...0D, U+0085, U+00A0, U+2000...U+200B, U+2028, U+2029, U+202F and U+3000, as the segment
// stage's `trimmed` reads them.
inline int64_t spaceLength(const uint8_t *t, int64_t i, int64_t hi) {
    const uint8_t b = t[i];
    if (b == 0x20 || (b >= 0x09 && b <= 0x0D)) return 1;
    if (b == 0xC2 && i + 1 < hi && (t[i + 1] == 0xA0 || t[i + 1] == 0x85)) return 2;
    if (b == 0xE3 && i + 2 < hi && t[i + 1] == 0x80 && t[i + 2] == 0x80) return 3;
    if (b == 0xE2 && i + 2 < hi && t[i + 1] == 0x80 && ((t[i + 2] >= 0x80 && t[i + 2] <= 0x8B) || t[i + 2] == 0xA8 || t[i + 2] == 0xA9 || t[i + 2] == 0xAF))
        return 3;
    return 0;
}

// text[lo..<hi) without the space characters around it (SegmentStage.trimmed).
inline void trimSpaces(const uint8_t *t, int64_t &lo, int64_t &hi) {
    while (lo < hi) {
        const int64_t n = spaceLength(t, lo, hi);
        if (n == 0) break;
        lo += n;
    }
    while (hi > lo) {
        if (t[hi - 1] < 0x80) {
            if (spaceLength(t, hi - 1, hi) == 1) {
                hi--;
                continue;
            }
            break;
        }
        int64_t start = hi - 1;
        while (start > lo && (t[start] & 0xC0) == 0x80) start--;
        if (spaceLength(t, start, hi) == hi - start) {
            hi = start;
            continue;
        }
        break;
    }
}
} // namespace

extern "C" int32_t sift_script_letters_utf8(const uint8_t *text, int64_t length, int32_t *scripts, int64_t *letters,
                                            int64_t *first, int32_t capacity) {
    LetterCounts counts(scripts, letters, first, capacity);
    int64_t foreign;
    if (countLetters<false>(text, length, 0, counts, foreign) < 0) return -1;
    return counts.finish();
}

extern "C" int32_t sift_script_letters_lines_utf8(const uint8_t *text, int64_t length, int32_t *scripts, int64_t *letters,
                                                  int64_t *first, int32_t capacity, int64_t *lines, int32_t lineCapacity,
                                                  int32_t *lineScripts, int64_t *lineLetters, int64_t *lineFirst,
                                                  int32_t entryCapacity, int32_t *lineCount, int64_t *covered) {
    LetterCounts page(scripts, letters, first, capacity);
    int32_t recorded = 0, entries = 0;
    int64_t pos = 0, recordedBytes = 0, foreign;
    *covered = length;
    while (pos < length) {
        // Up to the next letter of a script other than Latin; the page's letters counted on the way.
        const int64_t to = countLetters<true>(text, length, pos, page, foreign);
        if (to < 0) return -1;
        if (foreign < 0) {
            pos = length;
            break;
        }
        // Its line (`pos` is a line's start).
        int64_t start = foreign;
        while (start > pos && text[start - 1] != '\n') start--;
        const void *lf = std::memchr(text + foreign, '\n', (size_t)(length - foreign));
        const int64_t end = lf ? static_cast<const uint8_t *>(lf) - text : length;
        const int64_t contentEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
        const int64_t whole = end < length ? end + 1 : end;
        // The line's letters, into the next entries of the table, if there is room.
        LetterCounts line(lineScripts + entries, lineLetters + entries, lineFirst + entries, entryCapacity - entries);
        int32_t n = -1;
        if (recorded < lineCapacity) {
            if (countLetters<false>(text + start, contentEnd - start, 0, line, foreign) >= 0) n = line.finish();
        }
        // The page has its letters up to the foreign one (`to`): less those of the line before it,
        // which are Latin if any (ASCII ones counted here; the rest, rarer, as a text of its own).
        if (start < to) {
            int64_t ascii = 0, j = start;
            for (; j < to && text[j] < 0x80; j++) ascii += isASCIILetter(text[j]);
            if (j == to) {
                page.latin -= ascii;
            } else {
                int32_t s[4];
                int64_t l[4], f[4];
                LetterCounts before(s, l, f, 4);
                if (countLetters<false>(text, to, start, before, foreign) < 0) return -1;
                int32_t k = before.finish();
                if (k > 1 || (k == 1 && s[0] != USCRIPT_LATIN)) return -1;
                if (k == 1) page.latin -= l[0];
            }
        }
        if (n < 0) {
            // No room: the rest of the page is counted without its lines.
            *covered = start;
            pos = start;
            break;
        }
        for (int32_t k = 0; k < n; k++) {
            if (line.scripts[k] == USCRIPT_LATIN) {
                page.addLatin(line.letters[k], start + line.first[k]);
                continue;
            }
            int32_t e = page.entry(line.scripts[k], start + line.first[k]);
            if (e < 0) return -1;
            page.letters[e] += line.letters[k];
        }
        int64_t *row = lines + 8 * recorded;
        row[0] = start;
        row[1] = contentEnd;
        row[2] = whole;
        row[3] = mayHoldToken(text + start, contentEnd - start) ? 1 : 0;
        row[4] = entries;
        row[5] = n;
        int64_t lo = start, hi = contentEnd;
        trimSpaces(text, lo, hi);
        row[6] = lo;
        row[7] = hi;
        recorded++;
        entries += n;
        recordedBytes += whole - start;
        pos = whole;
        // A page whose lines mostly hold other scripts than Latin is not one whose foreign lines
        // the table can list (those are the lines of a Latin page): the rest is counted without.
        if (recorded >= 4 && 2 * recordedBytes > pos) {
            *covered = pos;
            break;
        }
    }
    *lineCount = recorded;
    if (pos < length && countLetters<false>(text, length, pos, page, foreign) < 0) return -1;
    return page.finish();
}

extern "C" int64_t sift_script_find_other_utf8(const uint8_t *text, int64_t length, int64_t from, const int32_t *native,
                                               int32_t count) {
    bool latinIsNative = false;
    for (int32_t k = 0; k < count; k++) if (native[k] == USCRIPT_LATIN) latinIsNative = true;
    int64_t i = from < 0 ? 0 : from;
    while (i < length) {
        if (text[i] < 0x80) {
            if (latinIsNative) {
                // ASCII letters are Latin: skip the stretch.
                i = skipASCII(text, length, i);
                continue;
            }
            if (isASCIILetter(text[i])) return i;
            i++;
            continue;
        }
        int64_t at = i;
        UChar32 c = nextCodePoint(text, length, i);
        bool letter;
        UScriptCode sc = scriptOf(c, letter);
        if (!letter) continue;
        bool isNative = false;
        for (int32_t k = 0; k < count; k++) if (native[k] == sc) { isNative = true; break; }
        if (!isNative) return at;
    }
    return -1;
}

extern "C" int32_t sift_script_next_other_line_utf8(const uint8_t *text, int64_t length, int64_t from, const int32_t *native,
                                                    int32_t count, int32_t *scripts, int64_t *letters, int64_t *first,
                                                    int32_t capacity, int64_t *line) {
    const int64_t at = sift_script_find_other_utf8(text, length, from, native, count);
    if (at < 0) return 0;
    int64_t start = at;
    while (start > 0 && text[start - 1] != '\n') start--;
    const void *lf = std::memchr(text + at, '\n', (size_t)(length - at));
    const int64_t end = lf ? static_cast<const uint8_t *>(lf) - text : length;
    int64_t contentEnd = end;
    if (contentEnd > start && text[contentEnd - 1] == '\r') contentEnd--;
    line[0] = start;
    line[1] = contentEnd;
    line[2] = end < length ? end + 1 : end;
    line[3] = mayHoldToken(text + start, contentEnd - start) ? 1 : 0;
    return sift_script_letters_utf8(text + start, contentEnd - start, scripts, letters, first, capacity);
}
