// ICU break iteration over UTF-8 in place (UText): boundaries are byte offsets.
#include "CICUBridge.h"
#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/utext.h>
#include <unicode/unistr.h>
#include <memory>
#include <new>
#include <string>

using namespace icu;

struct sift_breaker {
    BreakIterator *it = nullptr;
    UText text = UTEXT_INITIALIZER;
};

extern "C" sift_breaker *sift_brk_open(int32_t kind, const char *locale, const uint8_t *abbreviations,
                                       int64_t abbreviationsLength, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    Locale loc(locale ? locale : "");
    BreakIterator *it = nullptr;
    switch (kind) {
    case 0: it = BreakIterator::createCharacterInstance(loc, ec); break;
    case 1: it = BreakIterator::createWordInstance(loc, ec); break;
    case 2: it = BreakIterator::createLineInstance(loc, ec); break;
    case 3: it = BreakIterator::createSentenceInstance(loc, ec); break;
    default: ec = U_ILLEGAL_ARGUMENT_ERROR;
    }
    if (U_SUCCESS(ec) && kind == 3 && abbreviations && abbreviationsLength > 0) {
        // ICU's own suppressions for the locale (from "@ss=standard") plus the pipeline's.
        std::unique_ptr<FilteredBreakIteratorBuilder> builder(FilteredBreakIteratorBuilder::createInstance(loc, ec));
        if (ec == U_MISSING_RESOURCE_ERROR) {
            // No suppression data for this locale (root, ja, th, …): the pipeline's own words still apply.
            ec = U_ZERO_ERROR;
            builder.reset(FilteredBreakIteratorBuilder::createEmptyInstance(ec));
        }
        if (U_SUCCESS(ec)) {
            std::string all(reinterpret_cast<const char *>(abbreviations), (size_t)abbreviationsLength);
            size_t start = 0;
            while (start <= all.size()) {
                size_t nl = all.find('\n', start);
                if (nl == std::string::npos) nl = all.size();
                if (nl > start) {
                    UnicodeString word = UnicodeString::fromUTF8(StringPiece(all.data() + start, (int32_t)(nl - start)));
                    builder->suppressBreakAfter(word, ec);
                }
                start = nl + 1;
            }
            if (U_SUCCESS(ec)) it = builder->wrapIteratorWithFilter(it, ec);
        }
    }
    *status = ec;
    if (U_FAILURE(ec)) {
        delete it;
        return nullptr;
    }
    sift_breaker *b = new (std::nothrow) sift_breaker;
    b->it = it;
    return b;
}

extern "C" sift_breaker *sift_brk_clone(const sift_breaker *b, int32_t *status) {
    BreakIterator *c = b->it->clone();
    *status = c ? U_ZERO_ERROR : U_MEMORY_ALLOCATION_ERROR;
    if (!c) return nullptr;
    sift_breaker *n = new (std::nothrow) sift_breaker;
    n->it = c;
    return n;
}

extern "C" void sift_brk_close(sift_breaker *b) {
    if (!b) return;
    delete b->it;
    utext_close(&b->text);
    delete b;
}

extern "C" void sift_brk_set_utf8(sift_breaker *b, const uint8_t *text, int64_t length, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    utext_openUTF8(&b->text, reinterpret_cast<const char *>(text), length, &ec);
    if (U_SUCCESS(ec)) b->it->setText(&b->text, ec);
    *status = ec;
}

extern "C" int64_t sift_brk_next(sift_breaker *b) {
    int32_t n = b->it->next();
    return n == BreakIterator::DONE ? -1 : (int64_t)n;
}

extern "C" int32_t sift_brk_rule_status(sift_breaker *b) { return b->it->getRuleStatus(); }
