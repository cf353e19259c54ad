import Sift
import SiftICU

/// `transliterate`: any ICU transform, or inline rules, applied line by line (ICU's transliterators
/// slow down badly on huge buffers); spans in a changed line are re-anchored to the line.
final class TransliterateStage: Stage {
    static let descriptor = StageDescriptor(
        name: "transliterate", group: "Normalization",
        summary: "Applies an ICU transform (\"Any-Latin; Latin-ASCII\", \"Traditional-Simplified\", …) or inline transform rules, line by line.",
        effects: [.rewritesText, .carriesSpans],
        options: [
            OptionSpec("id", .string, help: "An ICU transform ID or compound ID, e.g. \"Any-Latin; Latin-ASCII\" or \"[:Han:] Any-Latin\". 'sift stages --transforms' lists the installed ones."),
            OptionSpec("rules", .string, help: "Inline ICU transform rules instead of an ID, e.g. \"ß > ss; ::Lower;\"."),
            OptionSpec("reverse", .boolean, default: false, help: "Run the transform in reverse (Latin-Cyrillic as Cyrillic-Latin)."),
        ],
        example: "- transliterate: { id: \"Any-Latin; Latin-ASCII\" }",
        build: { options throws(OptionError) in
            let reverse = options.bool("reverse")
            let prototype: Transliterator
            switch (options.string("id"), options.string("rules")) {
            case (let id?, nil):
                do throws(ICUError) { prototype = try Transliterator(id: id, reverse: reverse) } catch {
                    let near: String? = Suggestion.nearest(to: id, in: Transliterator.availableIDs)
                    let reason: String = error.detail ?? error.name
                    let hint: String = near.map { "; did you mean '\($0)'?" } ?? ""
                    throw OptionError(option: "id", "ICU has no transform '\(id)' (\(reason))\(hint)")
                }
            case (nil, let rules?):
                do throws(ICUError) { prototype = try Transliterator(rules: rules, reverse: reverse) } catch {
                    throw OptionError(option: "rules", "invalid transform rules: \(error.detail ?? error.name)")
                }
            case (nil, nil):
                throw OptionError(option: nil, "needs 'id' (an ICU transform ID) or 'rules' (inline rules)")
            case (_?, _?):
                throw OptionError(option: "rules", "give either 'id' or 'rules', not both")
            }
            // Transliterators are not thread-safe: each worker gets its own copy.
            nonisolated(unsafe) let shared = prototype
            return StageFactory { TransliterateStage(try shared.copy()) }
        })

    private let transliterator: Transliterator

    init(_ transliterator: Transliterator) { self.transliterator = transliterator }

    func process(_ document: inout Document) throws -> StageOutcome {
        var edits: [TextEdit] = []
        var text = document.text
        try text.withUTF8 { bytes in
            try bytes.forEachLine { line in
                if line.content.isEmpty { return }
                let original = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.content]), as: UTF8.self)
                let result = try transliterator.transliterate(original)
                if result != original { edits.append(TextEdit(range: line.content, replacement: result)) }
            }
        }
        document.apply(edits, stage: "transliterate")
        return .keep
    }
}
