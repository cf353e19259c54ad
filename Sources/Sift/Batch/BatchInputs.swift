#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input file of a batch and where its result goes.
public struct BatchInput: Sendable, Equatable {
    /// The path to open.
    public let path: String
    /// Its path relative to the input folder it was found in (or as given, for a file named on
    /// the command line): the name it keeps under the output folder, and what `--shard` hashes.
    public let relativePath: String
    /// The output file's path relative to the output folder.
    public let outputPath: String
    /// How it is read: `.text`, `.lines` or `.jsonl` (never `.auto`).
    public let format: InputFormat
    /// How its output is written.
    public let outputFormat: OutputFormat
    /// Its size in bytes when the batch was planned.
    public let size: Int
}

/// `--shard K/N`: the K-th (from 0) of N parts of the inputs, chosen by a stable hash of each
/// input's relative path, so N workers anywhere cover a corpus exactly once.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(BatchError) {
        guard count >= 1 else { throw BatchError("--shard K/N needs N of at least 1") }
        guard index >= 0 && index < count else { throw BatchError("--shard K/N needs 0 <= K < N (K counts from 0), not \(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws(BatchError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw BatchError("--shard takes K/N (for instance 0/4), not '\(text)'")
        }
        try self.init(index: k, count: n)
    }

    public func contains(_ relativePath: String) -> Bool {
        Int(StableHash.fnv1a64(relativePath) % UInt64(count)) == index
    }

    public var description: String { "\(index)/\(count)" }
    /// A suffix for the batch's own files when several shards share an output folder.
    public var fileSuffix: String { ".\(index)-of-\(count)" }
}

/// A hash that is the same on every machine and every run (Swift's `Hasher` is seeded per process).
public enum StableHash {
    @inlinable
    public static func fnv1a64<S: Sequence>(bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    public static func fnv1a64(_ s: String) -> UInt64 { fnv1a64(bytes: s.utf8) }

    public static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

/// A batch problem found before anything runs (bad arguments, colliding outputs, unreadable inputs).
public struct BatchError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Turns the command line's inputs (files and folders) into the batch's list of inputs.
public struct BatchPlanner: Sendable {
    public var include: [String] = []
    public var exclude: [String] = []
    /// `.auto`: JSONL for `.jsonl`, `.ndjson` and their `.gz`, text for everything else.
    public var inputFormat: InputFormat = .auto
    /// nil: each input's own kind (JSONL shards give JSONL, text files give text).
    public var outputFormat: OutputFormat? = nil
    public var shard: Shard? = nil

    public init() {}

    /// The inputs in a stable order (as given; a folder's files in byte order of their paths),
    /// with the files under `outputDirectory` left out. Symbolic links in folders that are not
    /// followed (loops, links to folders, broken links) are passed to `warning`. With `keepRemoved`,
    /// no output may fall inside the removed-text folder, nor two inputs share a removed-text file.
    public func plan(_ arguments: [String], outputDirectory: String, keepRemoved: Bool = false,
                     warning: (String) -> Void = { _ in }) throws(BatchError) -> [BatchInput] {
        guard !arguments.isEmpty else { throw BatchError("no inputs: name files or folders to process") }
        let outReal = FileSystem.realPath(outputDirectory)
        var found: [BatchInput] = []
        for argument in arguments {
            if FileSystem.isDirectory(argument) {
                let root = argument.count > 1 && argument.hasSuffix("/") ? String(argument.dropLast()) : argument
                if let outReal, let rootReal = FileSystem.realPath(root), rootReal == outReal {
                    throw BatchError("\(argument): the output folder cannot be an input folder")
                }
                let files = FileSystem.walk(root) { rel, reason in warning("\(root)/\(rel): warning: \(reason)") }
                for rel in files where selected(rel) {
                    let path = root + "/" + rel
                    if let outReal, let real = FileSystem.realPath(FileSystem.directoryName(path)),
                       real == outReal || real.hasPrefix(outReal + "/") { continue }
                    found.append(input(path: path, relativePath: rel))
                }
            } else if FileSystem.isFile(argument) {
                found.append(input(path: argument, relativePath: Self.relativeName(argument)))
            } else {
                throw BatchError("\(argument): no such file or folder")
            }
        }
        if let shard { found = found.filter { shard.contains($0.relativePath) } }
        var seen: [String: String] = [:]
        let reserved = Set(BatchFiles(directory: "", shard: shard).reservedNames)
        var removedSeen: [String: String] = [:]
        for i in found {
            if let other = seen[i.outputPath] {
                throw BatchError("\(other) and \(i.path) would both be written to \(i.outputPath) in the output folder")
            }
            if reserved.contains(i.outputPath) {
                throw BatchError("\(i.path) would be written to \(i.outputPath), a name the batch keeps for itself")
            }
            if keepRemoved {
                if i.outputPath.hasPrefix(BatchFiles.removedFolder + "/") {
                    throw BatchError("\(i.path) would be written to \(i.outputPath), inside the folder --keep-removed writes to (\(BatchFiles.removedFolder)/)")
                }
                let removed = BatchFiles.removedPath(for: i.outputPath)
                if let other = removedSeen[removed] {
                    throw BatchError("the removed text of \(other) and of \(i.path) would both be written to \(removed)")
                }
                removedSeen[removed] = i.path
            }
            seen[i.outputPath] = i.path
        }
        return found
    }

    /// A file named on the command line keeps its relative path (without `./`), or only its name
    /// when the path is absolute or climbs out with `..`.
    static func relativeName(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        if p.hasPrefix("/") || p.split(separator: "/").contains("..") { return FileSystem.baseName(path) }
        return String(p)
    }

    func selected(_ relativePath: String) -> Bool {
        if !include.isEmpty && !include.contains(where: { Self.matches($0, relativePath) }) { return false }
        return !exclude.contains { Self.matches($0, relativePath) }
    }

    /// A glob without `/` matches the file name; with one, the whole relative path (where `*`
    /// also crosses folders, so `news/*.txt` takes `news/2024/a.txt`).
    static func matches(_ glob: String, _ relativePath: String) -> Bool {
        let subject = glob.contains("/") ? relativePath : FileSystem.baseName(relativePath)
        var pattern = glob
        while pattern.hasPrefix("./") { pattern.removeFirst(2) }
        pattern = pattern.replacing("**/", with: "*").replacing("**", with: "*")
        return fnmatch(pattern, subject, 0) == 0
    }

    func input(path: String, relativePath: String) -> BatchInput {
        let format: InputFormat = inputFormat == .auto ? (DocumentReader.isJSONL(path) ? .jsonl : .text) : inputFormat
        let out = outputFormat ?? (format == .jsonl ? .jsonl : .text)
        var outputPath = relativePath
        let isJSONL = format == .jsonl
        switch out {
        case .jsonl: if !isJSONL { outputPath = relativePath + ".jsonl" }
        case .text: if isJSONL { outputPath = Self.strippingJSONLExtension(relativePath) + ".txt" }
        case .report: outputPath = (isJSONL ? Self.strippingJSONLExtension(relativePath) : relativePath) + ".report.txt"
        case .html: outputPath = (isJSONL ? Self.strippingJSONLExtension(relativePath) : relativePath) + ".html"
        }
        return BatchInput(path: path, relativePath: relativePath, outputPath: outputPath, format: format,
                          outputFormat: out, size: FileSystem.fileSize(path) ?? 0)
    }

    static func strippingJSONLExtension(_ path: String) -> String {
        var p = path
        if p.hasSuffix(".gz") { p.removeLast(3) }
        for ext in [".jsonl", ".ndjson"] where p.hasSuffix(ext) { p.removeLast(ext.count) }
        return p
    }
}

