/// Valid Unicode that is hard on text code: unassigned and private-use code points, noncharacters,
/// lone combining marks, huge grapheme clusters, bidi and format controls, every kind of line
/// break, large NFKD expansions, and lines of up to a megabyte.
///
/// ``text(from:maxBytes:)`` reads arbitrary bytes as a small program, so a fuzzer's byte mutations
/// become text mutations and a seeded generator (``Generator``) gets the same alphabet.
public enum HostileText {
    /// Scalars chosen to break assumptions.
    public static let nasty: [UInt32] = [
        // combining marks (alone or stacked into huge clusters)
        0x0300, 0x0301, 0x0308, 0x0327, 0x034F, 0x0362, 0x0489, 0x05B4, 0x0651, 0x093C, 0x094D, 0x0E31, 0x0E48,
        0x1AB0, 0x1DC0, 0x20D0, 0x20DD, 0x302A, 0x3099, 0xFE20, 0x1D165, 0x1D167, 0xE0100,
        // bidi controls and marks
        0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        // zero-width and format characters, BOM, soft hyphen, tags, variation selectors
        0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0xE0001, 0xE0041, 0xE007F, 0xFE0E, 0xFE0F,
        // line and paragraph breaks, odd spaces, controls
        0x0085, 0x2028, 0x2029, 0x000B, 0x000C, 0x000D, 0x000A, 0x0009, 0x00A0, 0x1680, 0x2000, 0x2007,
        0x202F, 0x205F, 0x3000, 0x0000, 0x0001, 0x001B, 0x007F, 0x0080, 0x009F,
        // replacement character, noncharacters, private use, unassigned (as of Unicode 15)
        0xFFFD, 0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFE, 0x10FFFF, 0xE000, 0xF8FF, 0xF0000, 0x100000,
        0x0378, 0x0379, 0x0380, 0x05FF, 0x07FF, 0x2FFC, 0x1FAFF, 0x2FA1E, 0xE0080, 0x3FFFD, 0xEFFFD,
        // big expansions under normalization and case mapping
        0xFDFA, 0xFDFB, 0x3316, 0x33FF, 0xFB01, 0xFB03, 0x00DF, 0x0130, 0x0131, 0x0390, 0x1E9E, 0x212A, 0x2126,
        0x01C4, 0x0149, 0x1F82, 0x1FB7, 0xAB5C, 0x1D15E, 0x2ADC, 0x0344, 0x0F73,
        // Hangul jamo (long syllable clusters), regional indicators, emoji sequences
        0x1100, 0x1161, 0x11A8, 0xAC00, 0x1F1E6, 0x1F1FF, 0x1F469, 0x1F3FB, 0x2764, 0x1F9D1, 0x1F308, 0x0023, 0x20E3,
        // brackets and quotes (script-run pairing), digits of other scripts
        0x0028, 0x0029, 0x005B, 0x005D, 0x300C, 0x300D, 0x00AB, 0x00BB, 0x0660, 0x0966, 0x0E50, 0xFF10,
        // mojibake-looking Latin-1
        0x00C3, 0x00A9, 0x00E2, 0x20AC, 0x2122, 0x00C2, 0x00B7,
    ]

    /// Script ranges for ordinary letters: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
    /// Devanagari, Bengali, Tamil, Thai, Lao, Tibetan, Myanmar, Georgian, Ethiopic, Khmer,
    /// Hiragana, Katakana, Han, Hangul, and some astral scripts.
    public static let scripts: [ClosedRange<UInt32>] = [
        0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F, 0x0370...0x03FF, 0x0400...0x04FF,
        0x0531...0x0587, 0x05D0...0x05EA, 0x0620...0x064A, 0x0900...0x097F, 0x0980...0x09FF,
        0x0B80...0x0BFF, 0x0E01...0x0E5B, 0x0E81...0x0EDF, 0x0F00...0x0FDA, 0x1000...0x109F,
        0x10A0...0x10FF, 0x1200...0x137C, 0x1780...0x17F9, 0x3041...0x3096, 0x30A1...0x30FA,
        0x4E00...0x9FFF, 0xAC00...0xD7A3, 0x10400...0x1044F, 0x1F600...0x1F64F, 0x20000...0x2A6DF,
    ]

    /// Text from a byte program. Each byte is one instruction:
    /// - `0x00…0x7F`: that ASCII character (newlines, spaces, punctuation included);
    /// - `0x80…0x8F` + 1 byte: a scalar from ``nasty``;
    /// - `0x90…0x9F` + 3 bytes: any scalar (surrogates moved out of the way);
    /// - `0xA0…0xAF` + 1 byte: repeat the last 1…16 scalars up to 4 080 times (huge clusters);
    /// - `0xB0` + 1 byte: repeat the text so far up to 255 × 4 KiB more (long lines), within `maxBytes`;
    /// - `0xB1…0xFF` + 1 byte: a letter from one of ``scripts``.
    public static func text(from bytes: UnsafeBufferPointer<UInt8>, maxBytes: Int = 1 << 20) -> String {
        var scalars: [Unicode.Scalar] = []
        var size = 0
        var i = 0
        func next() -> UInt32 {
            guard i < bytes.count else { return 0 }
            defer { i += 1 }
            return UInt32(bytes[i])
        }
        func add(_ v: UInt32) {
            var v = v % 0x110000
            if (0xD800...0xDFFF).contains(v) { v += 0x800 }
            let s = Unicode.Scalar(v)!
            let n = s.utf8.count
            guard size + n <= maxBytes else { return }
            scalars.append(s)
            size += n
        }
        while i < bytes.count && size < maxBytes {
            let b = next()
            switch b {
            case 0x00...0x7F: add(b)
            case 0x80...0x8F: add(nasty[Int(next()) % nasty.count])
            case 0x90...0x9F: add(next() << 16 | next() << 8 | next())
            case 0xA0...0xAF:
                let k = min(Int(b - 0xA0) + 1, scalars.count)
                let times = Int(next()) * 16
                guard k > 0 else { continue }
                let tail = Array(scalars.suffix(k))
                let tailBytes = tail.reduce(0) { $0 + $1.utf8.count }
                var t = 0
                while t < times && size + tailBytes <= maxBytes {
                    scalars += tail
                    size += tailBytes
                    t += 1
                }
            case 0xB0:
                let target = min(maxBytes, size + Int(next()) * 4096)
                let copy = scalars
                guard !copy.isEmpty else { continue }
                var j = 0
                while size < target {
                    let s = copy[j % copy.count]
                    if size + s.utf8.count > target { break }
                    scalars.append(s)
                    size += s.utf8.count
                    j += 1
                }
            default:
                let r = scripts[Int(b - 0xB1) % scripts.count]
                add(r.lowerBound + next() * 257 % (r.upperBound - r.lowerBound + 1))
            }
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    public static func text(from bytes: [UInt8], maxBytes: Int = 1 << 20) -> String {
        bytes.withUnsafeBufferPointer { text(from: $0, maxBytes: maxBytes) }
    }
}

/// A small, seeded pseudo-random generator (SplitMix64) for property tests: the same seed gives
/// the same cases on every machine, and a failing seed is printed so it can be replayed.
public struct Generator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Random bytes of a random length up to `maxLength`.
    public mutating func bytes(maxLength: Int) -> [UInt8] {
        let n = Int.random(in: 0...maxLength, using: &self)
        return (0..<n).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// Hostile text from a random byte program (mostly short; long lines when the program asks).
    public mutating func hostileText(maxProgram: Int = 64, maxBytes: Int = 1 << 16) -> String {
        HostileText.text(from: bytes(maxLength: maxProgram), maxBytes: maxBytes)
    }

    /// Text of lines drawn from a small vocabulary (so repeats, blank lines and matches happen).
    public mutating func lineText(maxLines: Int = 12) -> String {
        let vocabulary = ["Share", "share", "Home", "Print this page", "", "  ", "Ünïcödé line", "中文的一行。", "Ещё строка.",
                          "#tag #other", "Read more »", "a\u{0301}\u{0301}\u{0301}", "\u{202E}evil\u{202C}", "-----", "???",
                          "The ferry left at noon.", "Mr. Smith arrived.", "\u{FDFA}", "🇫🇷🇩🇪", "x\u{200D}y"]
        let n = Int.random(in: 0...maxLines, using: &self)
        var lines: [String] = []
        for _ in 0..<n {
            if Int.random(in: 0..<4, using: &self) == 0 {
                lines.append(hostileText(maxProgram: 12).replacingNewlines())
            } else {
                lines.append(vocabulary.randomElement(using: &self)!)
            }
        }
        let ending = ["\n", "\r\n", "\n"].randomElement(using: &self)!
        var text = lines.joined(separator: ending)
        if Bool.random(using: &self) { text += ending }
        return text
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }
}
