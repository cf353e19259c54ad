import CByteScan

/// Scanning for the bytes that matter inside JSON strings, sixteen bytes per step.
enum ByteScan {
    /// Index of the first `"`, `\\` or control byte (< 0x20) at or after `from`, or `end`.
    @inline(__always)
    static func firstJSONSpecial(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        Int(sift_json_special(base, Int64(from), Int64(end)))
    }

    /// Writes `bytes` escaped as the inside of a JSON string (``JSONWriter``'s escapes) at `out`,
    /// which must have room for `6 * bytes.count`; returns the number of bytes written. One call
    /// per string: text with a line break every few dozen bytes has many escapes, and a scan call
    /// per run between them cost as much as the copying.
    @inline(__always)
    static func escapeJSON(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return Int(sift_json_escape(base, Int64(bytes.count), out))
    }

    /// ``escapeJSON(_:to:)`` for the short strings of a record (a removal's text, a label, a
    /// hashtag): the same bytes, with less set-up per call for a string of up to 64 bytes that has
    /// nothing to escape but a final line break (`sift_json_escape_short`).
    @inline(__always)
    static func escapeJSONShort(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return Int(sift_json_escape_short(base, Int64(bytes.count), out))
    }

    /// Decodes a JSON string's escapes from `from` (just after the opening quote) into `out`,
    /// which must have room for `end - from` bytes. Returns the closing quote's index and the
    /// bytes written, or nil for anything but plain runs, the short escapes and `\u` escapes
    /// outside the surrogates (control bytes, bad escapes, an unterminated string): those are left
    /// to the caller's decoder, which says what is wrong.
    @inline(__always)
    static func unescapeJSON(_ base: UnsafePointer<UInt8>, from: Int, end: Int, to out: UnsafeMutablePointer<UInt8>) -> (close: Int, written: Int)? {
        var written: Int64 = 0
        let close = sift_json_unescape(base, Int64(from), Int64(end), out, &written)
        return close < 0 ? nil : (Int(close), Int(written))
    }
}
