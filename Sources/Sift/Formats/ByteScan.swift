/// Word-at-a-time scanning for the bytes that matter inside JSON strings, eight bytes per step.
enum ByteScan {
    /// Index of the first `"`, `\` or control byte (< 0x20) at or after `from`, or `end`.
    @inline(__always)
    static func firstJSONSpecial(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var i = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= end {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = w ^ (ones &* 0x22)
            let backslash = w ^ (ones &* 0x5C)
            // A byte is zero (after the xor) or below 0x20: the classic "has zero byte" test.
            let found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)
            if found & highs != 0 { break }
            i += 8
        }
        while i < end {
            let b = base[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return i }
            i += 1
        }
        return end
    }
}
