import CICUBridge

/// Raw CLDR data read from ICU's resource bundles, as `(path, value)` pairs.
///
/// The bridge walks ICU's resource trees and hands back every string under a path, merged along a
/// locale's fallback chain; the typed views (``UnitLexicon``, ``UnitConverter``) index them.
public enum CLDRData {
    public struct Entry: Sendable {
        /// Slash-separated keys, e.g. `unitsShort/length/mile/other`.
        public let path: String
        public let value: String
    }

    /// The unit display names of a locale (`units`, `unitsShort`, `unitsNarrow`), with fallbacks.
    public static func unitDisplayNames(locale: String) throws(ICUError) -> [Entry] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        sift_units_display_dump(locale, &out, &length, &status)
        try ICUError.check(status, "reading unit names for '\(locale)'")
        return parse(out, length)
    }

    /// Paths of a locale's main data (e.g. `NumberElements/latn/patternsLong/decimalFormat`), with fallbacks.
    public static func localeData(locale: String, paths: [String]) throws(ICUError) -> [Entry] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        sift_locale_data_dump(nil, locale, paths.joined(separator: "\n"), &out, &length, &status)
        try ICUError.check(status, "reading locale data for '\(locale)'")
        return parse(out, length)
    }

    /// The supplemental `units` resource: convertUnits, unitConstants, unitQuantities, unitPreferenceData.
    public static func supplementalUnits() throws(ICUError) -> [Entry] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        sift_units_supplemental_dump(&out, &length, &status)
        try ICUError.check(status, "reading CLDR unit conversion data")
        return parse(out, length)
    }

    /// Locales with unit display data.
    public static func unitLocales() -> [String] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        sift_units_available_locales(&out, &length, &status)
        guard status <= 0, let out else { return [] }
        defer { sift_free(out) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    /// The region a locale most likely means (`de` → `DE`, `en` → `US`), or nil.
    public static func likelyRegion(_ locale: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 16)
        var status: Int32 = 0
        let n = sift_locale_likely_region(locale, &buffer, 16, &status)
        guard status <= 0, n > 0 else { return nil }
        return String(cCharacters: buffer)
    }

    /// Unicode's numeric value of a scalar (½ → 0.5, 五 → 5), or nil.
    public static func numericValue(_ scalar: Unicode.Scalar) -> Double? {
        let v = sift_numeric_value(Int32(bitPattern: scalar.value))
        return v == -123456789 ? nil : v
    }

    private static func parse(_ out: UnsafeMutablePointer<UInt8>?, _ length: Int64) -> [Entry] {
        guard let out else { return [] }
        defer { sift_free(out) }
        // Split on bytes: lines of `path\tvalue`, thousands per locale.
        let bytes = UnsafeBufferPointer(start: out, count: Int(length))
        var entries: [Entry] = []
        var lineStart = 0
        var tab = -1
        for i in 0..<bytes.count {
            let c = bytes[i]
            if c == 9 && tab < 0 { tab = i }
            if c == 10 {
                if tab > lineStart {
                    entries.append(Entry(path: String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<tab]), as: UTF8.self),
                                         value: String(decoding: UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<i]), as: UTF8.self)))
                }
                lineStart = i + 1
                tab = -1
            }
        }
        return entries
    }
}
