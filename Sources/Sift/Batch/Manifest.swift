#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The names of a batch's own files in its output folder (with a `.K-of-N` suffix under `--shard`,
/// so several shards can share one folder).
public struct BatchFiles: Sendable {
    public let directory: String
    public let suffix: String

    public init(directory: String, shard: Shard?) {
        self.directory = directory
        suffix = shard?.fileSuffix ?? ""
    }

    public var manifestName: String { "manifest\(suffix).jsonl" }
    public var summaryName: String { "summary\(suffix).json" }
    public var errorsName: String { "errors\(suffix).jsonl" }
    public var reportName: String { "report\(suffix).html" }
    public var reservedNames: [String] { [manifestName, summaryName, errorsName, reportName] }

    public var manifest: String { path(manifestName) }
    public var summary: String { path(summaryName) }
    public var errors: String { path(errorsName) }
    public var report: String { path(reportName) }
    public func path(_ relative: String) -> String { directory + "/" + relative }

    /// The folder of the removed-text side outputs (`--keep-removed`).
    public static let removedFolder = "removed"

    /// Where the removed text of the input written to `outputPath` goes (relative): the same path
    /// under `removed/`, as JSONL (`a/page.txt` → `removed/a/page.txt.jsonl`, `shard.jsonl.gz` →
    /// `removed/shard.jsonl`).
    public static func removedPath(for outputPath: String) -> String {
        var p = outputPath
        if p.hasSuffix(".gz") { p.removeLast(3) }
        if !p.hasSuffix(".jsonl") { p += ".jsonl" }
        return removedFolder + "/" + p
    }
}

/// One finished input, as the manifest records it.
public struct ManifestEntry: Sendable, Equatable {
    public var input: String
    public var output: String?
    /// Size and CRC-32 of the input's bytes.
    public var size: Int
    public var crc32: UInt32
    /// The hash of the pipeline and every setting that shapes the output.
    public var settings: String
    /// Size of the output file written (nil when the input gave no output file).
    public var outputSize: Int?
    public var counters: BatchCounters
    /// Its error records, as they go to errors.jsonl.
    public var errors: [JSONObject]

    public var json: JSONObject {
        [
            "input": .string(input), "output": output.map { .string($0) } ?? .null, "size": .int(size),
            "crc32": .string(Self.hex32(crc32)), "settings": .string(settings),
            "output_size": outputSize.map { .int($0) } ?? .null, "counters": .object(counters.json),
            "errors": .array(errors.map { .object($0) }),
        ]
    }

    public init(input: String, output: String?, size: Int, crc32: UInt32, settings: String, outputSize: Int?,
                counters: BatchCounters, errors: [JSONObject]) {
        self.input = input
        self.output = output
        self.size = size
        self.crc32 = crc32
        self.settings = settings
        self.outputSize = outputSize
        self.counters = counters
        self.errors = errors
    }

    init?(json o: JSONObject) {
        guard let input = o["input"]?.stringValue, let size = o["size"]?.intValue,
              let crcText = o["crc32"]?.stringValue, let crc = UInt32(crcText, radix: 16),
              let settings = o["settings"]?.stringValue, case .object(let counters)? = o["counters"]
        else { return nil }
        self.input = input
        output = o["output"]?.stringValue
        self.size = size
        crc32 = crc
        self.settings = settings
        outputSize = o["output_size"]?.intValue
        self.counters = BatchCounters(json: counters)
        errors = o["errors"]?.arrayValue?.compactMap { $0.objectValue } ?? []
    }

    static func hex32(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}

/// The batch's record of finished inputs: a JSONL file, one line appended (in one `write`) after
/// each input's output is renamed into place. A line cut short by a kill is ignored and cut off;
/// the file is rewritten compactly (last entry per input) when a batch starts.
public final class Manifest {
    public let path: String
    public private(set) var entries: [String: ManifestEntry] = [:]
    private var fd: Int32 = -1
    private let sync: Bool

    public init(path: String, sync: Bool) throws(IOError) {
        self.path = path
        self.sync = sync
        if let bytes = FileSystem.readFile(path) {
            var line: [UInt8] = []
            for b in bytes {
                if b == 0x0A {
                    load(line)
                    line.removeAll(keepingCapacity: true)
                } else {
                    line.append(b)
                }
            }
            // A last line without its newline was cut short: ignored.
        }
        // Compact: one entry per input, in input order of the paths.
        let out = try OutputStream.atomicFile(path)
        out.syncOnCommit = sync
        for key in entries.keys.sorted() {
            out.append { buffer in
                JSONWriter.append(entries[key]!.json, to: &buffer)
                buffer.append(0x0A)
            }
        }
        try out.commit()
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(path: path, reason: FileSystem.errorMessage) }
    }

    deinit { if fd >= 0 { close(fd) } }

    private func load(_ line: [UInt8]) {
        guard let (value, _) = try? line.withUnsafeBufferPointer({ try JSONParser.parse($0) }),
              case .object(let o) = value, let entry = ManifestEntry(json: o) else { return }
        entries[entry.input] = entry
    }

    /// Records a finished input.
    public func append(_ entry: ManifestEntry) throws(IOError) {
        var line: [UInt8] = []
        JSONWriter.append(entry.json, to: &line)
        line.append(0x0A)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        guard written == line.count else { throw IOError(path: path, reason: written < 0 ? FileSystem.errorMessage : "short write") }
        if sync { fsync(fd) }
    }

    /// Forgets the loaded entries once the batch has planned what to redo.
    public func releaseEntries() { entries = [:] }
}
