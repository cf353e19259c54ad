// Normalization straight on UTF-8 (Normalizer2::normalizeUTF8), with ICU's Edits recording
// exactly which byte ranges changed so that spans can be carried through.
#include "CICUBridge.h"
#include "sift_sets.h"
#include <unicode/normalizer2.h>
#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/stringpiece.h>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

using namespace icu;

extern "C" const sift_normalizer *sift_norm_get(int32_t form, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    const Normalizer2 *n = nullptr;
    switch (form) {
    case 0: n = Normalizer2::getNFCInstance(ec); break;
    case 1: n = Normalizer2::getNFDInstance(ec); break;
    case 2: n = Normalizer2::getNFKCInstance(ec); break;
    case 3: n = Normalizer2::getNFKDInstance(ec); break;
    case 4: n = Normalizer2::getNFKCCasefoldInstance(ec); break;
    default: ec = U_ILLEGAL_ARGUMENT_ERROR;
    }
    *status = ec;
    return U_FAILURE(ec) ? nullptr : reinterpret_cast<const sift_normalizer *>(n);
}

extern "C" int32_t sift_norm_is_normalized_utf8(const sift_normalizer *h, const uint8_t *src, int64_t length,
                                                int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    auto n = reinterpret_cast<const Normalizer2 *>(h);
    UBool yes = n->isNormalizedUTF8(StringPiece(reinterpret_cast<const char *>(src), (int32_t)length), ec);
    *status = ec;
    return yes ? 1 : 0;
}

// MARK: - The quick-yes screen
//
// A text whose every character has quick check Yes for a form and combining class 0 is in that
// form (ICU's quick check answers Yes for it without looking further), and each such character
// has a normalization boundary before it. The Basic Multilingual Plane's such characters are read
// once per form into a bit table; the screen passes ASCII sixteen bytes a step and looks each
// other character up.

namespace {
struct QuickYesTable {
    uint64_t bits[1024];
    bool ok;
};
QuickYesTable quickYesTables[4];
std::once_flag quickYesOnce[4];

void buildQuickYes(int32_t form) {
    static const char *const patterns[4] = {
        "[[:NFC_QC=Yes:]&[:ccc=0:]]", "[[:NFD_QC=Yes:]&[:ccc=0:]]",
        "[[:NFKC_QC=Yes:]&[:ccc=0:]]", "[[:NFKD_QC=Yes:]&[:ccc=0:]]"};
    QuickYesTable &t = quickYesTables[form];
    int32_t status = 0;
    // The set's BMP members as bits, as every other table read from a UnicodeSet (sets.cpp).
    sift_uset_bmp_bits(reinterpret_cast<const uint8_t *>(patterns[form]), (int64_t)std::strlen(patterns[form]), t.bits, &status);
    t.ok = !U_FAILURE((UErrorCode)status);
}
}  // namespace

extern "C" int64_t sift_norm_quick_yes_prefix_utf8(int32_t form, const uint8_t *s, int64_t n) {
    if (form < 0 || form > 3) return 0;
    std::call_once(quickYesOnce[form], buildQuickYes, form);
    const QuickYesTable &t = quickYesTables[form];
    if (!t.ok) return 0;
    int64_t i = 0;
    for (;;) {
#if defined(__SSE2__)
        // ASCII sixty-four bytes a step, then the block of sixteen that holds the next other byte.
        while (i + 64 <= n) {
            const __m128i v0 = _mm_loadu_si128((const __m128i *)(s + i));
            const __m128i v1 = _mm_loadu_si128((const __m128i *)(s + i + 16));
            const __m128i v2 = _mm_loadu_si128((const __m128i *)(s + i + 32));
            const __m128i v3 = _mm_loadu_si128((const __m128i *)(s + i + 48));
            if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v0, v1), _mm_or_si128(v2, v3))) != 0) break;
            i += 64;
        }
        while (i + 16 <= n) {
            const unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i)));
            if (high != 0) { i += __builtin_ctz(high); break; }
            i += 16;
        }
#endif
        while (i < n && s[i] < 0x80) i++;
        // Non-ASCII characters, one after another (valid UTF-8: the lead byte gives the length).
        while (i < n && s[i] >= 0x80) {
            const uint8_t b = s[i];
            uint32_t c;
            int len;
            if (b < 0xE0) {
                c = ((uint32_t)(b & 0x1F) << 6) | (s[i + 1] & 0x3F);
                len = 2;
            } else if (b < 0xF0) {
                c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
                len = 3;
            } else {
                return i;  // beyond the BMP: left to ICU
            }
            if (((t.bits[c >> 6] >> (c & 63)) & 1) == 0) return i;
            i += len;
        }
        if (i >= n) return n;
    }
}

extern "C" int64_t sift_norm_normalize_utf8(const sift_normalizer *h, const uint8_t *src, int64_t length,
                                            uint8_t *dst, int64_t capacity,
                                            int64_t **edits, int64_t *editCount, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    auto n = reinterpret_cast<const Normalizer2 *>(h);
    CheckedArrayByteSink sink(reinterpret_cast<char *>(dst), (int32_t)capacity);
    Edits recorded;
    n->normalizeUTF8(0, StringPiece(reinterpret_cast<const char *>(src), (int32_t)length), sink,
                     edits ? &recorded : nullptr, ec);
    *status = ec;
    if (U_FAILURE(ec)) return -1;
    int64_t needed = sink.NumberOfBytesAppended();
    if (sink.Overflowed()) {
        // Overflowed sinks only count what fit; ask for a generous retry size.
        needed = capacity * 2 + 64;
        if (needed < length * 4 + 64) needed = length * 4 + 64;
        return needed;
    }
    if (edits) {
        std::vector<int64_t> out;
        Edits::Iterator it = recorded.getCoarseChangesIterator();
        UErrorCode iec = U_ZERO_ERROR;
        while (it.next(iec)) {
            out.push_back(it.sourceIndex());
            out.push_back(it.oldLength());
            out.push_back(it.newLength());
        }
        *editCount = (int64_t)(out.size() / 3);
        *edits = static_cast<int64_t *>(std::malloc(sizeof(int64_t) * (out.size() ? out.size() : 1)));
        if (!out.empty()) std::copy(out.begin(), out.end(), *edits);
    }
    return needed;
}
