#if canImport(Glibc)
import Glibc
#endif
import Sift
import SiftICU
import SiftStages
import Synchronization

/// The fuzz targets, shared by the libFuzzer driver (`Fuzz/`) and the regression tests that replay
/// the corpora in `swift test`. Each takes arbitrary bytes and returns the invariants it saw broken;
/// a crash or a hang is a failure by itself.
public enum FuzzHarness: String, CaseIterable, Sendable {
    /// Input decoding: `TextDecoding.decode` (detection, BOMs, declared charsets) and `UTF8Decoding`.
    case decode
    /// `DocumentReader` on the bytes as a file, in every input format.
    case reader
    /// `JSONParser.parse`, and a write/parse round trip of what it accepts; for a record with a
    /// text, the document writer against the generic one.
    case json
    /// `PipelineLoader.load(yaml:)` on the bytes as YAML; what it accepts must build and run.
    case pipeline
    /// Every standard stage, alone and in chains, on ``HostileText`` made from the bytes.
    case stages

    /// Runs the harness on one input.
    public func run(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        switch self {
        case .decode: Self.decode(data)
        case .reader: Self.reader(data)
        case .json: Self.json(data)
        case .pipeline: Self.pipeline(data)
        case .stages: Self.stages(data)
        }
    }

    public func run(_ data: [UInt8]) -> [String] { data.withUnsafeBufferPointer { run($0) } }

    // MARK: decode

    static let charsets: [String] = ["UTF-8", "windows-1252", "ISO-8859-1", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "GBK",
                                     "GB18030", "Big5", "EUC-KR", "windows-1251", "KOI8-R", "UTF-16LE", "UTF-16BE",
                                     "UTF-32", "ISO-8859-8", "windows-1256", "TIS-620", "UTF-7", "SCSU", "BOCU-1"]

    static func decode(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        var problems: [String] = []
        let valid = String(validating: data, as: UTF8.self) != nil
        let utf8 = UTF8Decoding.decode(data)
        if (utf8.invalidSequences == 0) != valid {
            problems.append("UTF8Decoding counted \(utf8.invalidSequences) invalid sequences in \(valid ? "valid" : "invalid") UTF-8")
        }
        if valid && !utf8.text.utf8.elementsEqual(data) { problems.append("UTF8Decoding changed valid UTF-8") }
        _ = UTF8Decoding.looksBinary(data)
        let detected = TextDecoding.decode(data)
        if detected.invalid < 0 { problems.append("negative invalid count") }
        let hasBOM = data.count >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF
        if valid && !hasBOM && !TextDecoding.hasUTF16BOM(data) && !detected.text.utf8.elementsEqual(data) {
            problems.append("TextDecoding changed valid UTF-8 without a BOM")
        }
        if let first = data.first {
            let rest = UnsafeBufferPointer(rebasing: data[1...])
            let declared = TextDecoding.decode(rest, declared: charsets[Int(first) % charsets.count])
            if declared.invalid < 0 { problems.append("negative invalid count with a declared charset") }
        }
        return problems
    }

    // MARK: reader

    static let scratchDirectory: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        let dir = "\(base)/sift-fuzz-\(getpid())"
        mkdir(dir, 0o700)
        return dir
    }()

    static func writeFile(_ path: String, _ data: UnsafeBufferPointer<UInt8>) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < data.count {
            let n = write(fd, data.baseAddress! + offset, data.count - offset)
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    static func reader(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        var problems: [String] = []
        let path = scratchDirectory + "/input-\(UInt(bitPattern: Int(bitPattern: UInt(pthread_self())))).jsonl"
        guard writeFile(path, data) else { return ["cannot write the scratch file \(path)"] }
        defer { unlink(path) }
        var newlines = 0
        for b in data where b == 0x0A { newlines += 1 }
        let expectedLines = newlines + (data.last.map { $0 != 0x0A } ?? false ? 1 : 0)
        let lines = referenceLines(data)
        // A --max-doc-bytes limit from the first byte: lines over it fail with their exact length.
        let limit = data.first.map { 1 + Int($0) % 64 }
        for (format, policy, max) in [(InputFormat.text, InvalidUTF8Policy.repair, nil), (.lines, .repair, nil), (.lines, .reject, nil),
                                      (.jsonl, .repair, nil), (.jsonl, .reject, nil), (.auto, .repair, nil),
                                      (.lines, .repair, limit), (.text, .repair, limit)] {
            var options = DocumentReader.Options()
            options.format = format
            options.invalidUTF8 = policy
            options.maxDocumentBytes = max
            let reader = DocumentReader(inputs: [path], options: options)
            var results = 0
            var guardCount = 0
            while let r = reader.next() {
                results += 1
                guardCount += 1
                if guardCount > data.count + 2 {
                    problems.append("\(format): more records than lines")
                    break
                }
                if case .success(let d) = r {
                    problems += DocumentInvariants.violations(d).map { "\(format): \($0)" }
                }
                if format == .lines, let max, results <= lines.count {
                    let length = lines[results - 1].count
                    switch r {
                    case .success where length > max:
                        problems.append("lines: line \(results) of \(length) bytes passed the limit of \(max)")
                    case .failure(let f) where length <= max || !f.message.hasPrefix("line of \(length) bytes is over"):
                        problems.append("lines: line \(results) of \(length) bytes under a limit of \(max) failed: \(f.message)")
                    default: break
                    }
                }
                if format == .text, let max {
                    switch r {
                    case .success where data.count > max:
                        problems.append("text: \(data.count) bytes passed the limit of \(max)")
                    case .failure(let f) where data.count <= max && f.message.contains("--max-doc-bytes"):
                        problems.append("text: \(data.count) bytes under a limit of \(max) failed: \(f.message)")
                    default: break
                    }
                }
                _ = reader.takeWarnings()
            }
            if format == .lines && results != expectedLines {
                problems.append("lines: \(results) records for \(expectedLines) lines")
            }
            if format == .text && results != 1 { problems.append("text: \(results) records for one file") }
        }
        return problems + lineReaderPieces(data)
    }

    /// The lines of `data` as ``LineReader`` hands them out: split at `\n`, without the `\r` before it.
    static func referenceLines(_ data: UnsafeBufferPointer<UInt8>) -> [ArraySlice<UInt8>] {
        var lines = Array(data).split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for i in lines.indices where (i < lines.count - 1 || data.last == 0x0A) && lines[i].last == 0x0D {
            lines[i] = lines[i].dropLast()
        }
        return lines
    }

    /// ``LineReader`` with tiny chunks and reads, and a line limit, all from the first two bytes:
    /// every line comes out whole, or skipped with its exact length when over the limit.
    static func lineReaderPieces(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        guard data.count >= 2 else { return [] }
        let chunk = 1 + Int(data[0]) % 16, step = 1 + Int(data[0]) / 16, limit = Int(data[1]) % 24
        let body = UnsafeBufferPointer(rebasing: data[2...])
        let expected = referenceLines(body)
        let reader = LineReader(source: MemoryByteSource(Array(body), step: step), path: "fuzz", chunkSize: chunk)
        reader.maxLineBytes = limit
        var problems: [String] = []
        var n = 0
        let where_ = "chunk \(chunk), step \(step), limit \(limit)"
        do {
            while let problem = try reader.nextLine({ bytes -> String? in
                defer { n += 1 }
                guard n < expected.count else { return "more lines than the \(expected.count) there are" }
                let want = expected[n]
                if reader.lineNumber != n + 1 { return "line \(n + 1) numbered \(reader.lineNumber)" }
                if let skipped = reader.skippedLineBytes {
                    return skipped == want.count && want.count > limit ? nil : "line \(n + 1) of \(want.count) bytes skipped as \(skipped)"
                }
                return want.count <= limit && bytes.elementsEqual(want) ? nil : "line \(n + 1) handed out wrong"
            }) {
                if let problem { problems.append("LineReader (\(where_)): \(problem)") }
                if problems.count > 3 { break }
            }
        } catch {
            problems.append("LineReader (\(where_)): \(error)")
        }
        if n != expected.count && problems.isEmpty { problems.append("LineReader (\(where_)): \(n) lines for \(expected.count)") }
        return problems
    }

    // MARK: json

    static func json(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        guard let (value, _) = try? JSONParser.parse(data) else { return [] }
        var out: [UInt8] = []
        JSONWriter.append(value, to: &out)
        guard let (again, invalid) = try? out.withUnsafeBufferPointer({ try JSONParser.parse($0) }) else {
            return ["the writer's output does not parse: \(String(decoding: out, as: UTF8.self))"]
        }
        var problems: [String] = []
        if invalid != 0 { problems.append("the writer wrote invalid UTF-8") }
        if !equivalent(again, value) {
            problems.append("round trip changed the value: \(String(decoding: out, as: UTF8.self))")
        }
        // A record with a text: the document writer (a raw buffer sized beforehand) must write what
        // the generic writer writes, removal records included.
        if case .object(let o) = value, case .string(let text)? = o["text"] {
            var d = Document(id: o["id"]?.stringValue ?? "fuzz", text: text, metadata: o["metadata"]?.objectValue ?? JSONObject())
            let u = text.utf8
            let firstLine = u.firstIndex(of: 0x0A).map { u.distance(from: u.startIndex, to: $0) + 1 } ?? u.count
            d.apply([TextEdit(range: 0..<firstLine, removalReason: o["reason"]?.stringValue ?? "first line")], stage: "fuzz")
            var fast: [UInt8] = []
            DocumentWriter.appendJSON(d, to: &fast)
            var slow: [UInt8] = []
            JSONWriter.append(.object(JSONObject(distinctKeys: [("id", .string(d.id)), ("text", .string(d.text)),
                                                               ("metadata", .object(d.outputMetadata)), ("spans", .array([]))])), to: &slow)
            if fast != slow {
                problems.append("document writer wrote \(String(decoding: fast, as: UTF8.self)), the generic writer \(String(decoding: slow, as: UTF8.self))")
            }
        }
        return problems
    }

    /// Equal, except that numbers compare by value (an integer too large for Int is read as a
    /// double and written back as one).
    static func equivalent(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && equivalent($0.value, $1.value) }
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        default: return a == b
        }
    }

    // MARK: pipeline

    nonisolated(unsafe) public static var pipelineSearchPath: [String] = [FileSystem.currentDirectory + "/Pipelines"]

    static let sampleTexts = ["Title\nShare\nBody text, with a https://example.org/x link. Second sentence.\n#tag #more\n",
                              "中文的一行。\nЕщё строка.\n\n\u{202E}evil\u{202C} a\u{0301}\u{0301}",
                              ""]

    static func pipeline(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        let yaml = UTF8Decoding.decode(data).text
        let loader = PipelineLoader(registry: .standard, locator: PipelineLocator(searchPath: pipelineSearchPath))
        let pipeline: Pipeline
        do {
            pipeline = try loader.load(yaml: yaml, file: scratchDirectory + "/fuzz.yaml", name: "fuzz")
        } catch {
            if error.diagnostics.isEmpty { return ["a refused pipeline came without a diagnostic"] }
            return []
        }
        return runChecked(pipeline, texts: sampleTexts)
    }

    /// Runs `pipeline` on `texts` stage by stage, checking the invariants after every stage.
    /// With `restorable`, every removal is recorded, so undoing them must give the input back.
    static func runChecked(_ pipeline: Pipeline, texts: [String], restorable: Bool = false, cacheKey: [Int]? = nil) -> [String] {
        let stages: [any Stage]
        if singleThreaded, let cacheKey, let cached = stageCache[cacheKey] {
            stages = cached
        } else {
            do { stages = try pipeline.makeStages() } catch {
                return ["the pipeline validated but its stages could not be made: \(error)"]
            }
            if singleThreaded, let cacheKey { stageCache[cacheKey] = stages }
        }
        var problems: [String] = []
        func step(_ document: Document, from first: Int, original: String?) {
            var doc = document
            for i in first..<stages.count {
                let outcome: StageOutcome
                do { outcome = try stages[i].process(&doc) } catch {
                    let message = "\(error)"
                    // Regex matching may legitimately fail on one document (ICU's time or stack limit).
                    if !message.contains("matching /") {
                        problems.append("stage '\(pipeline.steps[i].name)' failed: \(message)")
                    }
                    return
                }
                let where_ = "after '\(pipeline.steps[i].name)' (\(i + 1) of \(stages.count))"
                problems += DocumentInvariants.violations(doc).map { "\(where_): \($0)" }
                // Spans mean what they say when made; carried through later edits they cover what is left
                // of their text (checked exactly by the property tests), which may be only punctuation.
                if pipeline.steps[i].name == "scripts" {
                    problems += DocumentInvariants.meaningViolations(doc).map { "\(where_): \($0)" }
                }
                switch outcome {
                case .keep: continue
                case .drop: return
                case .split(let parts):
                    for p in parts {
                        problems += DocumentInvariants.violations(p).map { "\(where_), part \(p.id): \($0)" }
                        step(p, from: i + 1, original: nil)
                    }
                    return
                }
            }
            if let original, restorable {
                let restored = DocumentInvariants.restoringRemovals(doc)
                if restored != original {
                    problems.append("undoing metadata.removed gives \((restored ?? "nil").debugDescription), not the input \(original.debugDescription)")
                }
            }
        }
        for (n, text) in texts.enumerated() {
            step(Document(id: "fuzz\(n)", text: text), from: 0, original: text)
        }
        return problems
    }

    // MARK: stages

    /// One configuration of each standard stage (several for stages with modes); `restorable`
    /// marks those whose every text change is a recorded removal (or none).
    public static let stageConfigurations: [(yaml: String, restorable: Bool)] = [
        ("normalize: { form: nfc }", false),
        ("normalize: { form: nfkc }", false),
        ("normalize: { form: nfkc-casefold }", false),
        ("normalize: { form: nfd }", false),
        ("transliterate: { id: \"Any-Latin; Latin-ASCII\" }", false),
        ("transliterate: { rules: \"ß > ss; a } b > c;\" }", false),
        ("whitespace", false),
        ("whitespace: { bidi-controls: true, max-blank-lines: 0 }", false),
        ("replace: { pattern: \"\\\\s+\", with: \" \" }", false),
        ("replace: { pattern: \"(\\\\p{L})(\\\\p{M}+)\", with: \"$2$1$0\" }", false),
        ("replace: { pattern: \"https?://\\\\S+|\\\\p{Mn}+|\\\\p{Cf}\", reason: url }", true),
        ("drop-lines: { preset: placeholders }", true),
        ("drop-lines: { pattern: \"(?i)share|\\\\p{Han}\", match: contains }", true),
        ("drop-lines: { pattern: \"\\\\p{Latin}+\", keep-matching: true, blank: true }", true),
        ("filter: { min-words: 2, max-lines: 50, exclude: \"\\\\x{202E}\" }", true),
        ("fix-mojibake", false),
        ("hashtags", true),
        ("hashtags: { action: keep, inline: true }", true),
        ("dedupe-lines: { anywhere: true, min-chars: 1 }", true),
        ("ui-lines", true),
        ("ui-lines: { threshold: 0, phrases: [\"Read more\"] }", true),
        ("scripts: { neutral: true }", true),
        ("segment", true),
        ("segment: { unit: grapheme }", true),
        ("segment: { unit: word, locale: th }", true),
        ("segment: { unit: line-break, trim: false }", true),
        ("segment: { unit: paragraph, split: true }", false),
        ("segment: { unit: sentence, locale: ja, abbreviations: [\"approx.\"] }", true),
        ("segment: { abbreviations: [\"Fig.\", \"approx.\"] }", true),
        ("stray", true),
        ("stray: { unit: sentence, action: remove }", true),
        ("stray: { unit: run, action: remove, min-letters: 1 }", true),
        ("stray: { unit: line, action: remove, min-language-letters: 5, min-confidence: 0.5 }", true),
    ]

    /// Set by the fuzz driver (one thread): stage instances are then made once per configuration
    /// and reused, as a worker thread does.
    nonisolated(unsafe) public static var singleThreaded = false
    nonisolated(unsafe) static var stageCache: [[Int]: [any Stage]] = [:]

    static let pipelineCache = Mutex<[[Int]: Pipeline?]>([:])

    static func configuredPipeline(_ indices: [Int]) -> Pipeline? {
        if let cached = pipelineCache.withLock({ $0[indices] }) { return cached }
        let yaml = "stages:\n" + indices.map { "  - " + stageConfigurations[$0].yaml + "\n" }.joined()
        let loader = PipelineLoader(registry: .standard, locator: PipelineLocator(searchPath: []))
        let p = try? loader.load(yaml: yaml, file: "fuzz.yaml", name: "fuzz")
        pipelineCache.withLock { $0[indices] = p }
        return p
    }

    /// The first byte picks one configuration (below 0x80) or a chain of up to three (the next
    /// three bytes); the rest is a ``HostileText`` program.
    static func stages(_ data: UnsafeBufferPointer<UInt8>) -> [String] {
        guard let first = data.first else { return [] }
        var indices: [Int]
        var rest = UnsafeBufferPointer(rebasing: data[1...])
        let n = stageConfigurations.count
        if first < 0x80 {
            indices = [Int(first) % n]
        } else {
            let k = min(rest.count, 1 + Int(first & 3) % 3)
            indices = (0..<k).map { Int(rest[$0]) % n }
            rest = UnsafeBufferPointer(rebasing: rest[k...])
            if indices.isEmpty { indices = [0] }
        }
        guard let pipeline = configuredPipeline(indices) else {
            // Refused for a reason the loader states (an annotator before a rewrite that drops spans).
            return []
        }
        let text = HostileText.text(from: rest)
        let restorable = indices.allSatisfy { stageConfigurations[$0].restorable }
        return runChecked(pipeline, texts: [text], restorable: restorable, cacheKey: indices)
    }

    /// Runs a chain of ``stageConfigurations`` on `texts`, checking the invariants after every
    /// stage (and, when every configuration in it is restorable, that undoing the removals gives
    /// each input back). Nil when the chain does not load (an annotator before a span-dropping rewrite).
    public static func checkChain(_ indices: [Int], on texts: [String]) -> [String]? {
        guard let p = configuredPipeline(indices) else { return nil }
        return runChecked(p, texts: texts, restorable: indices.allSatisfy { stageConfigurations[$0].restorable })
    }

    /// Runs a loaded pipeline on `texts` with every invariant checked (see ``checkChain(_:on:)``).
    public static func checkPipeline(_ pipeline: Pipeline, on texts: [String]) -> [String] {
        runChecked(pipeline, texts: texts)
    }

    /// Checks every stage configuration once on `text` (for the fixed hostile cases in the tests).
    public static func checkAllStages(on text: String) -> [String] {
        var problems: [String] = []
        for (i, config) in stageConfigurations.enumerated() {
            guard let p = configuredPipeline([i]) else { problems.append("configuration \(config.yaml) does not load"); continue }
            problems += runChecked(p, texts: [text], restorable: config.restorable).map { "\(config.yaml): \($0)" }
        }
        return problems
    }
}

/// Bytes from memory, handed out at most `step` at a time (as a pipe or a slow disk would).
public final class MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    let step: Int
    private var offset = 0

    public init(_ bytes: [UInt8], step: Int) {
        self.bytes = bytes
        self.step = step
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
        let n = min(step, buffer.count, bytes.count - offset)
        if n > 0 { bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }
        offset += n
        return n
    }
}
