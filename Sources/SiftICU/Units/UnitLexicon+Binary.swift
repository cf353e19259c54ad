/// A compact binary form of a built ``UnitLexicon``, so that a process can load in milliseconds
/// what takes ICU's resource walks and rule-based spellout a good part of a second to build.
///
/// Layout: the magic `SIFTLEX` and a format byte, a caller's key string (what the lexicon was built
/// from: ICU version, locales, the caller's own version), the payload, and an FNV-1a 64 checksum of
/// all that precedes it. Integers are LEB128 varints, strings are a length and UTF-8 bytes, the
/// senses' repeated fields (units, categories, locales) go through a string table. Decoding checks
/// every length against the bytes left and throws on anything unexpected; the caller then builds
/// the lexicon afresh.
extension UnitLexicon {
    public struct DecodingError: Error, CustomStringConvertible {
        public let description: String
    }

    static let magic: [UInt8] = Array("SIFTLEX".utf8) + [2]

    /// The lexicon as bytes, tagged with `key` (checked by ``init(decoding:key:)``).
    public func encoded(key: String) -> [UInt8] {
        var w = ByteWriter()
        w.bytes.append(contentsOf: Self.magic)
        w.string(key)
        // String table for the senses' fields.
        var table: [String: Int] = [:]
        var strings: [String] = []
        func intern(_ s: String) -> Int {
            if let i = table[s] { return i }
            table[s] = strings.count
            strings.append(s)
            return strings.count - 1
        }
        var body = ByteWriter()
        func senses(_ map: [String: [Sense]]) {
            body.int(map.count)
            for (text, list) in map {
                body.string(text)
                body.int(list.count)
                for s in list {
                    body.int(intern(s.unit)); body.int(intern(s.category)); body.int(intern(s.locale))
                    body.int(s.width); body.int(intern(s.prefix))
                }
            }
        }
        senses(forms)
        senses(foldedForms)
        body.int(powerWords.count)
        for (k, v) in powerWords { body.string(k); body.int(v.power); body.int(v.before ? 1 : 0) }
        body.strings(spacedPrefixes)
        body.strings(firstWords)
        body.int(maxFormBytes)
        body.int(perForms.count)
        for (k, v) in perForms { body.string(k); body.string(v) }
        body.int(maxPerBytes)
        body.int(numberWords.count)
        for (k, v) in numberWords { body.string(k); body.strings(v) }
        body.doubles(scaleWords)
        body.int(scaleWordsByLanguage.count)
        for (k, v) in scaleWordsByLanguage { body.string(k); body.doubles(v) }
        body.strings(prefixes)
        body.int(temperatureNames.count)
        for (k, v) in temperatureNames { body.string(k); body.string(v) }
        body.int(temperatureNameDeletions.count)
        for (k, v) in temperatureNameDeletions { body.string(k); body.string(v) }
        body.strings(locales)
        w.strings(strings)
        w.bytes.append(contentsOf: body.bytes)
        let sum = Self.checksum(w.bytes[...])
        for k in 0..<8 { w.bytes.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k)))) }
        return w.bytes
    }

    /// Reads a lexicon written by ``encoded(key:)`` with the same `key`.
    public convenience init(decoding bytes: [UInt8], key: String) throws(DecodingError) {
        guard bytes.count >= Self.magic.count + 8, bytes.starts(with: Self.magic) else { throw DecodingError(description: "not a lexicon file") }
        var sum: UInt64 = 0
        for k in 0..<8 { sum |= UInt64(bytes[bytes.count - 8 + k]) << (8 * UInt64(k)) }
        guard Self.checksum(bytes[..<(bytes.count - 8)]) == sum else { throw DecodingError(description: "checksum mismatch") }
        var r = ByteReader(bytes: bytes, at: Self.magic.count, end: bytes.count - 8)
        guard try r.string() == key else { throw DecodingError(description: "built from other data") }
        let strings = try r.stringArray()
        func senses() throws(DecodingError) -> [String: [Sense]] {
            let count = try r.count()
            var map: [String: [Sense]] = [:]
            map.reserveCapacity(count)
            for _ in 0..<count {
                let text = try r.string()
                let n = try r.count()
                var list: [Sense] = []
                list.reserveCapacity(n)
                for _ in 0..<n {
                    let unit = try r.index(strings.count), category = try r.index(strings.count), locale = try r.index(strings.count)
                    let width = try r.int(), prefix = try r.index(strings.count)
                    list.append(Sense(unit: strings[unit], category: strings[category], locale: strings[locale], width: width, prefix: strings[prefix]))
                }
                map[text] = list
            }
            return map
        }
        let forms = try senses()
        let folded = try senses()
        var power: [String: (power: Int, before: Bool)] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); power[k] = (try r.int(), try r.int() == 1) }
        let spaced = Set(try r.stringArray())
        let firsts = Set(try r.stringArray())
        let maxForm = try r.int()
        var per: [String: String] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); per[k] = try r.string() }
        let maxPer = try r.int()
        var numbers: [String: Set<String>] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); numbers[k] = Set(try r.stringArray()) }
        let scale = try r.doubles()
        var byLanguage: [String: [String: Double]] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); byLanguage[k] = try r.doubles() }
        let prefixes = Set(try r.stringArray())
        var temperature: [String: String] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); temperature[k] = try r.string() }
        var deletions: [String: String] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); deletions[k] = try r.string() }
        let locales = try r.stringArray()
        guard r.at == r.end else { throw DecodingError(description: "trailing bytes") }
        self.init(forms: forms, foldedForms: folded, powerWords: power, spacedPrefixes: spaced, firstWords: firsts,
                  maxFormBytes: maxForm, perForms: per, maxPerBytes: maxPer, numberWords: numbers, scaleWords: scale,
                  scaleWordsByLanguage: byLanguage, prefixes: prefixes, temperatureNames: temperature,
                  temperatureNameDeletions: deletions, locales: locales)
    }

    /// FNV-1a, 64 bits.
    public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ v: Int) {
        var x = UInt64(bitPattern: Int64(v))
        repeat {
            let low = UInt8(x & 0x7F)
            x >>= 7
            bytes.append(x == 0 ? low : low | 0x80)
        } while x != 0
    }

    mutating func string(_ s: String) {
        int(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }

    mutating func strings<S: Collection>(_ list: S) where S.Element == String {
        int(list.count)
        for s in list { string(s) }
    }

    mutating func doubles(_ map: [String: Double]) {
        int(map.count)
        for (k, v) in map {
            string(k)
            let bits = v.bitPattern
            for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
        }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var at: Int
    let end: Int

    init(bytes: [UInt8], at: Int, end: Int) {
        self.bytes = bytes
        self.at = at
        self.end = end
    }

    mutating func int() throws(UnitLexicon.DecodingError) -> Int {
        var x: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard at < end, shift < 64 else { throw UnitLexicon.DecodingError(description: "bad number") }
            let b = bytes[at]
            at += 1
            x |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: x))
    }

    /// A count of things still to read: each takes at least one byte, so it cannot exceed what is left.
    mutating func count() throws(UnitLexicon.DecodingError) -> Int {
        let n = try int()
        guard n >= 0, n <= end - at else { throw UnitLexicon.DecodingError(description: "bad count") }
        return n
    }

    mutating func index(_ limit: Int) throws(UnitLexicon.DecodingError) -> Int {
        let i = try int()
        guard i >= 0, i < limit else { throw UnitLexicon.DecodingError(description: "bad index") }
        return i
    }

    mutating func string() throws(UnitLexicon.DecodingError) -> String {
        let n = try count()
        let s = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<(at + n)]), as: UTF8.self) }
        at += n
        return s
    }

    mutating func stringArray() throws(UnitLexicon.DecodingError) -> [String] {
        let n = try count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }

    mutating func doubles() throws(UnitLexicon.DecodingError) -> [String: Double] {
        let n = try count()
        var out: [String: Double] = [:]
        out.reserveCapacity(n)
        for _ in 0..<n {
            let k = try string()
            guard end - at >= 8 else { throw UnitLexicon.DecodingError(description: "bad number") }
            var bits: UInt64 = 0
            for j in 0..<8 { bits |= UInt64(bytes[at + j]) << (8 * UInt64(j)) }
            at += 8
            out[k] = Double(bitPattern: bits)
        }
        return out
    }
}
