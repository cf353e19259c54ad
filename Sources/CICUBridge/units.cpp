// CLDR unit data from ICU's resource bundles, dumped as `path\tvalue` lines for the Swift side
// (SiftICU's UnitData) to index. Nested ures_getByKey does not fall back to parent locales, so the
// display names are merged along the fallback chain here, child entries winning.
#include "CICUBridge.h"
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

const char *const kUnitTree = U_ICUDATA_NAME "-unit";

std::string utf8(const UChar *s, int32_t n) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t len = 0;
    u_strToUTF8(nullptr, 0, &len, s, n, &ec);
    std::string out(static_cast<size_t>(len), '\0');
    ec = U_ZERO_ERROR;
    u_strToUTF8(out.data(), len, nullptr, s, n, &ec);
    return out;
}

/// Walks a resource, recording every string (and integer) leaf under its path unless already present.
void walk(UResourceBundle *r, const std::string &path, std::map<std::string, std::string> &into, int depth) {
    if (depth > 12) return;
    UErrorCode ec = U_ZERO_ERROR;
    switch (ures_getType(r)) {
    case URES_STRING: {
        int32_t n = 0;
        const UChar *s = ures_getString(r, &n, &ec);
        if (U_SUCCESS(ec)) into.emplace(path, utf8(s, n));
        return;
    }
    case URES_INT:
        into.emplace(path, std::to_string(ures_getInt(r, &ec)));
        return;
    case URES_TABLE:
    case URES_ARRAY: {
        bool array = ures_getType(r) == URES_ARRAY;
        int32_t size = ures_getSize(r);
        for (int32_t i = 0; i < size; i++) {
            ec = U_ZERO_ERROR;
            UResourceBundle *c = ures_getByIndex(r, i, nullptr, &ec);
            if (U_FAILURE(ec)) { ures_close(c); continue; }
            const char *key = ures_getKey(c);
            std::string name = array || !key ? "#" + std::to_string(i) : std::string(key);
            walk(c, path.empty() ? name : path + "/" + name, into, depth + 1);
            ures_close(c);
        }
        return;
    }
    default:
        return;
    }
}

void emit(const std::map<std::string, std::string> &entries, uint8_t **out, int64_t *outLength, int32_t *status) {
    std::string text;
    for (const auto &e : entries) {
        text += e.first;
        text += '\t';
        for (char c : e.second) text += (c == '\n' || c == '\t') ? ' ' : c;
        text += '\n';
    }
    uint8_t *buffer = static_cast<uint8_t *>(std::malloc(text.size() + 1));
    if (!buffer) { *status = U_MEMORY_ALLOCATION_ERROR; return; }
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = 0;
    *out = buffer;
    *outLength = static_cast<int64_t>(text.size());
    *status = U_ZERO_ERROR;
}

} // namespace

extern "C" void sift_units_display_dump(const char *locale, uint8_t **out, int64_t *outLength, int32_t *status) {
    sift_locale_data_dump(kUnitTree, locale, "units\nunitsShort\nunitsNarrow", out, outLength, status);
}

extern "C" double sift_numeric_value(int32_t codePoint) { return u_getNumericValue(codePoint); }

extern "C" void sift_locale_data_dump(const char *tree, const char *locale, const char *paths, uint8_t **out,
                                      int64_t *outLength, int32_t *status) {
    *out = nullptr;
    *outLength = 0;
    std::map<std::string, std::string> entries;
    char name[ULOC_FULLNAME_CAPACITY] = {0};
    UErrorCode ec = U_ZERO_ERROR;
    uloc_canonicalize(locale, name, sizeof name, &ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    std::vector<std::string> wanted;
    for (const char *p = paths; *p;) {
        const char *e = std::strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : std::strlen(p);
        if (n) wanted.emplace_back(p, n);
        p += n + (e ? 1 : 0);
    }
    for (int guard = 0; guard < 16; guard++) {
        std::string current = name[0] ? name : "root";
        ec = U_ZERO_ERROR;
        UResourceBundle *bundle = ures_openDirect(tree, current.c_str(), &ec);
        std::string parent;
        if (U_SUCCESS(ec)) {
            for (const std::string &w : wanted) {
                // Descend key by key (a/b/c); a missing key just means this locale lacks the path.
                UErrorCode wec = U_ZERO_ERROR;
                UResourceBundle *table = nullptr;
                UResourceBundle *at = bundle;
                size_t start = 0;
                while (U_SUCCESS(wec) && start <= w.size()) {
                    size_t slash = w.find('/', start);
                    std::string key = w.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
                    UResourceBundle *next = ures_getByKey(at, key.c_str(), nullptr, &wec);
                    if (table) ures_close(table);
                    table = next;
                    at = next;
                    if (slash == std::string::npos) break;
                    start = slash + 1;
                }
                if (U_SUCCESS(wec) && table) walk(table, w, entries, 0);
                if (table) ures_close(table);
            }
            UErrorCode pec = U_ZERO_ERROR;
            int32_t n = 0;
            const UChar *p = ures_getStringByKey(bundle, "%%Parent", &n, &pec);
            if (U_SUCCESS(pec)) parent = utf8(p, n);
        }
        ures_close(bundle);
        if (current == "root") break;
        if (parent.empty()) {
            char up[ULOC_FULLNAME_CAPACITY] = {0};
            UErrorCode uec = U_ZERO_ERROR;
            uloc_getParent(current.c_str(), up, sizeof up, &uec);
            parent = up[0] ? up : "root";
        }
        std::strncpy(name, parent.c_str(), sizeof name - 1);
    }
    emit(entries, out, outLength, status);
}

extern "C" void sift_units_supplemental_dump(uint8_t **out, int64_t *outLength, int32_t *status) {
    *out = nullptr;
    *outLength = 0;
    UErrorCode ec = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_openDirect(nullptr, "units", &ec);
    if (U_FAILURE(ec)) { *status = ec; ures_close(bundle); return; }
    std::map<std::string, std::string> entries;
    walk(bundle, "", entries, 0);
    ures_close(bundle);
    emit(entries, out, outLength, status);
}

extern "C" void sift_units_available_locales(uint8_t **out, int64_t *outLength, int32_t *status) {
    *out = nullptr;
    *outLength = 0;
    UErrorCode ec = U_ZERO_ERROR;
    UEnumeration *e = ures_openAvailableLocales(kUnitTree, &ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    std::map<std::string, std::string> names;
    const char *s;
    int32_t n = 0;
    while ((s = uenum_next(e, &n, &ec)) != nullptr && U_SUCCESS(ec)) names.emplace(std::string(s, n), "");
    uenum_close(e);
    std::string text;
    for (const auto &kv : names) { text += kv.first; text += '\n'; }
    uint8_t *buffer = static_cast<uint8_t *>(std::malloc(text.size() + 1));
    if (!buffer) { *status = U_MEMORY_ALLOCATION_ERROR; return; }
    std::memcpy(buffer, text.data(), text.size());
    *out = buffer;
    *outLength = static_cast<int64_t>(text.size());
    *status = U_ZERO_ERROR;
}

extern "C" int32_t sift_locale_likely_region(const char *locale, char *buffer, int32_t capacity, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    char full[ULOC_FULLNAME_CAPACITY] = {0};
    uloc_addLikelySubtags(locale, full, sizeof full, &ec);
    int32_t n = uloc_getCountry(U_SUCCESS(ec) ? full : locale, buffer, capacity, &ec);
    *status = ec;
    return n;
}
