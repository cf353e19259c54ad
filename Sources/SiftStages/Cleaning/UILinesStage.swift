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
                                phrases: (extra + UIVocabulary.all).sorted { $0.count > $1.count })
            return StageFactory { UILinesStage(config) }
        })

    struct Config: Sendable {
        var threshold: Double
        var maxWords: Int
        var phrases: [String]
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
        for line in document.lineRanges {
            let text = document.text(of: line.content).trimmingWhitespace()
            if text.isEmpty { continue }
            facts.append(analyse(text, range: line))
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

    private func analyse(_ text: Substring, range: LineRange) -> LineFacts {
        var cjk = 0, spaced = 0
        var inWord = false
        for s in text.unicodeScalars {
            let v = s.value
            if (0x3040...0x30FF).contains(v) || (0x3400...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v) {
                cjk += 1
                inWord = false
            } else if s.properties.isWhitespace {
                inWord = false
            } else if !inWord {
                spaced += 1
                inWord = true
            }
        }
        let words = Double(spaced) + Double(cjk) / 2
        let lastChar = text.unicodeScalars.last.map { Character($0) }
        let punctuated = lastChar.map { ".!?。！？…:;\"”»)」』".contains($0) } ?? false
        let prose = punctuated && (words >= 12 || text.unicodeScalars.count >= 80)
        // Only short lines can be interface lines; phrase search on a long line (a megabyte without a
        // newline) took minutes in Foundation's string search (found by the stages fuzzer).
        guard words <= Double(config.maxWords) && text.utf8.count <= Self.maxInterfaceLineBytes else {
            return LineFacts(range: range, words: words, punctuated: punctuated, prose: prose, phrase: nil, wholePhrase: false)
        }
        let found = phrase(in: text)
        let bare = text.lowercased().filter { !$0.isPunctuation && !$0.isSymbol }.trimmingCharacters()
        return LineFacts(range: range, words: words, punctuated: punctuated, prose: prose, phrase: found, wholePhrase: found != nil && bare == found)
    }

    /// The first interface phrase the line contains, as a whole word where words are spaced.
    private func phrase(in text: Substring) -> String? {
        let lowered = text.lowercased()
        for p in config.phrases {
            guard let r = lowered.range(of: p) else { continue }
            // Spaced scripts need word boundaries: "share" must not match "shareholders".
            let isSpaced = p.unicodeScalars.allSatisfy { $0.value < 0x3000 }
            if isSpaced {
                let before = r.lowerBound == lowered.startIndex ? nil : lowered[lowered.index(before: r.lowerBound)]
                let after = r.upperBound == lowered.endIndex ? nil : lowered[r.upperBound]
                if let b = before, b.isLetter || b.isNumber { continue }
                if let a = after, a.isLetter || a.isNumber { continue }
            }
            return p
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
