import Sift

extension UnsafeBufferPointer where Element == UInt8 {
    /// Calls `body` with each line, as ``forEachLine(_:)`` splits them (at `\n`, a preceding `\r`
    /// left out of the content; a final line without a terminator counts), and whether the line's
    /// content is all ASCII. The lines of a page are short (half of them blank), so each line end
    /// is looked for eight bytes at a time here rather than with `memchr`, whose set-up costs more
    /// than such a search, and the ASCII test comes with it.
    @inline(__always)
    func forEachShortLine(_ body: (LineRange, _ ascii: Bool) throws -> Void) rethrows {
        guard let base = baseAddress, count > 0 else { return }
        let n = count
        var start = 0
        while start < n {
            var i = start
            var seen: UInt64 = 0  // the bytes of the line ORed together (bit 7 of a byte: non-ASCII)
            var end = n
            search: do {
                while i + 8 <= n {
                    let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    let x = w ^ 0x0A0A_0A0A_0A0A_0A0A
                    // The lowest byte flagged is the first LF (borrows only flag bytes above it).
                    let lf = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                    if lf != 0 {
                        let k = UInt64(lf.trailingZeroBitCount >> 3)
                        seen |= w & ((1 &<< (k &* 8)) &- 1)
                        end = i + Int(k)
                        break search
                    }
                    seen |= w
                    i += 8
                }
                while i < n {
                    if base[i] == 0x0A { end = i; break search }
                    seen |= UInt64(base[i])
                    i += 1
                }
            }
            var contentEnd = end
            if contentEnd > start, base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let wholeEnd = end < n ? end + 1 : end
            try body(LineRange(content: start..<contentEnd, whole: start..<wholeEnd), seen & 0x8080_8080_8080_8080 == 0)
            start = wholeEnd
        }
    }
}
