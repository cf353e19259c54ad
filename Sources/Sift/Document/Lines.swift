#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of a UTF-8 text, as byte ranges.
public struct LineRange: Sendable, Equatable {
    /// The line's content, without its terminator (`\n` or `\r\n`).
    public var content: Range<Int>
    /// The content and its terminator: the range to delete to remove the line.
    public var whole: Range<Int>

    public init(content: Range<Int>, whole: Range<Int>) {
        self.content = content
        self.whole = whole
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Calls `body` for each line (split at `\n`, a preceding `\r` excluded from the content).
    /// A final line without a terminator counts; an empty text has no lines.
    public func forEachLine(_ body: (LineRange) throws -> Void) rethrows {
        guard let base = baseAddress, count > 0 else { return }
        var start = 0
        while start < count {
            let end: Int
            if let p = memchr(base + start, 0x0A, count - start) {
                end = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            } else {
                end = count
            }
            var contentEnd = end
            if contentEnd > start, self[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let wholeEnd = end < count ? end + 1 : end
            try body(LineRange(content: start..<contentEnd, whole: start..<wholeEnd))
            start = wholeEnd
        }
    }
}

extension Document {
    /// The document's lines.
    public var lineRanges: [LineRange] {
        var t = text
        return t.withUTF8 { b in
            var out: [LineRange] = []
            b.forEachLine { out.append($0) }
            return out
        }
    }
}
