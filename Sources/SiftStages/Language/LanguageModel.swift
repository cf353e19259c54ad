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
    // The model as read from its file (kept for `serialized()`).
    let keys: UnsafeMutableBufferPointer<UInt32>
    let starts: UnsafeMutableBufferPointer<UInt32>
    let postings: UnsafeMutableBufferPointer<UInt16>
    // The model as looked up. Three keys in four have a single posting and are rare in text; the
    // others, a quarter of the keys, are most of the lookups. They live apart, so that the tables
    // most lookups hit stay small enough to stay in the cache: two open-addressing tables (linear
    // probing) with 64-bit slots, key << 32 | payload, 0 for an empty slot.
    /// Keys with several postings. The payload's low byte is ``denseKind`` for a key whose postings
    /// are a dense row (payload >> 8 is the row), otherwise the number of its postings in `lists`
    /// (payload >> 8 is where they start).
    let shared: UnsafeMutableBufferPointer<UInt64>
    let sharedMask: Int
    /// Keys with a single posting: the payload is that posting << 8.
    let singles: UnsafeMutableBufferPointer<UInt64>
    let singlesMask: Int
    /// Postings (language << 8 | quantized log-probability) of the keys with a few.
    let lists: UnsafeMutableBufferPointer<UInt16>
    /// Keys with at least this many postings keep them as a dense row instead: one byte per
    /// language (its quantized log-probability, 0 where it has none), added up with vector
    /// instructions rather than one posting at a time (the commonest n-grams have dozens).
    static let denseThreshold = 8
    static let denseKind: UInt64 = 0xFF
    /// Bytes per dense row: the number of languages rounded up to 16.
    let rowWidth: Int
    let dense: UnsafeMutableBufferPointer<UInt8>

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
        self.postings = .allocate(capacity: postings.count)
        _ = self.postings.initialize(from: postings)
        rowWidth = (languages.count + 15) / 16 * 16
        var singleKeys = 0, listed = 0, rows = 0
        for i in keys.indices {
            let count = Int(starts[i + 1] - starts[i])
            if count == 1 { singleKeys += 1 } else if count >= Self.denseThreshold { rows += 1 } else { listed += count }
        }
        let sharedKeys = keys.count - singleKeys
        precondition(listed < 1 << 24 && rows < 1 << 24, "language model too large for 24-bit posting offsets")
        // Tables at most half full (shared) and three quarters (singles, rarely looked up).
        var bits = 10
        while 1 << bits < 2 * sharedKeys { bits += 1 }
        sharedMask = (1 << bits) - 1
        shared = Self.allocateLarge(UInt64.self, 1 << bits)
        shared.initialize(repeating: 0)
        bits = 10
        while 3 << bits < 4 * singleKeys { bits += 1 }
        singlesMask = (1 << bits) - 1
        singles = Self.allocateLarge(UInt64.self, 1 << bits)
        singles.initialize(repeating: 0)
        lists = Self.allocateLarge(UInt16.self, max(1, listed))
        dense = Self.allocateLarge(UInt8.self, max(1, rows * rowWidth))
        dense.initialize(repeating: 0)
        var row = 0, at = 0
        for (i, k) in keys.enumerated() {
            let key = UInt64(k == 0 ? 1 : k)
            let start = Int(starts[i]), count = Int(starts[i + 1] - starts[i])
            if count == 1 {
                Self.insert(key << 32 | UInt64(postings[start]) << 8, into: singles, singlesMask)
            } else if count >= Self.denseThreshold {
                for e in postings[start..<(start + count)] { dense[row * rowWidth + Int(e >> 8)] = UInt8(e & 0xFF) }
                Self.insert(key << 32 | UInt64(row) << 8 | Self.denseKind, into: shared, sharedMask)
                row += 1
            } else if count > 1 {
                for j in 0..<count { lists[at + j] = postings[start + j] }
                Self.insert(key << 32 | UInt64(at) << 8 | UInt64(count), into: shared, sharedMask)
                at += count
            }
        }
    }

    private static func insert(_ slotValue: UInt64, into table: UnsafeMutableBufferPointer<UInt64>, _ mask: Int) {
        var slot = Int(slotValue >> 32) & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = slotValue
    }

    deinit {
        floors.deallocate()
        keys.deallocate()
        starts.deallocate()
        postings.deallocate()
        free(shared.baseAddress)
        free(singles.baseAddress)
        free(lists.baseAddress)
        free(dense.baseAddress)
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

    /// The postings of a feature key (language << 8 | quantized log-probability; empty if the model
    /// never saw it).
    func postings(of key: UInt32) -> [UInt16] {
        let k = UInt64(key == 0 ? 1 : key)
        if let v = Self.find(k, in: shared, sharedMask) {
            let at = Int((v >> 8) & 0xFF_FFFF)
            if v & 0xFF == Self.denseKind {
                return (0..<languages.count).compactMap { l in dense[at * rowWidth + l] == 0 ? nil : UInt16(l) << 8 | UInt16(dense[at * rowWidth + l]) }
            }
            return Array(lists[at..<(at + Int(v & 0xFF))])
        }
        if let v = Self.find(k, in: singles, singlesMask) { return [UInt16(truncatingIfNeeded: v >> 8)] }
        return []
    }

    private static func find(_ key: UInt64, in table: UnsafeMutableBufferPointer<UInt64>, _ mask: Int) -> UInt64? {
        var slot = Int(key) & mask
        while table[slot] != 0 {
            if table[slot] >> 32 == key { return table[slot] }
            slot = (slot + 1) & mask
        }
        return nil
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
        mutating func u32s(_ n: Int) -> [UInt32] { array(n) }
        mutating func u16s(_ n: Int) -> [UInt16] { array(n) }
        /// `n` little-endian integers copied in one go (the file is written on little-endian hosts).
        private mutating func array<T: FixedWidthInteger>(_ n: Int) -> [T] {
            let size = n * MemoryLayout<T>.size
            var out = [T](repeating: 0, count: n)
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBytes { dst in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + size)])) }
            }
            at += size
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
