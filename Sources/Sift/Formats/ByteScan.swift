import CByteScan

/// Scanning for the bytes that matter inside JSON strings, sixteen bytes per step.
enum ByteScan {
    /// Index of the first `"`, `\\` or control byte (< 0x20) at or after `from`, or `end`.
    @inline(__always)
    static func firstJSONSpecial(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        Int(sift_json_special(base, Int64(from), Int64(end)))
    }
}
