// Normalization straight on UTF-8 (Normalizer2::normalizeUTF8), with ICU's Edits recording
// exactly which byte ranges changed so that spans can be carried through.
#include "CICUBridge.h"
#include <unicode/normalizer2.h>
#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/stringpiece.h>
#include <cstdlib>
#include <vector>

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
