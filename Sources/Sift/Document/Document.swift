import CByteScan
import SiftICU

/// One unit of text moving through a pipeline: a file, a line, or a JSONL record.
///
/// Text only changes through ``apply(_:stage:)`` and ``replaceText(_:byteEdits:stage:)``, which carry
/// every span through the edit and record removed content in ``removals`` (written out as
/// `metadata.removed`), so nothing a stage takes out is lost and no span is left pointing at the
/// wrong text.
public struct Document: Sendable {
    public var id: String
    /// The text, as read or as a stage rebuilt it. Reading it from a document whose text was last
    /// changed by ``apply(_:stage:)`` makes a String from the bytes each time: stages read the
    /// bytes, through ``withUTF8(_:)``.
    public var text: String {
        switch storage {
        case .string(let s): s
        case .bytes(let b, let ascii): b.withUnsafeBufferPointer { UTF8Text.string(validUTF8: $0, isASCII: ascii ? true : nil) }
        }
    }
    /// Where the text lives: the String it came as, or, once edits were applied, UTF-8 bytes that
    /// later edits change in place (no String is built and torn down per stage).
    @usableFromInline var storage: TextStorage
    /// Metadata as read, and as stages set it. This run's removals are kept apart, in ``removals``,
    /// and joined to it (as `removed`) only when the document is written: see ``outputMetadata``.
    public var metadata: JSONObject
    /// What the stages of this run removed, in order (records that came in with the input stay in
    /// `metadata.removed`, before these).
    public var removals: [RemovalRecord] { removalLog.records }
    /// The same, as held: removed texts in one buffer (see ``RemovalLog``).
    public private(set) var removalLog = RemovalLog()
    public var spans: [Span]
    /// Top-level JSONL fields other than id, text, metadata and spans (dolma's `source`, `added`, …),
    /// written back unchanged.
    public var extra: JSONObject
    /// Unicode scalars of text replaced or removed so far (for statistics; not written out).
    public private(set) var changedScalars = 0
    /// The text's scalar count, when an edit list just counted it (-1 when not known): removals
    /// near the end of a non-ASCII text are then counted back from the end, not from the start.
    /// Any change to the text that does not carry it along sets it to -1.
    var scalarTotal = -1
    /// How many bytes at the start of the text are known to be ASCII (a lower bound, 0 when not
    /// known; the whole text when ``isKnownASCII``): scalar offsets up to it are the byte offsets
    /// themselves. A scraped page's non-ASCII often comes only at its end (a foreign footer), so
    /// the removals before it are placed without counting.
    public internal(set) var asciiPrefix = 0

    public init(id: String, text: String, metadata: JSONObject = JSONObject(), spans: [Span] = [], extra: JSONObject = JSONObject()) {
        self.id = id
        self.storage = .string(text)
        self.metadata = metadata
        self.spans = spans
        self.extra = extra
    }

    /// A document whose text is given as bytes, which must be valid UTF-8 (all ASCII when
    /// `isASCII`): readers decode straight to bytes, and no String is made unless asked for.
    public init(id: String, utf8 text: [UInt8], isASCII: Bool, metadata: JSONObject = JSONObject(), spans: [Span] = [], extra: JSONObject = JSONObject()) {
        self.id = id
        self.storage = .bytes(text, isASCII: isASCII)
        self.asciiPrefix = isASCII ? text.count : 0
        self.metadata = metadata
        self.spans = spans
        self.extra = extra
    }

    /// A document whose text is given as bytes, valid UTF-8 whose first `asciiPrefix` bytes are
    /// ASCII, and no more (the text is ASCII when they are all of it).
    public init(id: String, utf8 text: [UInt8], asciiPrefix: Int, metadata: JSONObject = JSONObject(), spans: [Span] = [], extra: JSONObject = JSONObject()) {
        precondition(asciiPrefix >= 0 && asciiPrefix <= text.count, "asciiPrefix out of the text")
        self.init(id: id, utf8: text, isASCII: asciiPrefix == text.count, metadata: metadata, spans: spans, extra: extra)
        self.asciiPrefix = asciiPrefix
    }

    /// Rewrites the text with `edits` (sorted, disjoint byte ranges), carrying spans through and
    /// recording each edit that has a `removalReason` under `metadata.removed`: its `text` and its
    /// `start`, the scalar offset in the new text where it was (earlier edits of the list applied).
    /// - Returns: the number of Unicode scalars of the old text that were replaced.
    @discardableResult
    public mutating func apply(_ edits: [TextEdit], stage: String) -> Int {
        if edits.isEmpty { return 0 }
        var changed = 0
        // Records go straight into the list, taken out while the text is read.
        var log = removalLog
        removalLog = RemovalLog()  // so that `log` is the only reference, appended to in place
        // Scalar offsets are only needed to say where removals were. (Edits are read in place: a
        // copy of each would retain and release its strings.)
        var removals = 0, removedBytes = 0
        edits.withUnsafeBufferPointer { edits in
            for k in edits.indices where edits[k].removalReason != nil {
                removals += 1
                removedBytes += edits[k].range.count
            }
        }
        let recordsRemovals = removals > 0
        if recordsRemovals { log.reserve(removals, bytes: removedBytes) }
        let ascii = isKnownASCII, knownPrefix = asciiPrefix  // (read here: `self` in a closure is copied)
        // The scalar count carried through this list (removal lists of a non-ASCII text only).
        var total = recordsRemovals && !ascii ? scalarTotal : -1
        withUTF8 { bytes in
            TextEdits.check(edits, in: bytes)  // before any offset is read
            edits.withUnsafeBufferPointer { edits in
                if !recordsRemovals {
                    // Cosmetic edits (a few bytes each, spread over the whole text): only the
                    // scalars they replace are counted.
                    let asciiEnd = ascii ? bytes.count : knownPrefix
                    for k in edits.indices {
                        let r = edits[k].range
                        changed += r.upperBound <= asciiEnd ? r.count : Self.scalars(in: bytes, r)
                    }
                    return
                }
                withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 * edits.count + 1) { scalarAt in
                    Self.scalarsAround(edits, in: bytes, ascii: ascii, asciiPrefix: knownPrefix, total: &total, into: scalarAt)
                    // Removals record where they happened in the text as it is once this and every
                    // earlier edit of the list is applied, so undoing them one by one, last first,
                    // at `start` restores the text exactly: `shift` is what the earlier edits moved it.
                    var shift = 0
                    for k in edits.indices {
                        let start = Int(scalarAt[2 * k]), removed = Int(scalarAt[2 * k + 1]) - start
                        changed += removed
                        if let reason = edits[k].removalReason {
                            // The removed text, copied from the old text's bytes (valid UTF-8 cut at
                            // scalar boundaries: no decoding).
                            log.append(UnsafeBufferPointer(rebasing: bytes[edits[k].range]), ascii: ascii || edits[k].range.upperBound <= knownPrefix,
                                       stage: stage, reason: reason, start: start + shift)
                        }
                        shift -= removed
                        if !edits[k].replacement.isEmpty { shift += edits[k].replacement.unicodeScalars.count }
                    }
                    if !ascii && total >= 0 { total += shift }
                }
            }
        }
        changedScalars += changed
        scalarTotal = total
        // A text whose scalars are as many as its bytes is ASCII: noise taken out of a page (a
        // foreign footer, placeholder lines) often leaves it so, and later stages, the removals'
        // offsets and the writer then take their ASCII paths.
        var becomesASCII = false
        if !ascii && total >= 0 {
            var bytesAfter = utf8Count
            edits.withUnsafeBufferPointer { edits in
                for k in edits.indices { bytesAfter += edits[k].replacement.utf8.count - edits[k].range.count }
            }
            becomesASCII = total == bytesAfter
        }
        let map = rewrite(with: edits, mappingOffsets: !spans.isEmpty, becomesASCII: becomesASCII)
        removalLog = log
        carrySpans(through: map)
        return changed
    }

    /// The scalars before each edit's start and end in the old text, into `scalarAt` (two per
    /// edit, and one more for the text's end), with `total`, the text's scalar count (-1 when not
    /// known), set when counted here.
    @inline(__always)
    private static func scalarsAround(_ edits: UnsafeBufferPointer<TextEdit>, in bytes: UnsafeBufferPointer<UInt8>, ascii: Bool,
                                      asciiPrefix knownPrefix: Int, total: inout Int, into scalarAt: UnsafeMutableBufferPointer<Int64>) {
        // The scalars before each edit's start and end in the old text (`scalarAt` holds
        // the byte offsets, then the counts): the offsets themselves in an ASCII text
        // and within the text's known ASCII start. The offsets past that start are
        // counted in one pass, from that start to the last edit, and on to the end when
        // the text's scalar count is not known yet; when it is known and the edits lie
        // nearer the end (a page's footer), from the first of those edits to the end,
        // the counts then taken back from the total.
        let n = bytes.count, offsets = 2 * edits.count
        for k in edits.indices {
            scalarAt[2 * k] = Int64(edits[k].range.lowerBound)
            scalarAt[2 * k + 1] = Int64(edits[k].range.upperBound)
        }
        if ascii { return }
        let asciiEnd = Int64(knownPrefix)
        var j = 0
        while j < offsets && scalarAt[j] <= asciiEnd { j += 1 }
        let counted = offsets - j
        if counted == 0 && total >= 0 { return }
        let firstCounted = counted > 0 ? Int(scalarAt[j]) : n
        let fromFirst = total >= 0 && n - firstCounted < Int(scalarAt[offsets - 1]) - knownPrefix
        let origin = fromFirst ? firstCounted : knownPrefix
        // One more offset, the text's end, gives the count to the end.
        let toEnd = fromFirst || total < 0
        scalarAt[offsets] = Int64(n)
        let passed = counted + (toEnd ? 1 : 0)
        guard let base = bytes.baseAddress, let at = scalarAt.baseAddress?.advanced(by: j) else { return }
        for k in 0..<passed { at[k] -= Int64(origin) }
        sift_utf8_scalars_before(base + origin, Int64(n - origin), at, Int64(passed), at)
        if fromFirst {
            // Scalars before the first edit counted: the total less those from it on.
            let before = Int64(total) - at[counted]
            for k in 0..<counted { at[k] += before }
        } else {
            // Before the origin, ASCII: as many scalars as bytes.
            for k in 0..<passed { at[k] += Int64(origin) }
            if toEnd { total = Int(at[counted]) }
        }
    }

    /// The scalars of a range of valid UTF-8: short ranges (collapsed spaces, a line break) counted
    /// here, longer ones sixteen bytes a step.
    @inline(__always)
    private static func scalars(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        if range.count >= 16 { return ScalarOffsets.count(in: UnsafeBufferPointer(rebasing: bytes[range])) }
        var n = 0
        for i in range where bytes[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The metadata as written out: ``metadata`` with this run's ``removals`` appended to its
    /// `removed` array (created, last, when the input had none).
    public var outputMetadata: JSONObject {
        if removalLog.isEmpty { return metadata }
        var m = metadata
        for r in removals { m.append(.object(r.json), toArray: "removed") }
        return m
    }

    /// Every removal on record: those that came in with the input (`metadata.removed` entries that
    /// have the record's shape) and then this run's.
    public var allRemovals: [RemovalRecord] {
        guard case .array(let items)? = metadata["removed"] else { return removalLog.records }
        return items.compactMap { item in item.objectValue.flatMap(RemovalRecord.init(json:)) } + removals
    }

    /// Replaces the whole text with a rewrite whose changed regions are known (from ICU's edit
    /// records, for instance), carrying spans through them.
    public mutating func replaceText(_ newText: String, byteEdits: [(sourceStart: Int, oldLength: Int, newLength: Int)]) {
        var changed = 0
        withUTF8 { bytes in
            for e in byteEdits {
                changed += ScalarOffsets.count(in: UnsafeBufferPointer(rebasing: bytes[e.sourceStart..<(e.sourceStart + e.oldLength)]))
            }
        }
        changedScalars += changed
        storage = .string(newText)
        scalarTotal = -1
        asciiPrefix = 0
        carrySpans(through: OffsetMap(byteEdits: byteEdits))
    }

    /// Carries spans through a rewrite; spans whose text was removed entirely are dropped.
    private mutating func carrySpans(through map: OffsetMap) {
        if spans.isEmpty || map.isIdentity { return }
        spans = spans.compactMap { map.map($0) }
    }

    /// The text of a byte range (a range that does not start and end on scalar boundaries gets
    /// U+FFFD for its cut characters).
    public func text(of range: Range<Int>) -> Substring {
        withUTF8 { bytes in
            let piece = UnsafeBufferPointer(rebasing: bytes[range])
            @inline(__always) func isBoundary(_ i: Int) -> Bool { i == bytes.count || bytes[i] & 0xC0 != 0x80 }
            guard isBoundary(range.lowerBound), isBoundary(range.upperBound) else {
                return Substring(String(decoding: piece, as: UTF8.self))
            }
            return Substring(UTF8Text.string(validUTF8: piece, isASCII: isKnownASCII ? true : nil))
        }
    }

    // MARK: The text's storage

    /// The text as a String, or as UTF-8 bytes (valid, and ASCII when `isASCII`).
    @usableFromInline enum TextStorage: Sendable {
        case string(String)
        case bytes([UInt8], isASCII: Bool)
    }

    /// Calls `body` with the text's UTF-8 bytes, read in place. Inlinable, so that each stage's
    /// call is specialized for its result type (a generic call looks up type metadata each time).
    @inlinable
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .string(let s):
            if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
            return try Array(s.utf8).withUnsafeBufferPointer(body)
        case .bytes(let b, _):
            return try b.withUnsafeBufferPointer(body)
        }
    }

    /// The length of the text in UTF-8 bytes.
    @inlinable
    public var utf8Count: Int {
        switch storage {
        case .string(let s): s.utf8.count
        case .bytes(let b, _): b.count
        }
    }

    /// Whether the text is known to be all ASCII (false when unknown).
    @inlinable
    public var isKnownASCII: Bool {
        switch storage {
        case .string(let s): s.utf8Span.isKnownASCII
        case .bytes(_, let ascii): ascii
        }
    }

    /// Rewrites the text with `edits` (sorted, disjoint, on scalar boundaries). Bytes already held
    /// are edited in place when no replacement is longer than what it replaces (deleted lines,
    /// collapsed spaces, CRLF to LF): no allocation. Otherwise, and the first time, the new bytes
    /// are joined into a new buffer.
    private mutating func rewrite(with edits: [TextEdit], mappingOffsets: Bool, becomesASCII: Bool = false) -> OffsetMap {
        // Whether every replacement is ASCII, and whether any is longer than what it replaces (one
        // pass over the edits, read in place).
        var asciiReplacements = true, grows = false
        edits.withUnsafeBufferPointer { edits in
            for k in edits.indices where !edits[k].replacement.isEmpty {
                if !edits[k].replacement.utf8Span.isKnownASCII { asciiReplacements = false }
                if edits[k].replacement.utf8.count > edits[k].range.count { grows = true }
            }
        }
        let ascii = becomesASCII || (isKnownASCII && asciiReplacements)
        // Where the known ASCII start ends once edited: at the first edit that reaches past it or
        // puts non-ASCII in it.
        var prefix = asciiPrefix
        if !ascii && prefix > 0 {
            let oldPrefix = prefix
            var shift = 0
            edits.withUnsafeBufferPointer { edits in
                for k in edits.indices {
                    let r = edits[k].range, empty = edits[k].replacement.isEmpty
                    if r.upperBound > oldPrefix || !(empty || edits[k].replacement.utf8Span.isKnownASCII) {
                        prefix = min(r.lowerBound, oldPrefix) + shift
                        return
                    }
                    shift += (empty ? 0 : edits[k].replacement.utf8.count) - r.count
                }
                prefix = oldPrefix + shift
            }
        }
        let map = mappingOffsets
            ? OffsetMap(byteEdits: edits.map { ($0.range.lowerBound, $0.range.count, $0.replacement.utf8.count) })
            : OffsetMap()
        if case .bytes(var bytes, _) = storage, !grows {
            storage = .string("")  // drop the enum's reference, so that the bytes are edited in place
            let count = bytes.withUnsafeMutableBufferPointer { TextEdits.compact($0, edits) }
            bytes.removeSubrange(count...)
            asciiPrefix = ascii ? count : prefix
            storage = .bytes(bytes, isASCII: ascii)
            return map
        }
        let joined = withUTF8 { TextEdits.joined($0, edits) }
        asciiPrefix = ascii ? joined.count : prefix
        storage = .bytes(joined, isASCII: ascii)
        return map
    }
}
