/// The figures of a batch: the whole corpus (inputs finished by earlier runs included) and this
/// run's timing. Written to `summary.json`, printed at the end, and drawn in the HTML report.
public struct BatchSummary: Sendable {
    public var pipeline = ""
    public var pipelineFile: String? = nil
    public var outputDirectory = ""
    public var shard: Shard? = nil
    public var jobs = 1
    public var inputsSelected = 0
    /// Found finished and unchanged by an earlier run, so not redone.
    public var inputsResumed = 0
    /// Finished in this run.
    public var inputsProcessed = 0
    public var inputsWithErrors = 0
    /// Bytes of all selected input files, and of those this run processed.
    public var inputBytes = 0
    public var runInputBytes = 0
    /// Every selected input's figures.
    public var corpus = BatchCounters()
    /// This run's figures.
    public var run = BatchCounters()
    /// Per stage, this run.
    public var stages: [StageStatistics] = []
    /// Stopped early by --max-errors.
    public var stopped = false
    public var wallNanoseconds: UInt64 = 0

    public init() {}

    public var seconds: Double { Double(wallNanoseconds) / 1e9 }
    /// Input file megabytes per second in this run.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(runInputBytes) / 1e6 / seconds : 0 }
    public var failed: Bool { corpus.errors > 0 || stopped }
    public var documentsDropped: Int { corpus.dropped.values.reduce(0, +) }

    public var json: JSONObject {
        var o = JSONObject()
        o["pipeline"] = .string(pipeline)
        o["pipeline_file"] = pipelineFile.map { .string($0) } ?? .null
        o["output"] = .string(outputDirectory)
        o["shard"] = shard.map { .string($0.description) } ?? .null
        o["jobs"] = .int(jobs)
        o["inputs"] = .object([
            "selected": .int(inputsSelected), "resumed": .int(inputsResumed), "processed": .int(inputsProcessed),
            "with_errors": .int(inputsWithErrors), "bytes": .int(inputBytes),
        ])
        o["documents"] = .object([
            "in": .int(corpus.documentsIn), "out": .int(corpus.documentsOut), "dropped": .int(documentsDropped),
            "errors": .int(corpus.errors),
        ])
        o["bytes"] = .object(["in": .int(corpus.bytesIn), "out": .int(corpus.bytesOut)])
        o["corpus"] = .object(corpus.json)
        var stageList: [JSONValue] = []
        for s in stages {
            stageList.append(.object([
                "name": .string(s.name), "documents_in": .int(s.documentsIn), "documents_out": .int(s.documentsOut),
                "dropped": .int(s.dropped.values.reduce(0, +)), "errors": .int(s.errors),
                "documents_changed": .int(s.documentsChanged), "characters_changed": .int(s.changedCharacters),
                "cpu_seconds": .double(Self.rounded(Double(s.nanoseconds) / 1e9, 4)),
                "mb_per_s": .double(Self.rounded(s.megabytesPerSecond, 2)),
            ]))
        }
        o["stages"] = .array(stageList)
        o["run"] = .object([
            "seconds": .double(Self.rounded(seconds, 3)), "input_bytes": .int(runInputBytes),
            "mb_per_s": .double(Self.rounded(megabytesPerSecond, 2)), "documents_in": .int(run.documentsIn),
            "documents_out": .int(run.documentsOut), "errors": .int(run.errors), "stopped": .bool(stopped),
        ])
        return o
    }

    static func rounded(_ v: Double, _ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (v * scale).rounded() / scale
    }

    /// The end-of-run report for a terminal.
    public var text: String {
        var lines: [String] = []
        let mb = { (b: Int) in Self.fixed(Double(b) / 1e6, 2) + " MB" }
        lines.append("\(inputsSelected) input\(inputsSelected == 1 ? "" : "s")\(shard.map { " (shard \($0))" } ?? ""): \(inputsProcessed) processed, \(inputsResumed) already done, \(inputsWithErrors) with errors")
        lines.append("documents: \(corpus.documentsIn) in (\(mb(corpus.bytesIn))), \(corpus.documentsOut) out (\(mb(corpus.bytesOut))), \(documentsDropped) dropped, \(corpus.errors) errors")
        lines.append("this run: \(mb(runInputBytes)) of input in \(Self.fixed(seconds, 2)) s (\(Self.fixed(megabytesPerSecond, 1)) MB/s) on \(jobs) job\(jobs == 1 ? "" : "s")\(stopped ? ", stopped at --max-errors" : "")")
        for (reason, n) in BatchCounters.sortedCounts(corpus.dropped) { lines.append("  dropped \(n): \(reason)") }
        if !stages.isEmpty {
            var rows = [["stage", "docs in", "docs out", "changed docs", "removed", "removed lines", "CPU s", "MB/s per core"]]
            for s in stages {
                let r = corpus.removed[s.name]
                rows.append([s.name, String(s.documentsIn), String(s.documentsOut), String(s.documentsChanged),
                             String(r?.spans ?? 0), String(r?.lines ?? 0),
                             Self.fixed(Double(s.nanoseconds) / 1e9, 3), Self.fixed(s.megabytesPerSecond, 1)])
            }
            lines.append(Self.table(rows))
        }
        if !corpus.languages.isEmpty { lines.append("languages: " + Self.list(corpus.languages)) }
        if !corpus.scripts.isEmpty { lines.append("scripts: " + Self.list(corpus.scripts)) }
        if corpus.quantities + corpus.unitConversions > 0 {
            lines.append("quantities found: \(corpus.quantities), unit conversions made: \(corpus.unitConversions)")
        }
        if corpus.invalidUTF8 > 0 { lines.append("invalid UTF-8 sequences repaired: \(corpus.invalidUTF8)") }
        return lines.joined(separator: "\n")
    }

    static func list(_ counts: [String: Int]) -> String {
        BatchCounters.sortedCounts(counts).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    static func table(_ rows: [[String]]) -> String {
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { row in
            var line = ""
            for (i, c) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                line += i == 0 ? c + pad : "  " + pad + c
            }
            return line
        }.joined(separator: "\n")
    }

    public static func fixed(_ value: Double, _ digits: Int) -> String {
        let r = rounded(value, digits)
        var s = String(r)
        if s.contains("e") { return s }
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: s.index(after: dot), to: s.endIndex)
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
            if digits == 0 { s = String(s[..<dot]) }
        } else if digits > 0 {
            s += "." + String(repeating: "0", count: digits)
        }
        return s
    }
}

extension JSONObject {
    /// Indented JSON, two spaces a level, for files people read.
    public var prettyJSON: String {
        var out: [UInt8] = []
        JSONValue.object(self).appendPretty(to: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }
}

extension JSONValue {
    func appendPretty(to out: inout [UInt8], indent: Int) {
        let pad = { (n: Int) in [UInt8](repeating: 0x20, count: n) }
        switch self {
        case .object(let o) where !o.isEmpty:
            out.append(contentsOf: "{\n".utf8)
            for (i, (k, v)) in o.enumerated() {
                out.append(contentsOf: pad(indent + 2))
                JSONWriter.appendString(k, to: &out)
                out.append(contentsOf: ": ".utf8)
                v.appendPretty(to: &out, indent: indent + 2)
                out.append(contentsOf: (i + 1 < o.count ? ",\n" : "\n").utf8)
            }
            out.append(contentsOf: pad(indent))
            out.append(UInt8(ascii: "}"))
        case .array(let a) where !a.isEmpty:
            out.append(contentsOf: "[\n".utf8)
            for (i, v) in a.enumerated() {
                out.append(contentsOf: pad(indent + 2))
                v.appendPretty(to: &out, indent: indent + 2)
                out.append(contentsOf: (i + 1 < a.count ? ",\n" : "\n").utf8)
            }
            out.append(contentsOf: pad(indent))
            out.append(UInt8(ascii: "]"))
        default:
            JSONWriter.append(self, to: &out)
        }
    }
}
