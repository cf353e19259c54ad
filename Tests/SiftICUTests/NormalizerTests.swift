import SiftFuzzing
import SiftICU
import Testing

@Suite struct NormalizerTests {
    @Test func formsGiveICUResults() throws {
        #expect(try Normalizer(.nfc).normalize("e\u{301}") == "é")
        #expect(try Normalizer(.nfd).normalize("é") == "e\u{301}")
        #expect(try Normalizer(.nfkc).normalize("ﬁ① Ｈｅｌｌｏ") == "fi1 Hello")
        #expect(try Normalizer(.nfkd).normalize("ﬁé") == "fie\u{301}")
        #expect(try Normalizer(.nfkcCasefold).normalize("Straße\u{200B}") == "strasse")
    }

    @Test func normalizedTextIsReturnedAsIs() throws {
        let n = try Normalizer(.nfkc)
        #expect(n.isNormalized("plain ascii and 中文"))
        #expect(!n.isNormalized("ﬁ"))
        let (text, edits) = n.normalize("already fine", recordingEdits: true)
        #expect(text == "already fine")
        #expect(edits.isEmpty)
    }

    @Test func editsDescribeChangedBytes() throws {
        // "aﬁb": ﬁ (3 bytes at offset 1) becomes "fi" (2 bytes).
        let (text, edits) = try Normalizer(.nfkc).normalize("aﬁb", recordingEdits: true)
        #expect(text == "afib")
        #expect(edits == [ByteEdit(sourceStart: 1, oldLength: 3, newLength: 2)])
    }

    @Test func expandingTextGrowsTheBuffer() throws {
        // U+FDFA expands to 18 code points under NFKC: far beyond the first buffer guess.
        let input = String(repeating: "\u{FDFA}", count: 50)
        let out = try Normalizer(.nfkc).normalize(input)
        #expect(out.unicodeScalars.count == 18 * 50)
    }

    /// The bridge's screen (characters with quick check Yes and combining class 0 passed over, ICU's
    /// check from the last of them) against ICU's check of the whole text, for each form, on random
    /// texts of ASCII runs (0 to 40 bytes, so that the sixteen-byte steps meet every alignment),
    /// characters the screen passes (Latin-1 letters, CJK, kana, Hangul, punctuation) and characters
    /// it must not (combining marks after a letter they compose with, the kana voicing mark,
    /// Hangul jamo, compatibility characters, no-break space, characters beyond the BMP).
    @Test func screenAgreesWithTheWholeCheck() throws {
        var generator = Generator(seed: 0x9F3C)
        let pieces = ["é", "ù", "Ã", "中", "文", "か", "한", "—", "’", "ж",
                      "\u{301}", "\u{323}", "\u{3099}", "\u{1161}", "\u{11A8}", "ﬁ", "①", "\u{A0}", "Ｈ", "😀", "\u{1D15E}", "\u{0F73}", "\u{591}", "\u{5B0}",
                      "e", "A", " ", "\n"]
        var checked = 0
        for form in [NormalizationForm.nfc, .nfd, .nfkc, .nfkd, .nfkcCasefold] {
            let n = try Normalizer(form)
            for _ in 0..<3000 {
                var text = String(repeating: "a", count: Int.random(in: 0...150, using: &generator))
                for _ in 0..<Int.random(in: 0...6, using: &generator) {
                    text += pieces.randomElement(using: &generator)!
                    if Bool.random(using: &generator) { text += String(repeating: "b", count: Int.random(in: 0...20, using: &generator)) }
                }
                var t = text
                let fast = t.withUTF8 { n.isNormalized($0) }
                #expect(fast == n.isNormalized(text), "\(form): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
                // The same with the text's ASCII start given (as a document read from JSONL knows
                // it), or any shorter part of it: a combining mark right after it still counts.
                let asciiStart = Array(text.utf8).firstIndex { $0 >= 0x80 } ?? text.utf8.count
                let given = Int.random(in: 0...asciiStart, using: &generator)
                let skipping = t.withUTF8 { n.isNormalized($0, asciiPrefix: Bool.random(using: &generator) ? asciiStart : given) }
                #expect(skipping == fast, "\(form): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
                checked += 1
            }
        }
        #expect(checked == 15000)
    }
}
