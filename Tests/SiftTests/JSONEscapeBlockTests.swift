import CByteScan
import SiftFuzzing
import Testing

/// `sift_json_escape` and `sift_json_unescape` take a sixteen-byte block's specials one after
/// another from its mask; held here to byte-by-byte references on strings dense with escapes,
/// with specials at every position of a block, next to each other, and near the end.
@Suite struct JSONEscapeBlockTests {
    static let tokens: [[UInt8]] = [
        "\n", "\"", "\\", "\t", "\r", "\u{8}", "\u{C}", "\u{1}", "\u{1F}", "/", "n", "u", "0", "e", "é", "要", "😀", " ",
        #"\n"#, #"\""#, #"\\"#, #"\/"#, #"\t"#, #"\b"#, #"\f"#, #"\r"#, #"\u00e9"#, #"\u4E2D"#, #"\u0041"#, #"\u0000"#,
        #"\ud83d"#, #"\udc00"#, #"\u12"#, #"\x"#, #"\"#,
    ].map { Array($0.utf8) }

    static func cases(count: Int, seed: UInt64) -> [[UInt8]] {
        var g = Generator(seed: seed)
        var cases: [[UInt8]] = []
        for _ in 0..<count {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &g) {
                if Int.random(in: 0..<3, using: &g) == 0 {
                    bytes += [UInt8](repeating: 0x61, count: Int.random(in: 0...35, using: &g))
                } else {
                    bytes += tokens.randomElement(using: &g)!
                }
            }
            cases.append(bytes)
        }
        return cases
    }

    static func referenceEscape(_ bytes: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0..<0x20: out += Array(#"\u00"#.utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        return out
    }

    /// The header's contract, a byte at a time: the closing quote's index and the bytes, or nil.
    static func referenceUnescape(_ s: [UInt8], from: Int) -> (close: Int, bytes: [UInt8])? {
        func hex(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
        var out: [UInt8] = []
        var i = from
        while i < s.count {
            let b = s[i]
            if b == 0x22 { return (i, out) }
            if b < 0x20 { return nil }
            if b != 0x5C { out.append(b); i += 1; continue }
            guard i + 1 < s.count else { return nil }
            let short: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
            if let d = short[s[i + 1]] { out.append(d); i += 2; continue }
            guard s[i + 1] == UInt8(ascii: "u"), i + 6 <= s.count else { return nil }
            var c: UInt32 = 0
            for k in 2..<6 {
                guard let d = hex(s[i + k]) else { return nil }
                c = c << 4 | d
            }
            if c >= 0xD800 && c < 0xE000 { return nil }
            out += Array(String(Unicode.Scalar(c)!).utf8)
            i += 6
        }
        return nil
    }

    @Test func escapeAgreesWithTheReference() {
        var disagreements: [[UInt8]] = []
        for bytes in Self.cases(count: 40_000, seed: 0xE5C_B10C) {
            var out = [UInt8](repeating: 0, count: 6 * bytes.count + 16)
            let n = bytes.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    Int(sift_json_escape(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, Int64(b.count), o.baseAddress!))
                }
            }
            if Array(out[0..<n]) != Self.referenceEscape(bytes) { disagreements.append(bytes) }
        }
        #expect(disagreements.isEmpty, "first: \(disagreements.prefix(3).map { String(decoding: $0, as: UTF8.self).debugDescription })")
    }

    /// Escaped strings (decoded back to what was escaped) and raw ones (quotes, control bytes,
    /// bad escapes), with a closing quote and more after it, or none.
    @Test func unescapeAgreesWithTheReference() {
        var g = Generator(seed: 0x0B_10C5)
        var disagreements: [[UInt8]] = []
        var decoded = 0
        for bytes in Self.cases(count: 40_000, seed: 0xDEC_0DE) {
            var line = Array(#"{"text":""#.utf8)
            let from = line.count
            line += Int.random(in: 0..<4, using: &g) == 0 ? bytes : Self.referenceEscape(bytes)
            switch Int.random(in: 0..<4, using: &g) {
            case 0: break
            case 1: line += Array(#""}"#.utf8)
            default: line += Array(#"","metadata":{"a":"\n\n"}}"#.utf8)
            }
            let expected = Self.referenceUnescape(line, from: from)
            var out = [UInt8](repeating: 0, count: line.count - from)
            var written: Int64 = 0
            let close = line.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    sift_json_unescape(b.baseAddress!, Int64(from), Int64(b.count), o.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!, &written)
                }
            }
            if let expected {
                decoded += 1
                if close != Int64(expected.close) || Array(out[0..<Int(written)]) != expected.bytes { disagreements.append(line) }
            } else if close != -1 {
                disagreements.append(line)
            }
        }
        #expect(decoded > 10_000)
        #expect(disagreements.isEmpty, "first: \(disagreements.prefix(3).map { String(decoding: $0, as: UTF8.self).debugDescription })")
    }
}
