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
            buffer.append(contentsOf: document.text.utf8)
            if let last = document.text.utf8.last, last != 0x0A { buffer.append(0x0A) }
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

    /// ``Document/outputMetadata``, written without building it: the removal records go straight
    /// from their fields to bytes.
    static func appendMetadata(_ d: Document, to out: inout [UInt8]) {
        if d.removals.isEmpty { return JSONWriter.append(d.metadata, to: &out) }
        func appendRecords(after items: [JSONValue]) {
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.append(item, to: &out)
            }
            for (n, r) in d.removals.enumerated() {
                if n > 0 || !items.isEmpty { out.append(UInt8(ascii: ",")) }
                r.appendJSON(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "{"))
        var wroteRecords = false
        for (n, (k, v)) in d.metadata.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            if k == "removed" {
                // An earlier run's records come first; anything else under the key is replaced, as
                // `JSONObject.append(_:toArray:)` does.
                appendRecords(after: v.arrayValue ?? [])
                wroteRecords = true
            } else {
                JSONWriter.append(v, to: &out)
            }
        }
        if !wroteRecords {
            if !d.metadata.isEmpty { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendLiteral(#""removed":"#, to: &out)
            appendRecords(after: [])
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The JSONL form of a document (without the newline).
    public static func appendJSON(_ d: Document, to out: inout [UInt8]) {
        // Room for the text, escapes and a metadata of the same size (removed text, mostly).
        out.reserveCapacity(out.count + 2 * d.text.utf8.count + 1024)
        JSONWriter.appendLiteral(#"{"id":"#, to: &out)
        JSONWriter.appendString(d.id, to: &out)
        JSONWriter.appendLiteral(#","text":"#, to: &out)
        JSONWriter.appendString(d.text, to: &out)
        JSONWriter.appendLiteral(#","metadata":"#, to: &out)
        appendMetadata(d, to: &out)
        JSONWriter.appendLiteral(#","spans":["#, to: &out)
        if !d.spans.isEmpty {
            let offsets = ScalarOffsets.scalars(forBytes: d.spans.flatMap { [$0.start, $0.end] }, in: d.text)
            for (i, s) in d.spans.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendLiteral(#"{"type":"#, to: &out)
                JSONWriter.appendString(s.type, to: &out)
                JSONWriter.appendLiteral(#","start":"#, to: &out)
                out.append(contentsOf: String(offsets[2 * i]).utf8)
                JSONWriter.appendLiteral(#","end":"#, to: &out)
                out.append(contentsOf: String(offsets[2 * i + 1]).utf8)
                for (k, v) in s.attributes {
                    out.append(UInt8(ascii: ","))
                    JSONWriter.appendString(k, to: &out)
                    out.append(UInt8(ascii: ":"))
                    JSONWriter.append(v, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
        }
        out.append(UInt8(ascii: "]"))
        for (k, v) in d.extra {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.append(v, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
