import CICUBridge

/// An ICU break iterator over UTF-8 (boundaries are byte offsets). Not thread-safe: use ``copy()``.
public final class TextBreaker {
    public enum Unit: Int32, Sendable {
        case grapheme = 0, word = 1, lineBreak = 2, sentence = 3
    }

    /// ICU's word-segment kinds, from the rule status of a word segment.
    public enum WordKind: String, Sendable {
        case none, number, letter, kana, ideographic
        public init(status: Int32) {
            switch status {
            case 100..<200: self = .number
            case 200..<300: self = .letter
            case 300..<400: self = .kana
            case 400..<500: self = .ideographic
            default: self = .none
            }
        }
    }

    public let unit: Unit
    public let locale: String
    private let handle: OpaquePointer

    /// - Parameters:
    ///   - locale: an ICU locale ID; "en@ss=standard" turns on ICU's abbreviation suppressions for sentences.
    ///   - abbreviations: extra words after which no sentence break is made ("approx.", "Fig.").
    public init(_ unit: Unit, locale: String, abbreviations: [String] = []) throws(ICUError) {
        var status: Int32 = 0
        var abbr = Array(abbreviations.joined(separator: "\n").utf8)
        let h = abbr.withUnsafeMutableBufferPointer { a in
            sift_brk_open(unit.rawValue, locale, a.baseAddress, Int64(a.count), &status)
        }
        guard let h, status <= 0 else { throw ICUError(code: status, context: "opening a \(unit) break iterator for '\(locale)'") }
        self.unit = unit
        self.locale = locale
        self.handle = h
    }

    private init(unit: Unit, locale: String, handle: OpaquePointer) {
        self.unit = unit
        self.locale = locale
        self.handle = handle
    }

    deinit { sift_brk_close(handle) }

    public func copy() -> TextBreaker {
        var status: Int32 = 0
        return TextBreaker(unit: unit, locale: locale, handle: sift_brk_clone(handle, &status)!)
    }

    /// Calls `body` with each segment's byte range and ICU's rule status, in order.
    public func forEachSegment(in text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int32) throws -> Void) rethrows {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        var status: Int32 = 0
        sift_brk_set_utf8(handle, base, Int64(text.count), &status)
        var start = 0
        while true {
            let next = sift_brk_next(handle)
            if next < 0 { break }
            try body(start..<Int(next), sift_brk_rule_status(handle))
            start = Int(next)
        }
    }

    /// The boundaries of `text` (byte offsets, excluding 0, including the end).
    public func boundaries(in text: String) -> [Int] {
        var t = text
        var out: [Int] = []
        t.withUTF8 { b in forEachSegment(in: b) { r, _ in out.append(r.upperBound) } }
        return out
    }
}
