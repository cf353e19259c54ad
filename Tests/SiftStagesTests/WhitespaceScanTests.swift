import Sift
import SiftFuzzing
import Testing

@testable import SiftStages

/// The `whitespace` stage's plain-run scan (sixteen and thirty-two bytes a step in C, the last
/// bytes copied before zeros) against the general scanner, on texts built from the characters at
/// the scan's decisions: at every length from 0 to 40 bytes, at lengths around the block edges,
/// and with every piece at every offset across the first blocks.
@Suite struct WhitespaceScanTests {
    /// Spaces and breaks, characters the stage edits, and their neighbours that it does not (the
    /// same lead bytes, or the same first two bytes): a scan that trusts one byte too many fails.
    static let pieces: [String] = [
        " ", " ", "\t", "\n", "\n", "\n", "\r", "\r\n", "\u{0B}", "\u{01}", "\u{1F}", "\u{7F}",
        "\u{85}", "\u{9F}", "\u{A0}", "\u{A1}", "\u{A9}", "\u{AD}", "\u{AC}", "\u{AE}",
        "\u{1680}", "\u{1681}", "\u{180E}", "\u{180F}", "\u{1E9E}", "\u{1EA1}",
        "\u{2000}", "\u{200A}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{2010}", "\u{2013}", "\u{2019}", "\u{201C}",
        "\u{2026}", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{202F}", "\u{2030}", "\u{205E}", "\u{205F}", "\u{2060}", "\u{2065}",
        "\u{2066}", "\u{206F}", "\u{2070}", "\u{20AC}",
        "\u{3000}", "\u{3001}", "\u{3002}", "\u{3042}", "ア", "\u{FEFF}", "\u{FEFE}", "\u{FF0C}", "\u{FFFD}",
        "中", "文", "é", "Ж", "я", "😀", "a", "b", "Z", "7", ".", "-",
    ]

    /// The options under test: the defaults, blank lines at 0 and 2, and every switch flipped.
    static let configs: [WhitespaceStage.Config] = [
        .init(lineEndings: true, collapse: true, trim: true, maxBlank: 1, invisible: true, controls: true, bidi: false),
        .init(lineEndings: true, collapse: true, trim: true, maxBlank: 0, invisible: true, controls: true, bidi: false),
        .init(lineEndings: true, collapse: true, trim: true, maxBlank: 2, invisible: true, controls: true, bidi: true),
        .init(lineEndings: false, collapse: false, trim: false, maxBlank: 1, invisible: false, controls: false, bidi: true),
    ]

    /// A random text of exactly `length` bytes: pieces while they fit, then ASCII letters, spaces
    /// and LFs. Plain characters are drawn more often, so that plain runs form.
    static func text(length: Int, _ g: inout Generator) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < length {
            let piece: [UInt8]
            switch Int.random(in: 0..<4, using: &g) {
            case 0: piece = [UInt8(ascii: "a")]
            case 1: piece = Array("中".utf8)
            default: piece = Array(pieces.randomElement(using: &g)!.utf8)
            }
            if bytes.count + piece.count <= length {
                bytes += piece
            } else {
                bytes.append([0x61, 0x20, 0x0A].randomElement(using: &g)!)
            }
        }
        return bytes
    }

    private func expectAgreement(_ stage: WhitespaceStage, _ bytes: [UInt8], _ config: WhitespaceStage.Config) {
        let (fast, slow) = bytes.withUnsafeBufferPointer { b in
            (stage.edits(in: b), stage.edits(in: b, plainLines: false))
        }
        #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self).debugDescription) \(config)")
    }

    @Test(arguments: configs.indices)
    func randomTextsOfEveryShortLength(config: Int) {
        let stage = WhitespaceStage(Self.configs[config])
        var g = Generator(seed: 21 + UInt64(config))
        for length in Array(0...40) + Array(46...52) + Array(62...68) + Array(94...100) + Array(126...132) {
            for _ in 0..<300 {
                expectAgreement(stage, Self.text(length: length, &g), Self.configs[config])
            }
        }
    }

    /// Pages of plain lines with runs of blank lines between them (as a page has once lines are
    /// removed: the second `whitespace` of `clean-scraped` meets a dozen), and now and then a
    /// piece: the runs cut while crossing plain lines give the edits of the general scanner.
    @Test(arguments: configs.indices)
    func blankLineRunsBetweenPlainLines(config: Int) {
        let stage = WhitespaceStage(Self.configs[config])
        // ASCII lines first: half the pages hold only those, and long stretches of plain runs.
        let lines = ["A line of prose.", "x", "#tag", "(1)", "ab cd", "中文", "Тест", "é"]
        var g = Generator(seed: 60 + UInt64(config))
        for _ in 0..<1_500 {
            var bytes: [UInt8] = []
            let choices = Bool.random(using: &g) ? lines.count : 5
            for _ in 0..<Int.random(in: 1...60, using: &g) {
                bytes += Array(lines[Int.random(in: 0..<choices, using: &g)].utf8)
                if Int.random(in: 0..<12, using: &g) == 0 { bytes += Array(Self.pieces.randomElement(using: &g)!.utf8) }
                bytes += [UInt8](repeating: 0x0A, count: [1, 1, 2, 3, 3, 4, 6].randomElement(using: &g)!)
            }
            if Bool.random(using: &g) { bytes.removeLast() }
            expectAgreement(stage, bytes, Self.configs[config])
        }
    }

    /// Each piece, alone or before another, at every offset from 0 to 70 in a plain text
    /// (letters, CJK, single spaces and LFs), so that it meets each lane and each block edge.
    @Test(arguments: configs.indices)
    func everyPieceAtEveryOffset(config: Int) {
        let stage = WhitespaceStage(Self.configs[config])
        let plain = Array("ab 中c\nd\n\nef Жg".utf8)
        var g = Generator(seed: 40 + UInt64(config))
        for piece in Self.pieces {
            for offset in 0...70 {
                for _ in 0..<2 {
                    var bytes: [UInt8] = []
                    while bytes.count < offset { bytes.append(plain[(bytes.count + offset) % plain.count]) }
                    // Keep the piece on a character boundary: step back over a cut character.
                    while let last = bytes.last, last >= 0x80 { bytes.removeLast() }
                    bytes += Array(piece.utf8)
                    if Bool.random(using: &g) { bytes += Array(Self.pieces.randomElement(using: &g)!.utf8) }
                    bytes += Self.text(length: Int.random(in: 0...24, using: &g), &g)
                    expectAgreement(stage, bytes, Self.configs[config])
                }
            }
        }
    }

    /// Prose in Chinese, Japanese, Russian and typographic English has no byte that needs a
    /// look: the scan crosses it, line ends and single blank lines included, in one call.
    @Test func multilingualProseIsScannedThrough() {
        let prose = "这是一个测试，中文文本。\nこれはテストです、カタカナ。\n\nЭто проверка — «текст».\nIt’s “quoted” text… © 2024 · café\n"
        let bytes = Array(String(repeating: prose, count: 3).utf8)
        let stops = bytes.withUnsafeBufferPointer { b in
            WhitespaceStage.nextByteToLook(b.baseAddress!, from: 0, end: b.count, blankLineOK: true)
        }
        // The last LF is followed by nothing: the scan stops there.
        #expect(stops == bytes.count - 1)
        let stopsAtEnd = bytes.withUnsafeBufferPointer { b in
            WhitespaceStage.nextByteToLook(b.baseAddress!, from: 0, end: b.count - 1, blankLineOK: true)
        }
        #expect(stopsAtEnd == bytes.count - 1)
    }

    /// The AVX2 windows (sixty-four bytes a step through ASCII, handing any window they cannot
    /// pass to the sixteen-byte blocks) against the blocks alone, from every start, on texts of up
    /// to 400 bytes: mostly letters, single spaces, line ends and blank lines, so that whole
    /// windows pass, with the pieces at the scan's decisions among them.
    @Test func avx2WindowsAgreeWithTheBlocks() {
        var g = Generator(seed: 77)
        for round in 0..<3000 {
            let length = Int.random(in: 90...400, using: &g)
            var bytes: [UInt8] = []
            let rare = Int.random(in: 2...60, using: &g)
            while bytes.count < length {
                let piece: [UInt8]
                switch Int.random(in: 0..<rare, using: &g) {
                case 0: piece = Array(Self.pieces.randomElement(using: &g)!.utf8)
                case 1: piece = [0x0A, 0x0A]
                case 2, 3: piece = [0x0A]
                case 4...8: piece = [0x20]
                default: piece = [UInt8(ascii: "a") + UInt8(Int.random(in: 0..<26, using: &g))]
                }
                bytes += piece
            }
            bytes.withUnsafeBufferPointer { b in
                let base = b.baseAddress!
                for from in 0..<b.count {
                    for blank in [true, false] {
                        let fast = WhitespaceStage.nextByteToLook(base, from: from, end: b.count, blankLineOK: blank)
                        let exact = WhitespaceStage.nextByteToLookExactly(base, from: from, end: b.count, blankLineOK: blank)
                        if fast != exact {
                            Issue.record("round \(round) from \(from) blank \(blank): \(fast) != \(exact) in \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                            return
                        }
                    }
                }
            }
        }
    }

    /// The scan stops at the first byte of each character that may need an edit, at any offset.
    @Test func stopsAtEachCharacterThatMayNeedAnEdit() {
        let stoppers = ["\u{A0}", "\u{85}", "\u{AD}", "\u{1680}", "\u{180E}", "\u{2000}", "\u{200B}", "\u{200F}", "\u{2028}",
                        "\u{202F}", "\u{205F}", "\u{2060}", "\u{206F}", "\u{3000}", "\u{FEFF}", "\t", "\r", "\u{01}", "\u{7F}", "  "]
        for stopper in stoppers {
            for offset in 0...70 {
                let bytes = Array(String(repeating: "x", count: offset).utf8) + Array(stopper.utf8) + Array("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy".utf8)
                let found = bytes.withUnsafeBufferPointer { b in
                    WhitespaceStage.nextByteToLook(b.baseAddress!, from: 0, end: b.count, blankLineOK: true)
                }
                #expect(found == offset, "\(stopper.debugDescription) at \(offset)")
            }
        }
    }
}
