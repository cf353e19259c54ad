import Sift
import SiftTestSupport
import Testing

@Suite struct NormalizationStageTests {
    @Test func normalizeCarriesSpansExactly() throws {
        let p = try TestSupport.pipeline("stages:\n  - normalize: { form: nfkc }\n")
        // "ﬁrst ①: ｆｕｌｌ" — spans on "ﬁrst" and on "ｆｕｌｌ".
        var d = Document(id: "x", text: "ﬁrst ①: ｆｕｌｌ")
        d.spans = [Span(type: "w", start: 0, end: 6), Span(type: "w", start: 12, end: 24)]
        let out = try Runner.apply(p, to: [d])[0]
        #expect(out.text == "first 1: full")
        #expect(out.spans.map { TestSupport.covered($0, in: out) } == ["first", "full"])
    }

    @Test func transliterateLineByLine() throws {
        let d = try TestSupport.run(#"stages: [ { transliterate: { id: "Any-Latin; Latin-ASCII" } } ]"#, "Москва\n\n東京\nok\n")
        #expect(d.text == "Moskva\n\ndong jing\nok\n")
    }

    @Test func transliterateInlineRulesAndReverse() throws {
        #expect(try TestSupport.run(#"stages: [ { transliterate: { rules: "ß > ss; ::Lower;" } } ]"#, "STRAßE").text == "strasse")
        #expect(try TestSupport.run(#"stages: [ { transliterate: { id: "Cyrillic-Latin", reverse: true } } ]"#, "Moskva").text == "Москва")
        #expect(TestSupport.diagnostics(#"stages: [ { transliterate: { id: "Any-Latin", rules: "a > b;" } } ]"#)?.contains("give either 'id' or 'rules', not both") == true)
    }
}
