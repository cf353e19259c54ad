import CByteScan
import Sift
import SiftICU

/// Repairs text that was decoded with the wrong charset, ftfy-style: re-encode a suspicious stretch
/// under the charset it was wrongly read with, decode it under the right one, and keep the result
/// only where it is clearly better. Both directions use ICU's converters (the single-byte tables
/// below are read from ICU once, not written by hand).
struct MojibakeRepair: Sendable {
    /// A repair: the text as found, the text restored, and how it had gone wrong.
    struct Fix: Sendable {
        var range: Range<Int>
        var original: String
        var fixed: String
        var explanation: String
    }

    /// scalar → byte for single-byte charsets, built from ICU's converters. "Sloppy": C1 controls
    /// map to their own byte, as browsers and Python's latin-1 leave them.
    private let tables: [(name: String, map: [UInt32: UInt8])]
    /// Every non-ASCII scalar of those tables, as a bitmap: a line with none of them has nothing to
    /// re-encode (no repair can start without one), so it is passed over without decoding it.
    private let suspects: [UInt64]
    private static let suspectLimit: UInt32 = 0x2200
    /// Set if a table holds a scalar beyond the bitmap (not so in ICU 72): every non-ASCII line is then tried.
    private let suspectsIncomplete: Bool
    /// Legacy charsets whose text, read as latin-1 or windows-1252, becomes a line of accented letters.
    private static let legacyTargets = ["GB18030", "Big5", "Shift_JIS", "EUC-KR", "EUC-JP", "windows-1251", "KOI8-R", "windows-1250"]

    init() {
        var tables: [(String, [UInt32: UInt8])] = []
        for name in ["windows-1252", "windows-1251", "windows-1250", "ISO-8859-1"] {
            var map: [UInt32: UInt8] = [:]
            for b in 0x80...0xFF {
                let byte = [UInt8(b)]
                let decoded = byte.withUnsafeBufferPointer { Charsets.decode($0, from: name, strict: true) }
                if let scalar = decoded?.text.unicodeScalars.first, decoded?.text.unicodeScalars.count == 1 {
                    map[scalar.value] = UInt8(b)
                }
            }
            // Text read as latin-1 carries C1 controls where windows-125x has punctuation.
            for b in 0x80...0x9F where map[UInt32(b)] == nil { map[UInt32(b)] = UInt8(b) }
            tables.append((name, map))
        }
        self.tables = tables
        var suspects = [UInt64](repeating: 0, count: Int(Self.suspectLimit) / 64)
        var incomplete = false
        for (_, map) in tables {
            for v in map.keys {
                if v < Self.suspectLimit { suspects[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { incomplete = true }
            }
        }
        self.suspects = suspects
        suspectsIncomplete = incomplete
    }

    /// Where the first character at or after `from` that some table maps to a byte starts, if any.
    /// Eight ASCII bytes are passed over at a time; CJK and other characters from U+2200 up are
    /// passed over by their lead byte. `from` must be at a character boundary.
    @inline(__always)
    private func firstSuspect(_ text: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = text.baseAddress else { return nil }
        let n = text.count
        if suspectsIncomplete {
            var i = from
            while i < n, base[i] < 0x80 { i += 1 }
            return i < n ? i : nil
        }
        return suspects.withUnsafeBufferPointer { bits -> Int? in
            var i = from
            while i < n {
                // Suspects are below U+2200: their lead bytes are C2–E2, and no other byte of
                // valid UTF-8 has those values (C program, sixteen bytes a step).
                i = Int(sift_find_byte_in_range(base, Int64(i), Int64(n), 0xC2, 0xE2))
                guard i < n else { return nil }
                let b = base[i]
                if i + 1 >= n { return nil }
                let v: UInt32
                let start = i
                if b < 0xE0 {
                    v = UInt32(b & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F)
                    i += 2
                } else {
                    guard i + 2 < n else { return start }
                    v = UInt32(b & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
                    i += 3
                }
                if v < Self.suspectLimit && bits[Int(v >> 6)] >> UInt64(v & 63) & 1 != 0 { return start }
            }
            return nil
        }
    }

    /// The repairs for a text, in order, as byte ranges of the text. `screening: false` tries
    /// every non-ASCII line (for tests: the screen must not change the answer).
    ///
    /// With screening, the whole text is scanned once for a suspect character; only the line
    /// holding it is tried, and the scan goes on after that line. Most texts hold none.
    func fixes(in text: String, screening: Bool = true) -> [Fix] {
        var t = text
        return t.withUTF8 { fixes(in: $0, screening: screening) }
    }

    /// ``fixes(in:screening:)`` for valid UTF-8 bytes, whose first `asciiPrefix` bytes are known to
    /// be ASCII (the screen starts after them: ASCII holds no mojibake).
    func fixes(in bytes: UnsafeBufferPointer<UInt8>, screening: Bool = true, asciiPrefix: Int = 0) -> [Fix] {
        var fixes: [Fix] = []
        scan(bytes, screening: screening, asciiPrefix: asciiPrefix, into: &fixes)
        return fixes
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, screening: Bool, asciiPrefix: Int, into fixes: inout [Fix]) {
        guard screening else {
            bytes.forEachLine { line in
                if UnsafeBufferPointer(rebasing: bytes[line.content]).contains(where: { $0 >= 0x80 }) {
                    tryLine(bytes, line.content, prefiltering: false, into: &fixes)
                }
            }
            return
        }
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var from = 0
        while let hit = firstSuspect(bytes, from: max(from, min(asciiPrefix, n))) {
            // The line holding the hit: back to the previous LF (no further than `from`, a line start).
            var start = hit
            while start > from, base[start - 1] != 0x0A { start -= 1 }
            var end = hit
            while end < n, base[end] != 0x0A { end += 1 }
            let contentEnd = end > start && base[end - 1] == 0x0D ? end - 1 : end
            tryLine(bytes, start..<contentEnd, prefiltering: true, into: &fixes)
            from = end + 1
        }
    }

    /// Tries one line's content: runs of UTF-8 read as a single-byte charset first, else the whole
    /// line as legacy multi-byte text (unless the bytes rule both out, when `prefiltering`).
    private func tryLine(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, prefiltering: Bool, into fixes: inout [Fix]) {
        if prefiltering && Self.cannotHoldMojibake(UnsafeBufferPointer(rebasing: bytes[content])) { return }
        let lineText = String(decoding: UnsafeBufferPointer(rebasing: bytes[content]), as: UTF8.self)
        // UTF-8 misread as a single-byte charset is the common case and the most certain repair;
        // a whole line of legacy multi-byte text is tried only when that finds nothing.
        let runs = utf8Runs(lineText, offset: content.lowerBound)
        if !runs.isEmpty {
            fixes += runs
        } else if let whole = legacyLine(lineText) {
            fixes.append(Fix(range: content, original: lineText, fixed: whole.0, explanation: whole.1))
        }
    }

    /// Whether a line's bytes rule out both repairs before any String is made: ``utf8Runs(_:offset:)``
    /// repairs only runs of two or more non-ASCII characters, and ``legacyLine(_:)`` needs at
    /// least four non-ASCII characters and no fewer of them than the other visible characters
    /// (ASCII above U+0020 counts among those). Prose with a curly quote or an accented letter
    /// here and there is passed over this way.
    static func cannotHoldMojibake(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var run = 0, longestRun = 0, nonASCII = 0, visibleASCII = 0
        for b in line {
            if b < 0x80 {
                run = 0
                if b > 0x20 { visibleASCII += 1 }
            } else if b >= 0xC0 {
                // A lead byte: one more non-ASCII character, continuing the run.
                run += 1
                nonASCII += 1
                if run > longestRun { longestRun = run }
            }
        }
        return longestRun < 2 && (nonASCII < 4 || nonASCII < visibleASCII)
    }

    // MARK: UTF-8 read as a single-byte charset

    /// Each maximal run of non-ASCII characters is tried as UTF-8 bytes misread as windows-1252,
    /// windows-1251, windows-1250 or latin-1, repeatedly for text that went wrong twice.
    private func utf8Runs(_ line: String, offset: Int) -> [Fix] {
        var fixes: [Fix] = []
        let scalars = Array(line.unicodeScalars)
        var byteOffset = offset
        var i = 0
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        for s in scalars { offsets.append(byteOffset); byteOffset += UTF8.width(s) }
        offsets.append(byteOffset)
        while i < scalars.count {
            guard scalars[i].value >= 0x80 else { i += 1; continue }
            var j = i
            while j < scalars.count, scalars[j].value >= 0x80 { j += 1 }
            let run = Array(scalars[i..<j])
            if run.count >= 2, let (fixed, how) = repairRun(run) {
                var original = String.UnicodeScalarView()
                original.append(contentsOf: run)
                fixes.append(Fix(range: offsets[i]..<offsets[j], original: String(original), fixed: fixed, explanation: how))
            }
            i = j
        }
        return fixes
    }

    private func repairRun(_ run: [Unicode.Scalar]) -> (String, String)? {
        var current = run
        var best: (String, String)? = nil
        var how: [String] = []
        for _ in 0..<3 {
            var step: (String, String)? = nil
            for (name, map) in tables {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(current.count)
                var ok = true
                for s in current {
                    if s.value < 0x80 { bytes.append(UInt8(s.value)) } else if let b = map[s.value] { bytes.append(b) } else { ok = false; break }
                }
                // An intermediate step of a double repair may still hold C1 controls.
                guard ok, let decoded = String(validating: bytes, as: UTF8.self), Self.plausible(decoded, allowingC1: true) else { continue }
                step = (decoded, name)
                break
            }
            guard let (decoded, name) = step else { break }
            how.append("UTF-8 read as \(name)")
            if Self.plausible(decoded) { best = (decoded, how.joined(separator: ", then ")) }
            current = Array(decoded.unicodeScalars)
        }
        return best
    }

    /// Whether decoded text looks like real text: no controls, unassigned or private-use characters,
    /// and letters only in common scripts (a lone NKo letter from "ß“" is not a repair).
    static func plausible(_ s: String, allowingC1: Bool = false) -> Bool {
        var letters: [Script: Int] = [:]
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 && v != 0x09 { return false }
            if (0x7F...0x9F).contains(v) { if allowingC1 { continue } else { return false } }
            if v == 0xFFFD { return false }
            switch scalar.properties.generalCategory {
            case .unassigned, .privateUse, .surrogate, .control: return false
            default: break
            }
            let script = Script.of(scalar)
            if !script.isNeutral { letters[script, default: 0] += 1 }
        }
        for (script, n) in letters {
            switch script.code {
            case "Latn", "Grek", "Cyrl", "Hani", "Hira", "Kana", "Hang", "Arab", "Hebr", "Thai", "Deva":
                if script != .latin && n < 2 && s.unicodeScalars.count < 3 { return false }
            default:
                return false
            }
        }
        return true
    }

    // MARK: legacy multi-byte (or Cyrillic) text read as latin-1 / windows-1252

    /// A line that is mostly accented Latin-1 letters and symbols is re-encoded as windows-1252 and
    /// decoded under the legacy charsets; a candidate wins if it decodes cleanly into one script.
    private func legacyLine(_ line: String) -> (String, String)? {
        guard let (_, cp1252) = tables.first else { return nil }
        var latin1 = 0, other = 0
        for s in line.unicodeScalars where s.value > 0x20 {
            if s.value >= 0x80 && cp1252[s.value] != nil { latin1 += 1 } else { other += 1 }
        }
        guard latin1 >= 4, latin1 * 2 >= latin1 + other else { return nil }
        var bytes: [UInt8] = []
        for s in line.unicodeScalars {
            if s.value < 0x80 { bytes.append(UInt8(s.value)) } else if let b = cp1252[s.value] { bytes.append(b) } else { return nil }
        }
        // The detector's ranking orders the candidates; each must decode without a single error.
        let ranked = bytes.withUnsafeBufferPointer { Charsets.detect($0) }.map(\.name)
        let order = ranked.filter { Self.legacyTargets.contains($0) } + Self.legacyTargets.filter { !ranked.contains($0) }
        var best: (String, String, Double)? = nil
        for charset in order {
            guard let (decoded, _) = bytes.withUnsafeBufferPointer({ Charsets.decode($0, from: charset, strict: true) }) else { continue }
            let purity = Self.scriptPurity(decoded)
            if purity >= 0.9, best == nil || purity > best!.2 + 0.05 { best = (decoded, charset, purity) }
        }
        guard let (text, charset, _) = best, Self.plausible(text) else { return nil }
        return (text, "\(charset) read as windows-1252")
    }

    /// Share of the non-ASCII letters that belong to one writing system (Han and kana count together).
    static func scriptPurity(_ s: String) -> Double {
        var counts: [String: Int] = [:]
        var total = 0
        for scalar in s.unicodeScalars where scalar.value >= 0x80 && scalar.properties.isAlphabetic {
            var code = Script.of(scalar).code
            if code == "Hira" || code == "Kana" || code == "Hani" { code = "CJK" }
            counts[code, default: 0] += 1
            total += 1
        }
        guard total >= 2, let top = counts.values.max() else { return 0 }
        let first = counts.max { $0.value < $1.value }!.key
        return first == "Latn" ? 0 : Double(top) / Double(total)
    }
}
