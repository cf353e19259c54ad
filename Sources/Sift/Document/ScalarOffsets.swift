import CByteScan

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

    /// Number of scalars in a byte range of UTF-8: the bytes that are not continuation bytes
    /// (`10xxxxxx`), counted sixteen at a time in C.
    public static func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return Int(sift_utf8_scalar_count(base, Int64(bytes.count)))
    }
}
