#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SiftICU

/// How input bytes become documents.
public enum InputFormat: String, CaseIterable, Sendable {
    /// `.jsonl` files (and `.jsonl.gz`, `.ndjson`) as JSONL, everything else as text.
    case auto
    /// Each file (or standard input) is one document, with the path as its id.
    case text
    /// Each line is one document, with id `PATH:LINE`.
    case lines
    /// Each line is a JSON object `{"id", "text", "metadata", …}` (the datatrove/dolma schema).
    case jsonl
}

/// What to do with bytes that are not valid UTF-8.
public enum InvalidUTF8Policy: String, CaseIterable, Sendable {
    /// Replace each invalid sequence with U+FFFD and count them in `metadata.invalid_utf8`.
    case repair
    /// Refuse the document with an error.
    case reject
}

/// An input that could not become a document: reported with where it came from; the run goes on
/// or stops as the user chose.
public struct InputFailure: Error, Sendable, CustomStringConvertible {
    public let source: String
    /// 1-based line for line-oriented formats.
    public let line: Int?
    public let message: String
    /// The record's id, when it could be read.
    public let id: String?

    public init(source: String, line: Int?, message: String, id: String? = nil) {
        self.source = source
        self.line = line
        self.message = message
        self.id = id
    }

    public var description: String {
        (line.map { "\(source):\($0)" } ?? source) + ": " + message
    }
}

/// Streams documents out of files and standard input, one at a time.
public final class DocumentReader {
    public struct Options: Sendable {
        public var format: InputFormat = .auto
        public var invalidUTF8: InvalidUTF8Policy = .repair
        /// JSONL field names for the id and the text.
        public var idKey = "id"
        public var textKey = "text"
        /// Documents (files, lines, records) larger than this many bytes are refused with an error
        /// (and never held in memory whole); nil for no limit. The default keeps memory bounded on
        /// pathological input (a 2 GB line) while passing any real document.
        public var maxDocumentBytes: Int? = Options.defaultMaxDocumentBytes
        /// 256 MiB.
        public static let defaultMaxDocumentBytes = 1 << 28
        /// The charset of text input (`--encoding`); nil detects it.
        public var encoding: String? = nil
        public init() {}
    }

    private let inputs: [String]
    private let options: Options
    /// The JSONL keys as bytes, made once for every record.
    private let recordKeys: JSONParser.RecordKeys
    /// Where a record's text is decoded before it is copied into its document (reused for every
    /// line up to ``scratchLimit`` bytes; longer lines are decoded the way without one).
    @exclusivity(unchecked) private var scratch: UnsafeMutablePointer<UInt8>? = nil
    @exclusivity(unchecked) private var scratchCapacity = 0
    private static let scratchLimit = 1 << 20
    private var inputIndex = 0
    private var lines: LineReader? = nil
    // Read on every line by the reader's one thread: no exclusivity checks.
    @exclusivity(unchecked) private var linesFormat: InputFormat = .lines
    @exclusivity(unchecked) private var currentPath = ""
    /// Warnings to show the user (repaired bytes), drained by the runner.
    public private(set) var warnings: [String] = []

    /// `inputs`: file paths, or `-` for standard input; empty means standard input.
    public init(inputs: [String], options: Options) {
        self.inputs = inputs.isEmpty ? ["-"] : inputs
        self.options = options
        recordKeys = JSONParser.RecordKeys(idKey: options.idKey, textKey: options.textKey)
    }

    deinit { scratch?.deallocate() }

    public func takeWarnings() -> [String] {
        defer { warnings.removeAll() }
        return warnings
    }

    private func format(for path: String) -> InputFormat {
        guard options.format == .auto else { return options.format }
        return Self.isJSONL(path) ? .jsonl : .text
    }

    /// Whether `auto` reads this path as JSONL: `.jsonl`, `.ndjson`, and those gzip-compressed.
    public static func isJSONL(_ path: String) -> Bool {
        let p = path.hasSuffix(".gz") ? String(path.dropLast(3)) : path
        return p.hasSuffix(".jsonl") || p.hasSuffix(".ndjson")
    }

    /// Whether `next()` can answer without waiting on standard input: the runner batches documents
    /// while this holds, and hands a batch on as soon as the input would block (streaming stays prompt).
    public var nextIsReady: Bool {
        if let lines { return lines.hasBufferedLine }
        return inputIndex >= inputs.count || inputs[inputIndex] != "-"
    }

    /// The next document or failure; nil when every input is read.
    public func next() -> Result<Document, InputFailure>? {
        while true {
            if let reader = lines {
                do {
                    let record: Result<Document, InputFailure>?? = try reader.nextLine { bytes in
                        if let length = reader.skippedLineBytes {
                            return .failure(InputFailure(source: currentPath, line: reader.lineNumber, message: "line of \(length) bytes is \(Self.overLimit(options.maxDocumentBytes))"))
                        }
                        return linesFormat == .jsonl ? jsonRecord(bytes, line: reader.lineNumber)
                            : lineDocument(bytes, line: reader.lineNumber)
                    }
                    switch record {
                    case nil: lines = nil; continue  // end of this input
                    case .some(nil): continue  // a blank JSONL line
                    case .some(let r?): return r
                    }
                } catch {
                    lines = nil
                    return .failure(InputFailure(source: currentPath, line: nil, message: (error as? IOError)?.reason ?? "\(error)"))
                }
            }
            guard inputIndex < inputs.count else { return nil }
            let path = inputs[inputIndex]
            inputIndex += 1
            currentPath = path == "-" ? "<stdin>" : path
            let fmt = format(for: path)
            if fmt == .lines || fmt == .jsonl {
                if path == "-" {
                    lines = LineReader(fd: 0, path: currentPath, ownsDescriptor: false)
                } else {
                    if FileSystem.isDirectory(path) {
                        return .failure(InputFailure(source: path, line: nil, message: "is a directory (use 'sift batch' for folders)"))
                    }
                    do { lines = try LineReader(path: path) } catch {
                        return .failure(InputFailure(source: path, line: nil, message: error.reason))
                    }
                }
                if let limit = options.maxDocumentBytes { lines?.maxLineBytes = limit }
                linesFormat = fmt
                continue
            }
            return wholeFile(path)
        }
    }

    private func wholeFile(_ path: String) -> Result<Document, InputFailure> {
        if path != "-" && FileSystem.isDirectory(path) {
            return .failure(InputFailure(source: path, line: nil, message: "is a directory (use 'sift batch' for folders)"))
        }
        let bytes: [UInt8]
        switch path == "-" ? Self.readStandardInput(limit: options.maxDocumentBytes) : Self.readWhole(path, limit: options.maxDocumentBytes) {
        case .success(let b): bytes = b
        case .failure(let failure): return .failure(failure)
        }
        return bytes.withUnsafeBufferPointer { buffer in
            if options.encoding == nil && !TextDecoding.hasUTF16BOM(buffer) && UTF8Decoding.looksBinary(buffer) {
                return .failure(InputFailure(source: currentPath, line: nil, message: "looks like a binary file (it contains NUL bytes); skipped"))
            }
            var metadata = JSONObject()
            switch decode(buffer, id: currentPath, line: nil, metadata: &metadata) {
            case .failure(let f): return .failure(f)
            case .success(let text): return .success(Document(id: path == "-" ? "-" : path, text: text, metadata: metadata))
            }
        }
    }

    /// The end of the message for a document over `--max-doc-bytes`.
    static func overLimit(_ limit: Int?) -> String { "over the --max-doc-bytes limit of \(limit ?? 0); skipped" }

    /// A whole file, never more than `limit + 1` bytes of it, nor more than a regular file's size
    /// when opened: a file that grows while being read is an error, not an endless read or a
    /// document cut at a random place.
    static func readWhole(_ path: String, limit: Int?) -> Result<[UInt8], InputFailure> {
        func failure(_ message: String) -> Result<[UInt8], InputFailure> {
            .failure(InputFailure(source: path, line: nil, message: message))
        }
        let over = overLimit(limit)
        var st = stat()
        guard stat(path, &st) == 0 else { return failure(FileSystem.errorMessage) }
        // Files that report a size of 0 (empty ones, and /proc's) are read to their end.
        let size = (st.st_mode & S_IFMT) == S_IFREG && st.st_size > 0 ? Int(st.st_size) : nil
        if let size, let limit, size > limit { return failure("file of \(size) bytes is \(over)") }
        guard let bytes = FileSystem.readFile(path, atMost: size ?? limit) else { return failure(FileSystem.errorMessage) }
        if let size, bytes.count > size { return failure(FileByteSource.grew(path, size).reason) }
        if let limit, bytes.count > limit { return failure("input of more than \(limit) bytes is \(over)") }
        return .success(bytes)
    }

    /// Standard input as one document (its lines joined by `\n`). Past `limit` bytes it is read
    /// on to the end to be counted, but not kept.
    static func readStandardInput(limit: Int?) -> Result<[UInt8], InputFailure> {
        let reader = LineReader(fd: 0, path: "<stdin>", ownsDescriptor: false)
        let limit = limit ?? Int.max
        reader.maxLineBytes = limit
        var all: [UInt8] = []
        var seen = 0
        do {
            while let _ = try reader.nextLine({ line in
                seen += (reader.lineNumber > 1 ? 1 : 0) + (reader.skippedLineBytes ?? line.count)
                if seen > limit {
                    all = []
                    return
                }
                if reader.lineNumber > 1 { all.append(0x0A) }
                all.append(contentsOf: line)
            }) {}
        } catch {
            return .failure(InputFailure(source: "<stdin>", line: nil, message: (error as? IOError)?.reason ?? "\(error)"))
        }
        if seen > limit {
            return .failure(InputFailure(source: "<stdin>", line: nil, message: "input of \(seen) bytes is \(overLimit(limit))"))
        }
        return .success(all)
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, id: String, line: Int?, metadata: inout JSONObject) -> Result<String, InputFailure> {
        let result = TextDecoding.decode(bytes, declared: options.encoding)
        if let charset = result.charset {
            metadata["charset"] = .string(charset)
            if let c = result.confidence { metadata["charset_confidence"] = .double(c) }
        }
        let invalid = result.invalid
        if invalid > 0 {
            if options.invalidUTF8 == .reject {
                return .failure(InputFailure(source: currentPath, line: line, message: "\(invalid) invalid UTF-8 sequence\(invalid == 1 ? "" : "s")", id: id))
            }
            metadata["invalid_utf8"] = .int(invalid)
            warnings.append("\(currentPath)\(line.map { ":\($0)" } ?? ""): warning: replaced \(invalid) invalid UTF-8 sequence\(invalid == 1 ? "" : "s") with U+FFFD")
        }
        return .success(result.text)
    }

    private func lineDocument(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Result<Document, InputFailure> {
        let id = "\(currentPath):\(line)"
        var metadata = JSONObject()
        switch decode(bytes, id: id, line: line, metadata: &metadata) {
        case .failure(let f): return .failure(f)
        case .success(let text): return .success(Document(id: id, text: text, metadata: metadata))
        }
    }

    private func jsonRecord(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Result<Document, InputFailure>? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        let parsed: JSONParser.Record?
        do {
            parsed = try JSONParser.parseRecord(bytes, keys: recordKeys, scratch: scratch(for: bytes.count))
        } catch {
            return .failure(InputFailure(source: currentPath, line: line, message: "malformed JSON: \(error)"))
        }
        guard let record = parsed else {
            return .failure(InputFailure(source: currentPath, line: line, message: "a JSONL record must be a JSON object"))
        }
        let invalid = record.invalidUTF8
        let id: String
        switch record.id {
        case .string(let s)?: id = s
        case .int(let n)?: id = String(n)
        case nil, .null?: id = "\(currentPath):\(line)"
        case let other?: id = JSONWriter.string(other)
        }
        guard let text = record.textUTF8 else {
            let why = record.text == nil ? "has no \"\(options.textKey)\" field" : "has a \"\(options.textKey)\" that is not a string"
            return .failure(InputFailure(source: currentPath, line: line, message: "record \(why)", id: id))
        }
        var metadata = JSONObject()
        switch record.metadata {
        case .object(let m)?: metadata = m
        case nil, .null?: break
        default:
            return .failure(InputFailure(source: currentPath, line: line, message: "\"metadata\" must be an object", id: id))
        }
        if invalid > 0 {
            if options.invalidUTF8 == .reject {
                return .failure(InputFailure(source: currentPath, line: line, message: "\(invalid) invalid UTF-8 sequence\(invalid == 1 ? "" : "s")", id: id))
            }
            metadata["invalid_utf8"] = .int(invalid)
            warnings.append("\(currentPath):\(line): warning: replaced \(invalid) invalid UTF-8 sequence\(invalid == 1 ? "" : "s") with U+FFFD")
        }
        var spans: [Span] = []
        if case .array(let items)? = record.spans {
            switch Self.spans(from: items, text: text.bytes.withUnsafeBufferPointer { UTF8Text.string(validUTF8: $0, isASCII: text.isASCII) }) {
            case .success(let s): spans = s
            case .failure(let error):
                return .failure(InputFailure(source: currentPath, line: line, message: error.message, id: id))
            }
        }
        return .success(Document(id: id, utf8: text.bytes, asciiPrefix: text.asciiPrefix, metadata: metadata, spans: spans, extra: record.extra))
    }

    /// The scratch for a line of `count` bytes, grown as needed; nil past ``scratchLimit``.
    private func scratch(for count: Int) -> UnsafeMutablePointer<UInt8>? {
        if count <= scratchCapacity { return scratch }
        guard count <= Self.scratchLimit else { return nil }
        scratch?.deallocate()
        scratchCapacity = max(count, min(2 * scratchCapacity, Self.scratchLimit), 1 << 16)
        scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchCapacity)
        return scratch
    }

    /// Spans as written by Sift (scalar offsets) back into byte offsets.
    static func spans(from items: [JSONValue], text: String) -> Result<[Span], StageError> {
        var partial: [(String, Int, Int, JSONObject)] = []
        let scalarCount = text.unicodeScalars.count
        for item in items {
            guard case .object(var o) = item, let type = o["type"]?.stringValue,
                  let start = o["start"]?.intValue, let end = o["end"]?.intValue
            else { return .failure(StageError("each span needs \"type\", \"start\" and \"end\"")) }
            guard 0 <= start, start <= end, end <= scalarCount else {
                return .failure(StageError("span \(start)..<\(end) lies outside the text (\(scalarCount) characters)"))
            }
            o["type"] = nil; o["start"] = nil; o["end"] = nil
            partial.append((type, start, end, o))
        }
        let offsets = ScalarOffsets.bytes(forScalars: partial.flatMap { [$0.1, $0.2] }, in: text)
        return .success(partial.enumerated().map { i, p in
            Span(type: p.0, start: offsets[2 * i], end: offsets[2 * i + 1], attributes: p.3)
        })
    }
}
