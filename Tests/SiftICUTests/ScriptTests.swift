import SiftICU
import Testing

@Suite struct ScriptTests {
    private func runs(_ text: String) -> [String] {
        let t = text
        return ScriptRuns.runs(in: t).map { r in
            let u = Array(t.utf8)
            return "\(r.script.code):\(String(decoding: u[r.range], as: UTF8.self))"
        }
    }

    @Test func neutralsTakeTheirNeighboursScript() {
        #expect(runs("Hello, world! 中文，测试。 end") == ["Latn:Hello, world! ", "Hani:中文，测试。 ", "Latn:end"])
        #expect(runs("(1000 GMT) 要查看") == ["Latn:(1000 GMT) ", "Hani:要查看"])
        #expect(runs("2023: Москва") == ["Cyrl:2023: Москва"])
        #expect(runs("123 ...") == ["Zyyy:123 ..."])
    }

    @Test func scriptExtensionsAreHonoured() {
        // ー (U+30FC) is Common with extensions {Hira, Kana}: between katakana it is katakana.
        #expect(runs("コーヒー") == ["Kana:コーヒー"])
        // 。 between Han characters is Han.
        #expect(runs("漢字。漢字") == ["Hani:漢字。漢字"])
        #expect(runs("ひらがなとカタカナ") == ["Hira:ひらがなと", "Kana:カタカナ"])
    }

    @Test func combiningMarksStayWithTheirBase() {
        #expect(runs("cafe\u{301} naïve") == ["Latn:cafe\u{301} naïve"])
        #expect(runs("देवनागरी text") == ["Deva:देवनागरी ", "Latn:text"])
    }

    @Test func lettersAreCounted() {
        let r = ScriptRuns.runs(in: "ab 12 cd 中文")
        #expect(r.map(\.letters) == [4, 2])
        #expect(Script(code: "Latn") == .latin)
        #expect(Script.latin.name == "Latin")
    }
}

@Suite struct BreakIteratorTests {
    private func segments(_ unit: TextBreaker.Unit, _ locale: String, _ text: String, abbreviations: [String] = []) throws -> [String] {
        let b = try TextBreaker(unit, locale: locale, abbreviations: abbreviations)
        var t = text
        var out: [String] = []
        t.withUTF8 { buf in b.forEachSegment(in: buf) { r, _ in out.append(String(decoding: UnsafeBufferPointer(rebasing: buf[r]), as: UTF8.self)) } }
        return out
    }

    @Test func sentencesHonourSuppressions() throws {
        let text = "Mr. Smith arrived. He met Dr. Jones at approx. Ten o'clock."
        #expect(try segments(.sentence, "en", text) == ["Mr. ", "Smith arrived. ", "He met Dr. ", "Jones at approx. ", "Ten o'clock."])
        // ICU's English suppressions know "Mr." but not "Dr." or "approx."; a pipeline can add them.
        #expect(try segments(.sentence, "en@ss=standard", text) == ["Mr. Smith arrived. ", "He met Dr. ", "Jones at approx. ", "Ten o'clock."])
        #expect(try segments(.sentence, "en@ss=standard", text, abbreviations: ["Dr.", "approx."]) == ["Mr. Smith arrived. ", "He met Dr. Jones at approx. Ten o'clock."])
    }

    @Test func dictionaryWordsForThaiAndChinese() throws {
        #expect(try segments(.word, "th", "สวัสดีครับ") == ["สวัสดี", "ครับ"])
        #expect(try segments(.word, "zh", "我们去图书馆") == ["我们", "去", "图书", "馆"])
    }
}
