import SiftICU
import Testing

@Suite struct TransliteratorTests {
    @Test func romanizesAndFoldsToASCII() throws {
        let t = try Transliterator(id: "Any-Latin; Latin-ASCII")
        #expect(try t.transliterate("Ёлка") == "Elka")
        #expect(try t.transliterate("Ελληνικά") == "Ellenika")
        #expect(try t.transliterate("naïve café") == "naive cafe")
    }

    @Test func inlineRules() throws {
        let t = try Transliterator(rules: "ß > ss; ::Upper;")
        #expect(try t.transliterate("Straße") == "STRASSE")
    }

    @Test func unknownIDIsAnError() {
        #expect(throws: ICUError.self) { try Transliterator(id: "Any-Latinn") }
    }

    @Test func badRulesNameTheRule() {
        do {
            _ = try Transliterator(rules: "a > b;\nc > ;\n( > d;")
            Issue.record("expected a rule error")
        } catch {
            #expect(error.detail?.contains("rule") == true)
        }
    }

    @Test func copiesAreIndependent() throws {
        let t = try Transliterator(id: "Latin-Cyrillic")
        let c = try t.copy()
        #expect(try c.transliterate("da") == "да")
        #expect(Transliterator.availableIDs.contains("Latin-Cyrillic"))
    }
}
