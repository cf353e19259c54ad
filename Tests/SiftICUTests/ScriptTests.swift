import SiftICU
import SiftFuzzing
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

    /// Letters per script as `ScriptRuns.letters` counts them, by ISO code with the first letter's offset.
    private func letters(_ text: String) -> [String: (letters: Int, first: Int)] {
        let n = ScriptRuns.scriptCount
        let scripts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n), letters = UnsafeMutableBufferPointer<Int64>.allocate(capacity: n)
        let first = UnsafeMutableBufferPointer<Int64>.allocate(capacity: n)
        defer { scripts.deallocate(); letters.deallocate(); first.deallocate() }
        var t = text
        let count = t.withUTF8 { ScriptRuns.letters(in: $0, scripts: scripts, letters: letters, first: first) } ?? -1
        var out: [String: (letters: Int, first: Int)] = [:]
        for i in 0..<max(count, 0) { out[Script(rawValue: scripts[i]).code] = (Int(letters[i]), Int(first[i])) }
        return out
    }

    @Test(arguments: [
        "ab 12 cd 中文", "Hello, world! 中文，测试。 end", "cafe\u{301} naïve", "देवनागरी text", "コーヒー ひらがなとカタカナ",
        "The Ρaypal login page was faked with a Greek Rho, and \"Аpple\" began with a Cyrillic A, all in one long ASCII line.",
        "Sam Lee的更多文章 요약 ΑΒΓ 𠀀𠀁 🙂 ⅷ ª 〇 々", "12345 !!! ...", "",
        String(repeating: "abcdefghij", count: 10) + "é" + String(repeating: "0123456789", count: 7) + "Z",
    ])
    func lettersPerScriptAreTheRunsLetters(_ text: String) {
        expectLettersOfRuns(text)
    }

    /// Pieces around what the bridge counts sixteen bytes at a time without decoding (ASCII, and
    /// U+4E00...U+9FFF: lead E5...E9, or E4 then B8...BF) and just outside it (U+4DBF, U+4DC0,
    /// U+A000, CJK punctuation, other scripts, combining marks, four-byte characters).
    static let blockPieces: [String] = [
        "a", "Z", " ", "7", "|", "\n", "@", "[", "`", "{", "中", "文", "一", "丁", "\u{4E00}", "\u{4FFF}", "\u{5000}", "\u{9FFF}",
        "\u{9FA5}", "\u{4DBF}", "\u{4DC0}", "\u{4DFF}", "\u{4D80}", "\u{3400}", "\u{A000}", "\u{A4D0}", "，", "。", "、", "（", "々",
        "〇", "é", "ö", "ж", "ок", "한국", "の", "カー", "\u{301}", "\u{200B}", "👍", "\u{20000}", "abcdefghijklmnop",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ", "中文测试关于我们联系", "人们", "ΑΒΓ",
    ]

    @Test func everyCJKUnifiedIdeographIsAHanLetterAsTheRunsSay() {
        // The bridge reads U+4E00...U+9FFF as Han letters without a lookup once it has checked the
        // Unicode version and a sample of the block: the runs look up every one of them.
        let block = String(String.UnicodeScalarView((0x4E00...0x9FFF).compactMap(Unicode.Scalar.init)))
        expectLettersOfRuns(block)
        let runs = ScriptRuns.runs(in: block)
        #expect(runs.count == 1 && runs.first?.script == .han && runs.first?.letters == 0x9FFF - 0x4E00 + 1)
    }

    @Test func lettersCountedByBlocksAreTheRunsLetters() {
        // Texts of random pieces put every piece at every offset of a sixteen-byte block, and
        // every length of the last, shorter block.
        var g = Generator(seed: 24)
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...24, using: &g) { text += Self.blockPieces.randomElement(using: &g)! }
            expectLettersOfRuns(text)
        }
    }

    @Test func lettersOfLongASCIIStretchesAreTheRunsLetters() {
        // ASCII stretches of every length up to past a full round of the sixty-four-byte steps
        // (127 of them) and between rounds of the sixteen-byte blocks, cut by other characters.
        var g = Generator(seed: 26)
        let ascii = Array("abcxyzABCXYZ@[`{ 09\n.-_~".utf8), others = ["é", "中文", "ж", "👍", "\u{301}"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...3, using: &g) {
                let n = Int.random(in: 0...9_000, using: &g)
                text += String(decoding: (0..<n).map { _ in ascii.randomElement(using: &g)! }, as: UTF8.self)
                text += others.randomElement(using: &g)!
            }
            expectLettersOfRuns(text)
        }
    }

    @Test func lettersOfMalformedBytesAreTheRunsLetters() {
        // Cut and stray sequences next to the characters read without decoding: the runs read each
        // malformed sequence as U+FFFD, and so must the count.
        let pieces: [[UInt8]] = Self.blockPieces.map { Array($0.utf8) } + [
            [0xE4], [0xE5], [0xE9, 0xBF], [0xE4, 0xB8], [0x80], [0xBF], [0xE5, 0x80, 0x80, 0x80], [0xC3], [0xFF], [0xED, 0xA0, 0x80],
        ]
        var g = Generator(seed: 25)
        let n = ScriptRuns.scriptCount
        let scripts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n), letters = UnsafeMutableBufferPointer<Int64>.allocate(capacity: n)
        let first = UnsafeMutableBufferPointer<Int64>.allocate(capacity: n)
        defer { scripts.deallocate(); letters.deallocate(); first.deallocate() }
        for _ in 0..<4_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &g) { bytes += pieces.randomElement(using: &g)! }
            var expected: [Int32: Int] = [:], found: [Int32: Int] = [:]
            bytes.withUnsafeBufferPointer { text in
                for r in ScriptRuns.runs(in: text) where !r.script.isNeutral && r.letters > 0 { expected[r.script.rawValue, default: 0] += r.letters }
                let count = ScriptRuns.letters(in: text, scripts: scripts, letters: letters, first: first) ?? 0
                for i in 0..<count { found[scripts[i]] = Int(letters[i]) }
            }
            #expect(found == expected, "\(bytes)")
        }
    }

    /// `ScriptRuns.letters` gives the letters the script runs count, and each script's first letter.
    private func expectLettersOfRuns(_ text: String) {
        // The same counts as the script runs give, without building them.
        var expected: [String: Int] = [:]
        for r in ScriptRuns.runs(in: text) where !r.script.isNeutral && r.letters > 0 { expected[r.script.code, default: 0] += r.letters }
        let found = letters(text)
        #expect(found.mapValues(\.letters) == expected, "\(text)")
        // Each script's first letter.
        let scalars = Array(text.unicodeScalars)
        var offset = 0
        var firsts: [String: Int] = [:]
        for s in scalars {
            let script = s.isASCII ? (s.properties.isAlphabetic ? Script.latin : .common) : Script.of(s)
            let isLetter = switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
            default: false
            }
            if !script.isNeutral, isLetter, firsts[script.code] == nil { firsts[script.code] = offset }
            offset += String(s).utf8.count
        }
        #expect(found.mapValues(\.first) == firsts, "\(text)")
    }

    @Test func firstOtherFindsTheNextForeignLetter() {
        var t = "Read more: 查看全部 and 更多 (2024) ок"
        let latin: [Int32] = [Script.latin.rawValue]
        let found = t.withUTF8 { bytes in
            latin.withUnsafeBufferPointer { native in
                var out: [Int] = []
                var from = 0
                while let at = ScriptRuns.firstOther(in: bytes, from: from, native: native) {
                    out.append(at)
                    from = at + 1
                }
                return out
            }
        }
        // The offsets of the Han and Cyrillic letters.
        var expected: [Int] = [], offset = 0
        for s in t.unicodeScalars {
            if "查看全部更多ок".unicodeScalars.contains(s) { expected.append(offset) }
            offset += String(s).utf8.count
        }
        #expect(found == expected)
        // With Han native, the ASCII letters are what is foreign; digits and punctuation never are.
        let han: [Int32] = [Script.han.rawValue]
        t = "（2024）查看 Share"
        #expect(t.withUTF8 { b in han.withUnsafeBufferPointer { ScriptRuns.firstOther(in: b, from: 0, native: $0) } } == "（2024）查看 ".utf8.count)
        #expect(t.withUTF8 { b in han.withUnsafeBufferPointer { ScriptRuns.firstOther(in: b, from: "（2024）查看 Share".utf8.count - 1, native: $0) } } == "（2024）查看 Shar".utf8.count)
        let end = t.utf8.count
        #expect(t.withUTF8 { b in han.withUnsafeBufferPointer { ScriptRuns.firstOther(in: b, from: end, native: $0) } } == nil)
    }
}
