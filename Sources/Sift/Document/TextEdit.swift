#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftICU

/// One replacement of a byte range of a text: the unit in which every rewriting stage describes its work.
public struct TextEdit: Sendable, Equatable {
    /// The replaced range, in UTF-8 bytes of the text before the edit.
    public var range: Range<Int>
    public var replacement: String
    /// Why, when the edit removes content that should be kept in `metadata.removed` (nil for cosmetic edits).
    public var removalReason: String?

    public init(range: Range<Int>, replacement: String = "", removalReason: String? = nil) {
        self.range = range
        self.replacement = replacement
        self.removalReason = removalReason
    }
}

/// Maps byte offsets of a text before a rewrite to offsets after it.
///
/// Built from the changed regions only (ordered, non-overlapping); offsets outside them shift by
/// the accumulated length difference, offsets inside snap to the region's start or end.
public struct OffsetMap: Sendable {
    /// Changed regions: old range and new range.
    public private(set) var regions: [(old: Range<Int>, new: Range<Int>)] = []

    public init() {}

    public init(byteEdits: [(sourceStart: Int, oldLength: Int, newLength: Int)]) {
        var delta = 0
        regions.reserveCapacity(byteEdits.count)
        for e in byteEdits {
            let newStart = e.sourceStart + delta
            regions.append((e.sourceStart..<(e.sourceStart + e.oldLength), newStart..<(newStart + e.newLength)))
            delta += e.newLength - e.oldLength
        }
    }

    public var isIdentity: Bool { regions.isEmpty }

    /// Where `offset` lands. `towardEnd` chooses the end of a changed region for offsets inside it
    /// (right for span ends) instead of its start (right for span starts).
    public func map(_ offset: Int, towardEnd: Bool) -> Int {
        // Binary search for the last region starting at or before offset.
        var lo = 0, hi = regions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if regions[mid].old.lowerBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        if lo == 0 { return offset }
        let r = regions[lo - 1]
        if offset >= r.old.upperBound {
            return offset - r.old.upperBound + r.new.upperBound
        }
        if offset == r.old.lowerBound { return r.new.lowerBound }
        return towardEnd ? r.new.upperBound : r.new.lowerBound
    }

    /// Carries a span through the rewrite; nil when all of its text was removed.
    public func map(_ span: Span) -> Span? {
        if regions.isEmpty { return span }
        var s = span
        s.start = map(span.start, towardEnd: false)
        s.end = max(s.start, map(span.end, towardEnd: true))
        if s.start == s.end && span.start != span.end { return nil }
        return s
    }
}

/// Edits applied to UTF-8 bytes. Edits are sorted by range, disjoint, and lie on scalar
/// boundaries (checked: a boundary is never a continuation byte), so the pieces join into
/// well-formed UTF-8 and nothing is validated again.
enum TextEdits {
    /// Checks that `edits` are sorted, disjoint, within `count` bytes and on scalar boundaries.
    @inline(__always)
    static func check(_ edits: [TextEdit], in bytes: UnsafeBufferPointer<UInt8>) {
        let total = bytes.count
        @inline(__always) func isBoundary(_ offset: Int) -> Bool { offset == total || bytes[offset] & 0xC0 != 0x80 }
        var cursor = 0
        // Read in place: a copy of each edit would retain and release its strings.
        edits.withUnsafeBufferPointer { edits in
            for k in edits.indices {
                let range = edits[k].range
                precondition(range.lowerBound >= cursor && range.upperBound <= total, "edits must be sorted and disjoint")
                precondition(isBoundary(range.lowerBound) && isBoundary(range.upperBound), "edits must lie on scalar boundaries")
                cursor = range.upperBound
            }
        }
    }

    /// The bytes with the edits applied, in a new array.
    static func joined(_ bytes: UnsafeBufferPointer<UInt8>, _ edits: [TextEdit]) -> [UInt8] {
        check(edits, in: bytes)
        // The edits are read in place (a copy of each would retain and release its strings).
        return edits.withUnsafeBufferPointer { edits in
            var size = bytes.count
            for k in edits.indices { size += edits[k].replacement.utf8.count - edits[k].range.count }
            return [UInt8](unsafeUninitializedCapacity: size) { out, written in
                @inline(__always) func copy(_ piece: UnsafeBufferPointer<UInt8>) {
                    guard let from = piece.baseAddress, !piece.isEmpty else { return }
                    (out.baseAddress! + written).initialize(from: from, count: piece.count)
                    written += piece.count
                }
                var cursor = 0
                for k in edits.indices {
                    copy(UnsafeBufferPointer(rebasing: bytes[cursor..<edits[k].range.lowerBound]))
                    if !edits[k].replacement.isEmpty {
                        var replacement = edits[k].replacement
                        replacement.withUTF8 { copy($0) }
                    }
                    cursor = edits[k].range.upperBound
                }
                copy(UnsafeBufferPointer(rebasing: bytes[cursor...]))
            }
        }
    }

    /// Applies edits none of which is longer than the range it replaces, in place: each piece
    /// moves down (never past bytes not yet read). Returns the new length. The edits must have
    /// passed ``check(_:in:)`` on these bytes (``Document/apply(_:stage:)`` checks them first).
    static func compact(_ bytes: UnsafeMutableBufferPointer<UInt8>, _ edits: [TextEdit]) -> Int {
        guard let base = bytes.baseAddress, !edits.isEmpty else { return bytes.count }
        // The edits are read in place (a copy of each would retain and release its strings).
        return edits.withUnsafeBufferPointer { edits in
            var written = edits[0].range.lowerBound
            for k in edits.indices {
                let range = edits[k].range
                if !edits[k].replacement.isEmpty {
                    let count = edits[k].replacement.utf8.count
                    precondition(count <= range.count, "an edit in place must not grow")
                    if edits[k].replacement.utf8.withContiguousStorageIfAvailable({ (base + written).update(from: $0.baseAddress!, count: count) }) == nil {
                        var replacement = edits[k].replacement
                        replacement.withUTF8 { (base + written).update(from: $0.baseAddress!, count: count) }
                    }
                    written += count
                }
                let end = k + 1 < edits.count ? edits[k + 1].range.lowerBound : bytes.count
                let piece = end - range.upperBound
                if piece > 0 {
                    if written != range.upperBound { memmove(base + written, base + range.upperBound, piece) }
                    written += piece
                }
            }
            return written
        }
    }
}

extension String {
    /// Applies edits (sorted by range, non-overlapping) and returns the new text and its offset map.
    /// `mappingOffsets: false` skips building the map (an identity map is returned), for a caller
    /// with no offsets to carry.
    public func applying(_ edits: [TextEdit], mappingOffsets: Bool = true) -> (text: String, map: OffsetMap) {
        if edits.isEmpty { return (self, OffsetMap()) }
        var source = self
        let knownASCII = utf8Span.isKnownASCII
        let joined = source.withUTF8 { TextEdits.joined($0, edits) }
        // Cut from an ASCII text with ASCII replacements, the result is ASCII; otherwise it is
        // left unmarked rather than scanned again (the mark only enables fast paths).
        let ascii = knownASCII && edits.allSatisfy { $0.replacement.utf8Span.isKnownASCII }
        let text = joined.withUnsafeBufferPointer { UTF8Text.string(validUTF8: $0, isASCII: ascii) }
        let map = mappingOffsets
            ? OffsetMap(byteEdits: edits.map { ($0.range.lowerBound, $0.range.count, $0.replacement.utf8.count) })
            : OffsetMap()
        return (text, map)
    }
}
