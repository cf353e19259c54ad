import SiftICU

/// Turning input bytes into text without ever failing.
public enum UTF8Decoding {
    /// Decodes UTF-8, replacing each invalid sequence with U+FFFD (as the Unicode standard recommends,
    /// maximal subparts), and counts the replacements.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, invalidSequences: Int) {
        // Well-formed text (nearly all of it) is checked by Sift's own validator, which skips ASCII
        // sixteen bytes at a time, and copied without the standard library checking it again.
        if let valid = UTF8Text.string(validating: bytes) { return (valid, 0) }
        let text = String(decoding: bytes, as: UTF8.self)
        return (text, countFFFD(text) - countFFFD(bytes))
    }

    private static func countFFFD(_ text: String) -> Int {
        var t = text
        return t.withUTF8 { countFFFD($0) }
    }

    private static func countFFFD(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] == 0xBD { n += 1; i += 3 } else { i += 1 }
        }
        return n
    }

    /// Whether bytes look like a binary file rather than text: NUL bytes in the first 8 KiB.
    public static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(bytes.count, 8192)
        for i in 0..<n where bytes[i] == 0 { return true }
        return false
    }
}
