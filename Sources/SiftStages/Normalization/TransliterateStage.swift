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
                for piece in Self.pieces(of: line.content, in: bytes) {
                    let original = String(decoding: UnsafeBufferPointer(rebasing: bytes[piece]), as: UTF8.self)
                    let result = try transliterator.transliterate(original)
                    if result != original { edits.append(TextEdit(range: piece, replacement: result)) }
                }
            }
        }
        document.apply(edits, stage: "transliterate")
        return .keep
    }

    /// Longest piece handed to ICU at once: its transliterators copy the rest of the text on every
    /// replacement, so a megabyte line would take minutes (found by the stages fuzzer).
    static let maxPiece = 4096

    /// A line cut into pieces of at most ``maxPiece`` bytes, after a space where there is one, else
    /// before a character that starts a grapheme (never between a base and its marks or joiners).
    static func pieces(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        if range.count <= maxPiece { return [range] }
        var out: [Range<Int>] = []
        var start = range.lowerBound
        while range.upperBound - start > maxPiece {
            let limit = start + maxPiece
            var cut: Int? = nil, fallback: Int? = nil
            var i = limit
            while i > start + maxPiece / 2 {
                if bytes[i] & 0xC0 != 0x80 {
                    if bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09 { cut = i; break }
                    if fallback == nil, let s = scalar(at: i, in: bytes), startsCluster(s), !(bytes[i - 1] & 0x80 != 0 && isJoiner(before: i, in: bytes)) { fallback = i }
                }
                i -= 1
            }
            var end = cut ?? fallback ?? limit
            while end > start + 1 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            out.append(start..<end)
            start = end
        }
        out.append(start..<range.upperBound)
        return out
    }

    private static func scalar(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var it = UnsafeBufferPointer(rebasing: bytes[i..<min(bytes.count, i + 4)]).makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) { return s }
        return nil
    }

    private static func startsCluster(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format, .surrogate: return false
        default: return !s.properties.isVariationSelector && !(0x1160...0x11FF).contains(s.value) && !(0x1F3FB...0x1F3FF).contains(s.value)
        }
    }

    /// Whether the scalar ending just before `i` is a zero-width joiner (U+200D).
    private static func isJoiner(before i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        i >= 3 && bytes[i - 3] == 0xE2 && bytes[i - 2] == 0x80 && bytes[i - 1] == 0x8D
    }
}
