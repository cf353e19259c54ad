// Exemplar sets and letter folding for language identification.
#include "CICUBridge.h"
#include <unicode/ulocdata.h>
#include <unicode/uset.h>
#include <unicode/ures.h>
#include <unicode/utf16.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <cstdlib>
#include <vector>

namespace {
// The value of `n` hex digits of `p` from `i` (advanced past them), or -1.
int32_t hexValue(const UChar *p, int32_t length, int32_t &i, int32_t n) {
    if (i + n > length) return -1;
    int32_t v = 0;
    for (int32_t k = 0; k < n; k++, i++) {
        UChar c = p[i];
        int32_t d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v <= 0x10FFFF ? v : -1;
}

// The code points of an exemplar pattern as CLDR writes them: "[a b c-e \u00E9 {ch}]", with
// literal characters, \uXXXX, \UXXXXXXXX and \-escaped punctuation, ranges and multi-character
// strings (skipped, as the sets' strings are); spaces ignored. Several times faster than
// UnicodeSet's parser on the thousands of characters of a Han set. False, with nothing added, on
// anything else (nested sets, properties, quoting, operators), which ICU's parser then reads.
bool exemplarPatternPoints(const UChar *p, int32_t length, std::vector<uint32_t> &points) {
    if (length < 2 || p[0] != '[' || p[length - 1] != ']') return false;
    const size_t before = points.size();
    auto fail = [&] { points.resize(before); return false; };
    int32_t i = 1;
    const int32_t end = length - 1;
    int32_t previous = -1;  // the last single character, which a '-' may extend into a range
    while (i < end) {
        UChar32 c = p[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { i++; continue; }
        if (c == '{') {
            // A string: skipped whole.
            while (i < end && p[i] != '}') i++;
            if (i == end) return fail();
            i++;
            previous = -1;
            continue;
        }
        bool range = false;
        if (c == '-') {
            if (previous < 0) return fail();
            range = true;
            i++;
            while (i < end && (p[i] == ' ' || p[i] == '\t')) i++;
            if (i == end) return fail();
            c = p[i];
        }
        if (c == '[' || c == ']' || c == '&' || c == '$' || c == '^' || c == '\'' || c == '{' || c == '}' || c == ':' || c == '-') return fail();
        if (c == '\\') {
            i++;
            if (i >= end) return fail();
            UChar e = p[i];
            if (e == 'u') { i++; c = hexValue(p, end, i, 4); }
            else if (e == 'U') { i++; c = hexValue(p, end, i, 8); }
            else if (e < 0x80 && !((e | 0x20) >= 'a' && (e | 0x20) <= 'z') && !(e >= '0' && e <= '9')) { c = e; i++; }
            else return fail();
            if (c < 0) return fail();
        } else if (U16_IS_LEAD(c) && i + 1 < end && U16_IS_TRAIL(p[i + 1])) {
            c = U16_GET_SUPPLEMENTARY(c, p[i + 1]);
            i += 2;
        } else {
            i++;
        }
        if (range) {
            if (c < previous) return fail();
            for (UChar32 x = previous + 1; x <= c; x++) points.push_back((uint32_t)u_tolower(x));
            previous = -1;
        } else {
            points.push_back((uint32_t)u_tolower(c));
            previous = c;
        }
    }
    return true;
}
} // namespace

extern "C" uint32_t *sift_exemplar_codepoints(const char *locale, int32_t kind, int64_t *count, int32_t *status) {
    *count = 0;
    UErrorCode ec = U_ZERO_ERROR;
    ULocaleData *data = ulocdata_open(locale, &ec);
    if (U_FAILURE(ec)) { *status = ec; return nullptr; }
    std::vector<uint32_t> points;
    // Flag 4: the set as CLDR lists it, without ICU's case closure (which costs far more than the
    // lookup on a set of thousands of letters, as zh's, and adds nothing to a caseless script);
    // the pattern is then read here when it is a plain list (see exemplarPatternPoints).
    const bool plain = (kind & 4) != 0;
    const uint32_t options = plain ? 0 : USET_CASE_INSENSITIVE;
    kind &= 3;
    UResourceBundle *bundle = nullptr;
    if (plain) {
        // The bundle ulocdata reads the pattern from.
        UErrorCode bec = U_ZERO_ERROR;
        bundle = ures_open(nullptr, locale, &bec);
        if (U_FAILURE(bec)) { if (bundle) ures_close(bundle); bundle = nullptr; }
    }
    for (int32_t k = 0; k < 2; k++) {
        if ((kind == 0 && k == 1) || (kind == 1 && k == 0)) continue;
        if (bundle) {
            UErrorCode pec = U_ZERO_ERROR;
            int32_t length = 0;
            const UChar *pattern = ures_getStringByKey(bundle, k == 0 ? "ExemplarCharacters" : "AuxExemplarCharacters", &length, &pec);
            if (U_FAILURE(pec)) continue;  // no such set: as ulocdata_getExemplarSet, nothing
            if (exemplarPatternPoints(pattern, length, points)) continue;
        }
        UErrorCode sec = U_ZERO_ERROR;
        USet *set = ulocdata_getExemplarSet(data, nullptr, options,
                                            k == 0 ? ULOCDATA_ES_STANDARD : ULOCDATA_ES_AUXILIARY, &sec);
        if (U_FAILURE(sec) || set == nullptr) { if (set) uset_close(set); continue; }
        int32_t ranges = uset_getRangeCount(set);
        for (int32_t r = 0; r < ranges; r++) {
            UChar32 lo, hi;
            UErrorCode rec = U_ZERO_ERROR;
            uset_getItem(set, r, &lo, &hi, nullptr, 0, &rec);
            for (UChar32 c = lo; c <= hi; c++) {
                UChar32 l = u_tolower(c);
                points.push_back((uint32_t)l);
            }
        }
        uset_close(set);
    }
    if (bundle) ures_close(bundle);
    ulocdata_close(data);
    *status = U_ZERO_ERROR;
    uint32_t *out = static_cast<uint32_t *>(std::malloc(sizeof(uint32_t) * (points.size() ? points.size() : 1)));
    for (size_t i = 0; i < points.size(); i++) out[i] = points[i];
    *count = (int64_t)points.size();
    return out;
}

extern "C" int64_t sift_lang_fold_utf8(const uint8_t *text, int64_t length, uint32_t *out, int64_t capacity) {
    int64_t n = 0;
    int64_t i = 0;
    bool space = true;  // collapse leading separators too
    while (i < length && n < capacity) {
        UChar32 c;
        uint8_t b = text[i];
        if (b < 0x80) {
            i++;
            if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
                out[n++] = (uint32_t)(b | 0x20);
                space = false;
            } else if (!space) {
                out[n++] = 0x20;
                space = true;
            }
            continue;
        }
        int32_t ii = 0;
        int32_t remaining = (int32_t)((length - i) > 8 ? 8 : (length - i));
        U8_NEXT(text + i, ii, remaining, c);
        i += ii;
        if (c < 0) c = 0xFFFD;
        int8_t t = u_charType(c);
        bool letter = (t >= U_UPPERCASE_LETTER && t <= U_OTHER_LETTER) || t == U_NON_SPACING_MARK ||
                      t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
        if (letter) {
            out[n++] = (uint32_t)u_tolower(c);
            space = false;
        } else if (!space) {
            out[n++] = 0x20;
            space = true;
        }
    }
    return n;
}
