import Sift
import SiftTestSupport
import Testing

@Suite struct WhitespaceStageTests {
    private func clean(_ text: String, _ options: String = "") throws -> String {
        try TestSupport.run("stages:\n  - whitespace\(options.isEmpty ? "" : ": { \(options) }")\n", text).text
    }

    @Test func unifiesLineEndingsAndSpaces() throws {
        #expect(try clean("a\r\nb\rc\u{2028}d\u{85}e") == "a\nb\nc\nd\ne")
        #expect(try clean("  one \t two\u{00A0}\u{3000}three  \n") == "one two three\n")
    }

    @Test func limitsBlankLineRuns() throws {
        #expect(try clean("\n\n  \ntitle\n\n\n\n \t\nbody\n\n\n") == "title\n\nbody\n")
        #expect(try clean("a\n\n\n\nb", "max-blank-lines: 2") == "a\n\n\nb")
        #expect(try clean("a\n\n\nb", "max-blank-lines: 0") == "a\nb")
    }

    @Test func removesInvisiblesButKeepsJoiners() throws {
        // ZWSP, soft hyphen, word joiner and a stray BOM go; ZWJ in an emoji sequence and ZWNJ in Persian stay.
        let family = "👨\u{200D}👩\u{200D}👧"
        let persian = "می\u{200C}خواهم"
        #expect(try clean("in\u{200B}vis\u{00AD}ible\u{2060} \u{FEFF}\(family) \(persian)") == "invisible \(family) \(persian)")
        #expect(try clean("a\u{200B}b", "invisible: false") == "a\u{200B}b")
    }

    @Test func bidiControlsAreKeptUnlessAsked() throws {
        let text = "\u{200F}שלום abc"
        #expect(try clean(text) == text)
        #expect(try clean(text, "bidi-controls: true") == "שלום abc")
    }

    @Test func controlCharactersGo() throws {
        #expect(try clean("bell\u{07} esc\u{1B}[0m c1\u{93}") == "bell esc[0m c1")
    }

    @Test func cleanTextIsUnchanged() throws {
        let text = TestSupport.fixtureText("pages/clean-article.txt")
        #expect(!text.isEmpty)
        let doc = try TestSupport.run("stages:\n  - whitespace\n", text)
        #expect(doc.text == text)
        #expect(doc.changedScalars == 0)
    }

    @Test func spansSurviveWhitespaceEdits() throws {
        let p = try TestSupport.pipeline("stages:\n  - whitespace\n")
        var d = Document(id: "x", text: "  Hello   big \u{200B}world  \n")
        // Span over "big" (bytes 10..<13) and over "world" (17..<22).
        d.spans = [Span(type: "w", start: 10, end: 13), Span(type: "w", start: 17, end: 22)]
        let out = try Runner.apply(p, to: [d])[0]
        #expect(out.text == "Hello big world\n")
        #expect(out.spans.map { TestSupport.covered($0, in: out) } == ["big", "world"])
    }
}
