// The ICU ceiling: the same ICU calls Sift makes, straight from C++, on the same documents.
// usage: icu_ceiling MODE corpus.bin   (MODE: nfkc | scripts | sentence | word)
// Prints "MODE MB/s" for one pass over every document (text bytes / CPU time of the pass).
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace icu;

int main(int argc, char **argv) {
    if (argc != 3) { std::fprintf(stderr, "usage: icu_ceiling nfkc|scripts|sentence|word corpus.bin\n"); return 2; }
    std::string mode = argv[1];
    std::ifstream in(argv[2], std::ios::binary);
    std::vector<std::string> docs;
    size_t bytes = 0;
    for (;;) {
        uint32_t n;
        if (!in.read(reinterpret_cast<char *>(&n), 4)) break;
        std::string s(n, '\0');
        in.read(&s[0], n);
        bytes += n;
        docs.push_back(std::move(s));
    }
    UErrorCode ec = U_ZERO_ERROR;
    const Normalizer2 *nfkc = Normalizer2::getNFKCInstance(ec);
    BreakIterator *brk = nullptr;
    if (mode == "sentence") brk = BreakIterator::createSentenceInstance(Locale::getRoot(), ec);
    if (mode == "word") brk = BreakIterator::createWordInstance(Locale::getRoot(), ec);
    size_t sink = 0;
    // CPU time, like `sift run --stats`: comparable on a machine shared with other work.
    std::clock_t c0 = std::clock();
    for (const std::string &d : docs) {
        if (mode == "nfkc") {
            std::string out;
            out.reserve(d.size() + 16);
            StringByteSink<std::string> s(&out);
            nfkc->normalizeUTF8(0, StringPiece(d.data(), (int32_t)d.size()), s, nullptr, ec);
            sink += out.size();
        } else if (mode == "scripts") {
            int32_t i = 0, n = (int32_t)d.size();
            const uint8_t *p = reinterpret_cast<const uint8_t *>(d.data());
            while (i < n) {
                UChar32 c;
                U8_NEXT(p, i, n, c);
                UErrorCode e = U_ZERO_ERROR;
                sink += uscript_getScript(c, &e);
            }
        } else {
            UText ut = UTEXT_INITIALIZER;
            utext_openUTF8(&ut, d.data(), (int64_t)d.size(), &ec);
            brk->setText(&ut, ec);
            for (int32_t b = brk->first(); b != BreakIterator::DONE; b = brk->next()) sink++;
            utext_close(&ut);
        }
    }
    double seconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
    std::printf("%s %.1f\n", mode.c_str(), bytes / 1e6 / seconds);
    std::fprintf(stderr, "(%zu documents, %.1f MB, checksum %zu)\n", docs.size(), bytes / 1e6, sink);
    delete brk;
    return U_FAILURE(ec) ? 1 : 0;
}
