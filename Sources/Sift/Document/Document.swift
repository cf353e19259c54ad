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
    private var storage: TextStorage
    /// Metadata as read, and as stages set it. This run's removals are kept apart, in ``removals``,
    /// and joined to it (as `removed`) only when the document is written: see ``outputMetadata``.
    public var metadata: JSONObject
    /// What the stages of this run removed, in order (records that came in with the input stay in
    /// `metadata.removed`, before these).
    public private(set) var removals: [RemovalRecord] = []
    public var spans: [Span]
    /// Top-level JSONL fields other than id, text, metadata and spans (dolma's `source`, `added`, …),
    /// written back unchanged.
    public var extra: JSONObject
    /// Unicode scalars of text replaced or removed so far (for statistics; not written out).
    public private(set) var changedScalars = 0

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
        self.metadata = metadata
        self.spans = spans
        self.extra = extra
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
        var records = removals
        removals = []
        // Scalar offsets are only needed to say where removals were.
        let recordsRemovals = edits.contains { $0.removalReason != nil }
        // Room for every edit's record at once, doubling (a page loses a dozen lines, over several stages).
        if recordsRemovals && records.capacity - records.count < edits.count {
            records.reserveCapacity(max(16, 2 * (records.count + edits.count)))
        }
        let ascii = isKnownASCII
        withUTF8 { bytes in
            // The scalars of a byte range: its length in an ASCII text.
            @inline(__always) func scalars(_ r: Range<Int>) -> Int {
                ascii ? r.count : ScalarOffsets.count(in: UnsafeBufferPointer(rebasing: bytes[r]))
            }
            var scalarsBefore = 0
            var counted = 0
            for e in edits {
                // Scalar offset of the edit's start, counted incrementally.
                if recordsRemovals { scalarsBefore += scalars(counted..<e.range.lowerBound) }
                changed += scalars(e.range)
                counted = e.range.upperBound
                if let reason = e.removalReason {
                    // The removed text, copied from the old text's bytes (valid UTF-8 cut at scalar
                    // boundaries: no decoding).
                    records.append(RemovalRecord(text: UTF8Text.string(validUTF8: UnsafeBufferPointer(rebasing: bytes[e.range]), isASCII: ascii ? true : nil),
                                                 stage: stage, reason: reason, start: scalarsBefore))
                }
                // Removals record where they happened in the text as it is once this and every
                // earlier edit of the list is applied, so undoing them one by one, last first, at
                // `start` restores the text exactly.
                if !e.replacement.isEmpty { scalarsBefore += e.replacement.unicodeScalars.count }
            }
        }
        changedScalars += changed
        let map = rewrite(with: edits, mappingOffsets: !spans.isEmpty)
        removals = records
        carrySpans(through: map)
        return changed
    }

    /// The metadata as written out: ``metadata`` with this run's ``removals`` appended to its
    /// `removed` array (created, last, when the input had none).
    public var outputMetadata: JSONObject {
        if removals.isEmpty { return metadata }
        var m = metadata
        for r in removals { m.append(.object(r.json), toArray: "removed") }
        return m
    }

    /// Every removal on record: those that came in with the input (`metadata.removed` entries that
    /// have the record's shape) and then this run's.
    public var allRemovals: [RemovalRecord] {
        guard case .array(let items)? = metadata["removed"] else { return removals }
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
    private enum TextStorage: Sendable {
        case string(String)
        case bytes([UInt8], isASCII: Bool)
    }

    /// Calls `body` with the text's UTF-8 bytes, read in place.
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if case .bytes(let b, _) = storage { return try b.withUnsafeBufferPointer(body) }
        return try withStringUTF8(body)
    }

    /// ``withUTF8(_:)`` for text held as a String. A function of its own: the Optional<R> that
    /// `withContiguousStorageIfAvailable` returns needs R's metadata looked up at run time (about
    /// 400 instructions, on every call of the generic function, whichever case it took).
    @inline(never)
    private func withStringUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard case .string(let s) = storage else { preconditionFailure("text held as bytes") }
        if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
        return try Array(s.utf8).withUnsafeBufferPointer(body)
    }

    /// The length of the text in UTF-8 bytes.
    public var utf8Count: Int {
        switch storage {
        case .string(let s): s.utf8.count
        case .bytes(let b, _): b.count
        }
    }

    /// Whether the text is known to be all ASCII (false when unknown).
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
    private mutating func rewrite(with edits: [TextEdit], mappingOffsets: Bool) -> OffsetMap {
        let ascii = isKnownASCII && edits.allSatisfy { $0.replacement.isEmpty || $0.replacement.utf8Span.isKnownASCII }
        let map = mappingOffsets
            ? OffsetMap(byteEdits: edits.map { ($0.range.lowerBound, $0.range.count, $0.replacement.utf8.count) })
            : OffsetMap()
        if case .bytes(var bytes, _) = storage, !edits.contains(where: { $0.replacement.utf8.count > $0.range.count }) {
            storage = .string("")  // drop the enum's reference, so that the bytes are edited in place
            let count = bytes.withUnsafeMutableBufferPointer { TextEdits.compact($0, edits) }
            bytes.removeSubrange(count...)
            storage = .bytes(bytes, isASCII: ascii)
            return map
        }
        let joined = withUTF8 { TextEdits.joined($0, edits) }
        storage = .bytes(joined, isASCII: ascii)
        return map
    }
}
