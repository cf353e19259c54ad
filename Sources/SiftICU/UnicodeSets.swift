import CICUBridge

/// ICU's character sets, read as bit tables (a lookup is one shift, no call into ICU).
public enum UnicodeSets {
    /// The members of the UnicodeSet `pattern` (ICU's set syntax, e.g. `[\p{P}\p{White_Space}]`)
    /// in the Basic Multilingual Plane: bit `v & 63` of word `v >> 6` is set when scalar `v` is in
    /// the set (1024 words; surrogates are never set).
    /// - Throws: ``ICUError`` when ICU cannot read the pattern.
    public static func bmpBits(_ pattern: String) throws(ICUError) -> [UInt64] {
        var status: Int32 = 0
        var bits = [UInt64](repeating: 0, count: 1024)
        var bytes = Array(pattern.utf8)
        bytes.withUnsafeMutableBufferPointer { p in
            bits.withUnsafeMutableBufferPointer { out in
                sift_uset_bmp_bits(p.baseAddress, Int64(p.count), out.baseAddress, &status)
            }
        }
        try ICUError.check(status, "reading the set \(pattern)")
        return bits
    }
}
