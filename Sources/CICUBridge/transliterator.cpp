// Transliteration through ICU's C API. ICU's transliterators work on UTF-16, so the bridge
// converts each call's text (callers pass one line at a time: ICU is slow on huge buffers).
#include "CICUBridge.h"
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <unicode/uenum.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {
std::vector<UChar> toUTF16(const uint8_t *s, int64_t length, UErrorCode &ec) {
    int32_t needed = 0;
    UErrorCode pre = U_ZERO_ERROR;
    u_strFromUTF8WithSub(nullptr, 0, &needed, reinterpret_cast<const char *>(s), (int32_t)length, 0xFFFD, nullptr, &pre);
    std::vector<UChar> out(needed + 1);
    u_strFromUTF8WithSub(out.data(), (int32_t)out.size(), &needed, reinterpret_cast<const char *>(s), (int32_t)length,
                         0xFFFD, nullptr, &ec);
    out.resize(needed);
    return out;
}

void toUTF8(const UChar *s, int32_t length, uint8_t **out, int64_t *outLength, UErrorCode &ec) {
    int32_t needed = 0;
    UErrorCode pre = U_ZERO_ERROR;
    u_strToUTF8WithSub(nullptr, 0, &needed, s, length, 0xFFFD, nullptr, &pre);
    char *buffer = static_cast<char *>(std::malloc(needed + 1));
    u_strToUTF8WithSub(buffer, needed + 1, &needed, s, length, 0xFFFD, nullptr, &ec);
    *out = reinterpret_cast<uint8_t *>(buffer);
    *outLength = needed;
}
} // namespace

extern "C" sift_transliterator *sift_trans_open(const uint8_t *id, int64_t idLength, const uint8_t *rules,
                                                int64_t rulesLength, int32_t reverse, char *message,
                                                int32_t messageCapacity, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    std::vector<UChar> id16 = toUTF16(id, idLength, ec);
    std::vector<UChar> rules16;
    if (rules) rules16 = toUTF16(rules, rulesLength, ec);
    UParseError pe;
    std::memset(&pe, 0, sizeof pe);
    pe.line = -1;
    UTransliterator *t = utrans_openU(id16.data(), (int32_t)id16.size(), reverse ? UTRANS_REVERSE : UTRANS_FORWARD,
                                      rules ? rules16.data() : nullptr, rules ? (int32_t)rules16.size() : -1, &pe, &ec);
    *status = ec;
    if (U_FAILURE(ec) && message && messageCapacity > 0) {
        if (rules && pe.line >= 0) {
            char context[64] = {0};
            int32_t n = 0;
            u_strToUTF8(context, sizeof context - 1, &n, pe.preContext, -1, &ec);
            std::snprintf(message, messageCapacity, "%s in rule %d, offset %d, after \"%s\"", u_errorName(static_cast<UErrorCode>(*status)),
                          pe.line + 1, pe.offset, context);
        } else {
            std::snprintf(message, messageCapacity, "%s", u_errorName(static_cast<UErrorCode>(*status)));
        }
    }
    return reinterpret_cast<sift_transliterator *>(U_FAILURE(static_cast<UErrorCode>(*status)) ? nullptr : t);
}

extern "C" sift_transliterator *sift_trans_clone(const sift_transliterator *t, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UTransliterator *c = utrans_clone(reinterpret_cast<const UTransliterator *>(t), &ec);
    *status = ec;
    return reinterpret_cast<sift_transliterator *>(c);
}

extern "C" void sift_trans_close(sift_transliterator *t) {
    if (t) utrans_close(reinterpret_cast<UTransliterator *>(t));
}

extern "C" void sift_trans_utf8(sift_transliterator *t, const uint8_t *src, int64_t length, uint8_t **out,
                                int64_t *outLength, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    *out = nullptr;
    *outLength = 0;
    std::vector<UChar> text = toUTF16(src, length, ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    int32_t textLength = (int32_t)text.size();
    int32_t capacity = textLength * 2 + 16;
    for (int attempt = 0; attempt < 4; attempt++) {
        std::vector<UChar> buffer(capacity);
        std::copy(text.begin(), text.end(), buffer.begin());
        int32_t len = textLength, limit = textLength;
        ec = U_ZERO_ERROR;
        utrans_transUChars(reinterpret_cast<UTransliterator *>(t), buffer.data(), &len, capacity, 0, &limit, &ec);
        if (ec == U_BUFFER_OVERFLOW_ERROR) { capacity = len + 16; continue; }
        if (U_FAILURE(ec)) break;
        toUTF8(buffer.data(), len, out, outLength, ec);
        break;
    }
    *status = ec;
}

extern "C" void sift_trans_available_ids(uint8_t **out, int64_t *outLength, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UEnumeration *e = utrans_openIDs(&ec);
    std::vector<char> all;
    const char *id;
    int32_t len;
    while (U_SUCCESS(ec) && (id = uenum_next(e, &len, &ec)) != nullptr) {
        all.insert(all.end(), id, id + len);
        all.push_back('\n');
    }
    uenum_close(e);
    *status = ec;
    *out = static_cast<uint8_t *>(std::malloc(all.size() + 1));
    std::copy(all.begin(), all.end(), reinterpret_cast<char *>(*out));
    *outLength = (int64_t)all.size();
}
