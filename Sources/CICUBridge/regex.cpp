// ICU regular expressions matched on UTF-8 in place through UText: match offsets are byte
// offsets into the caller's buffer, with no UTF-16 copy of the text.
#include "CICUBridge.h"
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <cstdlib>
#include <cstring>
#include <new>

struct sift_regex {
    URegularExpression *re;
    UText text;
};

extern "C" sift_regex *sift_regex_open(const uint8_t *pattern, int64_t length, uint32_t flags, int32_t *errorOffset,
                                       int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UText pat = UTEXT_INITIALIZER;
    utext_openUTF8(&pat, reinterpret_cast<const char *>(pattern), length, &ec);
    UParseError pe;
    std::memset(&pe, 0, sizeof pe);
    pe.offset = -1;
    URegularExpression *re = uregex_openUText(&pat, flags, &pe, &ec);
    utext_close(&pat);
    *status = ec;
    if (errorOffset) *errorOffset = pe.offset;
    if (U_FAILURE(ec)) return nullptr;
    sift_regex *r = new (std::nothrow) sift_regex;
    r->re = re;
    r->text = UTEXT_INITIALIZER;
    return r;
}

extern "C" sift_regex *sift_regex_clone(const sift_regex *r, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    URegularExpression *re = uregex_clone(r->re, &ec);
    *status = ec;
    if (U_FAILURE(ec)) return nullptr;
    sift_regex *c = new (std::nothrow) sift_regex;
    c->re = re;
    c->text = UTEXT_INITIALIZER;
    int32_t limit = uregex_getTimeLimit(r->re, &ec);
    uregex_setTimeLimit(c->re, limit, &ec);
    return c;
}

extern "C" void sift_regex_close(sift_regex *r) {
    if (!r) return;
    uregex_close(r->re);
    utext_close(&r->text);
    delete r;
}

extern "C" void sift_regex_set_time_limit(sift_regex *r, int32_t limit, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    uregex_setTimeLimit(r->re, limit, &ec);
    *status = ec;
}

extern "C" int32_t sift_regex_group_count(const sift_regex *r, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n = uregex_groupCount(r->re, &ec);
    *status = ec;
    return n;
}

extern "C" int32_t sift_regex_group_number(const sift_regex *r, const uint8_t *name, int64_t length) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n = uregex_groupNumberFromCName(r->re, reinterpret_cast<const char *>(name), (int32_t)length, &ec);
    return U_FAILURE(ec) ? -1 : n;
}

extern "C" void sift_regex_set_utf8(sift_regex *r, const uint8_t *text, int64_t length, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    utext_openUTF8(&r->text, reinterpret_cast<const char *>(text), length, &ec);
    if (U_SUCCESS(ec)) uregex_setUText(r->re, &r->text, &ec);
    *status = ec;
}

extern "C" int32_t sift_regex_find_next(sift_regex *r, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UBool found = uregex_findNext(r->re, &ec);
    *status = ec;
    return found ? 1 : 0;
}

extern "C" int32_t sift_regex_matches(sift_regex *r, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UBool found = uregex_matches64(r->re, -1, &ec);
    *status = ec;
    return found ? 1 : 0;
}

extern "C" int64_t sift_regex_start(sift_regex *r, int32_t group, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int64_t v = uregex_start64(r->re, group, &ec);
    *status = ec;
    return v;
}

extern "C" int64_t sift_regex_end(sift_regex *r, int32_t group, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int64_t v = uregex_end64(r->re, group, &ec);
    *status = ec;
    return v;
}
