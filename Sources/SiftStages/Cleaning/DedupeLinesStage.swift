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

    private func key(_ s: Substring) -> String {
        let folded = folding.normalize(String(s))
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var edits: [TextEdit] = []
        var previous: String? = nil
        var title: String? = nil
        var inTitleZone = true
        var seen = Set<String>()
        for line in document.lineRanges {
            let text = document.text(of: line.content)
            let k = key(text)
            if k.isEmpty { continue }
            if title == nil {
                title = k
                previous = k
                seen.insert(k)
                continue
            }
            if config.title && inTitleZone && k == title {
                edits.append(TextEdit(range: line.whole, removalReason: "repeated title"))
                continue
            }
            inTitleZone = false
            if config.adjacent && k == previous {
                edits.append(TextEdit(range: line.whole, removalReason: "repeated line"))
                continue
            }
            if config.anywhere && text.unicodeScalars.count >= config.minChars && seen.contains(k) {
                edits.append(TextEdit(range: line.whole, removalReason: "repeated line"))
                continue
            }
            previous = k
            seen.insert(k)
        }
        document.apply(edits, stage: "dedupe-lines")
        return .keep
    }
}
