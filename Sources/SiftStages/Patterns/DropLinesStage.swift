import Sift
import SiftICU

/// `drop-lines`: removes lines that match (or, with `keep-matching`, that do not match) an ICU
/// regular expression. Every removed line is kept in `metadata.removed` with the reason.
final class DropLinesStage: Stage {
    static let descriptor = StageDescriptor(
        name: "drop-lines", group: "Patterns",
        summary: "Removes the lines that match an ICU regular expression, recording each in metadata.removed.",
        effects: [.rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("pattern", .regex, required: true, help: "ICU regular expression tested against each line (without its line break)."),
            OptionSpec("match", .choice(["contains", "whole"]), default: "contains", help: "contains: the pattern matches somewhere in the line; whole: it matches the entire line."),
            OptionSpec("keep-matching", .boolean, default: false, help: "Invert: keep only the lines that match, remove the others."),
            OptionSpec("blank", .boolean, default: false, help: "Also test blank lines (by default they are always kept)."),
            OptionSpec("reason", .string, help: "Reason recorded for removed lines (default: the pattern)."),
        ] + PatternOptions.specs,
        example: "- drop-lines: { pattern: \"^(Share|Tweet|Print)$\", case-insensitive: true }",
        build: { options throws(OptionError) in
            let regex = try PatternOptions.compile(options)
            let shared = SharedRegex(regex: regex)
            let whole = options.string("match") == "whole"
            let invert = options.bool("keep-matching")
            let blank = options.bool("blank")
            let reason = options.string("reason") ?? (invert ? "did not match /\(regex.pattern)/" : "matched /\(regex.pattern)/")
            return StageFactory { DropLinesStage(regex: shared.copy(), whole: whole, invert: invert, blank: blank, reason: reason) }
        })

    private let regex: ICURegex
    private let whole: Bool
    private let invert: Bool
    private let blank: Bool
    private let reason: String

    init(regex: ICURegex, whole: Bool, invert: Bool, blank: Bool, reason: String) {
        self.regex = regex
        self.whole = whole
        self.invert = invert
        self.blank = blank
        self.reason = reason
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var edits: [TextEdit] = []
        var text = document.text
        try text.withUTF8 { bytes in
            try bytes.forEachLine { line in
                let content = UnsafeBufferPointer(rebasing: bytes[line.content])
                if !blank && content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
                let matched = whole ? try regex.matchesWhole(content) : try regex.firstMatch(in: content) != nil
                if matched != invert { edits.append(TextEdit(range: line.whole, removalReason: reason)) }
            }
        }
        document.apply(edits, stage: "drop-lines")
        return .keep
    }
}
