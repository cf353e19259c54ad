import CByteScan
import Sift
import SiftICU
import SiftFuzzing
import Testing

@testable import SiftStages

/// `drop-lines` and `ui-lines` pass over the lines they would settle without a look (prose lines,
/// blank lines) sixteen bytes at a time: on texts of such lines near the decisions, the edits must
/// be those of looking at every line.
@Suite struct LineScanTests {
    /// Prose-like lines around the lengths and endings that decide: 30 to 130 characters of ASCII
    /// and other words, ending in closing punctuation or not, with spaces of several kinds at
    /// either end.
    static func prose(_ g: inout Generator) -> String {
        let words = ["The", "word", "of", "prose", "é", "中文", "Ωμέγα", "share", "Cookies", "x", "—", "a1", "Read more", "(see)",
                     "\"quoted\"", "’", "?", "...", "e-mail", "Sign in", "1998"]
        var s = Int.random(in: 0..<4, using: &g) == 0 ? [" ", "\t", "\u{00A0}", "  ", "\u{3000}"].randomElement(using: &g)! : ""
        let target = Int.random(in: 30...130, using: &g)
        var scalars = 0
        while scalars < target {
            let w = words.randomElement(using: &g)!
            s += w + " "
            scalars += w.unicodeScalars.count + 1
        }
        if Bool.random(using: &g) { s.removeLast() }
        s += [".", "!", "?", ":", ";", "\"", ")", ",", "。", "…", "", " .", ". ", ".\u{00A0}", ".\t", "»", "a", "”"].randomElement(using: &g)!
        return s
    }

    /// A text of 1 to 14 lines: prose, blank or white lines, and the short lines of
    /// ``CleaningFastPathTests/line(_:)``, with LF and CRLF line ends, sometimes without a last one.
    static func text(_ g: inout Generator) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...14, using: &g) {
            switch Int.random(in: 0..<7, using: &g) {
            case 0: break
            case 1: text += [" ", "\t", "  \t", "\u{00A0}", " \r", "\r", "\u{3000}", "\u{000B}"].randomElement(using: &g)!
            case 2, 3, 4: text += prose(&g)
            default: text += CleaningFastPathTests.line(&g)
            }
            text += ["\n", "\n", "\r\n", "\n\n"].randomElement(using: &g)!
        }
        if Bool.random(using: &g) { text.unicodeScalars.removeLast() }
        return text
    }

    @Test(arguments: [(true, false), (false, false), (true, true), (false, true)])
    func dropLinesPassesOverLinesWithLetters(blank: Bool, invert: Bool) throws {
        for preset in DropLinesStage.Preset.allCases {
            let regex = try ICURegex(preset.pattern)
            let screen = DropLinesStage.LineScreen(regex, preset: preset)
            #expect(screen.lettersNeverMatch)
            let stage = DropLinesStage(regex: regex, whole: true, invert: invert, blank: blank, reason: preset.reason, screen: screen)
            var g = Generator(seed: 43)
            var removed = 0
            for _ in 0..<4_000 {
                let bytes = Array(Self.text(&g).utf8)
                let (fast, slow) = try Self.screenedAndUnscreened(stage, bytes)
                #expect(fast == slow, "\(preset) \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                removed += slow.count
            }
            // Few generated lines are rules of three separators or more.
            #expect(removed > (preset.isClassRun || invert ? 1_000 : 50))
        }
    }

    /// The edits of a page with the stage's screen (and its C scan) and with every line looked at;
    /// the scan without its AVX2 blocks is expected to give the screen's edits too.
    static func screenedAndUnscreened(_ stage: DropLinesStage, _ bytes: [UInt8]) throws -> (fast: [TextEdit], slow: [TextEdit]) {
        try bytes.withUnsafeBufferPointer { buffer in
            var fast: [TextEdit] = [], slow: [TextEdit] = [], exact: [TextEdit] = []
            try stage.appendEdits(in: buffer, to: &fast)
            try stage.appendEdits(in: buffer, to: &slow, skipping: false)
            try stage.appendEdits(in: buffer, to: &exact, exactScan: true)
            #expect(exact == fast, "\(String(decoding: buffer, as: UTF8.self).debugDescription)")
            return (fast, slow)
        }
    }

    /// Pages of up to 200 lines, most of them short runs of placeholder characters (more removals
    /// than the screened scan's table holds at once), emoji among them (which only the pattern
    /// judges), with and without case folding (the screen then has no table of BMP members):
    /// the screened scan removes what looking at every line removes.
    @Test(arguments: [false, true])
    func dropLinesScreenedScanAgreesOnLongPages(caseInsensitive: Bool) throws {
        let pieces = ["?", "？", "□", "•", "·", "---", "***", "👍", " ", "\t", "\u{00A0}", "a", "中", "\r", "━━"]
        for preset in DropLinesStage.Preset.allCases {
            let regex = try ICURegex(preset.pattern, options: caseInsensitive ? [.caseInsensitive] : [])
            let screen = DropLinesStage.LineScreen(regex, preset: preset, scalars: !caseInsensitive)
            for blank in [false, true] {
                let stage = DropLinesStage(regex: regex, whole: true, invert: false, blank: blank, reason: preset.reason, screen: screen)
                var g = Generator(seed: 47)
                var removed = 0
                for _ in 0..<200 {
                    var text = ""
                    for _ in 0..<Int.random(in: 1...200, using: &g) {
                        switch Int.random(in: 0..<5, using: &g) {
                        case 0: text += Self.prose(&g)
                        case 1: break
                        default: text += CleaningFastPathTests.line(of: pieces, &g)
                        }
                        text += ["\n", "\n", "\r\n"].randomElement(using: &g)!
                    }
                    if Bool.random(using: &g) { text.unicodeScalars.removeLast() }
                    let (fast, slow) = try Self.screenedAndUnscreened(stage, Array(text.utf8))
                    #expect(fast == slow, "\(preset) \(text.debugDescription)")
                    removed += slow.count
                }
                #expect(removed > (preset.isClassRun ? 3_000 : 1_000))
            }
        }
    }

    /// A page of 1 to 60 generated texts and hashtag lines (up to several kilobytes: the scans take
    /// thirty-two bytes a step or more with AVX2, and the last bytes of a page apart).
    static func page(_ g: inout Generator) -> [UInt8] {
        var page = ""
        for _ in 0..<Int.random(in: 1...60, using: &g) {
            switch Int.random(in: 0..<8, using: &g) {
            case 0: page += ["?\n", "？\n", "#tag , #other\n", " ＃标签\n", "\t#x\n", "\n", "\n\n", "  \n", "x#y\n", "，\n"].randomElement(using: &g)!
            default: page += text(&g)
            }
        }
        return Array(page.utf8)
    }

    /// Each C scan of these stages answers as its line-by-line (or byte-by-byte) form, call after
    /// call through a page, as the stages call them.
    @Test func scansAgreeWithTheirLineByLineForms() {
        var g = Generator(seed: 53)
        var found = (prose: 0, hash: 0)
        for _ in 0..<3_000 {
            var bytes = Self.page(&g)
            bytes.withUnsafeMutableBufferPointer { b in
                guard let base = UnsafePointer(b.baseAddress) else { return }
                let n = Int64(b.count)
                // The known ASCII start: none, or all of it up to the first non-ASCII byte (whose
                // lines are not counted), or a part of that.
                let asciiStart = Int64(b.firstIndex { $0 >= 0x80 } ?? b.count)
                for (minScalars, asciiEnd): (Int64, Int64) in [(80, 0), (20, 0), (3, 0), (80, asciiStart), (20, asciiStart / 2), (3, asciiStart)] {
                    var from: Int64 = 0
                    var first1: Int64 = -1, last1: Int64 = -1, first2: Int64 = -1, last2: Int64 = -1
                    var first3: Int64 = -1, last3: Int64 = -1
                    while from < n {
                        var end1: Int64 = -1, end2: Int64 = -1, end3: Int64 = -1
                        let fast = sift_lines_next_not_prose(base, from, n, asciiEnd, minScalars, &first1, &last1, &end1)
                        let slow = sift_lines_next_not_prose_lines(base, from, n, asciiEnd, minScalars, &first2, &last2, &end2)
                        // Counting every line's characters gives the same answers.
                        let counted = sift_lines_next_not_prose_lines(base, from, n, 0, minScalars, &first3, &last3, &end3)
                        #expect(fast == slow && end1 == end2 && first1 == first2 && last1 == last2, "prose from \(from)")
                        #expect(fast == counted && end1 == end3 && first1 == first3 && last1 == last3, "prose from \(from), ASCII to \(asciiEnd)")
                        if fast >= n || fast != slow { break }
                        found.prose += 1
                        from = end1 < n ? end1 + 1 : n
                    }
                }
                var from: Int64 = 0
                while from < n {
                    let fast = sift_lines_next_hash_line(base, from, n), slow = sift_lines_next_hash_line_bytes(base, from, n)
                    #expect(fast == slow, "hash from \(from)")
                    if fast >= n || fast != slow { break }
                    found.hash += 1
                    from = Int64(HashtagsStage.line(at: Int(fast), in: UnsafeBufferPointer(b)).whole.upperBound)
                }
            }
        }
        #expect(found.prose > 10_000 && found.hash > 3_000, "\(found)")
    }

    @Test(arguments: [(1.0, 12), (1.0, 3), (1.4, 12), (0.8, 20), (0.6, 12), (0.2, 12)])
    func uiLinesPassesOverProseLines(threshold: Double, maxWords: Int) {
        let stage = UILinesStage(.init(threshold: threshold, maxWords: maxWords, vocabulary: PhraseIndex(UIVocabulary.all)))
        var g = Generator(seed: 47)
        var removed = 0
        for _ in 0..<4_000 {
            var bytes = Array(Self.text(&g).utf8)
            let (fast, slow) = bytes.withUnsafeMutableBufferPointer { b -> ([TextEdit], [TextEdit]) in
                let buffer = UnsafeBufferPointer(b)
                var fast: [TextEdit] = [], slow: [TextEdit] = [], known: [TextEdit] = []
                stage.appendEdits(in: buffer, to: &fast)
                stage.appendEdits(in: buffer, to: &slow, skipping: false)
                // With the text's ASCII start known (as a document knows it), the same edits.
                stage.appendEdits(in: buffer, asciiEnd: buffer.firstIndex { $0 >= 0x80 } ?? buffer.count, to: &known)
                #expect(known == slow, "\(String(decoding: buffer, as: UTF8.self).debugDescription)")
                return (fast, slow)
            }
            #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            removed += slow.count
        }
        #expect(removed > 200)
    }
}
