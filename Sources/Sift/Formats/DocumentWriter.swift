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
        guard let removals, case .array(let removed)? = document.metadata["removed"] else { return }
        removals.append { buffer in
            for r in removed {
                guard case .object(var o) = r else { continue }
                o["id"] = nil
                buffer.append(contentsOf: #"{"id":"#.utf8)
                JSONWriter.appendString(document.id, to: &buffer)
                for (k, v) in o {
                    buffer.append(UInt8(ascii: ","))
                    JSONWriter.appendString(k, to: &buffer)
                    buffer.append(UInt8(ascii: ":"))
                    JSONWriter.append(v, to: &buffer)
                }
                buffer.append(contentsOf: "}\n".utf8)
            }
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
    public static func appendJSON(_ d: Document, to out: inout [UInt8]) {
        // Room for the text, escapes and a metadata of the same size (removed text, mostly).
        out.reserveCapacity(out.count + 2 * d.text.utf8.count + 1024)
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.appendString(d.id, to: &out)
        out.append(contentsOf: #","text":"#.utf8)
        JSONWriter.appendString(d.text, to: &out)
        out.append(contentsOf: #","metadata":"#.utf8)
        JSONWriter.append(d.metadata, to: &out)
        out.append(contentsOf: #","spans":["#.utf8)
        if !d.spans.isEmpty {
            let offsets = ScalarOffsets.scalars(forBytes: d.spans.flatMap { [$0.start, $0.end] }, in: d.text)
            for (i, s) in d.spans.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"type":"#.utf8)
                JSONWriter.appendString(s.type, to: &out)
                out.append(contentsOf: #","start":"#.utf8)
                out.append(contentsOf: String(offsets[2 * i]).utf8)
                out.append(contentsOf: #","end":"#.utf8)
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
