/// How documents are written out.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// The text of each document, each ending with a newline.
    case text
    /// One JSON object per line: `{"id", "text", "metadata", "spans", …}`, span offsets in Unicode scalars.
    case jsonl
    /// For people: per document its language and scripts, every span with line:column and an
    /// excerpt, and everything removed with the stage and reason.
    case report
    /// A self-contained HTML page: each document with its spans highlighted and a legend, and the removed text.
    case html
}

/// Writes documents to an ``OutputStream`` in one format.
public struct DocumentWriter {
    public let format: OutputFormat
    /// Side output for removed text (`--keep-removed`): one JSONL record per removal.
    public let removals: OutputStream?

    public init(format: OutputFormat, removals: OutputStream? = nil) {
        self.format = format
        self.removals = removals
    }

    public func write(_ document: Document, to out: OutputStream) {
        out.append { buffer in append(document, to: &buffer) }
        writeRemovals(document)
    }

    /// The document as written, appended to `buffer`: touches no stream, so workers can serialize
    /// documents in parallel (the side output is ``writeRemovals(_:)``'s, on the writer's thread).
    public func append(_ document: Document, to buffer: inout [UInt8]) {
        switch format {
        case .text:
            document.withUTF8 { text in
                buffer.append(contentsOf: text)
                if let last = text.last, last != 0x0A { buffer.append(0x0A) }
            }
        case .jsonl:
            Self.appendJSON(document, to: &buffer)
            buffer.append(0x0A)
        case .report:
            buffer.append(contentsOf: ReportWriter.text(document).utf8)
        case .html:
            buffer.append(contentsOf: ReportWriter.html(document).utf8)
        }
    }

    /// The removed text of `document` to the `removals` side output, if there is one.
    public func writeRemovals(_ document: Document) {
        guard let removals else { return }
        let records = document.allRemovals
        if records.isEmpty { return }
        removals.append { buffer in Self.appendRemovals(document, records: records, to: &buffer) }
    }

    /// The side output's lines for `document`: one JSON object per removal, `{"id", "text",
    /// "stage", "reason", "start"}`.
    public static func appendRemovals(_ document: Document, to buffer: inout [UInt8]) {
        appendRemovals(document, records: document.allRemovals, to: &buffer)
    }

    private static func appendRemovals(_ document: Document, records: [RemovalRecord], to buffer: inout [UInt8]) {
        for r in records {
            r.appendJSON(id: document.id, to: &buffer)
            buffer.append(0x0A)
        }
    }

    /// Written before the first document.
    public func begin(_ out: OutputStream) {
        if format == .html { out.write(ReportWriter.htmlHeader) }
    }

    /// Written after the last document.
    public func finish(_ out: OutputStream) {
        if format == .html { out.write(ReportWriter.htmlFooter) }
    }

    /// The JSONL form of a document (without the newline).
    ///
    /// The id, the text and the removal records (nearly all the bytes, and a dozen records a page)
    /// are escaped straight into one buffer sized for the worst case; metadata's own keys, spans
    /// and extra fields (small, of any JSON shape) go through ``JSONWriter`` first. The bytes are
    /// those of writing ``Document/outputMetadata`` with ``JSONWriter``.
    public static func appendJSON(_ d: Document, to out: inout [UInt8]) {
        // Metadata around the removal records: `{…"removed":[earlier records,` before them and
        // `]…}` after (the whole object in `metadataHead` when there are none). Metadata with no
        // keys of its own, and no spans or extra fields (most records), are written as literals
        // without building any of these.
        let plainMetadata = d.metadata.isEmpty
        let plainRest = d.spans.isEmpty && d.extra.isEmpty
        var metadataHead: [UInt8] = [], metadataTail: [UInt8] = []
        if plainMetadata {
            // Written as literals below.
        } else if d.removalLog.isEmpty {
            JSONWriter.append(d.metadata, to: &metadataHead)
        } else {
            metadataHead.append(UInt8(ascii: "{"))
            var inTail = false, wroteRecords = false
            for (n, (k, v)) in d.metadata.enumerated() {
                if n > 0 { inTail ? metadataTail.append(UInt8(ascii: ",")) : metadataHead.append(UInt8(ascii: ",")) }
                if k == "removed" && !wroteRecords {
                    // An earlier run's records come first; anything else under the key is replaced,
                    // as `JSONObject.append(_:toArray:)` does.
                    JSONWriter.appendString(k, to: &metadataHead)
                    metadataHead.append(contentsOf: ":[".utf8)
                    for item in v.arrayValue ?? [] {
                        JSONWriter.append(item, to: &metadataHead)
                        metadataHead.append(UInt8(ascii: ","))
                    }
                    metadataTail.append(UInt8(ascii: "]"))
                    inTail = true
                    wroteRecords = true
                    continue
                }
                var entry: [UInt8] = []
                Self.appendMember(k, v, to: &entry)
                inTail ? metadataTail.append(contentsOf: entry) : metadataHead.append(contentsOf: entry)
            }
            if !wroteRecords {
                if !d.metadata.isEmpty { metadataHead.append(UInt8(ascii: ",")) }
                metadataHead.append(contentsOf: #""removed":["#.utf8)
                metadataTail.append(UInt8(ascii: "]"))
            }
            metadataTail.append(UInt8(ascii: "}"))
        }
        // Spans and extra fields, after the metadata.
        var rest: [UInt8] = []
        if !plainRest {
            JSONWriter.appendLiteral(#","spans":["#, to: &rest)
            if !d.spans.isEmpty {
                let offsets = d.withUTF8 { ScalarOffsets.scalars(forBytes: d.spans.flatMap { [$0.start, $0.end] }, in: $0) }
                for (i, s) in d.spans.enumerated() {
                    if i > 0 { rest.append(UInt8(ascii: ",")) }
                    JSONWriter.appendLiteral(#"{"type":"#, to: &rest)
                    JSONWriter.appendString(s.type, to: &rest)
                    JSONWriter.appendLiteral(#","start":"#, to: &rest)
                    JSONWriter.appendInt(offsets[2 * i], to: &rest)
                    JSONWriter.appendLiteral(#","end":"#, to: &rest)
                    JSONWriter.appendInt(offsets[2 * i + 1], to: &rest)
                    for (k, v) in s.attributes {
                        rest.append(UInt8(ascii: ","))
                        Self.appendMember(k, v, to: &rest)
                    }
                    rest.append(UInt8(ascii: "}"))
                }
            }
            rest.append(UInt8(ascii: "]"))
            for (k, v) in d.extra {
                rest.append(UInt8(ascii: ","))
                Self.appendMember(k, v, to: &rest)
            }
            rest.append(UInt8(ascii: "}"))
        }

        // The worst case: every byte of every string escaped as \u00XX.
        var bound = 6 * (d.id.utf8.count + d.utf8Count) + metadataHead.count + metadataTail.count + rest.count + 32
        // And the literals written instead of plain metadata (`{"removed":[`, `]}`) and spans
        // (`,"spans":[]}`); records are read in place (a loop over the array copies each).
        bound += 32
        bound += RawJSONWriter.bound(of: d.removalLog)
        let bytes = [UInt8](unsafeUninitializedCapacity: bound) { buffer, written in
            var w = RawJSONWriter(base: buffer.baseAddress!)
            w.literal(#"{"id":"#)
            w.string(d.id)
            w.literal(#","text":"#)
            d.withUTF8 { w.string(utf8: $0) }
            w.literal(#","metadata":"#)
            if plainMetadata {
                if d.removalLog.isEmpty { w.literal("{}") } else { w.literal(#"{"removed":["#) }
            } else {
                w.bytes(metadataHead)
            }
            w.records(d.removalLog)
            if plainMetadata {
                if !d.removalLog.isEmpty { w.literal("]}") }
            } else {
                w.bytes(metadataTail)
            }
            if plainRest { w.literal(#","spans":[]}"#) } else { w.bytes(rest) }
            written = w.count
            precondition(written <= bound, "JSON record larger than its bound")
        }
        // A worker serializes one document into an empty buffer: hand it over without a copy.
        if out.isEmpty { out = bytes } else { out.append(contentsOf: bytes) }
    }

    /// One member of a JSON object, `"key":value` (the caller writes the commas).
    static func appendMember(_ key: String, _ value: JSONValue, to out: inout [UInt8]) {
        JSONWriter.appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONWriter.append(value, to: &out)
    }
}

/// Writes JSON into memory already allocated for the worst case: no capacity checks, no
/// uniqueness checks, runs of plain bytes copied with memcpy.
struct RawJSONWriter {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always) mutating func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func bytes(_ p: UnsafeBufferPointer<UInt8>) {
        guard let from = p.baseAddress, !p.isEmpty else { return }
        (base + count).update(from: from, count: p.count)
        count += p.count
    }

    @inline(__always) mutating func bytes(_ a: [UInt8]) { a.withUnsafeBufferPointer { bytes($0) } }

    @inline(__always) mutating func literal(_ s: StaticString) {
        (base + count).update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        count += s.utf8CodeUnitCount
    }

    /// A removal record, `{"text", "stage", "reason", "start"}`, with `"id"` first when given.
    mutating func record(_ r: borrowing RemovalRecord, id: String? = nil) {
        if let id {
            literal(#"{"id":"#)
            string(id)
            literal(#","text":"#)
        } else {
            literal(#"{"text":"#)
        }
        string(r.text)
        recordEnd(stage: r.stage, reason: r.reason, start: r.start)
    }

    /// A removal record's members after its text, and the closing brace.
    @inline(__always)
    private mutating func recordEnd(stage: String, reason: String, start: Int) {
        literal(#","stage":"#)
        string(stage)
        literal(#","reason":"#)
        string(reason)
        literal(#","start":"#)
        int(start)
        byte(UInt8(ascii: "}"))
    }

    /// A document's removals, as ``record(_:id:)`` writes each, separated by commas.
    mutating func records(_ log: RemovalLog) {
        var first = true
        log.forEach { text, stage, reason, start in
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            literal(#"{"text":"#)
            string(utf8: text)
            recordEnd(stage: stage, reason: reason, start: start)
        }
    }

    /// The most bytes ``records(_:)`` writes for `log`.
    static func bound(of log: RemovalLog) -> Int {
        var bound = 6 * log.text.count
        log.forEach { _, stage, reason, _ in bound += 6 * (stage.utf8.count + reason.utf8.count) + 80 }
        return bound
    }

    /// The most bytes ``record(_:id:)`` writes: every byte escaped as \u00XX, and room for the
    /// keys and the number.
    static func bound(of r: borrowing RemovalRecord, id: String? = nil) -> Int {
        6 * (r.text.utf8.count + r.stage.utf8.count + r.reason.utf8.count + (id?.utf8.count ?? 0)) + 80
    }

    /// Decimal digits (at most 20 bytes, within the bound's allowance per number), last first:
    /// a division by the constant 10 compiles to a multiplication, a division by a variable
    /// power of ten does not.
    mutating func int(_ n: Int) {
        if n < 0 { byte(UInt8(ascii: "-")) }
        var v = n.magnitude
        var digits = 1
        var rest = v / 10
        while rest > 0 { digits += 1; rest /= 10 }
        var k = count + digits
        count = k
        repeat {
            k -= 1
            base[k] = 0x30 + UInt8(v % 10)
            v /= 10
        } while v > 0
    }

    /// A JSON string literal: quotes, and the bytes escaped in one pass (``ByteScan/escapeJSON(_:to:)``).
    mutating func string(_ s: String) {
        // Native and small strings lend their bytes without a copy of the String (no retain).
        if s.utf8.withContiguousStorageIfAvailable({ string(utf8: $0) }) == nil {
            var s = s
            s.withUTF8 { string(utf8: $0) }
        }
    }

    /// A JSON string literal of valid UTF-8 bytes.
    mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        count += ByteScan.escapeJSON(text, to: base + count)
        byte(UInt8(ascii: "\""))
    }
}
