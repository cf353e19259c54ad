#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sift

/// The features the language model counts, shared by the trainer and the identifier so they can
/// never disagree: for each word (a run of letters and marks, lowercased), its character n-grams of
/// orders 1 to 5 with a space before and after the word, and the word itself.
///
/// Features are 32-bit hashes; orders are kept apart (order 0 is the whole word).
public enum LanguageFeatures {
    public static let orders = 6  // 0: word, 1...5: character n-grams
    public static let maxGram = 5

    @inline(__always)
    static func finish(_ h: UInt64, _ order: Int) -> UInt32 {
        // murmur3's fmix64 over the FNV state and the order.
        var k = h ^ (UInt64(order) &* 0x9E37_79B9_7F4A_7C15)
        k ^= k >> 33
        k = k &* 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k = k &* 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return UInt32(truncatingIfNeeded: k >> 16)
    }

    /// Calls `body(order, key)` for every feature of one word (`word` holds folded code points,
    /// no spaces).
    @inline(__always)
    public static func forEachFeature(word: UnsafeBufferPointer<UInt32>, _ body: (Int, UInt32) -> Void) {
        let m = word.count
        if m == 0 { return }
        let prime: UInt64 = 0x100_0000_01B3
        // The whole word.
        var wh: UInt64 = 0x84222325_CBF29CE4
        for c in word { wh = (wh ^ UInt64(c)) &* prime }
        body(0, finish(wh, 0))
        // Character n-grams over " word ".
        let padded = m + 2
        @inline(__always) func at(_ i: Int) -> UInt32 { (i == 0 || i == padded - 1) ? 0x20 : word[i - 1] }
        for i in 0..<padded {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            let top = min(maxGram, padded - i)
            var n = 1
            while n <= top {
                h = (h ^ UInt64(at(i + n - 1))) &* prime
                if !(n == 1 && (i == 0 || i == padded - 1)) { body(n, finish(h, n)) }
                n += 1
            }
        }
    }

    /// Calls `body` with each word of folded text (code points separated by single spaces).
    @inline(__always)
    public static func forEachWord(_ folded: UnsafeBufferPointer<UInt32>, _ body: (UnsafeBufferPointer<UInt32>) -> Void) {
        var start = 0
        let n = folded.count
        var i = 0
        while i <= n {
            if i == n || folded[i] == 0x20 {
                if i > start { body(UnsafeBufferPointer(rebasing: folded[start..<i])) }
                start = i + 1
            }
            i += 1
        }
    }
}

/// A compiled naive-Bayes language model: for each hashed feature, the languages that saw it and
/// how much likelier it is in each than an unseen feature of that order. Immutable and shared.
///
/// File layout (little-endian): "SIFTLID1", then u32 version, languages, orders, keys, postings,
/// directory bits; per language a 16-byte tag and a 4-byte script code; per language and order the
/// log-probability of an unseen feature (f32); per order its weight (f32); the quantization step
/// (f32); the sorted keys (u32); the start of each key's postings (u32, keys + 1); the postings
/// (u16: language << 8 | quantized log-probability above the unseen floor).
public final class LanguageModel: @unchecked Sendable {
    public static let magic: [UInt8] = Array("SIFTLID1".utf8)
    public static let version: UInt32 = 1

    public let languages: [String]
    public let scripts: [String]
    public let orderWeights: [Float]
    /// Orders whose weight is not zero (the others are not even looked up).
    let orderMask: UInt32
    let floors: UnsafeMutableBufferPointer<Float>  // languages × orders
    let step: Float
    let keys: UnsafeMutableBufferPointer<UInt32>
    let starts: UnsafeMutableBufferPointer<UInt32>
    let postings: UnsafeMutableBufferPointer<UInt16>
    /// Slots: key << 32 | postings start << 8 | postings count; 0 is empty.
    let table: UnsafeMutableBufferPointer<UInt64>
    let tableMask: Int

    public var featureCount: Int { keys.count }
    public var postingCount: Int { postings.count }

    /// Builds a model from its parts (the trainer's output); `keys` sorted ascending and unique.
    public init(languages: [String], scripts: [String], floors: [Float], orderWeights: [Float], step: Float,
                keys: [UInt32], starts: [UInt32], postings: [UInt16]) {
        self.languages = languages
        self.scripts = scripts
        self.orderWeights = orderWeights
        orderMask = orderWeights.enumerated().reduce(0) { m, e in e.element != 0 ? m | 1 << UInt32(e.offset) : m }
        self.step = step
        self.floors = .allocate(capacity: floors.count)
        _ = self.floors.initialize(from: floors)
        self.keys = .allocate(capacity: keys.count)
        _ = self.keys.initialize(from: keys)
        self.starts = .allocate(capacity: starts.count)
        _ = self.starts.initialize(from: starts)
        self.postings = Self.allocateLarge(UInt16.self, max(1, postings.count))
        _ = self.postings.initialize(from: postings)
        // An open-addressing table (linear probing) over the keys: one 64-bit slot per key holds the
        // key and where its postings are, so a lookup costs one cache miss (two when found).
        var bits = 10
        while (1 << bits) < keys.count + keys.count / 2 { bits += 1 }
        tableMask = (1 << bits) - 1
        table = Self.allocateLarge(UInt64.self, 1 << bits)
        table.initialize(repeating: 0)
        for (i, k) in keys.enumerated() {
            let key = k == 0 ? 1 : k
            var slot = Int(key) & tableMask
            while table[slot] != 0 { slot = (slot + 1) & tableMask }
            let start = UInt64(starts[i]), count = UInt64(starts[i + 1] - starts[i])
            table[slot] = UInt64(key) << 32 | start << 8 | min(count, 255)
        }
    }

    deinit {
        floors.deallocate()
        keys.deallocate()
        starts.deallocate()
        free(postings.baseAddress)
        free(table.baseAddress)
    }

    /// Memory for the tables that lookups hit at random: aligned to 2 MB and, where the system
    /// allows, backed by huge pages, so that a lookup costs a cache miss but no TLB miss.
    static func allocateLarge<T>(_ type: T.Type, _ count: Int) -> UnsafeMutableBufferPointer<T> {
        let bytes = max(1, count * MemoryLayout<T>.stride)
        var raw: UnsafeMutableRawPointer? = nil
        if posix_memalign(&raw, 1 << 21, bytes) != 0 || raw == nil { raw = malloc(bytes) }
        #if os(Linux)
        _ = madvise(raw, bytes, 14)  // MADV_HUGEPAGE
        #endif
        return UnsafeMutableBufferPointer(start: raw!.bindMemory(to: T.self, capacity: count), count: count)
    }

    /// The postings of a feature key (empty if the model never saw it).
    @inline(__always)
    func postingRange(_ key: UInt32) -> Range<Int> {
        let k = UInt64(key == 0 ? 1 : key)
        var slot = Int(k) & tableMask
        while true {
            let v = table[slot]
            if v == 0 { return 0..<0 }
            if v >> 32 == k {
                let start = Int((v >> 8) & 0xFF_FFFF)
                return start..<(start + Int(v & 0xFF))
            }
            slot = (slot + 1) & tableMask
        }
    }

    // MARK: - Reading and writing

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    public convenience init(contentsOf path: String) throws {
        guard let bytes = FileSystem.readFile(path) else { throw FormatError(description: "cannot read language model \(path)") }
        try self.init(bytes: bytes, source: path)
    }

    public convenience init(bytes: [UInt8], source: String = "language model") throws {
        var r = Reader(bytes: bytes)
        guard bytes.count > 32, Array(bytes[0..<8]) == Self.magic else { throw FormatError(description: "\(source) is not a Sift language model") }
        r.at = 8
        let version = r.u32()
        guard version == Self.version else { throw FormatError(description: "\(source): model version \(version), this sift reads \(Self.version)") }
        let nl = Int(r.u32()), no = Int(r.u32()), nk = Int(r.u32()), np = Int(r.u32())
        _ = r.u32()
        guard no == LanguageFeatures.orders, nl < 256, r.at + nl * 20 + (nl * no + no + 1) * 4 + nk * 8 + 4 + np * 2 <= bytes.count else {
            throw FormatError(description: "\(source) is truncated or of another shape")
        }
        var languages: [String] = [], scripts: [String] = []
        for _ in 0..<nl {
            languages.append(r.string(16))
            scripts.append(r.string(4))
        }
        let floors = (0..<(nl * no)).map { _ in r.f32() }
        let weights = (0..<no).map { _ in r.f32() }
        let step = r.f32()
        let keys = r.u32s(nk)
        let starts = r.u32s(nk + 1)
        let postings = r.u16s(np)
        self.init(languages: languages, scripts: scripts, floors: floors, orderWeights: weights, step: step,
                  keys: keys, starts: starts, postings: postings)
    }

    public func serialized() -> [UInt8] {
        var w = Writer()
        w.bytes += Self.magic
        w.u32(Self.version)
        w.u32(UInt32(languages.count))
        w.u32(UInt32(LanguageFeatures.orders))
        w.u32(UInt32(keys.count))
        w.u32(UInt32(postings.count))
        w.u32(0)
        for (l, s) in zip(languages, scripts) {
            w.string(l, 16)
            w.string(s, 4)
        }
        for f in floors { w.f32(f) }
        for f in orderWeights { w.f32(f) }
        w.f32(step)
        // The large arrays in bulk (the file is little-endian, as are the machines Sift runs on).
        precondition(UInt32(1).littleEndian == 1, "big-endian hosts are not supported")
        w.bytes.append(contentsOf: UnsafeRawBufferPointer(keys))
        w.bytes.append(contentsOf: UnsafeRawBufferPointer(starts))
        w.bytes.append(contentsOf: UnsafeRawBufferPointer(postings))
        return w.bytes
    }

    struct Reader {
        let bytes: [UInt8]
        var at = 0
        mutating func u32() -> UInt32 {
            defer { at += 4 }
            return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        mutating func f32() -> Float { Float(bitPattern: u32()) }
        mutating func string(_ width: Int) -> String {
            defer { at += width }
            let raw = bytes[at..<(at + width)].prefix { $0 != 0 }
            return String(decoding: raw, as: UTF8.self)
        }
        mutating func u32s(_ n: Int) -> [UInt32] {
            var out = [UInt32](repeating: 0, count: n)
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBytes { dst in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + 4 * n)])) }
            }
            at += 4 * n
            return out
        }
        mutating func u16s(_ n: Int) -> [UInt16] {
            var out = [UInt16](repeating: 0, count: n)
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBytes { dst in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + 2 * n)])) }
            }
            at += 2 * n
            return out
        }
    }

    struct Writer {
        var bytes: [UInt8] = []
        mutating func u32(_ v: UInt32) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        mutating func f32(_ v: Float) { u32(v.bitPattern) }
        mutating func string(_ s: String, _ width: Int) {
            var b = Array(s.utf8.prefix(width))
            while b.count < width { b.append(0) }
            bytes += b
        }
    }
}

/// Finds the data files Sift ships (the language model): each folder of `SIFT_DATA_PATH`, then
/// `<prefix>/share/sift` beside an installed binary, then `./Models` and the source tree's `Models`
/// (development and tests).
public enum SiftData {
    public static func searchPath() -> [String] {
        var dirs: [String] = []
        if let env = getenv("SIFT_DATA_PATH") {
            dirs += String(cString: env).split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let exe = FileSystem.executablePath {
            dirs.append(FileSystem.directoryName(FileSystem.directoryName(exe)) + "/share/sift")
        }
        dirs.append(FileSystem.currentDirectory + "/Models")
        // Sources/SiftStages/Language/LanguageModel.swift → the package root's Models.
        var root = #filePath
        for _ in 0..<4 { root = FileSystem.directoryName(root) }
        dirs.append(root + "/Models")
        return dirs
    }

    /// The first existing file `relative` (e.g. "language/model.bin") on the search path.
    public static func locate(_ relative: String) -> String? {
        for dir in searchPath() where FileSystem.isFile(dir + "/" + relative) { return dir + "/" + relative }
        return nil
    }
}
