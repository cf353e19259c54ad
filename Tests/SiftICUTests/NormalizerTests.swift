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
}
