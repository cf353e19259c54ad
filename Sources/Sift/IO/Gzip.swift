import CZlib

/// Decompresses a gzip (or zlib) stream as it is read, member after member (`cat a.gz b.gz` is
/// one valid file), through the system zlib; memory stays at two fixed buffers.
public final class GzipDecompressor: ByteSource {
    private var stream = z_stream()
    private let inner: ByteSource
    private let path: String
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 1 << 16
    private var innerAtEnd = false
    private var memberEnded = false

    public init(_ inner: ByteSource, path: String) throws(IOError) {
        self.inner = inner
        self.path = path
        input = .allocate(capacity: inputCapacity)
        // 15 + 32: the largest window, and gzip or zlib headers detected automatically.
        let rc = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            input.deallocate()
            throw IOError(path: path, reason: "cannot start zlib (\(rc))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    private func refill() throws(IOError) {
        guard stream.avail_in == 0, !innerAtEnd else { return }
        let n = try inner.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
        if n == 0 { innerAtEnd = true }
        stream.next_in = input
        stream.avail_in = UInt32(n)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            try refill()
            if memberEnded {
                // Another member follows, or the stream is over.
                if stream.avail_in == 0 && innerAtEnd { return 0 }
                inflateReset(&stream)
                memberEnded = false
            }
            if stream.avail_in == 0 && innerAtEnd {
                throw IOError(path: path, reason: "truncated gzip data (the file ends inside a compressed stream)")
            }
            stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(buffer.count)
            let rc = inflate(&stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.avail_out)
            switch rc {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let why = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw IOError(path: path, reason: "not valid gzip data: \(why)")
            }
            if produced > 0 { return produced }
        }
    }
}

/// Compresses bytes into a gzip stream. Input is fed to zlib in fixed-size blocks whatever the
/// caller's flush points, so the same bytes in always give the same compressed bytes out (the
/// header carries no time stamp or name).
final class GzipCompressor {
    private var stream = z_stream()
    private var pending: [UInt8] = []
    private let blockSize = 1 << 16
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity = 1 << 17
    private let path: String
    private var finished = false

    init(path: String, level: Int32 = 6) {
        self.path = path
        output = .allocate(capacity: outputCapacity)
        // 15 + 16: the largest window, with a gzip header and trailer.
        let rc = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(rc == Z_OK, "cannot start zlib's deflate (\(rc))")
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    /// Adds `bytes`; hands compressed output to `sink`. With `finish`, ends the gzip stream.
    func compress(_ bytes: [UInt8], finish: Bool, sink: (UnsafeRawBufferPointer) throws(IOError) -> Void) throws(IOError) {
        guard !finished else { return }
        pending.append(contentsOf: bytes)
        var consumed = 0
        while pending.count - consumed >= blockSize {
            try deflateBlock(from: consumed, count: blockSize, flush: Z_NO_FLUSH, sink: sink)
            consumed += blockSize
        }
        if finish {
            try deflateBlock(from: consumed, count: pending.count - consumed, flush: Z_FINISH, sink: sink)
            consumed = pending.count
            finished = true
        }
        pending.removeFirst(consumed)
    }

    private func deflateBlock(from start: Int, count: Int, flush: Int32, sink: (UnsafeRawBufferPointer) throws(IOError) -> Void) throws(IOError) {
        try pending.withUnsafeMutableBufferPointer { (all) throws(IOError) in
            stream.next_in = count == 0 ? nil : all.baseAddress! + start
            stream.avail_in = UInt32(count)
            while true {
                stream.next_out = output
                stream.avail_out = UInt32(outputCapacity)
                let rc = deflate(&stream, flush)
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                    throw IOError(path: path, reason: "zlib's deflate failed (\(rc))")
                }
                let produced = outputCapacity - Int(stream.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(start: output, count: produced)) }
                if flush == Z_FINISH ? rc == Z_STREAM_END : (stream.avail_in == 0 && stream.avail_out > 0) { break }
            }
        }
    }
}

/// CRC-32 (zlib's) of a file's bytes, streamed; nil if it cannot be read.
public enum ContentHash {
    public static func crc32(ofFile path: String) -> (size: Int, crc: UInt32)? {
        guard let source = try? FileByteSource(path: path) else { return nil }
        var crc = CZlib.crc32(0, nil, 0)
        var size = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            guard let n = try? source.read(into: chunk) else { return nil }
            if n == 0 { break }
            crc = CZlib.crc32(crc, chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32(n))
            size += n
        }
        return (size, UInt32(crc))
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
