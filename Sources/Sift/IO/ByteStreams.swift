#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An I/O failure with the path and the system's reason.
public struct IOError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// Where a ``LineReader`` gets its bytes: a file descriptor, or a decompressor over one.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int
}

/// Bytes straight from a file descriptor. A regular file is expected to keep the size it had
/// when opened: reading more than that means it grew while being read (a log still being written,
/// a copy in progress), and is an error rather than an endless read or a document cut anywhere.
public final class FileByteSource: ByteSource {
    let fd: Int32
    private let ownsDescriptor: Bool
    public let path: String
    /// The size of a regular file when opened (nil for pipes, devices, and files that report a
    /// size of 0, as `/proc` files do).
    private let expectedBytes: Int?
    private var bytesRead = 0

    public init(fd: Int32, path: String, ownsDescriptor: Bool) {
        self.fd = fd
        self.path = path
        self.ownsDescriptor = ownsDescriptor
        var st = stat()
        expectedBytes = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && st.st_size > 0 ? Int(st.st_size) : nil
    }

    public convenience init(path: String) throws(IOError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(path: path, reason: FileSystem.errorMessage) }
        self.init(fd: fd, path: path, ownsDescriptor: true)
    }

    deinit { if ownsDescriptor { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(path: path, reason: FileSystem.errorMessage)
            }
            bytesRead += n
            if let expectedBytes, bytesRead > expectedBytes { throw Self.grew(path, expectedBytes) }
            return n
        }
    }

    /// The error for a file that grew while it was being read.
    static func grew(_ path: String, _ size: Int) -> IOError {
        IOError(path: path, reason: "the file grew while it was being read (it had \(size) bytes when opened)")
    }
}

/// Reads a byte source in large chunks and hands out lines (without their `\n`), so a corpus
/// streams through in constant memory whatever its size.
public final class LineReader {
    private let source: ByteSource
    public let path: String
    private let buffer = ReadBuffer()
    // The state below is touched on every line, by one thread at a time (a reader is not shared):
    // no exclusivity checks.
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var atEnd = false
    private let chunkSize: Int
    /// 1-based number of the line last returned.
    @exclusivity(unchecked) public private(set) var lineNumber = 0
    /// Lines longer than this are counted and discarded as they are read, never held whole:
    /// ``nextLine(_:)`` hands `body` an empty line and sets ``skippedLineBytes`` to the line's
    /// length, so memory stays bounded (about one chunk) on a line of any size.
    @exclusivity(unchecked) public var maxLineBytes = Int.max
    /// The length of the line just handed out, when it was skipped for being over ``maxLineBytes``.
    @exclusivity(unchecked) public private(set) var skippedLineBytes: Int? = nil

    public init(source: ByteSource, path: String, chunkSize: Int = 1 << 20) {
        self.source = source
        self.path = path
        self.chunkSize = chunkSize
    }

    public convenience init(fd: Int32, path: String, ownsDescriptor: Bool, chunkSize: Int = 1 << 20) {
        self.init(source: FileByteSource(fd: fd, path: path, ownsDescriptor: ownsDescriptor), path: path, chunkSize: chunkSize)
    }

    /// A file; one whose name ends in `.gz` is decompressed as it is read.
    public convenience init(path: String) throws(IOError) {
        let file = try FileByteSource(path: path)
        let source: ByteSource = path.hasSuffix(".gz") ? try GzipDecompressor(file, path: path) : file
        self.init(source: source, path: path)
    }

    /// Calls `body` with the next line's bytes (valid only during the call); returns nil at the end.
    public func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        skippedLineBytes = nil
        while true {
            if let nl = findNewline() {
                lineNumber += 1
                let lineStart = start
                start = nl + 1
                var end = nl
                if end > lineStart && buffer[end - 1] == 0x0D { end -= 1 }
                if end - lineStart > maxLineBytes { return try skipped(end - lineStart, body) }
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<end])) }
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                lineNumber += 1
                let lineStart = start
                start = buffer.count
                if buffer.count - lineStart > maxLineBytes { return try skipped(buffer.count - lineStart, body) }
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart...])) }
            }
            // Over the limit even if the last byte is a `\r` that a `\n` will take off.
            if buffer.count - start - 1 > maxLineBytes { return try skipLongLine(body) }
            try fill()
        }
    }

    private func skipped<R>(_ length: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        skippedLineBytes = length
        return try body(UnsafeBufferPointer(start: nil, count: 0))
    }

    /// Reads on to the end of a line already longer than ``maxLineBytes`` whatever ends it (the
    /// buffer holds its start and no newline), counting its bytes and keeping none of them.
    private func skipLongLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        var length = buffer.count - start
        var last = buffer[buffer.count - 1]
        buffer.removeAll()
        start = 0
        scanFrom = 0
        while !atEnd {
            try fill()
            if let nl = findNewline() {
                // A `\r` before the newline is not part of the line (it may end the previous chunk).
                if (nl > 0 ? buffer[nl - 1] : last) == 0x0D { length -= 1 }
                length += nl
                start = nl + 1
                break
            }
            length += buffer.count
            if let b = buffer.last { last = b }
            buffer.removeAll()
            scanFrom = 0
        }
        lineNumber += 1
        return try skipped(length, body)
    }

    @exclusivity(unchecked) private var scanFrom = 0

    /// Whether the next line can be returned without reading (and so without blocking on a pipe).
    public var hasBufferedLine: Bool {
        if atEnd { return true }
        let from = max(start, scanFrom)
        return buffer.withUnsafeBufferPointer { b in
            from < b.count && memchr(b.baseAddress! + from, 0x0A, b.count - from) != nil
        }
    }

    private func findNewline() -> Int? {
        let from = max(start, scanFrom)
        let found: Int? = buffer.withUnsafeBufferPointer { b in
            guard from < b.count else { return nil }
            guard let p = memchr(b.baseAddress! + from, 0x0A, b.count - from) else { return nil }
            return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
        scanFrom = found.map { $0 + 1 } ?? buffer.count
        return found
    }

    private func fill() throws {
        if start > 0 {
            buffer.removeFirst(start)
            scanFrom -= start
            start = 0
        }
        // Read straight into the buffer's free space (no copy from a separate chunk).
        let n = try buffer.append(upTo: chunkSize, from: source)
        if n == 0 { atEnd = true }
    }
}

/// The bytes a ``LineReader`` holds: a growable buffer that the source reads into directly.
private final class ReadBuffer {
    // Read on every line by its one reader: no exclusivity checks.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>? = nil
    @exclusivity(unchecked) private var capacity = 0
    @exclusivity(unchecked) private(set) var count = 0

    deinit { base?.deallocate() }

    subscript(i: Int) -> UInt8 { base![i] }
    var last: UInt8? { count > 0 ? base![count - 1] : nil }

    func removeAll() { count = 0 }

    /// Drops the first `n` bytes, moving the rest to the front.
    func removeFirst(_ n: Int) {
        guard n > 0, let base else { return }
        if n < count { memmove(base, base + n, count - n) }
        count -= n
    }

    /// Reads up to `n` more bytes from `source` after the ones held; returns how many were read.
    func append(upTo n: Int, from source: ByteSource) throws(IOError) -> Int {
        if count + n > capacity {
            let newCapacity = max(count + n, 2 * capacity)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            if let base {
                grown.initialize(from: base, count: count)
                base.deallocate()
            }
            base = grown
            capacity = newCapacity
        }
        let read = try source.read(into: UnsafeMutableRawBufferPointer(start: base! + count, count: n))
        count += read
        return read
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

/// Buffered output to a file descriptor. For `-o FILE`, output goes to a temporary file beside the
/// target that is renamed over it only when complete: an interrupted run never leaves half a file.
public final class OutputStream {
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20
    /// The final path, when writing atomically to a file.
    private let target: String?
    private let temporary: String?
    public private(set) var bytesWritten = 0
    private var failed: IOError? = nil
    /// Set for a `.gz` file: bytes are compressed on their way out.
    private var compressor: GzipCompressor? = nil
    /// Names the output in messages when it is not an atomic file (a device written in place).
    private var label: String? = nil

    /// Standard output.
    public static func standardOutput() -> OutputStream { OutputStream(fd: 1, target: nil, temporary: nil) }

    /// A file written atomically: created under a temporary name, renamed on ``commit()``.
    /// With `gzip` (by default when the name ends in `.gz`) the bytes are gzip-compressed, the
    /// same input always giving the same compressed bytes.
    /// A path that exists and is not a regular file (`/dev/null`, a FIFO, a terminal) is written
    /// directly: renaming over it would replace the device.
    public static func atomicFile(_ path: String, gzip: Bool? = nil) throws(IOError) -> OutputStream {
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw IOError(path: path, reason: "is a directory") }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw IOError(path: path, reason: FileSystem.errorMessage) }
            let stream = OutputStream(fd: fd, target: nil, temporary: nil, ownsDescriptor: true)
            stream.label = path
            if gzip ?? path.hasSuffix(".gz") { stream.compressor = GzipCompressor(path: path) }
            return stream
        }
        let dir = FileSystem.directoryName(path)
        var template = Array("\(dir)/.\(FileSystem.baseName(path)).sift-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw IOError(path: path, reason: FileSystem.errorMessage) }
        let temp = String(cCharacters: template)
        TemporaryFiles.register(temp)
        let stream = OutputStream(fd: fd, target: path, temporary: temp, ownsDescriptor: false)
        if gzip ?? path.hasSuffix(".gz") { stream.compressor = GzipCompressor(path: path) }
        return stream
    }

    /// Whether commit() should fsync before renaming (survives a power cut, not only a killed process).
    public var syncOnCommit = true

    private func writeOut(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        var offset = 0
        let where_ = target ?? label ?? "standard output"
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let e = IOError(path: where_, reason: FileSystem.errorMessage)
                failed = e
                throw e
            }
            offset += n
        }
    }

    private let ownsDescriptor: Bool

    private init(fd: Int32, target: String?, temporary: String?, ownsDescriptor: Bool = false) {
        self.fd = fd
        self.target = target
        self.temporary = temporary
        self.ownsDescriptor = ownsDescriptor
    }

    deinit {
        if ownsDescriptor && fd >= 0 { close(fd) }
        // Never committed: remove the partial file.
        if let temporary, fd >= 0 {
            close(fd)
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
        }
    }

    @inline(__always)
    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try? flush() }
    }

    /// Arrays handed over by ``write(taking:)``, to be written before `buffer` (which holds what
    /// was written after the last of them).
    ///
    /// A stream is used by one thread, and no call reenters it while these are being changed:
    /// unchecked, they save two dynamic exclusivity checks (~80 instructions each) per page.
    @exclusivity(unchecked) private var held: [[UInt8]] = []
    @exclusivity(unchecked) private var heldBytes = 0
    /// The `iovec`s of a flush of `held`, kept for their capacity.
    @exclusivity(unchecked) private var vectors: [iovec] = []
    /// Arrays shorter than this are copied into the buffer: an `iovec` each is not worth it.
    private static let smallestHeld = 1024
    /// The most arrays held at once (Linux's `IOV_MAX`: one `writev` takes them all).
    private static let mostHeld = 1024

    /// Writes `bytes` after everything before them, keeping the array rather than copying it into
    /// the buffer: the arrays held and then the buffer go out together in one `writev` at the
    /// next flush. The writer's thread then copies nothing (a page of `sift run`'s JSONL output is
    /// serialized by a worker; copying it into the buffer was a memmove of every byte written).
    /// A short array is copied, and so is any array while the buffer holds bytes (they come
    /// first: the buffer is never cut, and a mix of short and long arrays is written as before)
    /// and everything written to a gzip stream (the compressor reads one buffer).
    public func write(taking bytes: consuming [UInt8]) {
        if compressor != nil || bytes.count < Self.smallestHeld || !buffer.isEmpty {
            write(bytes)
            return
        }
        heldBytes += bytes.count
        held.append(bytes)
        if heldBytes >= flushThreshold || held.count >= Self.mostHeld { try? flush() }
    }

    public func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= flushThreshold { try? flush() }
    }

    /// Appends through a closure that writes into the buffer directly.
    public func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= flushThreshold { try? flush() }
    }

    /// Writes out what is buffered.
    public func flush() throws(IOError) {
        try flush(finishing: false)
    }

    private func flush(finishing: Bool) throws(IOError) {
        if let failed { throw failed }
        if let compressor {
            try compressor.compress(buffer, finish: finishing) { (chunk) throws(IOError) in try writeOut(chunk) }
        } else if !held.isEmpty {
            try writeHeld()
            return
        } else {
            let failure: IOError? = buffer.withUnsafeBytes { raw in
                do throws(IOError) { try writeOut(raw); return nil } catch { return error }
            }
            if let failure { throw failure }
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes out the arrays held and then the buffer, with `writev`.
    private func writeHeld() throws(IOError) {
        // Worked on as locals (no access checks per array), and put back for their capacity.
        var arrays: [[UInt8]] = []
        var vectors: [iovec] = []
        swap(&arrays, &held)
        swap(&vectors, &self.vectors)
        defer {
            arrays.removeAll(keepingCapacity: true)
            vectors.removeAll(keepingCapacity: true)
            swap(&arrays, &held)
            swap(&vectors, &self.vectors)
        }
        // The arrays are neither changed nor freed before the write is done, so their storage
        // stays where it is for the pointers handed to the system.
        for k in arrays.indices {
            arrays[k].withUnsafeBytes { vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)) }
        }
        buffer.withUnsafeBytes { if !$0.isEmpty { vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)) } }
        let failure: IOError? = vectors.withUnsafeMutableBufferPointer { v in
            var first = 0
            while first < v.count {
                let n = writev(fd, v.baseAddress! + first, Int32(min(v.count - first, Self.mostHeld)))
                if n < 0 {
                    if errno == EINTR { continue }
                    return IOError(path: target ?? label ?? "standard output", reason: FileSystem.errorMessage)
                }
                // On past what was written (a short write ends inside an array).
                var left = n
                while left > 0 {
                    if left >= v[first].iov_len {
                        left -= v[first].iov_len
                        first += 1
                    } else {
                        v[first].iov_base = v[first].iov_base! + left
                        v[first].iov_len -= left
                        left = 0
                    }
                }
            }
            return nil
        }
        if let failure {
            failed = failure
            throw failure
        }
        bytesWritten += heldBytes + buffer.count
        heldBytes = 0
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the output: flushes, and for an atomic file syncs and renames it into place.
    public func commit() throws(IOError) {
        try flush(finishing: true)
        guard let target, let temporary else { return }
        if syncOnCommit && fsync(fd) != 0 { throw IOError(path: target, reason: FileSystem.errorMessage) }
        close(fd)
        fd = -1
        fchmodIfNew(temporary)
        if rename(temporary, target) != 0 {
            let e = IOError(path: target, reason: FileSystem.errorMessage)
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
            throw e
        }
        TemporaryFiles.unregister(temporary)
    }

    /// mkstemp creates files 0600; give the result the usual mode for new files.
    private func fchmodIfNew(_ path: String) {
        let mask = umask(0)
        umask(mask)
        chmod(path, 0o666 & ~mask)
    }
}

/// Temporary outputs still being written, removed if the process is interrupted (SIGINT, SIGTERM).
public enum TemporaryFiles {
    nonisolated(unsafe) private static var paths: [String] = []
    nonisolated(unsafe) private static var lock = pthread_mutex_t()
    nonisolated(unsafe) private static var installed = false

    static func register(_ path: String) {
        pthread_mutex_lock(&lock)
        paths.append(path)
        if !installed {
            installed = true
            signal(SIGINT) { sig in TemporaryFiles.removeAll(); signal(sig, SIG_DFL); raise(sig) }
            signal(SIGTERM) { sig in TemporaryFiles.removeAll(); signal(sig, SIG_DFL); raise(sig) }
        }
        pthread_mutex_unlock(&lock)
    }

    static func unregister(_ path: String) {
        pthread_mutex_lock(&lock)
        paths.removeAll { $0 == path }
        pthread_mutex_unlock(&lock)
    }

    static func removeAll() {
        for p in paths { unlink(p) }
    }
}
