import SiftICU
import Testing

@Suite struct RegexTests {
    private func matches(_ pattern: String, _ text: String, options: ICURegex.Options = []) throws -> [Range<Int>] {
        let r = try ICURegex(pattern, options: options)
        var text = text
        var out: [Range<Int>] = []
        try text.withUTF8 { b in try r.forEachMatch(in: b) { out.append($0.range); return true } }
        return out
    }

    @Test func rangesAreUTF8ByteOffsets() throws {
        // "né 中文 x": é is 2 bytes, 中 and 文 3 bytes each.
        #expect(try matches("\\p{Han}+", "né 中文 x") == [4..<10])
        #expect(try matches("x", "né 中文 x") == [11..<12])
    }

    @Test func caseInsensitiveAndMultiline() throws {
        #expect(try matches("^share$", "Share\nx\nSHARE", options: [.caseInsensitive, .multiline]) == [0..<5, 8..<13])
    }

    @Test func syntaxErrorsGiveAPosition() {
        do {
            _ = try ICURegex("ab(c")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.description == "invalid regular expression (mismatched paren at character 5)")
        }
    }

    @Test func catastrophicBacktrackingTimesOut() throws {
        let r = try ICURegex("^(a+)+$", timeLimit: 1)
        var text = String(repeating: "a", count: 40) + "b"
        do {
            try text.withUTF8 { _ = try r.firstMatch(in: $0) }
            Issue.record("expected a time-out")
        } catch let error as ICUError {
            #expect(error.isTimeout)
        }
    }

    @Test func namedGroups() throws {
        let r = try ICURegex("(?<num>\\d+) (?<unit>km)")
        #expect(r.groupCount == 2)
        #expect(r.groupNumber(named: "unit") == 2)
        #expect(r.groupNumber(named: "nope") == nil)
    }
}

@Suite struct LocaleTests {
    @Test func canonicalizesKnownLocales() {
        #expect(ICULocale.canonical("en-US") == "en_US")
        #expect(ICULocale.canonical("zh-Hant") == "zh_Hant")
        #expect(ICULocale.canonical("de") == "de")
        #expect(ICULocale.canonical("xx") == nil)
        #expect(ICULocale.canonical("englsh") == nil)
    }
}
