import CICUBridge

/// CLDR data and text folding that language identification needs.
public enum LanguageSupport {
    public enum ExemplarKind: Int32, Sendable { case main = 0, auxiliary = 1, all = 2 }

    /// The lowercased code points of a locale's exemplar set (CLDR's letters of that language), or
    /// an empty set when ICU has none.
    public static func exemplarCharacters(_ locale: String, kind: ExemplarKind = .all) -> Set<UInt32> {
        var count: Int64 = 0
        var status: Int32 = 0
        guard let p = sift_exemplar_codepoints(locale, kind.rawValue, &count, &status), status <= 0 else { return [] }
        defer { sift_free(p) }
        return Set(UnsafeBufferPointer(start: p, count: Int(count)))
    }

    /// The lowercased code points of a locale's exemplar set as ICU lists them (repeats possible),
    /// or none. Without `caseClosure` the set is read as CLDR spells it, without the case variants
    /// ICU adds (several times faster on a large set; the same for a caseless script such as Han).
    public static func exemplarCodePoints(_ locale: String, kind: ExemplarKind = .all, caseClosure: Bool = true) -> [UInt32] {
        var count: Int64 = 0
        var status: Int32 = 0
        guard let p = sift_exemplar_codepoints(locale, kind.rawValue | (caseClosure ? 0 : 4), &count, &status), status <= 0 else { return [] }
        defer { sift_free(p) }
        return Array(UnsafeBufferPointer(start: p, count: Int(count)))
    }

    /// Folds UTF-8 for a language model into `out`: letters and marks lowercased, everything else
    /// one U+0020 per run. `out` needs `text.count + 2` elements; returns how many were written.
    @inline(__always)
    public static func fold(_ text: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>) -> Int {
        guard let base = text.baseAddress, let o = out.baseAddress, !text.isEmpty else { return 0 }
        return Int(sift_lang_fold_utf8(base, Int64(text.count), o, Int64(out.count)))
    }
}
