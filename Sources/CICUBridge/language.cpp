// Exemplar sets and letter folding for language identification.
#include "CICUBridge.h"
#include <unicode/ulocdata.h>
#include <unicode/uset.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <cstdlib>
#include <vector>

extern "C" uint32_t *sift_exemplar_codepoints(const char *locale, int32_t kind, int64_t *count, int32_t *status) {
    *count = 0;
    UErrorCode ec = U_ZERO_ERROR;
    ULocaleData *data = ulocdata_open(locale, &ec);
    if (U_FAILURE(ec)) { *status = ec; return nullptr; }
    std::vector<uint32_t> points;
    for (int32_t k = 0; k < 2; k++) {
        if ((kind == 0 && k == 1) || (kind == 1 && k == 0)) continue;
        UErrorCode sec = U_ZERO_ERROR;
        USet *set = ulocdata_getExemplarSet(data, nullptr, USET_CASE_INSENSITIVE,
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
