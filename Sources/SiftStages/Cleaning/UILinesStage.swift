import CByteScan
import Sift
import SiftICU

/// `ui-lines`: removes short lines that read like a page's interface (log-in prompts, share and
/// comment widgets, navigation, related-content headers) rather than its prose, in the page's own
/// language. Each line gets a score; lines at or above the threshold go (recorded with the score).
///
/// The score follows what a study of real pages found mattered most: where the line sits relative
/// to the main content block (the stretch from the first to the last prose line), a small
/// multilingual vocabulary of interface phrases, and whether the line is short and unpunctuated.
final class UILinesStage: Stage {
    static let descriptor = StageDescriptor(
        name: "ui-lines", group: "Cleaning",
        summary: "Removes short interface lines (log-in prompts, share/comment widgets, navigation, cookie notices, related-content headers) scored by vocabulary, length, punctuation and position relative to the main content block.",
        effects: [.rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("threshold", .number(min: 0, max: 3), default: 1.0,
                       help: "Score at which a line is removed. Scores: interface phrase +0.6 (consent and legal phrases such as cookies or 'all rights reserved' +0.8), the whole line is the phrase +0.4, short (≤ 5 words) +0.2, no closing punctuation +0.2, outside the main content block +0.2 and inside it −0.2, prose-like (≥ 12 words, punctuated) −0.6. Lower removes more; the default removes only lines with an interface phrase."),
            OptionSpec("max-words", .integer(min: 1, max: nil), default: 12, help: "Lines with more words (or CJK characters / 2) are never removed."),
            OptionSpec("phrases", .strings, default: [], help: "Extra interface phrases for this site (matched like the built-in ones)."),
        ],
        example: "- ui-lines: { threshold: 1.0, phrases: [\"Jetzt abonnieren\"] }",
        build: { options throws(OptionError) in
            let extra = options.strings("phrases").map { $0.lowercased() }
            let config = Config(threshold: options.double("threshold") ?? 1.0, maxWords: options.int("max-words") ?? 12,
                                vocabulary: PhraseIndex(extra + UIVocabulary.all))
            return StageFactory { UILinesStage(config) }
        })

    struct Config: Sendable {
        var threshold: Double
        var maxWords: Int
        var vocabulary: PhraseIndex
    }

    private let config: Config

    init(_ config: Config) { self.config = config }

    struct LineFacts: Equatable {
        var range: LineRange
        var words: Double
        var punctuated: Bool
        var prose: Bool
        var phrase: String?
        /// The phrase is a consent or legal one (``UIVocabulary/legal``).
        var legal = false
        /// The line is nothing but the phrase (and punctuation).
        var wholePhrase: Bool
    }

    /// The facts of a document's lines, kept from document to document (no allocation per document).
    /// Only `process` touches these buffers, and a stage instance serves one worker: no
    /// exclusivity checks (a dynamic check costs more than a hundred instructions a page).
    @exclusivity(unchecked) private var factsBuffer: [LineFacts] = []
    /// The edits of a document, kept likewise.
    @exclusivity(unchecked) private var editBuffer: [TextEdit] = []
    /// Removal reasons already written, by phrase and score in tenths (most removals repeat one).
    @exclusivity(unchecked) private var reasons: [ReasonKey: String] = [:]
    @exclusivity(unchecked) private var lastReason: (ReasonKey, String)? = nil

    private struct ReasonKey: Hashable {
        var phrase: String?
        var tenths: Double
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        // (Read before the closure: reading the document inside it copies the document.)
        let asciiEnd = document.isKnownASCII ? document.utf8Count : document.asciiPrefix
        editBuffer.reusing { edits in
            document.withUTF8 { bytes in appendEdits(in: bytes, asciiEnd: asciiEnd, to: &edits) }
            document.apply(edits, stage: "ui-lines")
        }
        return .keep
    }

    /// The highest score a prose line can get: a legal phrase (0.8) that is the whole line (0.4),
    /// short (0.2), punctuated (0), inside the main content block, which every prose line is
    /// (−0.2), prose (−0.6).
    static let maxProseScore = 0.6

    /// The highest score of a line without an interface phrase: short (0.2), no closing
    /// punctuation (0.2), outside the main content block (0.2).
    static let maxPhraselessScore = 0.6

    /// Lines of prose need this many characters, or 12 words (and closing punctuation).
    static let proseScalars = 80

    /// Appends the removal of each interface line of a text. When the threshold is above what a
    /// prose line can score, plain prose lines (ASCII at both ends, closing punctuation, at least
    /// ``proseScalars`` characters) and blank lines are passed over sixteen bytes at a time: only
    /// the first and last of them count (they bound the main content block), and the other lines
    /// are analysed one by one; the bytes before `asciiEnd`, known to be ASCII, are not counted as
    /// characters. `skipping: false` analyses every line (for tests: the passes must not change
    /// the edits).
    func appendEdits(in bytes: UnsafeBufferPointer<UInt8>, asciiEnd: Int = 0, to edits: inout [TextEdit], skipping: Bool = true) {
        var facts = factsBuffer
        factsBuffer = []
        if !facts.isEmpty { facts.removeAll(keepingCapacity: true) }
        defer { factsBuffer = facts }
        // The starts of the first and last prose lines (-1: none yet). Plain locals that no
        // closure captures: a captured one is checked for exclusivity at run time on each access.
        var prose = ProseBounds()
        // Above what a line without an interface phrase can score, such lines are only counted
        // as prose or not: their facts are not kept (most short lines of a page hold no phrase).
        let keepPhraseless = !skipping || config.threshold - 1e-9 <= Self.maxPhraselessScore + 1e-6
        if skipping, config.threshold - 1e-9 > Self.maxProseScore + 1e-6, let base = bytes.baseAddress {
            let n = Int64(bytes.count)
            var from: Int64 = 0
            var first: Int64 = -1, last: Int64 = -1
            while from < n {
                var end: Int64 = 0
                let start = sift_lines_next_not_prose(base, from, n, Int64(asciiEnd), Int64(Self.proseScalars), &first, &last, &end)
                if start >= n { break }
                let lineEnd = Int(end)
                var contentEnd = lineEnd
                if contentEnd > Int(start), base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let wholeEnd = end < n ? lineEnd + 1 : lineEnd
                look(at: LineRange(content: Int(start)..<contentEnd, whole: Int(start)..<wholeEnd), in: bytes,
                     keepPhraseless: keepPhraseless, facts: &facts, prose: &prose)
                from = Int64(wholeEnd)
            }
            if first >= 0 && (prose.first < 0 || Int(first) < prose.first) { prose.first = Int(first) }
            if last >= 0 && Int(last) > prose.last { prose.last = Int(last) }
        } else {
            // The closure's captures (checked at run time) are its own copies.
            var all = facts, bounds = prose
            facts = []
            bytes.forEachShortLine { line, _ in look(at: line, in: bytes, keepPhraseless: keepPhraseless, facts: &all, prose: &bounds) }
            facts = all
            prose = bounds
        }
        let firstProse = prose.first, lastProse = prose.last
        guard firstProse >= 0 else { return }  // no prose at all: nothing to measure interface lines against
        for f in facts {
            var score = 0.0
            if f.phrase != nil { score += f.legal ? 0.8 : 0.6 }
            if f.wholePhrase { score += 0.4 }
            if f.words <= 5 { score += 0.2 }
            if !f.punctuated { score += 0.2 }
            let start = f.range.whole.lowerBound
            score += (start < firstProse || start > lastProse) ? 0.2 : -0.2
            if f.prose { score -= 0.6 }
            if score >= config.threshold - 1e-9 {
                edits.append(TextEdit(range: f.range.whole, removalReason: reason(f.phrase, score)))
            }
        }
    }

    /// The starts of the first and last prose lines of a text (-1: none yet).
    private struct ProseBounds {
        var first = -1, last = -1
    }

    /// Analyses one line (unless blank): its facts are kept if it may be removed, and a prose
    /// line moves the bounds of the main content block.
    @inline(__always)
    private func look(at line: LineRange, in bytes: UnsafeBufferPointer<UInt8>, keepPhraseless: Bool,
                      facts: inout [LineFacts], prose: inout ProseBounds) {
        let r = SegmentStage.trimmed(line.content, in: bytes)
        if r.isEmpty { return }
        let f = analyse(UnsafeBufferPointer(rebasing: bytes[r]), range: line)
        if f.prose {
            if prose.first < 0 { prose.first = line.whole.lowerBound }
            prose.last = line.whole.lowerBound
        }
        // Lines with more words are never removed: only their prose counted.
        if f.words <= Double(config.maxWords) && (keepPhraseless || f.phrase != nil) { facts.append(f) }
    }

    /// "interface line ('share'), score 1.6", written once per phrase and score.
    private func reason(_ phrase: String?, _ score: Double) -> String {
        let key = ReasonKey(phrase: phrase, tenths: (score * 10).rounded())
        // The last reason first: the same phrase String (the table's own) compares at once.
        if let (lastKey, text) = lastReason, lastKey == key { return text }
        if let known = reasons[key] {
            lastReason = (key, known)
            return known
        }
        let why = phrase.map { "interface line ('\($0)')" } ?? "interface-like line"
        let text = "\(why), score \(key.tenths / 10)"
        if reasons.count < 4096 { reasons[key] = text }
        lastReason = (key, text)
        return text
    }

    /// Longer lines are never interface lines.
    static let maxInterfaceLineBytes = 1024

    /// Closing punctuation of a sentence or quotation, as the last character of a line.
    static let closers: [UInt32] = ".!?。！？…:;\"”»)」』".unicodeScalars.map(\.value)

    @inline(__always)
    static func isCloser(_ v: UInt32) -> Bool {
        if v < 0x80 {
            // . ! ? : ; " )
            return v == 0x2E || v == 0x21 || v == 0x3F || v == 0x3A || v == 0x3B || v == 0x22 || v == 0x29
        }
        return closers.contains(v)
    }

    /// Words, punctuation and prose-likeness from the bytes of a trimmed line; the vocabulary is
    /// matched only on lines short enough to be removed.
    /// `wordBlocks: false` counts words one byte at a time throughout (for tests: the blocks must
    /// not change the facts).
    func analyse(_ bytes: UnsafeBufferPointer<UInt8>, range: LineRange, wordBlocks: Bool = true) -> LineFacts {
        var cjk = 0, spaced = 0, scalars = 0
        var inWord = false
        var ascii = true
        var i = 0
        var last: UInt32 = 0
        // Past this many words a line is neither scored nor short of being prose: counting stops.
        let wordLimit = Double(max(config.maxWords, 12))
        var counted = false
        // Eight ASCII bytes at a time from the start of the line: a word starts at each byte other
        // than a space or tab that opens the line or follows one. A block that would pass the
        // limit is left to the loop below, which finds where counting stops.
        if wordBlocks, let base = bytes.baseAddress {
            let limit = Int(wordLimit)
            let high: UInt64 = 0x8080_8080_8080_8080, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while i + 8 <= bytes.count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if w & high != 0 { break }
                let s = w ^ 0x2020_2020_2020_2020, t = w ^ 0x0909_0909_0909_0909
                let space = (~(((s & low7) &+ low7) | s) | ~(((t & low7) &+ low7) | t)) & high
                let word = ~space & high
                let starts = (word & ((space << 8) | (inWord ? 0 : 0x80))).nonzeroBitCount
                if spaced + starts > limit { break }
                spaced += starts
                scalars += 8
                last = UInt32(truncatingIfNeeded: w >> 56)
                inWord = word >> 63 != 0
                i += 8
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                // ASCII: neither CJK nor a wide space; only the space and the tab end a word.
                scalars += 1
                last = UInt32(b)
                if b == 0x20 || b == 0x09 {
                    inWord = false
                } else if !inWord {
                    spaced += 1
                    inWord = true
                    if Double(spaced) + Double(cjk) / 2 > wordLimit { counted = true; break }
                }
                i += 1
                continue
            }
            ascii = false
            var n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            if i + n > bytes.count { n = bytes.count - i }
            var v = UInt32(b) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
            for k in 1..<max(n, 1) { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
            scalars += 1
            last = v
            if (0x3040...0x30FF).contains(v) || (0x3400...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v) {
                cjk += 1
                inWord = false
            } else if v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x3000 {
                inWord = false
            } else if !inWord {
                spaced += 1
                inWord = true
            }
            i += n
            if Double(spaced) + Double(cjk) / 2 > wordLimit { counted = true; break }
        }
        if counted {
            // The words that matter are counted; punctuation needs the line's last character.
            var start = bytes.count - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let b = bytes[start]
            var n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            if start + n > bytes.count { n = bytes.count - start }
            last = n == 1 && b < 0x80 ? UInt32(b) : UInt32(b) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
            if b >= 0x80 { for k in 1..<max(n, 1) { last = last << 6 | UInt32(bytes[start + k] & 0x3F) } }
        }
        let words = Double(spaced) + Double(cjk) / 2
        let punctuated = Self.isCloser(last)
        let prose = punctuated && (words >= 12 || scalars >= Self.proseScalars)
        // Only short lines can be interface lines (a megabyte line is never matched against phrases).
        guard words <= Double(config.maxWords) && bytes.count <= Self.maxInterfaceLineBytes else {
            return LineFacts(range: range, words: words, punctuated: punctuated, prose: prose, phrase: nil, wholePhrase: false)
        }
        let found: String?, wholePhrase: Bool, legal: Bool
        if ascii {
            // Most lines: matched on the bytes, without building Strings (and the phrase knows
            // whether it is a legal one: no lookup of a String in a Set).
            let match = config.vocabulary.firstPhrase(inASCII: bytes)
            found = match?.phrase
            wholePhrase = match?.whole ?? false
            legal = match?.legal ?? false
        } else {
            let lowered = String(decoding: bytes, as: UTF8.self).lowercased()
            found = config.vocabulary.firstPhrase(in: lowered)
            wholePhrase = found.map { PhraseIndex.words(lowered).joined(separator: " ") == $0 } ?? false
            legal = found.map { UIVocabulary.legal.contains($0) } ?? false
        }
        return LineFacts(range: range, words: words, punctuated: punctuated, prose: prose, phrase: found, legal: legal, wholePhrase: wholePhrase)
    }
}

/// Phrases indexed for matching: spaced phrases by their first word (matched on whole words),
/// unspaced ones (CJK) by their first character (matched as substrings).
struct PhraseIndex: Sendable {
    private var byFirstWord: [String: [[String]]] = [:]
    private var byFirstScalar: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
    /// The phrases made only of ASCII words (the only ones an ASCII line can hold), in groups by a
    /// hash of their first word, each group in the order of `byFirstWord`. Phrase `k` is spelt by
    /// `asciiBytes[asciiSpans[k]]`: its words, lower-cased, joined by one space. Plain arrays of
    /// plain values: a lookup retains nothing.
    private var asciiBytes: [UInt8] = []
    private var asciiSpans: [Range<Int>] = []
    private var asciiTexts: [String] = []
    private var asciiLegal: [Bool] = []
    /// The groups by first-word hash, open addressing: slot `hash & slotMask` or the next ones up to
    /// an empty slot (`phrases` empty) holds the group's hash and phrase numbers.
    private var asciiSlots: [(hash: UInt64, phrases: Range<Int>)] = []
    private static let slotMask = 1023
    /// Bit `hash & firstWordMask` set for the hash of each group: most words of a line are passed
    /// over without a look at the slots.
    private var firstWordBits = [UInt64](repeating: 0, count: Int(PhraseIndex.firstWordMask + 1) / 64)
    private static let firstWordMask: UInt64 = 4095

    init(_ phrases: [String]) {
        for p in phrases {
            let words = PhraseIndex.words(p)
            if p.unicodeScalars.contains(where: { $0.value >= 0x3000 }) && words.count <= 1 {
                let scalars = Array(p.unicodeScalars)
                byFirstScalar[scalars[0], default: []].append(scalars)
            } else if let first = words.first {
                byFirstWord[first, default: []].append(words)
            }
        }
        for k in byFirstWord.keys { byFirstWord[k]!.sort { $0.count > $1.count } }
        for k in byFirstScalar.keys { byFirstScalar[k]!.sort { $0.count > $1.count } }
        var groups: [UInt64: [[String]]] = [:]
        for (first, phrases) in byFirstWord where first.utf8.allSatisfy({ $0 < 0x80 }) {
            for words in phrases where words.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
                groups[Self.hash(Array(words[0].utf8)[...]), default: []].append(words)
            }
        }
        asciiSlots = Array(repeating: (0, 0..<0), count: Self.slotMask + 1)
        precondition(groups.count <= Self.slotMask / 2, "too many interface phrases for the slot table")
        for (h, phrases) in groups {
            let first = asciiSpans.count
            for words in phrases {
                let text = words.joined(separator: " ")
                asciiSpans.append(asciiBytes.count..<(asciiBytes.count + text.utf8.count))
                asciiBytes.append(contentsOf: text.utf8)
                asciiTexts.append(text)
                asciiLegal.append(UIVocabulary.legal.contains(text))
            }
            var slot = Int(truncatingIfNeeded: h) & Self.slotMask
            while !asciiSlots[slot].phrases.isEmpty { slot = (slot + 1) & Self.slotMask }
            asciiSlots[slot] = (h, first..<asciiSpans.count)
            firstWordBits[Int(h & Self.firstWordMask) >> 6] |= 1 << (h & 63)
        }
    }

    /// The numbers of the ASCII phrases whose first word has hash `h` (empty if none).
    @inline(__always)
    private func asciiGroup(_ h: UInt64) -> Range<Int> {
        var slot = Int(truncatingIfNeeded: h) & Self.slotMask
        while true {
            let entry = asciiSlots[slot]
            if entry.phrases.isEmpty || entry.hash == h { return entry.phrases }
            slot = (slot + 1) & Self.slotMask
        }
    }

    /// Where the line's words from the one starting at `start` spell ASCII phrase `k`, or nil:
    /// each word of the line equal to the phrase's (lower-cased), whatever non-word bytes lie between.
    @inline(__always)
    private func asciiMatch(_ k: Int, in base: UnsafePointer<UInt8>, count n: Int, from start: Int,
                            word: UnsafeBufferPointer<UInt8>) -> Int? {
        let span = asciiSpans[k]
        return asciiBytes.withUnsafeBufferPointer { phrase -> Int? in
            var i = start
            for j in span {
                let c = phrase[j]
                if c == 0x20 {
                    // The line's word ends with the phrase's; the next one starts past non-word bytes.
                    if i < n, word[Int(base[i])] != 0 { return nil }
                    while i < n, word[Int(base[i])] == 0 { i += 1 }
                    if i == n { return nil }
                } else {
                    // A phrase byte is a lower-cased word byte: only its own byte and its capital map to it.
                    guard i < n, word[Int(base[i])] == c else { return nil }
                    i += 1
                }
            }
            if i < n, word[Int(base[i])] != 0 { return nil }
            return i
        }
    }

    /// A word's hash (FNV-1a, as everywhere Sift needs a stable one).
    @inline(__always)
    private static func hash(_ word: ArraySlice<UInt8>) -> UInt64 { StableHash.fnv1a64(bytes: word) }

    /// ``firstPhrase(in:)`` for a line of ASCII bytes (not yet lower-cased), and whether the line
    /// is nothing but that phrase: the same words (runs of letters, digits, apostrophes and
    /// hyphens), the same phrase, found in one pass over the bytes without allocating: each word is
    /// hashed as it is lower-cased, and only a word whose hash may be a first word is looked up.
    /// CJK phrases hold a character from U+3000 up, so an ASCII line never contains one.
    func firstPhrase(inASCII line: UnsafeBufferPointer<UInt8>) -> (phrase: String, whole: Bool, legal: Bool)? {
        guard let base = line.baseAddress else { return nil }
        return Self.wordBytes.withUnsafeBufferPointer { word -> (phrase: String, whole: Bool, legal: Bool)? in
            let n = line.count
            var i = 0
            var isFirstWord = true
            while true {
                while i < n, word[Int(base[i])] == 0 { i += 1 }
                if i == n { return nil }
                let start = i
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                while i < n {
                    let c = word[Int(base[i])]
                    if c == 0 { break }
                    h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01b3
                    i += 1
                }
                if firstWordBits[Int(h & Self.firstWordMask) &>> 6] &>> (h & 63) & 1 != 0 {
                    for k in asciiGroup(h) {
                        if let end = asciiMatch(k, in: base, count: n, from: start, word: word) {
                            var rest = end
                            while rest < n, word[Int(base[rest])] == 0 { rest += 1 }
                            return (asciiTexts[k], isFirstWord && rest == n, asciiLegal[k])
                        }
                    }
                }
                isFirstWord = false
            }
        }
    }

    /// By byte: the byte lower-cased if it is a byte of an ASCII word (``isASCIIWordByte(_:)``),
    /// else 0. One load per byte where the word scans of ``firstPhrase(inASCII:)`` spent a dozen
    /// instructions.
    private static let wordBytes: [UInt8] = (0..<256).map { b in isASCIIWordByte(UInt8(b)) ? lower(UInt8(b)) : 0 }

    @inline(__always)
    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Letters, digits, apostrophe and hyphen: the bytes of an ASCII word.
    @inline(__always)
    private static func isASCIIWordByte(_ b: UInt8) -> Bool {
        let c = lower(b)
        return (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x27 || c == 0x2D
    }

    /// Words: runs of letters, digits, apostrophes and hyphens.
    static func words(_ s: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if c.value < 0x80 {
                let v = c.value
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x27 || v == 0x2D {
                    current.append(c)
                } else if !current.isEmpty {
                    out.append(String(current))
                    current = String.UnicodeScalarView()
                }
                continue
            }
            if c.properties.isAlphabetic || c.properties.numericType != nil || c == "'" || c == "’" || c == "-" || c.properties.generalCategory == .nonspacingMark || c.properties.generalCategory == .spacingMark {
                current.append(c)
            } else if !current.isEmpty {
                out.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    /// The longest phrase found earliest in a lower-cased line.
    func firstPhrase(in lowered: String) -> String? {
        let words = PhraseIndex.words(lowered)
        for (i, w) in words.enumerated() {
            for phrase in byFirstWord[w] ?? [] where i + phrase.count <= words.count {
                if Array(words[i..<(i + phrase.count)]) == phrase { return phrase.joined(separator: " ") }
            }
        }
        if !byFirstScalar.isEmpty {
            let scalars = Array(lowered.unicodeScalars)
            for i in scalars.indices {
                for phrase in byFirstScalar[scalars[i]] ?? [] where i + phrase.count <= scalars.count {
                    if Array(scalars[i..<(i + phrase.count)]) == phrase { return String(String.UnicodeScalarView(phrase)) }
                }
            }
        }
        return nil
    }
}

extension String {
    func trimmingCharacters() -> String { String(Substring(self).trimmingWhitespace()) }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}
