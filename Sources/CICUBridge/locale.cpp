#include "CICUBridge.h"
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <cstring>

extern "C" int32_t sift_locale_canonical(const char *name, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    char id[ULOC_FULLNAME_CAPACITY] = {0};
    int32_t parsed = 0;
    uloc_forLanguageTag(name, id, sizeof id, &parsed, &ec);
    if (U_FAILURE(ec) || parsed != (int32_t)std::strlen(name)) {
        ec = U_ZERO_ERROR;
        uloc_canonicalize(name, id, sizeof id, &ec);
    }
    *status = ec;
    if (U_FAILURE(ec)) return 0;
    if (capacity > 0) {
        std::strncpy(buffer, id, capacity - 1);
        buffer[capacity - 1] = 0;
    }
    char language[ULOC_LANG_CAPACITY] = {0};
    uloc_getLanguage(id, language, sizeof language, &ec);
    if (U_FAILURE(ec) || language[0] == 0) return std::strcmp(id, "root") == 0 ? 1 : 0;
    // The language is known if ICU ships a resource bundle for it (not the root fallback).
    UErrorCode rec = U_ZERO_ERROR;
    UResourceBundle *rb = ures_open(nullptr, language, &rec);
    int known = U_SUCCESS(rec) && rec != U_USING_DEFAULT_WARNING && rec != U_USING_FALLBACK_WARNING;
    if (rb) ures_close(rb);
    return known ? 1 : 0;
}
