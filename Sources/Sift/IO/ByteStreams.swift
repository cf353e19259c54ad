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

/// Reads a file descriptor in large chunks and hands out lines (without their `\n`), so a corpus
/// streams through in constant memory whatever its size.
public final class LineReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    public let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private let chunkSize: Int
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Lines longer than this are skipped unbuffered: ``nextLine(_:)`` hands `body` an empty line
    /// and sets ``skippedLineBytes`` to the line's length, so memory stays bounded on a huge line.
    public var maxLineBytes = Int.max
    /// The length of the line just handed out when it was skipped for being over ``maxLineBytes``.
    public private(set) var skippedLineBytes: Int? = nil
    /// For a regular file, its size when opened: reading past it means it grew while being read.
    private var expectedBytes: Int? = nil
    private var bytesRead = 0

    public init(fd: Int32, path: String, ownsDescriptor: Bool, chunkSize: Int = 1 << 20) {
        self.fd = fd
        self.path = path
        self.ownsDescriptor = ownsDescriptor
        self.chunkSize = chunkSize
    }

    public convenience init(path: String) throws(IOError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(path: path, reason: FileSystem.errorMessage) }
        self.init(fd: fd, path: path, ownsDescriptor: true)
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { expectedBytes = Int(st.st_size) }
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Calls `body` with the next line's bytes (valid only during the call); returns false at the end.
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
            if buffer.count - start > maxLineBytes { return try skipLongLine(body) }
            try fill()
        }
    }

    private func skipped<R>(_ length: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        skippedLineBytes = length
        return try body(UnsafeBufferPointer(start: nil, count: 0))
    }

    /// Reads on to the end of a line already longer than ``maxLineBytes``, keeping none of it.
    private func skipLongLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        var length = buffer.count - start
        buffer.removeAll(keepingCapacity: true)
        start = 0
        scanFrom = 0
        while true {
            try fill()
            if let nl = findNewline() {
                length += nl
                buffer.removeFirst(nl + 1)
                scanFrom = 0
                break
            }
            length += buffer.count
            buffer.removeAll(keepingCapacity: true)
            scanFrom = 0
            if atEnd { break }
        }
        lineNumber += 1
        return try skipped(length, body)
    }

    private var scanFrom = 0

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
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        var n = 0
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunkSize) }
        } while n < 0 && errno == EINTR
        if n < 0 {
            buffer.removeLast(chunkSize)
            throw IOError(path: path, reason: FileSystem.errorMessage)
        }
        buffer.removeLast(chunkSize - n)
        if n == 0 { atEnd = true }
        bytesRead += n
        if let expectedBytes, bytesRead > expectedBytes {
            throw IOError(path: path, reason: "the file grew while it was being read (it had \(expectedBytes) bytes when opened)")
        }
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
    /// Names the output in messages when it is not an atomic file (a device written in place).
    private var label: String? = nil

    /// Standard output.
    public static func standardOutput() -> OutputStream { OutputStream(fd: 1, target: nil, temporary: nil) }

    /// A file written atomically: created under a temporary name, renamed on ``commit()``.
    /// A path that exists and is not a regular file (`/dev/null`, a FIFO, a terminal) is written
    /// directly: renaming over it would replace the device.
    public static func atomicFile(_ path: String) throws(IOError) -> OutputStream {
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw IOError(path: path, reason: "is a directory") }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw IOError(path: path, reason: FileSystem.errorMessage) }
            let device = OutputStream(fd: fd, target: nil, temporary: nil, ownsDescriptor: true)
            device.label = path
            return device
        }
        let dir = FileSystem.directoryName(path)
        var template = Array("\(dir)/.\(FileSystem.baseName(path)).sift-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw IOError(path: path, reason: FileSystem.errorMessage) }
        let temp = String(cCharacters: template)
        TemporaryFiles.register(temp)
        return OutputStream(fd: fd, target: path, temporary: temp, ownsDescriptor: false)
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
        if let failed { throw failed }
        var offset = 0
        let where_ = target ?? label ?? "standard output"
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = IOError(path: where_, reason: FileSystem.errorMessage)
                failed = e
                throw e
            }
            offset += n
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the output: flushes, and for an atomic file syncs and renames it into place.
    public func commit() throws(IOError) {
        try flush()
        guard let target, let temporary else { return }
        if fsync(fd) != 0 { throw IOError(path: target, reason: FileSystem.errorMessage) }
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
            // Past a file-size limit (ulimit -f), fail the write with EFBIG instead of dying with a
            // partial temporary file left behind.
            signal(SIGXFSZ, SIG_IGN)
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
