// Character sets: a UnicodeSet pattern's members as a bit table.
#include "CICUBridge.h"
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <cstring>

extern "C" void sift_uset_bmp_bits(const uint8_t *pattern, int64_t length, uint64_t *bits, int32_t *status) {
    std::memset(bits, 0, 1024 * sizeof(uint64_t));
    UErrorCode ec = U_ZERO_ERROR;
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(reinterpret_cast<const char *>(pattern), static_cast<int32_t>(length)));
    icu::UnicodeSet set(text, ec);
    if (U_FAILURE(ec)) { *status = ec; return; }
    // Whole ranges at a time: a set of a general category is a few hundred ranges, not 65,536 lookups.
    for (int32_t r = 0; r < set.getRangeCount(); r++) {
        UChar32 lo = set.getRangeStart(r), hi = set.getRangeEnd(r);
        if (lo > 0xFFFF) break;
        if (hi > 0xFFFF) hi = 0xFFFF;
        for (UChar32 c = lo; c <= hi; c++) {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            bits[c >> 6] |= uint64_t(1) << (c & 63);
        }
    }
    *status = U_ZERO_ERROR;
}
