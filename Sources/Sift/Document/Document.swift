import SiftICU

/// One unit of text moving through a pipeline: a file, a line, or a JSONL record.
///
/// Text only changes through ``apply(_:stage:)`` and ``replaceText(_:byteEdits:stage:)``, which carry
/// every span through the edit and record removed content in ``removals`` (written out as
/// `metadata.removed`), so nothing a stage takes out is lost and no span is left pointing at the
/// wrong text.
public struct Document: Sendable {
    public var id: String
    public private(set) var text: String
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
        self.text = text
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
        var records: [RemovalRecord] = []
        var old = text
        // Scalar offsets are only needed to say where removals were.
        let recordsRemovals = edits.contains { $0.removalReason != nil }
        if recordsRemovals { records.reserveCapacity(edits.count) }
        let ascii = old.utf8Span.isKnownASCII
        old.withUTF8 { bytes in
            var scalarsBefore = 0
            var counted = 0
            for e in edits {
                // Scalar offset of the edit's start, counted incrementally.
                if recordsRemovals {
                    scalarsBefore += ScalarOffsets.count(in: UnsafeBufferPointer(rebasing: bytes[counted..<e.range.lowerBound]))
                }
                let removed = UnsafeBufferPointer(rebasing: bytes[e.range])
                changed += ScalarOffsets.count(in: removed)
                counted = e.range.upperBound
                if let reason = e.removalReason {
                    // The removed text, copied from the old text's bytes (valid UTF-8 cut at scalar
                    // boundaries: no decoding).
                    records.append(RemovalRecord(text: UTF8Text.string(validUTF8: removed, isASCII: ascii ? true : nil),
                                                 stage: stage, reason: reason, start: scalarsBefore))
                }
                // Removals record where they happened in the text as it is once this and every
                // earlier edit of the list is applied, so undoing them one by one, last first, at
                // `start` restores the text exactly.
                if !e.replacement.isEmpty { scalarsBefore += e.replacement.unicodeScalars.count }
            }
        }
        changedScalars += changed
        let (newText, map) = text.applying(edits, mappingOffsets: !spans.isEmpty)
        removals += records
        text = newText
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
        var old = text
        old.withUTF8 { bytes in
            for e in byteEdits {
                changedScalars += ScalarOffsets.count(in: UnsafeBufferPointer(rebasing: bytes[e.sourceStart..<(e.sourceStart + e.oldLength)]))
            }
        }
        text = newText
        carrySpans(through: OffsetMap(byteEdits: byteEdits))
    }

    /// Carries spans through a rewrite; spans whose text was removed entirely are dropped.
    private mutating func carrySpans(through map: OffsetMap) {
        if spans.isEmpty || map.isIdentity { return }
        spans = spans.compactMap { map.map($0) }
    }

    /// The text of a byte range.
    public func text(of range: Range<Int>) -> Substring {
        let u = text.utf8
        let lo = u.index(u.startIndex, offsetBy: range.lowerBound)
        let hi = u.index(lo, offsetBy: range.count)
        return text[lo..<hi]
    }
}
