import Testing
@testable import SiftICU

/// `UTF8Text` must accept exactly what the standard library's validator accepts: a byte it lets
/// through wrongly would break a String's invariants.
@Suite struct UTF8TextTests {
    private func agree(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let ours = UTF8Text.string(validating: buffer)
            let standard = String(validating: buffer, as: UTF8.self)
            return ours == standard && UTF8Text.isValid(buffer) == (standard != nil)
        }
    }

    /// Every sequence of one to three bytes over the bytes that matter (each lead byte class and
    /// the edges of every continuation range), alone and behind 16 and 17 bytes of ASCII (so that
    /// the word-at-a-time skip ends in every position).
    @Test func agreesWithTheStandardLibraryOnEveryShortSequence() {
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var disagreements: [[UInt8]] = []
        for prefix in [[UInt8](), [UInt8](repeating: 0x61, count: 16), [UInt8](repeating: 0x61, count: 17)] {
            for a in interesting {
                if !agree(prefix + [a]) { disagreements.append(prefix + [a]) }
                for b in interesting {
                    if !agree(prefix + [a, b]) { disagreements.append(prefix + [a, b]) }
                    for c in interesting where !agree(prefix + [a, b, c]) { disagreements.append(prefix + [a, b, c]) }
                }
            }
        }
        #expect(disagreements.isEmpty, "first: \(disagreements.prefix(5))")
    }

    /// Four-byte sequences at the edges of the planes, surrogates and the end of Unicode.
    @Test func fourByteEdges() {
        let cases: [([UInt8], Bool)] = [
            ([0xF0, 0x90, 0x80, 0x80], true),   // U+10000
            ([0xF0, 0x8F, 0xBF, 0xBF], false),  // overlong U+FFFF
            ([0xF4, 0x8F, 0xBF, 0xBF], true),   // U+10FFFF
            ([0xF4, 0x90, 0x80, 0x80], false),  // U+110000
            ([0xED, 0xA0, 0x80], false),        // surrogate U+D800
            ([0xED, 0x9F, 0xBF], true),         // U+D7FF
            ([0xF0, 0x9F, 0x98], false),        // truncated emoji
            ([0xF0, 0x9F, 0x98, 0x80], true),   // 😀
        ]
        for (bytes, valid) in cases {
            #expect(bytes.withUnsafeBufferPointer { UTF8Text.isValid($0) } == valid, "\(bytes)")
            #expect(agree(bytes))
        }
    }

    /// Random text mixing ASCII runs, every script width and random bytes.
    @Test func agreesOnRandomText() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = ["a", "hello world ", "é", "要", "😀", "ж"].map { Array($0.utf8) }
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                if Int.random(in: 0..<10, using: &generator) == 0 {
                    bytes.append(UInt8.random(in: 0...255, using: &generator))
                } else {
                    bytes += pieces.randomElement(using: &generator)!
                }
            }
            #expect(agree(bytes), "\(bytes)")
        }
    }
}

extension UTF8TextTests {
    /// Strings are marked ASCII exactly when they are (the standard library's fast paths rely on it).
    @Test func stringsAreMarkedASCIIWhenTheyAre() {
        for (text, ascii) in [("plain words", true), ("", true), ("café", false), ("要查看", false)] {
            let made = Array(text.utf8).withUnsafeBufferPointer { UTF8Text.string(validating: $0)! }
            #expect(made == text)
            #expect(made.utf8Span.isKnownASCII == ascii, "\(text)")
            let unchecked = Array(text.utf8).withUnsafeBufferPointer { UTF8Text.string(validUTF8: $0) }
            #expect(unchecked.utf8Span.isKnownASCII == ascii, "\(text)")
        }
    }
}
