import Sift
import SiftICU

/// `language`: the language of the document and, on request, of each line, sentence or paragraph.
final class LanguageStage: Stage {
    enum Unit: String, CaseIterable, Sendable { case document, line, sentence, paragraph }

    static let descriptor = StageDescriptor(
        name: "language", group: "Scripts and languages",
        summary: "Identifies the language (BCP 47) of the document and, with `unit`, of each line, sentence or paragraph: script first, then a character n-gram model; \"und\" when the evidence is thin.",
        effects: [.annotates],
        options: [
            OptionSpec("unit", .choice(Unit.allCases.map(\.rawValue)), default: "document",
                       help: "document: set metadata.language, metadata.language_confidence and metadata.language_script only; line, sentence or paragraph: also add a span of type `language` (with language, confidence, script) for each such unit."),
            OptionSpec("min-chars", .integer(min: 1, max: nil), default: 10,
                       help: "Units with fewer characters (after trimming spaces) get no span."),
            OptionSpec("model", .string,
                       help: "A language model file to use instead of the one Sift ships (found on SIFT_DATA_PATH, in <prefix>/share/sift or ./Models)."),
        ],
        example: "- language: { unit: sentence, min-chars: 20 }",
        build: { options throws(OptionError) in
            let unit = Unit(rawValue: options.string("unit") ?? "document") ?? .document
            let minChars = options.int("min-chars") ?? 10
            let identifier: LanguageIdentifier
            if let path = options.string("model") {
                do { identifier = try LanguageIdentifier(modelAt: path) } catch {
                    throw OptionError(option: "model", "cannot load language model: \(error)")
                }
            } else {
                identifier = LanguageIdentifier.shared
                if identifier.model == nil {
                    throw OptionError(option: nil, "no language model found (looked in \(SiftData.searchPath().joined(separator: ", ")))")
                }
            }
            if unit == .sentence {
                do { _ = try TextBreaker(.sentence, locale: "en@ss=standard") } catch {
                    throw OptionError(option: "unit", "cannot open a sentence break iterator: \(error)")
                }
            }
            return StageFactory {
                let breaker = unit == .sentence ? try TextBreaker(.sentence, locale: "en@ss=standard") : nil
                return LanguageStage(identifier: identifier, unit: unit, minChars: minChars, breaker: breaker)
            }
        })

    private let identifier: LanguageIdentifier
    private let unit: Unit
    private let minChars: Int
    private let breaker: TextBreaker?

    init(identifier: LanguageIdentifier, unit: Unit, minChars: Int, breaker: TextBreaker?) {
        self.identifier = identifier
        self.unit = unit
        self.minChars = minChars
        self.breaker = breaker
    }

    static func round3(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    func process(_ document: inout Document) throws -> StageOutcome {
        var text = document.text
        var spans: [Span] = []
        let guess = text.withUTF8 { bytes -> LanguageGuess in
            let g = identifier.identify(bytes)
            guard unit != .document else { return g }
            forEachUnit(bytes) { range in
                let r = Self.trimmed(bytes, range)
                guard !r.isEmpty, ScalarOffsets.count(in: UnsafeBufferPointer(rebasing: bytes[r])) >= minChars else { return }
                let u = identifier.identify(UnsafeBufferPointer(rebasing: bytes[r]))
                spans.append(Span(type: "language", start: r.lowerBound, end: r.upperBound, attributes: [
                    "language": .string(u.language), "confidence": .double(Self.round3(u.confidence)), "script": .string(u.script.code),
                ]))
            }
            return g
        }
        document.metadata["language"] = .string(guess.language)
        document.metadata["language_confidence"] = .double(Self.round3(guess.confidence))
        document.metadata["language_script"] = .string(guess.script.code)
        document.spans += spans
        return .keep
    }

    private func forEachUnit(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        switch unit {
        case .document:
            body(0..<bytes.count)
        case .line:
            bytes.forEachLine { body($0.content) }
        case .sentence:
            breaker?.forEachSegment(in: bytes) { r, _ in body(r) }
        case .paragraph:
            // Paragraphs are separated by blank lines.
            var start: Int? = nil
            var end = 0
            bytes.forEachLine { line in
                if Self.trimmed(bytes, line.content).isEmpty {
                    if let s = start { body(s..<end) }
                    start = nil
                } else {
                    if start == nil { start = line.content.lowerBound }
                    end = line.content.upperBound
                }
            }
            if let s = start { body(s..<end) }
        }
    }

    /// The range without leading and trailing ASCII whitespace.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, bytes[lo] == 0x20 || (0x09...0x0D).contains(bytes[lo]) { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || (0x09...0x0D).contains(bytes[hi - 1]) { hi -= 1 }
        return lo..<hi
    }
}
