import Sift
import SiftICU

/// `dedupe-lines`: removes a title repeated at the top, a line repeated right after itself, and
/// (optionally) any later repeat of a long line; lines compare after NFKC case folding and
/// whitespace collapsing. Every removal is recorded.
final class DedupeLinesStage: Stage {
    static let descriptor = StageDescriptor(
        name: "dedupe-lines", group: "Cleaning",
        summary: "Removes repeated lines: the title repeated at the top, a line repeated right after itself, and optionally any later repeat of a long line.",
        effects: [.rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("title", .boolean, default: true, help: "Remove copies of the first line that follow it before any other text (scrapers often deliver the title twice)."),
            OptionSpec("adjacent", .boolean, default: true, help: "Remove a line identical to the previous non-blank line."),
            OptionSpec("anywhere", .boolean, default: false, help: "Remove any later repeat of a line of at least min-chars characters (boilerplate repeated on a page)."),
            OptionSpec("min-chars", .integer(min: 1, max: nil), default: 20, help: "Shortest line that 'anywhere' removes when repeated."),
        ],
        example: "- dedupe-lines: { anywhere: true, min-chars: 30 }",
        build: { options throws(OptionError) in
            let config = Config(title: options.bool("title"), adjacent: options.bool("adjacent"),
                                anywhere: options.bool("anywhere"), minChars: options.int("min-chars") ?? 20)
            let folding: Normalizer
            do { folding = try Normalizer(.nfkcCasefold) } catch { throw OptionError(option: nil, "\(error)") }
            return StageFactory { DedupeLinesStage(config, folding: folding) }
        })

    struct Config: Sendable {
        var title, adjacent, anywhere: Bool
        var minChars: Int
    }

    private let config: Config
    private let folding: Normalizer

    init(_ config: Config, folding: Normalizer) {
        self.config = config
        self.folding = folding
    }

    /// The comparison key of a line: NFKC case folded, runs of whitespace as one space, trimmed
    /// (bytes, so that keys hash without String's Unicode-aware comparison).
    private func key(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        if line.allSatisfy({ $0 < 0x80 }) {
            // ASCII needs no normalizer: NFKC_Casefold of ASCII is its lower case.
            Self.appendCollapsed(line, to: &out)
        } else {
            var folded = folding.normalize(String(decoding: line, as: UTF8.self))
            folded.withUTF8 { Self.appendCollapsed($0, to: &out) }
        }
        return out
    }

    /// Appends bytes with ASCII letters lower-cased and whitespace runs collapsed to one space
    /// (NFKC folds the Unicode spaces to U+0020, so ASCII whitespace is all that is left).
    private static func appendCollapsed(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var pendingSpace = false
        for b in bytes {
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var edits: [TextEdit] = []
        var text = document.text
        text.withUTF8 { bytes in
            var previous: [UInt8]? = nil
            var title: [UInt8]? = nil
            var inTitleZone = true
            var seen = Set<[UInt8]>()
            bytes.forEachLine { line in
                let content = UnsafeBufferPointer(rebasing: bytes[line.content])
                let k = key(content)
                if k.isEmpty { return }
                if title == nil {
                    title = k
                    previous = k
                    if config.anywhere { seen.insert(k) }
                    return
                }
                if config.title && inTitleZone && k == title {
                    edits.append(TextEdit(range: line.whole, removalReason: "repeated title"))
                    return
                }
                inTitleZone = false
                if config.adjacent && k == previous {
                    edits.append(TextEdit(range: line.whole, removalReason: "repeated line"))
                    return
                }
                if config.anywhere && ScalarOffsets.count(in: content) >= config.minChars && seen.contains(k) {
                    edits.append(TextEdit(range: line.whole, removalReason: "repeated line"))
                    return
                }
                previous = k
                if config.anywhere { seen.insert(k) }
            }
        }
        document.apply(edits, stage: "dedupe-lines")
        return .keep
    }
}
