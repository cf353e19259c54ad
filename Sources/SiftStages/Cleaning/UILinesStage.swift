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

    struct LineFacts {
        var range: LineRange
        var words: Double
        var punctuated: Bool
        var prose: Bool
        var phrase: String?
        /// The line is nothing but the phrase (and punctuation).
        var wholePhrase: Bool
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var facts: [LineFacts] = []
        var text = document.text
        text.withUTF8 { bytes in
            bytes.forEachLine { line in
                let r = SegmentStage.trimmed(line.content, in: bytes)
                if r.isEmpty { return }
                facts.append(analyse(UnsafeBufferPointer(rebasing: bytes[r]), range: line))
            }
        }
        guard let first = facts.firstIndex(where: \.prose), let last = facts.lastIndex(where: \.prose) else {
            return .keep  // no prose at all: nothing to measure interface lines against
        }
        var edits: [TextEdit] = []
        for (i, f) in facts.enumerated() where f.words <= Double(config.maxWords) {
            var score = 0.0
            if let p = f.phrase { score += UIVocabulary.legal.contains(p) ? 0.8 : 0.6 }
            if f.wholePhrase { score += 0.4 }
            if f.words <= 5 { score += 0.2 }
            if !f.punctuated { score += 0.2 }
            score += (i < first || i > last) ? 0.2 : -0.2
            if f.prose { score -= 0.6 }
            if score >= config.threshold - 1e-9 {
                let why = f.phrase.map { "interface line ('\($0)')" } ?? "interface-like line"
                edits.append(TextEdit(range: f.range.whole, removalReason: "\(why), score \((score * 10).rounded() / 10)"))
            }
        }
        document.apply(edits, stage: "ui-lines")
        return .keep
    }

    /// Longer lines are never interface lines.
    static let maxInterfaceLineBytes = 1024

    /// Closing punctuation of a sentence or quotation, as the last character of a line.
    private static let closers: Set<UInt32> = Set(".!?。！？…:;\"”»)」』".unicodeScalars.map(\.value))

    /// Words, punctuation and prose-likeness from the bytes of a trimmed line; the vocabulary is
    /// matched only on lines short enough to be removed.
    private func analyse(_ bytes: UnsafeBufferPointer<UInt8>, range: LineRange) -> LineFacts {
        var cjk = 0, spaced = 0, scalars = 0
        var inWord = false
        var i = 0
        var last: UInt32 = 0
        while i < bytes.count {
            let b = bytes[i]
            var v = UInt32(b)
            var n = 1
            if b >= 0x80 {
                n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                if i + n > bytes.count { n = bytes.count - i }
                v = UInt32(b) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
                for k in 1..<max(n, 1) { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
            }
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
        }
        let words = Double(spaced) + Double(cjk) / 2
        let punctuated = Self.closers.contains(last)
        let prose = punctuated && (words >= 12 || scalars >= 80)
        // Only short lines can be interface lines (a megabyte line is never matched against phrases).
        guard words <= Double(config.maxWords) && bytes.count <= Self.maxInterfaceLineBytes else {
            return LineFacts(range: range, words: words, punctuated: punctuated, prose: prose, phrase: nil, wholePhrase: false)
        }
        let lowered = String(decoding: bytes, as: UTF8.self).lowercased()
        let found = config.vocabulary.firstPhrase(in: lowered)
        let wholePhrase = found.map { PhraseIndex.words(lowered).joined(separator: " ") == $0 } ?? false
        return LineFacts(range: range, words: words, punctuated: punctuated, prose: prose, phrase: found, wholePhrase: wholePhrase)
    }
}

/// Phrases indexed for matching: spaced phrases by their first word (matched on whole words),
/// unspaced ones (CJK) by their first character (matched as substrings).
struct PhraseIndex: Sendable {
    private var byFirstWord: [String: [[String]]] = [:]
    private var byFirstScalar: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]

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
