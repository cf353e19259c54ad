/// Conversion between UTF-8 byte offsets (inside Sift) and Unicode scalar offsets (in every output).
public enum ScalarOffsets {
    /// Converts byte offsets of `text` to scalar offsets, in one pass over the text.
    /// Offsets must lie on scalar boundaries; those past the end map to the scalar count.
    public static func scalars(forBytes offsets: [Int], in text: String) -> [Int] {
        var text = text
        return text.withUTF8 { scalars(forBytes: offsets, in: $0) }
    }

    /// Converts byte offsets of UTF-8 `bytes` to scalar offsets, in one pass.
    public static func scalars(forBytes offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        if offsets.isEmpty { return [] }
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [Int](repeating: 0, count: offsets.count)
        var scalarCount = 0
        var position = 0
        for i in order {
            let target = min(offsets[i], bytes.count)
            while position < target {
                if bytes[position] & 0xC0 != 0x80 { scalarCount += 1 }
                position += 1
            }
            result[i] = scalarCount
        }
        return result
    }

    /// Converts scalar offsets of `text` to byte offsets, in one pass.
    public static func bytes(forScalars offsets: [Int], in text: String) -> [Int] {
        if offsets.isEmpty { return [] }
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [Int](repeating: 0, count: offsets.count)
        var text = text
        text.withUTF8 { bytes in
            var scalarCount = 0
            var position = 0
            for i in order {
                while position < bytes.count {
                    if bytes[position] & 0xC0 != 0x80 {
                        if scalarCount == offsets[i] { break }
                        scalarCount += 1
                    }
                    position += 1
                }
                result[i] = position
            }
        }
        return result
    }

    /// Continuation bytes (`10xxxxxx`) among eight bytes: one per flagged byte, summed by a
    /// multiply (the baseline x86-64 has no POPCNT).
    @inlinable @inline(__always)
    public static func continuationBytes(_ w: UInt64) -> Int {
        Int((((w & ~(w << 1) & 0x8080_8080_8080_8080) >> 7) &* 0x0101_0101_0101_0101) >> 56)
    }

    /// Number of scalars in a byte range of UTF-8.
    /// Continuation bytes (`10xxxxxx`) are counted eight at a time and subtracted.
    @inlinable
    public static func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let n = bytes.count
        var continuations = 0
        var i = 0
        // Runs of ASCII (most text in most corpora) hold no continuation byte: skip 32 bytes a step.
        while i + 32 <= n {
            let w0 = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let w1 = UnsafeRawPointer(base + i + 8).loadUnaligned(as: UInt64.self)
            let w2 = UnsafeRawPointer(base + i + 16).loadUnaligned(as: UInt64.self)
            let w3 = UnsafeRawPointer(base + i + 24).loadUnaligned(as: UInt64.self)
            if (w0 | w1 | w2 | w3) & 0x8080_8080_8080_8080 != 0 {
                continuations += continuationBytes(w0) + continuationBytes(w1) + continuationBytes(w2) + continuationBytes(w3)
            }
            i += 32
        }
        while i + 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            continuations += continuationBytes(w)
            i += 8
        }
        while i < n {
            if base[i] & 0xC0 == 0x80 { continuations += 1 }
            i += 1
        }
        return n - continuations
    }
}
