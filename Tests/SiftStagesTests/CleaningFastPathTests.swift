import CByteScan
import Sift
import SiftICU
import SiftTestSupport
import SiftFuzzing
import Testing

@testable import SiftStages

/// The cleaning stages decide the common case (a line of prose, an ASCII line) on the bytes,
/// without ICU or Strings. Each fast path must give exactly the answer of the general path: these
/// tests compare the two on lines built to be near misses.
@Suite struct CleaningFastPathTests {
    /// Lines near the decisions: punctuation and symbols of every kind, spaces, interface phrases
    /// in and out of context, mojibake and its look-alikes, several scripts.
    static let pieces: [String] = [
        "?", "？", "□", "�", "•", "·", "...", "-", "--", "---", "***", "===", "___", "~~~", "#", "$", "+", "<", ">", "^", "`",
        "|", "=", "(1)", "!", "\"", "'", "%", "&", "*", ",", ".", "/", ":", ";", "@", "[", "\\", "]", "{", "}", "─", "━",
        " ", "\t", "\u{00A0}", "\u{3000}", "\u{000B}", "\u{000C}", "\r", "a", "Z", "7", "👍", "中", "文", "é", "Ã©", "â€™",
        "Ã", "Â", "€", "™", "Ð¿Ñ€Ð¸", "ÐŸ", "Share", "share", "SHARE", "sign", "in", "Sign In", "to", "comment", "read",
        "more", "Read more »", "cookies", "all rights reserved", "log-in", "don't", "o'clock", "e-mail", "newsletter",
        "home", "Home", "menu", "skip", "content", "x", "the", "登录", "分享", "ログイン", "로그인", "войти", "İ", "ß",
        "s'inscrire", "abonnez-vous", "cadastre-se", "leia", "mais", "print", "tweet", "\u{0301}", "\u{200B}",
    ]

    /// A random line of 1 to 8 pieces.
    static func line(_ g: inout Generator) -> String { line(of: pieces, &g) }

    /// A random line of 1 to 8 of the given pieces, a space after about one in three.
    static func line(of pieces: [String], _ g: inout Generator) -> String {
        let n = Int.random(in: 1...8, using: &g)
        var s = ""
        for _ in 0..<n {
            s += pieces.randomElement(using: &g)!
            if Int.random(in: 0..<3, using: &g) == 0 { s += " " }
        }
        return s
    }

    @Test func dropLinesScreenNeverHidesAMatch() throws {
        for preset in DropLinesStage.Preset.allCases {
            let regex = try ICURegex(preset.pattern)
            let screen = DropLinesStage.LineScreen(regex, preset: preset)
            var g = Generator(seed: 4)
            var screened = 0, matched = 0
            for _ in 0..<20_000 {
                let line = Self.line(&g)
                var bytes = Array(line.utf8)
                let matches = try bytes.withUnsafeMutableBufferPointer { try regex.matchesWhole(UnsafeBufferPointer($0)) }
                let verdict = bytes.withUnsafeMutableBufferPointer { screen.verdict(UnsafeBufferPointer($0)) }
                #expect(verdict == nil || verdict == matches, "\(preset): \(line.debugDescription)")
                if verdict != nil { screened += 1 }
                if matches { matched += 1 }
            }
            // The screen does its job: most of these lines never reach ICU, and some lines match.
            #expect(screened > 10_000)
            #expect(matched > 100)
        }
    }

    @Test func asciiPhraseSearchAgreesWithTheGeneralOne() {
        let index = PhraseIndex(["jetzt abonnieren", "zzz top"] + UIVocabulary.all)
        var g = Generator(seed: 9)
        var found = 0
        for _ in 0..<20_000 {
            let line = Self.line(&g)
            guard line.utf8.allSatisfy({ $0 < 0x80 }) else { continue }
            let lowered = line.lowercased()
            let general = index.firstPhrase(in: lowered)
            let generalWhole = general.map { PhraseIndex.words(lowered).joined(separator: " ") == $0 } ?? false
            var bytes = Array(line.utf8)
            let fast = bytes.withUnsafeMutableBufferPointer { index.firstPhrase(inASCII: UnsafeBufferPointer($0)) }
            #expect(fast?.phrase == general, "\(line.debugDescription)")
            #expect((fast?.whole ?? false) == generalWhole, "\(line.debugDescription)")
            #expect((fast?.legal ?? false) == (general.map { UIVocabulary.legal.contains($0) } ?? false), "\(line.debugDescription)")
            if general != nil { found += 1 }
        }
        #expect(found > 1_000)
    }

    @Test func mojibakeScreenChangesNoRepair() {
        let repair = MojibakeRepair()
        var g = Generator(seed: 11)
        var repaired = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...4, using: &g)).map { _ in Self.line(&g) }.joined(separator: "\n")
            let fast = repair.fixes(in: text)
            let slow = repair.fixes(in: text, screening: false)
            #expect(fast.map(\.range) == slow.map(\.range) && fast.map(\.fixed) == slow.map(\.fixed), "\(text.debugDescription)")
            // The screen started after the text's ASCII start (as a document read from JSONL knows it).
            var bytes = Array(text.utf8)
            let asciiStart = bytes.firstIndex { $0 >= 0x80 } ?? bytes.count
            let skipping = bytes.withUnsafeMutableBufferPointer { repair.fixes(in: UnsafeBufferPointer($0), asciiPrefix: asciiStart) }
            #expect(skipping.map(\.range) == slow.map(\.range) && skipping.map(\.fixed) == slow.map(\.fixed), "\(text.debugDescription)")
            if !slow.isEmpty { repaired += 1 }
        }
        #expect(repaired > 100)
    }

    /// The line prefilter (runs of one non-ASCII character, and too few of them for a legacy
    /// charset) against no screening, on lines around its thresholds: zero to eight non-ASCII
    /// characters alone or in runs, among few or many ASCII letters and spaces.
    @Test func mojibakeLinePrefilterChangesNoRepair() {
        let repair = MojibakeRepair()
        let pieces = ["a", "bc", " ", ".", "’", "“", "é", "ü", "中", "Ã", "€", "™", "Ã©", "â€™", "Ð¿Ñ€", "Ð", "ÄÚ", "±", "¿"]
        var g = Generator(seed: 0x3F11)
        var repaired = 0, passed = 0
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 1...10, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            let fast = repair.fixes(in: line)
            let slow = repair.fixes(in: line, screening: false)
            #expect(fast.map(\.range) == slow.map(\.range) && fast.map(\.fixed) == slow.map(\.fixed), "\(line.debugDescription)")
            if !slow.isEmpty { repaired += 1 }
            var bytes = Array(line.utf8)
            if bytes.withUnsafeMutableBufferPointer({ MojibakeRepair.cannotHoldMojibake(UnsafeBufferPointer($0)) }) { passed += 1 }
        }
        #expect(repaired > 100)
        #expect(passed > 1000)
    }

    /// The mojibake screen's byte search (C, 32 and 16 bytes a step, then byte by byte) against a
    /// plain loop: every start, lengths across the block edges, bytes drawn so that hits are rare
    /// or dense, and ranges at the ends of the byte values.
    @Test func byteRangeSearchAgreesWithALoop() {
        var g = Generator(seed: 0xB17E)
        let ranges: [(UInt8, UInt8)] = [(0xC2, 0xE2), (0x00, 0x00), (0xFF, 0xFF), (0x80, 0xBF), (0x00, 0xFF)]
        for _ in 0..<300 {
            let n = Int.random(in: 0...80, using: &g)
            let dense = Bool.random(using: &g)
            let bytes: [UInt8] = (0..<n).map { _ in
                dense || Int.random(in: 0..<40, using: &g) == 0 ? UInt8.random(in: 0...255, using: &g) : UInt8.random(in: 0x20...0x7E, using: &g)
            }
            bytes.withUnsafeBufferPointer { b in
                for (lo, hi) in ranges {
                    for from in 0...n {
                        let expected = (from..<n).first { b[$0] >= lo && b[$0] <= hi } ?? n
                        let found = b.baseAddress.map { Int(sift_find_byte_in_range($0, Int64(from), Int64(n), lo, hi)) } ?? n
                        #expect(found == expected, "\(bytes) from \(from) in \(lo)...\(hi)")
                    }
                }
            }
        }
    }

    @Test func strayIgnoredTokenScreenAgreesWithTheTokens() {
        // `stray` skips the token-by-token look at a unit that holds none of the bytes an
        // ignorable token needs: the answer must be the token-by-token one.
        let pieces = Self.pieces + [
            "://", "1://2", "1@2.3", "@", "#", "#1", "@1", "x", "WWW.", "www.x", "a_b", "1.2", "a/b", "a--b", "ABC", "AbC", "a1",
            "中文", "关于我们", "，", "。", "|", "·", "1", "2024", " ", "  ", "\t", "é", "ж", "_", ".", "/", "=", "--",
        ]
        var g = Generator(seed: 11)
        var screened = 0
        for _ in 0..<20_000 {
            let line = Self.line(of: pieces, &g)
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { unit in
                #expect(IgnoredTokens.noneIn(unit) == IgnoredTokens.noneInTokens(unit), "\(line.debugDescription)")
                if !IgnoredTokens.mayHoldIgnorable(unit) { screened += 1 }
            }
        }
        #expect(screened > 1_000)
    }

    /// `stray` (script check, line units) asks the bridge for the next line with a foreign letter,
    /// its bounds, its letters and whether it may hold a token to set aside, in one call: the lines
    /// and letters must be those of the search letter by letter, then the line around the letter,
    /// then its letters counted alone; a line said to hold no such token must hold none.
    @Test func strayLinesFoundInOneCallAreThoseOfTheLetterByLetterSearch() {
        let natives: [[Int32]] = [[Script.latin.rawValue], [Script.han.rawValue, Script.hiragana.rawValue, Script.katakana.rawValue],
                                  [Script.cyrillic.rawValue], []]
        let count = ScriptRuns.scriptCount
        let scripts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count), letters = UnsafeMutableBufferPointer<Int64>.allocate(capacity: count)
        let first = UnsafeMutableBufferPointer<Int64>.allocate(capacity: count)
        let refScripts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count), refLetters = UnsafeMutableBufferPointer<Int64>.allocate(capacity: count)
        let refFirst = UnsafeMutableBufferPointer<Int64>.allocate(capacity: count)
        defer { [scripts, refScripts].forEach { $0.deallocate() }; [letters, first, refLetters, refFirst].forEach { $0.deallocate() } }
        var g = Generator(seed: 21)
        var lines = 0, tokenFree = 0
        for round in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &g) {
                text += Self.line(&g) + ["\n", "\r\n", "\n\n", ""].randomElement(using: &g)!
            }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                natives[round % natives.count].withUnsafeBufferPointer { native in
                    // The general path: letter by letter, then the line around it.
                    var expected: [(Range<Int>, Range<Int>, [Int32: Int64])] = []
                    var next = ScriptRuns.firstOther(in: bytes, from: 0, native: native)
                    while let at = next {
                        var start = at
                        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
                        var end = at
                        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                        let contentEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
                        let n = ScriptRuns.letters(in: UnsafeBufferPointer(rebasing: bytes[start..<contentEnd]), scripts: refScripts, letters: refLetters,
                                                   first: refFirst) ?? -1
                        var counts: [Int32: Int64] = [:]
                        for k in 0..<max(n, 0) { counts[refScripts[k]] = refLetters[k] }
                        let whole = start..<(end < bytes.count ? end + 1 : end)
                        expected.append((start..<contentEnd, whole, counts))
                        next = ScriptRuns.firstOther(in: bytes, from: whole.upperBound, native: native)
                    }
                    // The bridge in one call per line.
                    var found: [(Range<Int>, Range<Int>, [Int32: Int64])] = []
                    var from = 0
                    while let line = ScriptRuns.nextLineWithOther(in: bytes, from: from, native: native, scripts: scripts, letters: letters, first: first) {
                        var counts: [Int32: Int64] = [:]
                        for k in 0..<line.scripts { counts[scripts[k]] = letters[k] }
                        found.append((line.content, line.whole, counts))
                        let content = UnsafeBufferPointer(rebasing: bytes[line.content])
                        let holds = content.contains { ($0 | 0x20) &- 0x61 < 26 || $0 == 0x23 || $0 == 0x40 || $0 == 0x3A || $0 == 0x09 }
                        #expect(line.mayHoldToken == holds, "\(text.debugDescription)")
                        let unit = UnsafeBufferPointer(rebasing: bytes[SegmentStage.trimmed(line.content, in: bytes)])
                        if !line.mayHoldToken {
                            #expect(IgnoredTokens.noneIn(unit), "\(text.debugDescription)")
                            tokenFree += 1
                        }
                        from = line.whole.upperBound
                        lines += 1
                    }
                    #expect(found.map(\.0) == expected.map(\.0), "\(text.debugDescription)")
                    #expect(found.map(\.1) == expected.map(\.1), "\(text.debugDescription)")
                    #expect(found.map(\.2) == expected.map(\.2), "\(text.debugDescription)")
                }
            }
        }
        #expect(lines > 2_000)
        #expect(tokenFree > 200)
    }

    /// The table of simplified-only and traditional-only characters is built from CLDR's sets as
    /// listed, without ICU's case closure (which costs 7 M instructions): it must mark exactly
    /// what the sets ICU closes over case would.
    @Test func hanMarksAreThoseOfTheCaseClosedExemplarSets() {
        let hans = LanguageSupport.exemplarCharacters("zh"), hant = LanguageSupport.exemplarCharacters("zh_Hant")
        let closed = LanguageIdentifier.HanMarks(simplifiedOnly: hans.subtracting(hant), traditionalOnly: hant.subtracting(hans))
        let marks = LanguageIdentifier.hanMarks
        #expect(marks.base == closed.base)
        #expect(marks.span == closed.span)
        #expect(marks.hanOnly == closed.hanOnly)
        var differ = 0, simplified = 0, traditional = 0
        for c in UInt32(0)..<0x11_0000 {
            let a = marks.marks(of: c), b = closed.marks(of: c)
            if a != b { differ += 1 }
            simplified += a.simplified ? 1 : 0
            traditional += a.traditional ? 1 : 0
        }
        #expect(differ == 0)
        #expect(simplified > 500 && traditional > 500)
    }

    @Test func hanMarksCountedOnBytesAreThoseOfEachCharacter() {
        // HanMarks.count decodes three-byte characters on a path of its own: it must count what
        // looking each character up gives, also when the text ends inside a character.
        let marks = LanguageIdentifier.hanMarks
        let pieces = ["们", "們", "这", "這", "说", "說", "国", "國", "语", "語", "中", "文", "一", "\u{4E07}", "\u{9FA0}", "\u{9FFF}", "a", " ", "7",
                      "é", "ж", "，", "の", "한", "👍", "\u{20000}", "\u{FFFD}", "\u{800}", "\u{FFFF}"]
        var g = Generator(seed: 12)
        var marked = 0
        for _ in 0..<20_000 {
            var line = ""
            for _ in 0..<Int.random(in: 0...10, using: &g) { line += pieces.randomElement(using: &g)! }
            var bytes = Array(line.utf8)
            // Cut anywhere: the count stops before a cut character.
            let cut = Int.random(in: 0...bytes.count, using: &g)
            bytes.removeSubrange(cut...)
            var expected = (simplified: 0, traditional: 0), offset = 0
            for scalar in line.unicodeScalars {
                offset += String(scalar).utf8.count
                if offset > cut { break }
                let (s, t) = marks.marks(of: scalar.value)
                expected.simplified += s ? 1 : 0
                expected.traditional += t ? 1 : 0
            }
            let found = bytes.withUnsafeBufferPointer { marks.count(in: $0) }
            #expect(found == expected, "\(line.debugDescription) cut at \(cut)")
            // The evidence stray reads, one signed byte a character: the difference of the counts.
            let evidence = bytes.withUnsafeBufferPointer { marks.evidence(in: $0) }
            #expect(evidence == expected.simplified - expected.traditional, "\(line.debugDescription) cut at \(cut)")
            if found.simplified + found.traditional > 0 { marked += 1 }
        }
        #expect(marked > 1_000)
    }
}

extension CleaningFastPathTests {
    @Test(arguments: [true, false])
    func whitespacePlainLinesNeedNoScan(defaults: Bool) {
        let config = defaults
            ? WhitespaceStage.Config(lineEndings: true, collapse: true, trim: true, maxBlank: 1, invisible: true, controls: true, bidi: false)
            : WhitespaceStage.Config(lineEndings: false, collapse: false, trim: false, maxBlank: 0, invisible: false, controls: false, bidi: true)
        let stage = WhitespaceStage(config)
        var g = Generator(seed: 5)
        for _ in 0..<5_000 {
            let lines = (0..<Int.random(in: 1...6, using: &g)).map { _ in Int.random(in: 0..<4, using: &g) == 0 ? "" : Self.line(&g) }
            var text = Array(lines.joined(separator: ["\n", "\n", "\r\n", "\n\n"].randomElement(using: &g)!).utf8)
            let (fast, slow) = text.withUnsafeMutableBufferPointer { b in
                (stage.edits(in: UnsafeBufferPointer(b)), stage.edits(in: UnsafeBufferPointer(b), plainLines: false))
            }
            #expect(fast == slow, "\(String(decoding: text, as: UTF8.self).debugDescription)")
        }
    }
}

extension CleaningFastPathTests {
    @Test func asciiHashtagLinesAgreeWithTheGeneralParser() {
        let tokens = ["#Tag", "#tag_2", "#2tag", "#", "##x", "#a#b", "#x-y", "#Ünï", "tag", ",", " , ", ";", "|", " ", "\t", "#KimJongUn", "#A", "#z9"]
        var g = Generator(seed: 13)
        var lines = 0
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 1...6, using: &g)).map { _ in tokens.randomElement(using: &g)! }.joined()
            guard line.utf8.allSatisfy({ $0 < 0x80 }) else { continue }
            let general: [String]? = {
                var tags: [String] = []
                for token in line.split(whereSeparator: { " \t,;|".contains($0) }) {
                    guard let t = HashtagsStage.hashtag(token) else { return nil }
                    tags.append(t)
                }
                return tags.isEmpty ? nil : tags
            }()
            var bytes = Array(line.utf8)
            let fast = bytes.withUnsafeMutableBufferPointer { HashtagsStage.asciiTagLine(UnsafeBufferPointer($0)) }
            #expect(fast == .some(general), "\(line.debugDescription)")
            if general != nil { lines += 1 }
        }
        #expect(lines > 1_000)
    }
}

extension CleaningFastPathTests {
    /// Title and adjacent repeats compared on the bytes agree with comparing built keys.
    @Test func dedupeByteComparisonAgreesWithKeys() throws {
        let lines = ["Title", "TITLE", " title ", "Ti tle", "Ti  tle", "Share", "share", "SHARE\t", "ｓｈａｒｅ", "Ｔｉｔｌｅ", "\u{3000}",
                     "\u{200B}", "", "  ", "Body line.", "body   line.", "Body line .", "Ünï", "ÜNÏ", "e\u{301}", "é", "x\u{0B}y", "中文", "?"]
        try expectDedupePathsAgree(lines: lines, seed: 17, linesPerText: 1...8, minimumRemoved: 1_000)
    }
}

extension CleaningFastPathTests {
    /// The placeholder screen settles every line of one BMP character, exactly as the pattern would.
    @Test func dropLinesScreenAgreesOnEveryBMPCharacter() throws {
        let regex = try ICURegex(DropLinesStage.Preset.placeholders.pattern)
        let screen = DropLinesStage.LineScreen(regex, preset: .placeholders)
        var members = 0
        for v in UInt32(1)..<0x10000 {
            guard let s = Unicode.Scalar(v), v != 0x0A else { continue }
            var bytes = Array(String(s).utf8)
            let matches = try bytes.withUnsafeMutableBufferPointer { try regex.matchesWhole(UnsafeBufferPointer($0)) }
            let verdict = bytes.withUnsafeMutableBufferPointer { screen.verdict(UnsafeBufferPointer($0)) }
            #expect(verdict == matches, "U+\(String(v, radix: 16))")
            if matches { members += 1 }
        }
        #expect(members > 500)
    }

    /// Lines of non-ASCII punctuation, symbols and letters, mixed with ASCII: the screen's verdict,
    /// when it gives one, is the pattern's.
    @Test func dropLinesScreenAgreesOnNonASCIILines() throws {
        let extra = ["、", "。", "「", "」", "【", "】", "—", "–", "…", "※", "★", "☆", "♪", "¿", "¡", "«", "»", "§", "¶", "†",
                     "‰", "′", "〜", "〃", "・", "･", "‣", "⁃", "∙", "●", "○", "◆", "■", "▪", "🙂", "𝐀", "\u{2028}", "\u{0085}",
                     "\u{FEFF}", "\u{200B}", "\u{2060}", "，", "！", "？", "＃", "Ω", "한", "カ", "ｶ", "\u{E000}", "\u{FFFF}"]
        for preset in DropLinesStage.Preset.allCases {
            let regex = try ICURegex(preset.pattern)
            let screen = DropLinesStage.LineScreen(regex, preset: preset)
            var g = Generator(seed: 21)
            var settled = 0, matched = 0
            for _ in 0..<20_000 {
                let n = Int.random(in: 1...6, using: &g)
                let line = (0..<n).map { _ in Int.random(in: 0..<3, using: &g) == 0 ? Self.pieces.randomElement(using: &g)! : extra.randomElement(using: &g)! }.joined()
                var bytes = Array(line.utf8)
                if bytes.contains(0x0A) { continue }
                let matches = try bytes.withUnsafeMutableBufferPointer { try regex.matchesWhole(UnsafeBufferPointer($0)) }
                let verdict = bytes.withUnsafeMutableBufferPointer { screen.verdict(UnsafeBufferPointer($0)) }
                #expect(verdict == nil || verdict == matches, "\(preset): \(line.debugDescription)")
                if verdict != nil { settled += 1 }
                if matches { matched += 1 }
            }
            // The class run is settled on the scalars too; the separators only on ASCII.
            if preset.isClassRun {
                #expect(settled > 15_000)
                #expect(matched > 100)
            }
        }
    }

    /// Lines already NFKC case folded are compared on their bytes; others on their folded keys:
    /// both give the keyed answer, for letters that fold, compose, decompose or widen.
    @Test func dedupeNormalizedLinesCompareLikeKeys() throws {
        let lines = ["中文", "中文 ", " 中 文", "中　文", "ü", "Ü", "u\u{308}", "ﬁ", "fi", "FI", "Straße", "STRASSE", "strasse", "ǅ", "Ǆ",
                     "ǆ", "Ω", "ω", "\u{2126}", "Å", "\u{212B}", "カ", "ｶ", "が", "か\u{3099}", "한", "\u{1112}\u{1161}\u{11AB}", "①", "1",
                     "x\u{AD}y", "xy", "Xy", "İ", "i\u{307}", "σ", "Σ", "ς", "\u{3000}", "\u{200B}", "a\u{200B}", "A"]
        try expectDedupePathsAgree(lines: lines, seed: 23, linesPerText: 1...6, minimumRemoved: 200)
    }

    /// The candidate lines of `hashtags` found with memchr are the lines whose first byte after
    /// spaces and tabs is '#' or 0xEF.
    @Test func hashtagCandidatesAreFoundByTheirFirstByte() {
        let pieces = ["#", "＃", "#tag", "＃标签", " ", "\t", "\r", "\n", "\r\n", "a", "中", "，", "\u{FEFF}", "x#y", "é"]
        var g = Generator(seed: 29)
        var found = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...10, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            var bytes = Array(text.utf8)
            let (fast, slow) = bytes.withUnsafeMutableBufferPointer { b -> ([Int], [Int]) in
                let buffer = UnsafeBufferPointer(b)
                let slow = Self.hashOpenedLines(buffer)
                let fast = HashtagsStage.candidateLines(buffer)
                #expect(fast.map { HashtagsStage.line(at: $0, in: buffer).whole.lowerBound } == fast)
                return (fast, slow)
            }
            #expect(fast == slow, "\(text.debugDescription)")
            found += slow.count
        }
        #expect(found > 1_000)
    }

    /// The starts of the lines whose first byte after spaces and tabs is '#' or 0xEF, found by
    /// looking at every line: what the hashtag candidate scans must find.
    static func hashOpenedLines(_ buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts: [Int] = []
        buffer.forEachLine { line in
            var i = line.content.lowerBound
            while i < line.content.upperBound, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 }
            if i < line.content.upperBound, buffer[i] == UInt8(ascii: "#") || buffer[i] == 0xEF { starts.append(line.whole.lowerBound) }
        }
        return starts
    }

    /// The same on pages of up to a few kilobytes, where the search takes thirty-two bytes a step:
    /// the lines found are those of the byte-by-byte search and of looking at every line.
    @Test func hashtagCandidatesOnLongPagesAreFoundByTheirFirstByte() {
        let pieces = ["#", "＃", "#tag", "＃标签", " ", "\t", "\r", "\n", "\n", "\r\n", "a", "中", "，", "\u{FEFF}", "x#y", "é",
                      "The words of a longer line of prose, ", "#tag , #other"]
        var g = Generator(seed: 31)
        var found = 0
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 1...300, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            var bytes = Array(text.utf8)
            let (fast, bytewise, slow) = bytes.withUnsafeMutableBufferPointer { b -> ([Int], [Int], [Int]) in
                let buffer = UnsafeBufferPointer(b)
                let slow = Self.hashOpenedLines(buffer)
                var bytewise: [Int] = []
                HashtagsStage.candidateLines(buffer, into: &bytewise, bytewise: true)
                return (HashtagsStage.candidateLines(buffer), bytewise, slow)
            }
            #expect(fast == slow && bytewise == slow, "\(text.debugDescription)")
            found += slow.count
        }
        #expect(found > 20_000)
    }

    @Test func uiLinesClosersOnBytesAgreeWithTheList() {
        for v in UInt32(0)..<0x10000 {
            #expect(UILinesStage.isCloser(v) == UILinesStage.closers.contains(v), "U+\(String(v, radix: 16))")
        }
    }
}

extension CleaningFastPathTests {
    /// Every character dedupe-lines takes for folding to itself does, alone, doubled and between
    /// ASCII letters of either case (which fold to lower case), by ICU's own check.
    @Test func dedupeInertCharactersFoldToThemselves() throws {
        let folding = try Normalizer(.nfkcCasefold)
        var count = 0
        for v in UInt32(0x3000)..<0xE000 where DedupeLinesStage.isInert(v) {
            let c = String(Unicode.Scalar(v)!)
            for s in [c, c + c, "a" + c + "b", c + "z" + c] {
                #expect(folding.normalize(s) == s, "U+\(String(v, radix: 16)) in \(s.debugDescription)")
            }
            var upper = Array(("A" + c + "B").utf8)
            #expect(upper.withUnsafeMutableBufferPointer { DedupeLinesStage.foldsToItself(UnsafeBufferPointer($0)) })
            count += 1
        }
        #expect(count > 30_000)
    }
}

extension CleaningFastPathTests {
    /// Long texts, so that the vector loop of the plain-run scan runs, stops inside characters and
    /// at every kind of byte: the edits are those of the general scanner.
    @Test(arguments: [0, 1, 2])
    func whitespaceLongRunsNeedNoScan(maxBlank: Int) {
        let stage = WhitespaceStage(.init(lineEndings: true, collapse: true, trim: true, maxBlank: maxBlank, invisible: true, controls: true, bidi: false))
        let words = ["Plain", "words", "of", "prose.", "中文字符", "图像细化", "’", "é", "Ωμέγα", "x", "—", "…", "👍", "ok"]
        var g = Generator(seed: 31)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &g) {
                let plain = (0..<Int.random(in: 1...12, using: &g)).map { _ in words.randomElement(using: &g)! }.joined(separator: " ")
                // Mostly plain lines, sometimes a near miss at a random place.
                var line = Int.random(in: 0..<3, using: &g) == 0 ? plain + Self.line(&g) : plain
                if Int.random(in: 0..<8, using: &g) == 0 { line += " " }
                text += line + ["\n", "\n\n", "\n\n", "\n\n\n", "\r\n"].randomElement(using: &g)!
            }
            if Bool.random(using: &g) { text.removeLast() }
            var bytes = Array(text.utf8)
            let (fast, slow) = bytes.withUnsafeMutableBufferPointer { b in
                (stage.edits(in: UnsafeBufferPointer(b)), stage.edits(in: UnsafeBufferPointer(b), plainLines: false))
            }
            #expect(fast == slow, "\(text.debugDescription)")
        }
    }

    /// A trailing space after a CJK character, wherever the vector loop stops: found (it once was
    /// passed over when the scan resumed inside a character).
    @Test func whitespaceTrailingSpaceAfterCJKAtAnyOffset() {
        let stage = WhitespaceStage(.init(lineEndings: true, collapse: true, trim: true, maxBlank: 1, invisible: true, controls: true, bidi: false))
        for k in 1..<40 {
            var bytes = Array((String(repeating: "路", count: k) + "\n\n图像细化 \n\n不能同时指定路径及").utf8)
            let edits = bytes.withUnsafeMutableBufferPointer { stage.edits(in: UnsafeBufferPointer($0)) }
            let space = 3 * k + 2 + 12
            #expect(edits == [TextEdit(range: space..<(space + 1))], "k = \(k)")
        }
    }
}

extension CleaningFastPathTests {
    /// ui-lines counts the words of an ASCII line eight bytes at a time: the facts of a line are
    /// those counted one byte at a time, around the word limit and with spaces, tabs and other
    /// bytes at every place of a block.
    @Test(arguments: [3, 12, 20])
    func uiLinesWordBlocksCountLikeBytes(maxWords: Int) {
        let stage = UILinesStage(.init(threshold: 1.0, maxWords: maxWords, vocabulary: PhraseIndex(UIVocabulary.all)))
        let words = ["a", "word", "Share", "sign in", "x\ty", "  ", "\t", "longerwordhere", "12", "-", "é", "中文", "comment", "."]
        var g = Generator(seed: 37)
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 1...30, using: &g)).map { _ in words.randomElement(using: &g)! }.joined(separator: Bool.random(using: &g) ? " " : "")
            var bytes = Array(line.utf8)
            let (fast, slow) = bytes.withUnsafeMutableBufferPointer { b -> (UILinesStage.LineFacts, UILinesStage.LineFacts) in
                let buffer = UnsafeBufferPointer(b)
                let range = LineRange(content: 0..<buffer.count, whole: 0..<buffer.count)
                return (stage.analyse(buffer, range: range), stage.analyse(buffer, range: range, wordBlocks: false))
            }
            #expect(fast == slow, "\(line.debugDescription)")
        }
    }
}

extension CleaningFastPathTests {
    /// Short lines are split as `forEachLine` splits them, and their ASCII flag is the content's.
    @Test func shortLinesSplitLikeForEachLine() {
        let pieces = ["a", "bc", "\n", "\r\n", "\r", "é", "中文", "\n\n", "longer piece of text", " ", "\u{0A}\u{0D}"]
        var g = Generator(seed: 41)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...14, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { b in
                let buffer = UnsafeBufferPointer(b)
                var expected: [LineRange] = [], got: [LineRange] = []
                buffer.forEachLine { expected.append($0) }
                buffer.forEachShortLine { line, ascii in
                    got.append(line)
                    #expect(ascii == ASCIIScan.isASCII(UnsafeBufferPointer(rebasing: buffer[line.content])), "\(text.debugDescription)")
                }
                #expect(got == expected, "\(text.debugDescription)")
            }
        }
    }
}

extension CleaningFastPathTests {
    /// Two ASCII lines compare like their keys (lower case, whitespace runs as one space, trimmed),
    /// whatever prefix they share: the shared prefix is passed eight bytes at a time.
    @Test func dedupeASCIIComparisonSkipsTheCommonPrefix() {
        func key(_ s: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [], pending = false
            for b in s {
                if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { pending = !out.isEmpty; continue }
                if pending { out.append(0x20); pending = false }
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            }
            return out
        }
        let alphabet: [UInt8] = Array("aAbB .\t".utf8)
        var g = Generator(seed: 43)
        var equal = 0
        for _ in 0..<50_000 {
            let stem = (0..<Int.random(in: 0...20, using: &g)).map { _ in alphabet.randomElement(using: &g)! }
            let a = stem + (0..<Int.random(in: 0...4, using: &g)).map { _ in alphabet.randomElement(using: &g)! }
            let b = stem + (0..<Int.random(in: 0...4, using: &g)).map { _ in alphabet.randomElement(using: &g)! }
            let same = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in DedupeLinesStage.sameASCIIKey(x, y) } }
            #expect(same == (key(a) == key(b)), "\(String(decoding: a, as: UTF8.self).debugDescription) \(String(decoding: b, as: UTF8.self).debugDescription)")
            if same { equal += 1 }
        }
        #expect(equal > 5_000)
    }
}

extension CleaningFastPathTests {
    /// Pages of up to 600 lines (more than a table holds at once) of up to seventy bytes, blank
    /// ones, repeats and CRLFs among them, with or without a final LF: reading the lines from
    /// `sift_lines_scan`'s table removes exactly what comparing built keys removes.
    @Test func dedupeLineTableAgreesWithKeysOnLongPages() throws {
        let folding = try Normalizer(.nfkcCasefold)
        let stage = DedupeLinesStage(.init(title: true, adjacent: true, anywhere: false, minChars: 20), folding: folding)
        let lines = ["The title of the page, long enough to cross a block", "THE TITLE OF THE PAGE,  long enough to cross a block ",
                     "Share", "share\t", "", " ", "\t \r", "A paragraph of body text that runs past sixteen bytes.",
                     "a paragraph of body text that runs past sixteen bytes.", "中文的一行，比十六个字节长得多。", "Ünïcödé line", "ÜNÏCÖDÉ LINE",
                     "ｓｈａｒｅ", "\u{3000}", "x\u{0B}y", "?"]
        var g = Generator(seed: 31)
        var removed = 0
        for _ in 0..<400 {
            var text = (0..<Int.random(in: 1...600, using: &g)).map { _ in lines.randomElement(using: &g)! }
                .joined(separator: Bool.random(using: &g) ? "\n" : "\r\n")
            if Bool.random(using: &g) { text += "\n" }
            var bytes = Array(text.utf8)
            let (fast, keyed) = bytes.withUnsafeMutableBufferPointer { b in
                (stage.edits(in: UnsafeBufferPointer(b), keyed: false), stage.edits(in: UnsafeBufferPointer(b), keyed: true))
            }
            #expect(fast == keyed, "\(text.debugDescription)")
            removed += keyed.count
        }
        #expect(removed > 5_000)
    }

    /// Pages of up to 120 lines (more removals than the scan's table holds at once) of ASCII,
    /// CJK, full-width and other lines that need folding, blank ones and lines whose key is empty,
    /// with every choice of `title` and `adjacent`: `sift_dedupe_scan`, with the lines it hands
    /// back, removes exactly what comparing built keys removes.
    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func dedupeScanAgreesWithKeys(title: Bool, adjacent: Bool) throws {
        let folding = try Normalizer(.nfkcCasefold)
        let stage = DedupeLinesStage(.init(title: title, adjacent: adjacent, anywhere: false, minChars: 20), folding: folding)
        let lines = ["Title of the page", "TITLE  of the PAGE ", "\tTitle of the page", "Ｔｉｔｌｅ of the page", "Share", "share", "",
                     " ", "\u{3000}", "\u{200B}", "\r", "A line of body text longer than sixteen bytes.", "a line of body text longer than sixteen bytes.",
                     "中文的一行，比十六个字节长得多。", "中文的一行,比十六个字节长得多.", "中文的一行", "ÜBER", "über", "Über\u{00A0}alles", "über alles",
                     "ｓｈａｒｅ", "é", "e\u{0301}", "x\u{0B}y", "한국어", "カタカナー"]
        var g = Generator(seed: 53)
        var removed = 0
        for _ in 0..<1_500 {
            var text = ""
            var last = lines.randomElement(using: &g)!
            for _ in 0..<Int.random(in: 1...120, using: &g) {
                // Repeats are likely: the same line again, or another.
                if Int.random(in: 0..<3, using: &g) != 0 { last = lines.randomElement(using: &g)! }
                text += last + ["\n", "\n", "\r\n", "\n\n"].randomElement(using: &g)!
            }
            if Bool.random(using: &g) { text.unicodeScalars.removeLast() }
            var bytes = Array(text.utf8)
            let (fast, keyed) = bytes.withUnsafeMutableBufferPointer { b in
                (stage.edits(in: UnsafeBufferPointer(b), keyed: false), stage.edits(in: UnsafeBufferPointer(b), keyed: true))
            }
            #expect(fast == keyed, "\(text.debugDescription)")
            removed += keyed.count
        }
        #expect(removed > (adjacent ? 5_000 : title ? 500 : -1))
    }

    /// `sift_lines_scan` gives the lines `forEachLine` gives, with the content's flags (all but
    /// the blank ASCII ones when asked to skip them), whatever the table's capacity.
    @Test func lineTableMatchesForEachLine() {
        let pieces: [[UInt8]] = [[0x61], [0x20], [0x09], [0x0D], [0x0A], [0x0A], [0x0B], Array("é".utf8), Array("中".utf8), Array("abcdefghijklmnopq".utf8)]
        var g = Generator(seed: 37)
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &g) { bytes += pieces.randomElement(using: &g)! }
            let capacity = Int.random(in: 1...4, using: &g)
            let skipBlank = Bool.random(using: &g)
            bytes.withUnsafeBufferPointer { b in
                var expected: [[Int]] = []
                b.forEachLine { line in
                    let content = UnsafeBufferPointer(rebasing: b[line.content])
                    let flags = (content.contains { $0 >= 0x80 } ? 1 : 0) | (content.contains { ![0x20, 0x09, 0x0D, 0x0A].contains($0) } ? 2 : 0)
                    if !(skipBlank && flags == 0) {
                        expected.append([line.content.lowerBound, line.content.upperBound, line.whole.upperBound, flags])
                    }
                }
                var got: [[Int]] = []
                var table = Array(repeating: sift_line(), count: capacity)
                var from = 0
                while from < b.count {
                    var next: Int64 = 0
                    let count = table.withUnsafeMutableBufferPointer { t in
                        Int(sift_lines_scan(b.baseAddress, Int64(from), Int64(b.count), skipBlank ? 1 : 0, t.baseAddress, Int64(capacity), &next))
                    }
                    for line in table[..<count] { got.append([Int(line.start), Int(line.content_end), Int(line.end), Int(line.flags)]) }
                    from = Int(next)
                }
                #expect(got == expected, "\(bytes)")
            }
        }
    }
}

/// Random texts of `lines` joined by LF or CRLF: dedupe-lines' byte comparison (and its
/// folded-key path for lines that need one) removes exactly what comparing keys removes.
private func expectDedupePathsAgree(lines: [String], seed: UInt64, linesPerText: ClosedRange<Int>, minimumRemoved: Int) throws {
    let folding = try Normalizer(.nfkcCasefold)
    let stage = DedupeLinesStage(.init(title: true, adjacent: true, anywhere: false, minChars: 20), folding: folding)
    var g = Generator(seed: seed)
    var removed = 0
    for _ in 0..<5_000 {
        let text = (0..<Int.random(in: linesPerText, using: &g)).map { _ in lines.randomElement(using: &g)! }
            .joined(separator: ["\n", "\r\n"].randomElement(using: &g)!)
        var bytes = Array(text.utf8)
        let (fast, keyed) = bytes.withUnsafeMutableBufferPointer { b in
            (stage.edits(in: UnsafeBufferPointer(b), keyed: false), stage.edits(in: UnsafeBufferPointer(b), keyed: true))
        }
        #expect(fast == keyed, "\(text.debugDescription)")
        removed += keyed.count
    }
    #expect(removed > minimumRemoved)
}

extension CleaningFastPathTests {
    /// Lines of ASCII, CJK and full-width forms get their key character by character: each
    /// full-width form of ASCII and the ideographic space, alone and between letters of either
    /// case, gives ICU's key, and texts of such lines are deduplicated as by their built keys.
    @Test func dedupeWidthFoldedKeysAreICUKeys() throws {
        let folding = try Normalizer(.nfkcCasefold)
        let stage = DedupeLinesStage(.init(title: true, adjacent: true, anywhere: false, minChars: 20), folding: folding)
        var characters = (UInt32(0xFF01)...0xFF5E).map { String(Unicode.Scalar($0)!) } + ["\u{3000}", "中", "，", "。", "カ", "ー", "한"]
        // Near misses: full-width forms past the ASCII ones, and characters that fold otherwise.
        characters += ["\u{FF00}", "\u{FF5F}", "\u{FF61}", "\u{FFE0}", "…", "™", "é", "\u{301}", "\u{3099}", "\u{309B}", "Ａ\u{301}"]
        var fast = 0
        for c in characters {
            for s in [c, c + c, "a" + c + "B", " " + c + " Z\t" + c, "中" + c + "文", c + "\u{301}"] {
                var key: [UInt8] = [], built: [UInt8] = []
                let bytes = Array(s.utf8)
                let folded = bytes.withUnsafeBufferPointer { DedupeLinesStage.widthFoldedKey($0, into: &key) }
                bytes.withUnsafeBufferPointer { stage.key($0, into: &built) }
                if folded {
                    #expect(key == built, "\(s.debugDescription)")
                    fast += 1
                }
            }
        }
        #expect(fast > 400)
        let lines = ["中文（ＡＢＣ）", "中文(abc)", "中文 (ABC)", "中文（ａｂｃ）：", "中文(abc):", "，", ",", "中文\u{3000}ｘ", "中文 x", "中文  X",
                     "Ｔｉｔｌｅ", "title", "ｓｈａｒｅ！", "share!", "…", "...", "中文", "?", "？"]
        try expectDedupePathsAgree(lines: lines, seed: 41, linesPerText: 1...6, minimumRemoved: 1_000)
    }
}

extension CleaningFastPathTests {
    /// `stray` looks at a token only if it holds an ASCII letter, '#', '@' or ':': the units it
    /// keeps whole and the text it keeps of the others are those of looking at every token.
    @Test func strayTokenScreenAgreesWithEveryToken() {
        let pieces = Self.pieces + [
            "://", "1://2", "1@2.3", "@", "#", "#1", "@1", "x", "WWW.", "www.x", "a_b", "1.2", "a/b", "a--b", "ABC", "AbC", "a1",
            "中文", "关于我们", "，", "。", "|", "·", "1", "2024", " ", "  ", "\t", "é", "ж", "_", ".", "/", "=", "--", "：", "＠", "#中",
        ]
        /// Every token (split at spaces, or spaces and tabs) looked at.
        func reference(_ unit: UnsafeBufferPointer<UInt8>) -> (none: Bool, kept: [UInt8]) {
            var none = !unit.contains(0x09), kept: [UInt8] = []
            var i = 0
            while i < unit.count {
                var j = i
                while j < unit.count, unit[j] != 0x20, unit[j] != 0x09 { j += 1 }
                let token = UnsafeBufferPointer(rebasing: unit[i..<j])
                if !IgnoredTokens.isIgnorable(token) { kept.append(contentsOf: token) } else if j > i { none = false }
                if j < unit.count { kept.append(0x20) }
                i = j + 1
            }
            return (none, kept)
        }
        var g = Generator(seed: 47)
        var ignored = 0, skipped = 0, resumedLater = 0
        for _ in 0..<20_000 {
            let line = Self.line(of: pieces, &g)
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { unit in
                let expected = reference(unit)
                var kept: [UInt8] = []
                IgnoredTokens.removing(from: unit, into: &kept)
                #expect(IgnoredTokens.noneInTokens(unit) == expected.none, "\(line.debugDescription)")
                #expect(kept == expected.kept, "\(line.debugDescription)")
                // The kept text written from the first token to set aside, the bytes before it copied whole.
                if let start = IgnoredTokens.firstSetAside(in: unit) {
                    var resumed: [UInt8] = [9, 9]
                    IgnoredTokens.removing(from: unit, resumingAt: start, into: &resumed)
                    #expect(resumed == expected.kept, "\(line.debugDescription)")
                    if start > 0 { resumedLater += 1 }
                }
                if !expected.none { ignored += 1 }
                if unit.split(separator: 0x20).contains(where: { !IgnoredTokens.mayBeIgnorable(UnsafeBufferPointer(rebasing: $0)) }) { skipped += 1 }
            }
        }
        #expect(ignored > 1_000)
        #expect(skipped > 1_000)
        #expect(resumedLater > 1_000)
    }
}

extension CleaningFastPathTests {
    /// `stray` (script check, line units) counts a page's letters and, in the same pass, lists the
    /// lines holding a letter of another script than Latin with their letters: the page's counts
    /// must be those of counting it alone, and on a Latin page the listed lines, then those the
    /// bridge finds one by one after the listed part, must be the lines it finds one by one.
    @Test func strayLinesListedWithThePageAreThoseFoundOneByOne() {
        let count = ScriptRuns.scriptCount
        let buffers = (0..<4).map { _ in (UnsafeMutableBufferPointer<Int32>.allocate(capacity: count), UnsafeMutableBufferPointer<Int64>.allocate(capacity: count),
                                          UnsafeMutableBufferPointer<Int64>.allocate(capacity: count)) }
        defer { buffers.forEach { $0.0.deallocate(); $0.1.deallocate(); $0.2.deallocate() } }
        // Small tables too, so that lines are left for the search one by one.
        let tables = [ScriptLines(), ScriptLines(capacity: 2, entryCapacity: 64), ScriptLines(capacity: 8, entryCapacity: 3)]
        let latin: [Int32] = [Script.latin.rawValue]
        let prose = ["The page is about a library.", "Copying and distribution of this file are permitted.", "café naïve", "x",
                     " \u{3000}中文\u{00A0}\t", "\u{2028}ж\u{200B}", "\u{0085}中\u{202F}", "\u{2029}\u{2001}ログ\u{200C} "]
        var g = Generator(seed: 23)
        var listed = 0, searched = 0, malformed = 0
        func counts(_ n: Int?, _ b: (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<Int64>, UnsafeMutableBufferPointer<Int64>),
                    offset: Int = 0) -> [Int32: [Int64]] {
            var out: [Int32: [Int64]] = [:]
            for k in 0..<max(n ?? -1, 0) { out[b.0[k]] = [b.1[k], b.2[k] + Int64(offset)] }
            return n == nil ? [-1: []] : out
        }
        for round in 0..<4_000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &g) {
                let line = Int.random(in: 0..<3, using: &g) == 0 ? Self.line(&g) : prose.randomElement(using: &g)!
                text += Array(line.utf8) + Array(["\n", "\r\n", "\n\n", ""].randomElement(using: &g)!.utf8)
            }
            if round % 10 == 0, !text.isEmpty {
                // A damaged byte now and then (the reader repairs input, but the counts must agree anyway).
                text[Int.random(in: 0..<text.count, using: &g)] = UInt8.random(in: 0x80...0xFF, using: &g)
                malformed += 1
            }
            let table = tables[round % tables.count]
            text.withUnsafeBufferPointer { bytes in
                let expected = counts(ScriptRuns.letters(in: bytes, scripts: buffers[0].0, letters: buffers[0].1, first: buffers[0].2), buffers[0])
                let found = counts(ScriptRuns.letters(in: bytes, scripts: buffers[1].0, letters: buffers[1].1, first: buffers[1].2, lines: table), buffers[1])
                #expect(found == expected, "\(String(decoding: text, as: UTF8.self).debugDescription)")
                latin.withUnsafeBufferPointer { native in
                    var oneByOne: [[Int]] = [], fromTable: [[Int]] = []
                    var lineCounts: [[Int32: [Int64]]] = [], tableCounts: [[Int32: [Int64]]] = []
                    var from = 0
                    while let line = ScriptRuns.nextLineWithOther(in: bytes, from: from, native: native, scripts: buffers[2].0, letters: buffers[2].1,
                                                                  first: buffers[2].2) {
                        oneByOne.append([line.content.lowerBound, line.content.upperBound, line.whole.upperBound, line.mayHoldToken ? 1 : 0])
                        lineCounts.append(counts(line.scripts, buffers[2]))
                        from = line.whole.upperBound
                    }
                    for k in 0..<table.count {
                        let line = table.line(k)
                        fromTable.append([line.content.lowerBound, line.content.upperBound, line.whole.upperBound, line.mayHoldToken ? 1 : 0])
                        #expect(line.trimmed == SegmentStage.trimmed(line.content, in: bytes), "\(String(decoding: text, as: UTF8.self).debugDescription)")
                        var c: [Int32: [Int64]] = [:]
                        for e in line.entries { c[table.scripts[e]] = [table.letters[e], table.first[e]] }
                        tableCounts.append(c)
                        listed += 1
                    }
                    from = table.covered
                    while let line = ScriptRuns.nextLineWithOther(in: bytes, from: from, native: native, scripts: buffers[3].0, letters: buffers[3].1,
                                                                  first: buffers[3].2) {
                        fromTable.append([line.content.lowerBound, line.content.upperBound, line.whole.upperBound, line.mayHoldToken ? 1 : 0])
                        tableCounts.append(counts(line.scripts, buffers[3]))
                        from = line.whole.upperBound
                        searched += 1
                    }
                    #expect(fromTable == oneByOne, "\(String(decoding: text, as: UTF8.self).debugDescription)")
                    #expect(tableCounts == lineCounts, "\(String(decoding: text, as: UTF8.self).debugDescription)")
                }
            }
        }
        #expect(listed > 2_000, "\(listed) lines listed")
        #expect(searched > 100, "\(searched) lines searched")
        #expect(malformed > 100)
    }

    /// The screen of a class run read from its set alone (the stage then compiles its pattern only
    /// for a line holding an astral character) is the one the compiled pattern gives.
    @Test func placeholderScreenNeedsNoPattern() throws {
        for preset in DropLinesStage.Preset.allCases {
            let fromSet = DropLinesStage.LineScreen(classRunOf: preset)
            if preset.isClassRun {
                #expect(fromSet == DropLinesStage.LineScreen(try ICURegex(preset.pattern), preset: preset))
            } else {
                #expect(fromSet == nil)
            }
        }
    }
}

extension CleaningFastPathTests {
    /// Lines of 0 to 100 bytes (so that line ends fall anywhere in and across the scan's
    /// thirty-two-byte blocks), with a non-ASCII character to fold ("É") or an inert one ("中")
    /// at random places, repeats (in other case and spacing) and CRLFs among them: the scan with
    /// AVX2 blocks, the scan sixteen bytes a step and comparing built keys remove the same lines.
    @Test func dedupeScanBlocksAgreeWithKeys() throws {
        let folding = try Normalizer(.nfkcCasefold)
        let stage = DedupeLinesStage(.init(title: true, adjacent: true, anywhere: false, minChars: 20), folding: folding)
        let pieces: [[UInt8]] = [Array("abcdefgh".utf8), Array("ABC".utf8), [0x20], [0x20, 0x20], [0x09], Array("x".utf8),
                                 Array("É".utf8), Array("é".utf8), Array("中".utf8), Array("文字".utf8)]
        var g = Generator(seed: 59)
        var removed = 0
        for _ in 0..<1_500 {
            var pool: [[UInt8]] = []
            for _ in 0..<4 {
                var line: [UInt8] = []
                let length = Int.random(in: 0...100, using: &g)
                while line.count < length { line += pieces.randomElement(using: &g)! }
                pool.append(line)
                // The same line in capitals, or with a space more: a repeat all the same.
                pool.append(line.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
                pool.append(line + [0x20])
            }
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...40, using: &g) {
                bytes += pool.randomElement(using: &g)!
                bytes += [[0x0A], [0x0A], [0x0D, 0x0A], [0x0A, 0x0A]].randomElement(using: &g)!
            }
            if Bool.random(using: &g) { bytes.removeLast() }
            let (fast, exact, keyed) = bytes.withUnsafeBufferPointer { b in
                (stage.edits(in: b, keyed: false), stage.edits(in: b, keyed: false, exactScan: true), stage.edits(in: b, keyed: true))
            }
            #expect(fast == keyed, "\(bytes)")
            #expect(exact == keyed, "\(bytes)")
            removed += keyed.count
        }
        #expect(removed > 2_000)
    }
}

extension CleaningFastPathTests {
    /// Pages of up to 80 paragraphs separated by runs of one to five line ends, paragraphs that
    /// start with a letter, a non-ASCII character, a space or a CR, an edit of a line before some
    /// runs: the plain-run scan's deletions of blank lines are those of the general scanner,
    /// whatever `max-blank-lines`.
    @Test(arguments: [0, 1, 2, 3])
    func whitespaceBlankRunsAsTheGeneralScanner(maxBlank: Int) {
        let stage = WhitespaceStage(.init(lineEndings: true, collapse: true, trim: true, maxBlank: maxBlank, invisible: true, controls: true, bidi: false))
        let starts = ["Plain", "words", "é", "中文", " x", "\r", "\u{00A0}y", "\u{200B}z", "-", "#"]
        var g = Generator(seed: 61)
        var deletions = 0
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...80, using: &g) {
                text += starts.randomElement(using: &g)! + (Bool.random(using: &g) ? " of prose." : "")
                if Int.random(in: 0..<10, using: &g) == 0 { text += "  " }
                text += String(repeating: "\n", count: Int.random(in: 1...5, using: &g))
            }
            if Bool.random(using: &g) { text.removeLast() }
            var bytes = Array(text.utf8)
            let (fast, slow) = bytes.withUnsafeMutableBufferPointer { b in
                (stage.edits(in: UnsafeBufferPointer(b)), stage.edits(in: UnsafeBufferPointer(b), plainLines: false))
            }
            #expect(fast == slow, "\(text.debugDescription)")
            deletions += slow.count
        }
        #expect(deletions > 10_000)
    }
}

extension CleaningFastPathTests {
    /// `ScriptWeights` reads Yi's ICU code as a constant and writes a text's one own script over
    /// the last text's; `stray` counts the kana share only on a Han page. Each must agree with
    /// asking ICU, with building the list anew, and with any kana share off a Han page.
    @Test func nativeScriptsWrittenOverTheLastAreThoseBuiltAnew() {
        #expect(ScriptWeights.yi == Script(code: "Yiii")?.rawValue)
        let mains: [Script] = [.latin, .cyrillic, .han, .hiragana, .katakana, .hangul, .arabic, Script(code: "Yiii")!, Script(code: "Bopo")!,
                               Script(code: "Grek")!]
        var reused: [Int32] = []
        var g = Generator(seed: 31)
        var writtenOver = 0
        for _ in 0..<2_000 {
            let main = mains.randomElement(using: &g)!
            let share = [0, 0.01, 0.05, 0.5].randomElement(using: &g)!
            var fresh: [Int32] = []
            ScriptWeights.native(main: main, kanaShare: share, into: &fresh)
            if reused.count == 1 { writtenOver += 1 }
            ScriptWeights.native(main: main, kanaShare: share, into: &reused)
            #expect(reused == fresh, "\(main)")
            if main != .han {
                var withoutShare: [Int32] = []
                ScriptWeights.native(main: main, kanaShare: 0, into: &withoutShare)
                #expect(withoutShare == fresh, "\(main)")
            }
        }
        #expect(writtenOver > 500)
    }
}
