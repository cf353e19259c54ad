import CICUBridge

/// ICU number parsing for one locale: its decimal format (the locale's own decimal and grouping
/// separators) or its rule-based spellout, parsed leniently ("twenty-one", "dreiundzwanzig").
///
/// A number is accepted only when ICU's parse position reaches the end of the text, so "1.2.3"
/// or "twenty apples" are not numbers. Not thread-safe: give each thread its own through ``copy()``.
public final class NumberParser {
    public enum Style: Int32, Sendable { case decimal = 0, spellout = 1 }

    public let locale: String
    public let style: Style
    private let handle: OpaquePointer
    private var scratch: [UInt8] = []

    public init(locale: String, style: Style = .decimal) throws(ICUError) {
        var status: Int32 = 0
        let h = sift_numparser_open(locale, style.rawValue, &status)
        guard let h, status <= 0 else { throw ICUError(code: status, context: "opening a number parser for '\(locale)'") }
        self.locale = locale
        self.style = style
        self.handle = h
    }

    private init(locale: String, style: Style, handle: OpaquePointer) {
        self.locale = locale
        self.style = style
        self.handle = handle
    }

    deinit { sift_numparser_close(handle) }

    public func copy() -> NumberParser {
        var status: Int32 = 0
        return NumberParser(locale: locale, style: style, handle: sift_numparser_clone(handle, &status)!)
    }

    /// The value of `text` if all of it is one number, else nil.
    public func parse(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var value = 0.0
        var consumed: Int32 = 0
        var status: Int32 = 0
        let ok = sift_numparser_parse(handle, text.baseAddress, Int64(text.count), &value, &consumed, &status)
        return ok == 1 && status <= 0 ? value : nil
    }

    public func parse(_ text: String) -> Double? {
        var t = text
        return t.withUTF8 { parse($0) }
    }

    /// The number formatted the locale's way (or spelt out).
    public func format(_ value: Double) -> String {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        sift_numparser_format(handle, value, &out, &length, &status)
        guard status <= 0, let out else { return String(value) }
        defer { sift_free(out) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self)
    }

    /// Spellout: the numbers in every public rule set of the locale (masculine, feminine, cases…),
    /// all results in one list. One call for many numbers: ICU builds the rule sets once.
    public func formatAllRuleSets(_ values: [Double]) -> [String] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        values.withUnsafeBufferPointer { sift_numparser_format_all(handle, $0.baseAddress, Int32($0.count), &out, &length, &status) }
        guard status <= 0, let out else { return values.map(format) }
        defer { sift_free(out) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The locale's decimal separator ("." in en, "," in de).
    public var decimalSeparator: String { symbol(0) }
    /// The locale's grouping separator ("," in en, "." in de, U+202F in fr).
    public var groupingSeparator: String { symbol(1) }

    private func symbol(_ which: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 16)
        var status: Int32 = 0
        _ = sift_numparser_symbol(handle, which, &buffer, 16, &status)
        return String(cCharacters: buffer)
    }
}
