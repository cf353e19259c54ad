/// Strings made from UTF-8 bytes without the standard library's validator.
///
/// `String(decoding:as:)` and `String(validating:as:)` check text holding any non-ASCII byte one
/// byte at a time: about 5.7 ns a byte here, so 10 µs for a 2 KB page whose footer is Chinese,
/// slower than most stages. ``isValid(_:)`` checks the same rules (no overlong forms, no
/// surrogates, nothing above U+10FFFF, no truncated sequence) with ASCII skipped 16 bytes a step,
/// and ``string(validUTF8:)`` then copies the bytes into a String without checking them again.
public enum UTF8Text {
    /// Whether `bytes` are well-formed UTF-8 (Unicode 15, table 3-7).
    @inlinable
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { check(bytes) != nil }

    /// Nil when `bytes` are not well-formed UTF-8, else whether they are all ASCII.
    @inlinable
    public static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        var ascii = true
        while i < n {
            // ASCII, sixteen bytes a step.
            while i + 16 <= n {
                let a = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let b = UnsafeRawPointer(base + i + 8).loadUnaligned(as: UInt64.self)
                if (a | b) & 0x8080_8080_8080_8080 != 0 { break }
                i += 16
            }
            guard i < n else { return ascii }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            ascii = false
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return nil
            }
            guard i + length <= n else { return nil }
            let b1 = base[i + 1]
            guard b1 >= lower && b1 <= upper else { return nil }
            if length > 2 { guard base[i + 2] & 0xC0 == 0x80 else { return nil } }
            if length > 3 { guard base[i + 3] & 0xC0 == 0x80 else { return nil } }
            i += length
        }
        return ascii
    }

    /// A String of bytes already known to be well-formed UTF-8 (checked by ``check(_:)``, or cut
    /// from a String at scalar boundaries). Ill-formed bytes here would break the String's
    /// invariants: callers must be sure.
    ///
    /// The String is marked ASCII when `isASCII` says so (a scan decides when it is nil): the
    /// standard library's fast paths for comparing, hashing and counting depend on the mark, and
    /// a String made from a span it was not told about is marked non-ASCII.
    @inlinable
    public static func string(validUTF8 bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool? = nil) -> String {
        if bytes.isEmpty { return "" }
        return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII ?? ASCIIScan.isASCII(bytes)))
    }

    /// The String of `bytes` when they are well-formed UTF-8, else nil: `String(validating:as:)`,
    /// faster.
    @inlinable
    public static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        check(bytes).map { string(validUTF8: bytes, isASCII: $0) }
    }
}
