import Sift
import SiftICU

/// `filter`: keeps or drops whole documents by simple measurable tests.
final class FilterStage: Stage {
    static let descriptor = StageDescriptor(
        name: "filter", group: "Filtering",
        summary: "Drops documents by length (characters, words, lines) or by an ICU regex they must or must not contain.",
        effects: [.dropsDocuments],
        options: [
            OptionSpec("min-chars", .integer(min: 0, max: nil), help: "Drop documents with fewer Unicode characters (code points)."),
            OptionSpec("max-chars", .integer(min: 0, max: nil), help: "Drop documents with more Unicode characters."),
            OptionSpec("min-words", .integer(min: 0, max: nil), help: "Drop documents with fewer whitespace-separated words."),
            OptionSpec("max-words", .integer(min: 0, max: nil), help: "Drop documents with more whitespace-separated words."),
            OptionSpec("min-lines", .integer(min: 0, max: nil), help: "Drop documents with fewer non-blank lines."),
            OptionSpec("max-lines", .integer(min: 0, max: nil), help: "Drop documents with more non-blank lines."),
            OptionSpec("require", .regex, help: "Drop documents in which this ICU regex does not match."),
            OptionSpec("exclude", .regex, help: "Drop documents in which this ICU regex matches."),
        ] + PatternOptions.specs,
        example: "- filter: { min-words: 50, exclude: \"(?i)lorem ipsum\" }",
        build: { options throws(OptionError) in
            let require = options.isSet("require") ? SharedRegex(regex: try PatternOptions.compile(options, key: "require", extra: .multiline)) : nil
            let exclude = options.isSet("exclude") ? SharedRegex(regex: try PatternOptions.compile(options, key: "exclude", extra: .multiline)) : nil
            for (lo, hi) in [("min-chars", "max-chars"), ("min-words", "max-words"), ("min-lines", "max-lines")] {
                if let a = options.int(lo), let b = options.int(hi), a > b {
                    throw OptionError(option: hi, "'\(hi)' (\(b)) is below '\(lo)' (\(a)): every document would be dropped")
                }
            }
            let limits = Limits(
                minChars: options.int("min-chars"), maxChars: options.int("max-chars"),
                minWords: options.int("min-words"), maxWords: options.int("max-words"),
                minLines: options.int("min-lines"), maxLines: options.int("max-lines"))
            return StageFactory { FilterStage(limits: limits, require: require?.copy(), exclude: exclude?.copy()) }
        })

    struct Limits: Sendable {
        var minChars, maxChars, minWords, maxWords, minLines, maxLines: Int?
        var countsWords: Bool { minWords != nil || maxWords != nil }
        var countsLines: Bool { minLines != nil || maxLines != nil }
    }

    private let limits: Limits
    private let require: ICURegex?
    private let exclude: ICURegex?

    init(limits: Limits, require: ICURegex?, exclude: ICURegex?) {
        self.limits = limits
        self.require = require
        self.exclude = exclude
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var text = document.text
        return try text.withUTF8 { bytes -> StageOutcome in
            if limits.minChars != nil || limits.maxChars != nil {
                let chars = ScalarOffsets.count(in: bytes)
                if let m = limits.minChars, chars < m { return .drop(reason: "fewer than \(m) characters") }
                if let m = limits.maxChars, chars > m { return .drop(reason: "more than \(m) characters") }
            }
            if limits.countsWords {
                let words = Self.wordCount(bytes)
                if let m = limits.minWords, words < m { return .drop(reason: "fewer than \(m) words") }
                if let m = limits.maxWords, words > m { return .drop(reason: "more than \(m) words") }
            }
            if limits.countsLines {
                var lines = 0
                bytes.forEachLine { l in
                    if !UnsafeBufferPointer(rebasing: bytes[l.content]).allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { lines += 1 }
                }
                if let m = limits.minLines, lines < m { return .drop(reason: "fewer than \(m) lines") }
                if let m = limits.maxLines, lines > m { return .drop(reason: "more than \(m) lines") }
            }
            if let require, try require.firstMatch(in: bytes) == nil {
                return .drop(reason: "no match for /\(require.pattern)/")
            }
            if let exclude, try exclude.firstMatch(in: bytes) != nil {
                return .drop(reason: "matched /\(exclude.pattern)/")
            }
            return .keep
        }
    }

    /// Runs of non-whitespace, counting ASCII whitespace and the common Unicode spaces.
    static func wordCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var words = 0
        var inWord = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            var space = false
            var len = 1
            if b < 0x80 {
                space = b == 0x20 || (0x09...0x0D).contains(b)
            } else {
                len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { space = true }
                if b == 0xE3, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { space = true }
                if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, (0x80...0x8A).contains(bytes[i + 2]) { space = true }
            }
            if space { inWord = false } else if !inWord { inWord = true; words += 1 }
            i += len
        }
        return words
    }
}
