import Sift
import SiftICU

/// `segment`: ICU break iteration (graphemes, words, sentences, UAX #14 line-break opportunities),
/// text lines and paragraphs, as spans or as separate documents.
final class SegmentStage: Stage {
    enum Unit: String, CaseIterable, Sendable {
        case grapheme, word, sentence, line, paragraph
        case lineBreak = "line-break"
    }

    static let descriptor = StageDescriptor(
        name: "segment", group: "Segmentation",
        summary: "Splits text into graphemes, words, sentences (with ICU's abbreviation suppressions), lines, paragraphs or UAX #14 line-break segments: spans of that type, or one document per segment.",
        effects: [.annotates, .splitsDocuments],
        options: [
            OptionSpec("unit", .choice(Unit.allCases.map(\.rawValue)), default: "sentence",
                       help: "grapheme, word, sentence (ICU break iteration); line (text lines), paragraph (runs of lines between blank lines); line-break (UAX #14 break opportunities)."),
            OptionSpec("locale", .locale, default: "auto",
                       help: "Locale for ICU's rules and dictionaries (th, zh, ja, km, lo, my get dictionary word breaks). auto: metadata.language when a language stage ran before, else root."),
            OptionSpec("abbreviations", .strings, default: [],
                       help: "Extra words after which no sentence break is made, e.g. [\"approx.\", \"Fig.\"] (added to ICU's own list for the locale)."),
            OptionSpec("standard-abbreviations", .boolean, default: true, help: "Use ICU's abbreviation suppressions for the locale (\"Mr.\" does not end a sentence)."),
            OptionSpec("words-only", .boolean, default: true, help: "For words: skip segments that are spaces or punctuation."),
            OptionSpec("trim", .boolean, default: true, help: "Leave leading and trailing whitespace out of each segment."),
            OptionSpec("split", .boolean, default: false, help: "Make each segment its own document (id PARENT#N, metadata.parent) instead of emitting spans."),
        ],
        example: "- segment: { unit: sentence, locale: en, abbreviations: [\"approx.\"] }",
        build: { options throws(OptionError) in
            let unit = Unit(rawValue: options.string("unit") ?? "sentence")!
            let config = Config(
                unit: unit, locale: options.string("locale") ?? "auto", abbreviations: options.strings("abbreviations"),
                standardAbbreviations: options.bool("standard-abbreviations"), wordsOnly: options.bool("words-only"),
                trim: options.bool("trim"), split: options.bool("split"))
            if !config.abbreviations.isEmpty && unit != .sentence {
                throw OptionError(option: "abbreviations", "abbreviations only apply to unit: sentence")
            }
            // Open one iterator now so that a bad locale or rule fails validation, not the run.
            if let icuUnit = config.icuUnit, config.locale != "auto" {
                do { _ = try TextBreaker(icuUnit, locale: config.icuLocale(config.locale), abbreviations: config.abbreviations) } catch {
                    throw OptionError(option: "locale", "\(error)")
                }
            }
            return StageFactory { SegmentStage(config) }
        })

    struct Config: Sendable {
        var unit: Unit
        var locale: String
        var abbreviations: [String]
        var standardAbbreviations, wordsOnly, trim, split: Bool

        var icuUnit: TextBreaker.Unit? {
            switch unit {
            case .grapheme: .grapheme
            case .word: .word
            case .sentence: .sentence
            case .lineBreak: .lineBreak
            case .line, .paragraph: nil
            }
        }

        func icuLocale(_ base: String) -> String {
            unit == .sentence && standardAbbreviations && !base.contains("@") ? base + "@ss=standard" : base
        }
    }

    private let config: Config
    /// Break iterators by locale, made on first use (per worker).
    private var breakers: [String: TextBreaker] = [:]

    init(_ config: Config) { self.config = config }

    private func breaker(for document: Document) throws -> TextBreaker? {
        guard let unit = config.icuUnit else { return nil }
        var locale = config.locale
        if locale == "auto" {
            let lang = document.metadata["language"]?.stringValue ?? "und"
            locale = lang == "und" ? "root" : (ICULocale.canonical(lang) ?? "root")
        }
        if let b = breakers[locale] { return b }
        let b = try TextBreaker(unit, locale: config.icuLocale(locale), abbreviations: config.abbreviations)
        breakers[locale] = b
        return b
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var segments: [(Range<Int>, JSONObject)] = []
        var text = document.text
        let breaker = try self.breaker(for: document)
        let trim = config.trim
        text.withUTF8 { bytes in
            switch config.unit {
            case .line:
                bytes.forEachLine { Self.add($0.content, JSONObject(), trim: trim, bytes: bytes, to: &segments) }
            case .paragraph:
                var start: Int? = nil, end = 0
                bytes.forEachLine { line in
                    let blank = Self.trimmed(line.content, in: bytes).isEmpty
                    if blank {
                        if let s = start { Self.add(s..<end, JSONObject(), trim: trim, bytes: bytes, to: &segments); start = nil }
                    } else {
                        if start == nil { start = line.content.lowerBound }
                        end = line.content.upperBound
                    }
                }
                if let s = start { Self.add(s..<end, JSONObject(), trim: trim, bytes: bytes, to: &segments) }
            default:
                let words = config.unit == .word, wordsOnly = config.wordsOnly
                breaker?.forEachSegment(in: bytes) { r, status in
                    if words {
                        let kind = TextBreaker.WordKind(status: status)
                        if wordsOnly && kind == .none { return }
                        Self.add(r, Self.kindAttributes[kind]!, trim: trim, bytes: bytes, to: &segments)
                    } else {
                        Self.add(r, JSONObject(), trim: trim, bytes: bytes, to: &segments)
                    }
                }
            }
        }
        let type = config.unit.rawValue
        if config.split {
            if segments.isEmpty { return .drop(reason: "no \(type) segments") }
            return .split(segments.enumerated().map { n, s in
                var meta = document.outputMetadata
                meta["parent"] = .string(document.id)
                meta["segment"] = .int(n)
                let piece = String(document.text(of: s.0))
                return Document(id: "\(document.id)#\(n)", text: piece, metadata: meta, extra: document.extra)
            })
        }
        for (r, attributes) in segments {
            document.spans.append(Span(type: type, start: r.lowerBound, end: r.upperBound, attributes: attributes))
        }
        return .keep
    }

    /// Shared attribute objects for word spans (copy on write: no allocation per span).
    static let kindAttributes: [TextBreaker.WordKind: JSONObject] = Dictionary(uniqueKeysWithValues:
        [TextBreaker.WordKind.none, .number, .letter, .kana, .ideographic].map { ($0, ["kind": .string($0.rawValue)]) })

    private static func add(_ r: Range<Int>, _ attributes: JSONObject, trim: Bool, bytes: UnsafeBufferPointer<UInt8>,
                            to segments: inout [(Range<Int>, JSONObject)]) {
        let range = trim ? trimmed(r, in: bytes) : r
        if !range.isEmpty { segments.append((range, attributes)) }
    }

    /// The range without leading and trailing whitespace (ASCII and the common Unicode spaces).
    static func trimmed(_ r: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        func spaceLength(at i: Int) -> Int {
            let b = bytes[i]
            if b == 0x20 || (0x09...0x0D).contains(b) { return 1 }
            if b == 0xC2, i + 1 < hi, bytes[i + 1] == 0xA0 || bytes[i + 1] == 0x85 { return 2 }
            if b == 0xE3, i + 2 < hi, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { return 3 }
            if b == 0xE2, i + 2 < hi, bytes[i + 1] == 0x80, (0x80...0x8B).contains(bytes[i + 2]) || bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 || bytes[i + 2] == 0xAF { return 3 }
            return 0
        }
        while lo < hi {
            let n = spaceLength(at: lo)
            if n == 0 { break }
            lo += n
        }
        while hi > lo {
            // Step back over one trailing space character, if there is one.
            if bytes[hi - 1] < 0x80 {
                if spaceLength(at: hi - 1) == 1 { hi -= 1; continue }
                break
            }
            var start = hi - 1
            while start > lo, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            if spaceLength(at: start) == hi - start { hi = start; continue }
            break
        }
        return lo..<hi
    }
}
