import Sift
import SiftICU

/// `replace`: ICU regex substitution with `$1` / `${name}` references; each match is an edit,
/// so spans stay exact and, with `reason`, removed text is recorded.
final class ReplaceStage: Stage {
    static let descriptor = StageDescriptor(
        name: "replace", group: "Patterns",
        summary: "Replaces every match of an ICU regular expression; the replacement may use $0…$9 and ${name}.",
        effects: [.rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("pattern", .regex, required: true, help: "ICU regular expression (matched on the whole document; use (?m) for ^ and $ at line ends)."),
            OptionSpec("with", .string, default: "", help: "Replacement text: $0 is the match, $1…$9 groups, ${name} named groups, \\$ a dollar sign."),
            OptionSpec("multiline", .boolean, default: true, help: "^ and $ match at the start and end of each line."),
            OptionSpec("reason", .string, help: "When set, each replaced text is kept in metadata.removed with this reason."),
        ] + PatternOptions.specs,
        example: "- replace: { pattern: \"https?://\\\\S+\", with: \"<URL>\" }",
        build: { options throws(OptionError) in
            let regex = try PatternOptions.compile(options, extra: options.bool("multiline") ? .multiline : [])
            let template = try Template.parse(options.string("with") ?? "", regex: regex)
            let shared = SharedRegex(regex: regex)
            let reason = options.string("reason")
            return StageFactory { ReplaceStage(regex: shared.copy(), template: template, reason: reason) }
        })

    /// A parsed replacement: literal text and group references.
    struct Template: Sendable {
        enum Piece: Sendable { case literal([UInt8]), group(Int) }
        let pieces: [Piece]

        static func parse(_ text: String, regex: ICURegex) throws(OptionError) -> Template {
            var pieces: [Piece] = []
            var literal: [UInt8] = []
            let bytes = Array(text.utf8)
            var i = 0
            func flush() { if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] } }
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    literal.append(bytes[i + 1])
                    i += 2
                } else if b == UInt8(ascii: "$"), i + 1 < bytes.count {
                    if bytes[i + 1] == UInt8(ascii: "{") {
                        guard let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                            throw OptionError(option: "with", "unclosed ${ in the replacement")
                        }
                        let name = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
                        let number = Int(name) ?? regex.groupNumber(named: name)
                        guard let number, number <= regex.groupCount else {
                            throw OptionError(option: "with", "the pattern has no group '\(name)'")
                        }
                        flush()
                        pieces.append(.group(number))
                        i = close + 1
                    } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i + 1]) {
                        let number = Int(bytes[i + 1] - UInt8(ascii: "0"))
                        guard number <= regex.groupCount else {
                            throw OptionError(option: "with", "the pattern has no group \(number) (it has \(regex.groupCount))")
                        }
                        flush()
                        pieces.append(.group(number))
                        i += 2
                    } else {
                        literal.append(b)
                        i += 1
                    }
                } else {
                    literal.append(b)
                    i += 1
                }
            }
            flush()
            return Template(pieces: pieces)
        }

        func expand(_ match: ICURegex.Match, in bytes: UnsafeBufferPointer<UInt8>) -> String {
            var out: [UInt8] = []
            for p in pieces {
                switch p {
                case .literal(let l): out += l
                case .group(let g):
                    if g < match.groups.count, let r = match.groups[g] { out += UnsafeBufferPointer(rebasing: bytes[r]) }
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private let regex: ICURegex
    private let template: Template
    private let reason: String?

    init(regex: ICURegex, template: Template, reason: String?) {
        self.regex = regex
        self.template = template
        self.reason = reason
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var edits: [TextEdit] = []
        var text = document.text
        try text.withUTF8 { bytes in
            try regex.forEachMatch(in: bytes) { match in
                let r = match.range
                let replacement = template.expand(match, in: bytes)
                let same = replacement.utf8.elementsEqual(UnsafeBufferPointer(rebasing: bytes[r]))
                if !same || (reason != nil && !r.isEmpty) {
                    if !same { edits.append(TextEdit(range: r, replacement: replacement, removalReason: reason)) }
                }
                return true
            }
        }
        document.apply(edits, stage: "replace")
        return .keep
    }
}
