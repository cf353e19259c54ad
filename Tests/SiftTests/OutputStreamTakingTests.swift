import Glibc
import SiftFuzzing
import Testing

@testable import Sift

/// `OutputStream.write(taking:)` keeps long arrays and writes them with `writev` at the next
/// flush, after copying whatever else was written into its buffer in between: held to the bytes
/// of the same writes made through `write(_:)`, for plain and gzip files.
@Suite struct OutputStreamTakingTests {
    /// One way of writing bytes to a stream.
    enum Write {
        case taking([UInt8])
        case copying([UInt8])
        case string(String)
        case appending([UInt8])
        case flush
    }

    /// Writes of every kind, short and long arrays (on both sides of the size that is held), flushes
    /// between them, and runs long enough to pass the flush threshold and the count of arrays held.
    static func writes(_ g: inout Generator) -> [Write] {
        var writes: [Write] = []
        let many = Int.random(in: 0..<8, using: &g) == 0
        for n in 0..<(many ? Int.random(in: 1000...1500, using: &g) : Int.random(in: 0...40, using: &g)) {
            let length = Int.random(in: 0..<4, using: &g) == 0 ? Int.random(in: 0...1100, using: &g) : Int.random(in: 1000...5000, using: &g)
            let bytes = [UInt8]((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) })
            switch Int.random(in: 0..<(many ? 1 : 10), using: &g) {
            case 0...5: writes.append(.taking(bytes))
            case 6: writes.append(.copying(bytes))
            case 7: writes.append(.string("line \(n)\n"))
            case 8: writes.append(.appending(Array(bytes.prefix(100))))
            default: writes.append(.flush)
            }
        }
        return writes
    }

    static func apply(_ writes: [Write], to out: OutputStream, taking: Bool) throws {
        for w in writes {
            switch w {
            case .taking(let b): if taking { out.write(taking: b) } else { out.write(b) }
            case .copying(let b): out.write(b)
            case .string(let s): out.write(s)
            case .appending(let b): out.append { $0.append(contentsOf: b) }
            case .flush: try out.flush()
            }
        }
    }

    /// The file's bytes, and the count the stream says it wrote.
    static func written(_ writes: [Write], gzip: Bool, taking: Bool, dir: String) throws -> (bytes: [UInt8], count: Int) {
        let path = "\(dir)/out\(taking ? "-taking" : "")\(gzip ? ".gz" : "")"
        let out = try OutputStream.atomicFile(path, gzip: gzip)
        out.syncOnCommit = false
        try apply(writes, to: out, taking: taking)
        try out.commit()
        let fd = open(path, O_RDONLY)
        defer {
            close(fd)
            unlink(path)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return (bytes, out.bytesWritten)
    }

    @Test func takenArraysAreWrittenAsCopiedOnes() throws {
        let dir = FileManagerless.temporaryDirectory("taking")
        defer { rmdir(dir) }
        var g = Generator(seed: 0x7A_C1AE)
        for round in 0..<60 {
            let writes = Self.writes(&g)
            let gzip = round % 5 == 4
            let copied = try Self.written(writes, gzip: gzip, taking: false, dir: dir)
            let taken = try Self.written(writes, gzip: gzip, taking: true, dir: dir)
            // Compared here, not printed (megabytes).
            let same = copied.bytes == taken.bytes
            #expect(same, "round \(round): \(copied.bytes.count) bytes copied, \(taken.bytes.count) taken")
            #expect(copied.count == taken.count, "round \(round)")
            if !gzip {
                var expected: [UInt8] = []
                for w in writes {
                    switch w {
                    case .taking(let b), .copying(let b), .appending(let b): expected += b
                    case .string(let s): expected += Array(s.utf8)
                    case .flush: break
                    }
                }
                let asWritten = taken.bytes == expected
                #expect(asWritten, "round \(round): \(taken.bytes.count) bytes, \(expected.count) written")
            }
        }
    }
}

/// A fresh temporary directory, without Foundation.
enum FileManagerless {
    static func temporaryDirectory(_ name: String) -> String {
        var template = Array("/tmp/sift-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil)
        return String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }
}
