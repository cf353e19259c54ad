// Number parsing through ICU's unum API: the locale's decimal format (grouping and decimal
// separators as the locale writes them) and rule-based spellout with lenient parsing
// ("twenty-one", "dreiundzwanzig", "двадцать один"). The parse position is returned so that
// callers accept a number only when ICU consumed all of it.
#include "CICUBridge.h"
#include <unicode/unum.h>
#include <unicode/ustring.h>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

struct sift_numparser {
    UNumberFormat *fmt;
    std::vector<UChar> buffer;
};

extern "C" sift_numparser *sift_numparser_open(const char *locale, int32_t style, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UNumberFormat *f = unum_open(style == 1 ? UNUM_SPELLOUT : UNUM_DECIMAL, nullptr, 0, locale, nullptr, &ec);
    if (U_FAILURE(ec)) { *status = ec; return nullptr; }
    if (style == 1) unum_setAttribute(f, UNUM_LENIENT_PARSE, 1);
    else unum_setAttribute(f, UNUM_PARSE_NO_EXPONENT, 1);
    sift_numparser *p = new (std::nothrow) sift_numparser;
    if (!p) { unum_close(f); *status = U_MEMORY_ALLOCATION_ERROR; return nullptr; }
    p->fmt = f;
    *status = U_ZERO_ERROR;
    return p;
}

extern "C" sift_numparser *sift_numparser_clone(const sift_numparser *p, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UNumberFormat *f = unum_clone(p->fmt, &ec);
    if (U_FAILURE(ec)) { *status = ec; return nullptr; }
    sift_numparser *c = new (std::nothrow) sift_numparser;
    if (!c) { unum_close(f); *status = U_MEMORY_ALLOCATION_ERROR; return nullptr; }
    c->fmt = f;
    *status = U_ZERO_ERROR;
    return c;
}

extern "C" void sift_numparser_close(sift_numparser *p) {
    if (!p) return;
    unum_close(p->fmt);
    delete p;
}

extern "C" int32_t sift_numparser_parse(sift_numparser *p, const uint8_t *text, int64_t length, double *value,
                                        int32_t *consumed, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t units = 0;
    p->buffer.resize(static_cast<size_t>(length) + 1);
    u_strFromUTF8(p->buffer.data(), (int32_t)p->buffer.size(), &units, reinterpret_cast<const char *>(text),
                  (int32_t)length, &ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    int32_t pos = 0;
    double v = unum_parseDouble(p->fmt, p->buffer.data(), units, &pos, &ec);
    *consumed = pos;
    // A parse that stops early reports U_PARSE_ERROR; that is an answer ("not all a number"), not a failure.
    if (ec == U_PARSE_ERROR) { *status = U_ZERO_ERROR; return 0; }
    *status = ec;
    if (U_FAILURE(ec)) return 0;
    *value = v;
    return pos == units ? 1 : 0;
}

extern "C" void sift_numparser_format(sift_numparser *p, double value, uint8_t **out, int64_t *outLength,
                                      int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UChar buf[512];
    int32_t n = unum_formatDouble(p->fmt, value, buf, 512, nullptr, &ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    int32_t len = 0;
    UErrorCode uec = U_ZERO_ERROR;
    u_strToUTF8(nullptr, 0, &len, buf, n, &uec);
    char *o = static_cast<char *>(std::malloc(len + 1));
    if (!o) { *status = U_MEMORY_ALLOCATION_ERROR; return; }
    uec = U_ZERO_ERROR;
    u_strToUTF8(o, len + 1, nullptr, buf, n, &uec);
    *out = reinterpret_cast<uint8_t *>(o);
    *outLength = len;
    *status = U_ZERO_ERROR;
}

extern "C" int32_t sift_numparser_symbol(sift_numparser *p, int32_t which, char *buffer, int32_t capacity,
                                         int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UChar sym[16];
    int32_t n = unum_getSymbol(p->fmt, which == 1 ? UNUM_GROUPING_SEPARATOR_SYMBOL : UNUM_DECIMAL_SEPARATOR_SYMBOL,
                               sym, 16, &ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    int32_t len = 0;
    u_strToUTF8(buffer, capacity, &len, sym, n, &ec);
    *status = ec;
    return len;
}

extern "C" void sift_numparser_format_all(sift_numparser *p, const double *values, int32_t count, uint8_t **out,
                                          int64_t *outLength, int32_t *status) {
    *out = nullptr;
    *outLength = 0;
    UErrorCode ec = U_ZERO_ERROR;
    UChar sets[4096];
    int32_t n = unum_getTextAttribute(p->fmt, UNUM_PUBLIC_RULESETS, sets, 4096, &ec);
    if (U_FAILURE(ec) || n >= 4096) { *status = U_FAILURE(ec) ? ec : U_BUFFER_OVERFLOW_ERROR; return; }
    // One clone for every value and rule set: building a rule-based format parses all its rules,
    // which costs far more than formatting (a clone per value was most of the lexicon's start-up).
    UNumberFormat *f = unum_clone(p->fmt, &ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    std::vector<char> text;
    // Rule set names are separated by ';' ("%spellout-numbering;%spellout-cardinal-feminine;…").
    int32_t start = 0;
    for (int32_t i = 0; i <= n; i++) {
        if (i < n && sets[i] != u';') continue;
        // Ordinal rule sets ("second", "zweite") name no count of anything: skipped.
        bool ordinal = false;
        for (int32_t k = start; k + 7 <= i && !ordinal; k++) ordinal = u_strncmp(sets + k, u"ordinal", 7) == 0;
        if (i > start && !ordinal) {
            UErrorCode rec = U_ZERO_ERROR;
            unum_setTextAttribute(f, UNUM_DEFAULT_RULESET, sets + start, i - start, &rec);
            for (int32_t v = 0; v < count && U_SUCCESS(rec); v++) {
                UErrorCode fec = U_ZERO_ERROR;
                UChar buf[512];
                int32_t len = unum_formatDouble(f, values[v], buf, 512, nullptr, &fec);
                if (U_FAILURE(fec) || len <= 0 || len >= 512) continue;
                char u8[2048];
                int32_t u8len = 0;
                u_strToUTF8(u8, sizeof u8, &u8len, buf, len, &fec);
                if (U_SUCCESS(fec)) { text.insert(text.end(), u8, u8 + u8len); text.push_back('\n'); }
            }
        }
        start = i + 1;
    }
    unum_close(f);
    char *o = static_cast<char *>(std::malloc(text.size() + 1));
    if (!o) { *status = U_MEMORY_ALLOCATION_ERROR; return; }
    if (!text.empty()) std::memcpy(o, text.data(), text.size());
    o[text.size()] = 0;
    *out = reinterpret_cast<uint8_t *>(o);
    *outLength = (int64_t)text.size();
    *status = U_ZERO_ERROR;
}
