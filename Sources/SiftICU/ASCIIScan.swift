/// Word-at-a-time scans for ASCII, the fast path of every byte-level routine: text that is ASCII
/// needs no decoding, no ICU call and no normalization.
public enum ASCIIScan {
    /// The length of the ASCII prefix of `bytes`, eight bytes at a time.
    @inlinable
    public static func prefixLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let n = bytes.count
        var i = 0
        while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        while i < n, base[i] < 0x80 { i += 1 }
        return i
    }

    /// Whether every byte is ASCII.
    @inlinable
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { prefixLength(bytes) == bytes.count }
}
