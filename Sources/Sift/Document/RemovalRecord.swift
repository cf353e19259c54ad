import SiftICU

/// Text a stage took out of a document, kept so that nothing is lost: written in JSONL as one
/// object of `metadata.removed`, `{"text", "stage", "reason", "start"}`.
///
/// Records are plain values until the document is written, instead of JSON objects built and torn
/// down on every document: a page of scraped text loses a dozen lines on average.
public struct RemovalRecord: Sendable, Equatable {
    /// The removed text.
    public var text: String
    /// The stage that removed it.
    public var stage: String
    public var reason: String
    /// Where it was: the scalar offset in the text as it is once this removal (and every one
    /// before it) is applied, so undoing the records one by one, last first, restores the text.
    public var start: Int

    public init(text: String, stage: String, reason: String, start: Int) {
        self.text = text
        self.stage = stage
        self.reason = reason
        self.start = start
    }

    /// A record read back from JSON (an earlier run's output); nil when a field is missing.
    public init?(json o: JSONObject) {
        guard let text = o["text"]?.stringValue, let stage = o["stage"]?.stringValue,
              let reason = o["reason"]?.stringValue, let start = o["start"]?.intValue else { return nil }
        self.init(text: text, stage: stage, reason: reason, start: start)
    }

    public var json: JSONObject {
        JSONObject(distinctKeys: [("text", .string(text)), ("stage", .string(stage)), ("reason", .string(reason)), ("start", .int(start))])
    }

    /// The record as JSON, written straight from its fields (the same bytes as writing ``json``);
    /// with `id` first when given (the `--keep-removed` side output's form). The layout is
    /// ``RawJSONWriter/record(_:id:)``'s, the one the document writer uses too.
    public func appendJSON(id: String? = nil, to out: inout [UInt8]) {
        let bytes = [UInt8](unsafeUninitializedCapacity: RawJSONWriter.bound(of: self, id: id)) { buffer, written in
            var w = RawJSONWriter(base: buffer.baseAddress!)
            w.record(self, id: id)
            written = w.count
        }
        out.append(contentsOf: bytes)
    }
}

/// This run's removals as a document holds them: the removed texts one after another in one
/// buffer, and per removal its stage, reason, scalar offset and where its text ends in the buffer.
/// A page loses a dozen lines; one buffer is allocated, grown and freed for them, instead of a
/// String each. ``records`` gives them as ``RemovalRecord`` values.
public struct RemovalLog: Sendable {
    struct Entry: Sendable {
        /// Where the removal's text ends in ``RemovalLog/text`` (it starts where the previous one ends).
        var end: Int
        var stage: String
        var reason: String
        var start: Int
    }

    /// The removed texts, valid UTF-8, one after another.
    private(set) var text: [UInt8] = []
    private(set) var entries: [Entry] = []
    /// Whether every removed text is ASCII.
    private(set) var isASCII = true

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// Room for `more` removals (doubling, so that a page's dozen removals over several stages
    /// grow the lists a few times at most).
    mutating func reserve(_ more: Int, bytes: Int) {
        if entries.capacity - entries.count < more { entries.reserveCapacity(max(16, 2 * (entries.count + more))) }
        if text.capacity - text.count < bytes { text.reserveCapacity(max(256, 2 * (text.count + bytes))) }
    }

    /// Appends a removal whose text is `removed` (valid UTF-8; ASCII when `ascii`).
    mutating func append(_ removed: UnsafeBufferPointer<UInt8>, ascii: Bool, stage: String, reason: String, start: Int) {
        text.append(contentsOf: removed)
        if !ascii { isASCII = false }
        entries.append(Entry(end: text.count, stage: stage, reason: reason, start: start))
    }

    /// Calls `body` with the removed texts and the entries, read in place.
    @inline(__always)
    func withParts<R>(_ body: (_ text: UnsafeBufferPointer<UInt8>, _ entries: UnsafeBufferPointer<Entry>) -> R) -> R {
        text.withUnsafeBufferPointer { text in entries.withUnsafeBufferPointer { entries in body(text, entries) } }
    }

    /// Calls `body` with each removal's text bytes, stage, reason and start, in order (entries
    /// read in place: no copy retains their strings).
    func forEach(_ body: (_ text: UnsafeBufferPointer<UInt8>, _ stage: String, _ reason: String, _ start: Int) -> Void) {
        text.withUnsafeBufferPointer { text in
            entries.withUnsafeBufferPointer { entries in
                var from = 0
                for k in entries.indices {
                    body(UnsafeBufferPointer(rebasing: text[from..<entries[k].end]), entries[k].stage, entries[k].reason, entries[k].start)
                    from = entries[k].end
                }
            }
        }
    }

    /// The removals as records.
    public var records: [RemovalRecord] {
        var result: [RemovalRecord] = []
        result.reserveCapacity(entries.count)
        let ascii = isASCII
        forEach { bytes, stage, reason, start in
            result.append(RemovalRecord(text: UTF8Text.string(validUTF8: bytes, isASCII: ascii ? true : nil),
                                        stage: stage, reason: reason, start: start))
        }
        return result
    }
}
