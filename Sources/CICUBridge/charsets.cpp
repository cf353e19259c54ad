// Charset detection (ucsdet) and conversion (ucnv), for decoding legacy input and repairing mojibake.
#include "CICUBridge.h"
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" int32_t sift_charset_detect(const uint8_t *bytes, int64_t length, char *out, int32_t capacity, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    out[0] = 0;
    UCharsetDetector *d = ucsdet_open(&ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    int32_t n = (int32_t)(length > 0x7FFFFFFF ? 0x7FFFFFFF : length);
    ucsdet_setText(d, reinterpret_cast<const char *>(bytes), n, &ec);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(d, &found, &ec);
    std::string text;
    int32_t written = 0;
    for (int32_t i = 0; U_SUCCESS(ec) && i < found; i++) {
        const char *name = ucsdet_getName(matches[i], &ec);
        int32_t confidence = ucsdet_getConfidence(matches[i], &ec);
        const char *language = ucsdet_getLanguage(matches[i], &ec);
        char line[128];
        std::snprintf(line, sizeof line, "%s\t%d\t%s\n", name ? name : "", confidence, language ? language : "");
        if ((int32_t)(text.size() + std::strlen(line)) >= capacity) break;
        text += line;
        written++;
    }
    std::memcpy(out, text.c_str(), text.size() + 1);
    ucsdet_close(d);
    *status = ec;
    return written;
}

extern "C" int32_t sift_charset_canonical(const char *name, char *buffer, int32_t capacity) {
    UErrorCode ec = U_ZERO_ERROR;
    const char *canonical = ucnv_getCanonicalName(name, "", &ec);
    if (U_FAILURE(ec) || !canonical) {
        ec = U_ZERO_ERROR;
        UConverter *c = ucnv_open(name, &ec);
        if (U_FAILURE(ec) || !c) return 0;
        canonical = ucnv_getName(c, &ec);
        std::strncpy(buffer, canonical ? canonical : name, capacity - 1);
        buffer[capacity - 1] = 0;
        ucnv_close(c);
        return 1;
    }
    std::strncpy(buffer, canonical, capacity - 1);
    buffer[capacity - 1] = 0;
    return 1;
}

namespace {
struct SubstitutionCounter {
    int64_t count = 0;
};

void countingSubstitute(const void *context, UConverterToUnicodeArgs *args, const char *codeUnits, int32_t length,
                        UConverterCallbackReason reason, UErrorCode *err) {
    if (reason == UCNV_UNASSIGNED || reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR) {
        const_cast<SubstitutionCounter *>(static_cast<const SubstitutionCounter *>(context))->count++;
        UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, codeUnits, length, reason, err);
    }
}
} // namespace

extern "C" void sift_charset_decode(const char *charset, const uint8_t *bytes, int64_t length, int32_t strict,
                                    uint8_t **out, int64_t *outLength, int64_t *substitutions, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    *out = nullptr;
    *outLength = 0;
    if (substitutions) *substitutions = 0;
    UConverter *conv = ucnv_open(charset, &ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    SubstitutionCounter counter;
    if (strict) {
        ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &ec);
    } else {
        ucnv_setToUCallBack(conv, countingSubstitute, &counter, nullptr, nullptr, &ec);
    }
    // To UTF-16 in chunks, then UTF-8.
    std::vector<UChar> utf16((size_t)length + 16);
    UChar *target = utf16.data();
    const char *source = reinterpret_cast<const char *>(bytes);
    ucnv_toUnicode(conv, &target, utf16.data() + utf16.size(), &source, source + length, nullptr, true, &ec);
    while (ec == U_BUFFER_OVERFLOW_ERROR) {
        size_t done = target - utf16.data();
        utf16.resize(utf16.size() * 2 + 16);
        target = utf16.data() + done;
        ec = U_ZERO_ERROR;
        ucnv_toUnicode(conv, &target, utf16.data() + utf16.size(), &source, reinterpret_cast<const char *>(bytes) + length,
                       nullptr, true, &ec);
    }
    ucnv_close(conv);
    if (U_FAILURE(ec)) { *status = ec; return; }
    int32_t n16 = (int32_t)(target - utf16.data());
    int32_t needed = 0;
    UErrorCode pre = U_ZERO_ERROR;
    u_strToUTF8WithSub(nullptr, 0, &needed, utf16.data(), n16, 0xFFFD, nullptr, &pre);
    char *buffer = static_cast<char *>(std::malloc(needed + 1));
    u_strToUTF8WithSub(buffer, needed + 1, &needed, utf16.data(), n16, 0xFFFD, nullptr, &ec);
    *out = reinterpret_cast<uint8_t *>(buffer);
    *outLength = needed;
    if (substitutions) *substitutions = counter.count;
    *status = ec;
}

extern "C" void sift_charset_encode(const char *charset, const uint8_t *text, int64_t length, uint8_t **out,
                                    int64_t *outLength, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    *out = nullptr;
    *outLength = 0;
    int32_t n16 = 0;
    UErrorCode pre = U_ZERO_ERROR;
    u_strFromUTF8(nullptr, 0, &n16, reinterpret_cast<const char *>(text), (int32_t)length, &pre);
    std::vector<UChar> utf16(n16 + 1);
    u_strFromUTF8(utf16.data(), n16 + 1, &n16, reinterpret_cast<const char *>(text), (int32_t)length, &ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    UConverter *conv = ucnv_open(charset, &ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    ucnv_setFromUCallBack(conv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &ec);
    int32_t capacity = n16 * 4 + 16;
    char *buffer = static_cast<char *>(std::malloc(capacity));
    int32_t written = ucnv_fromUChars(conv, buffer, capacity, utf16.data(), n16, &ec);
    ucnv_close(conv);
    if (U_FAILURE(ec)) { std::free(buffer); *status = ec; return; }
    *out = reinterpret_cast<uint8_t *>(buffer);
    *outLength = written;
    *status = ec;
}
