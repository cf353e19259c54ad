import Sift
import SiftFuzzing
import Testing

@Suite struct DocumentTests {
    @Test func editsCarrySpans() {
        // "The cat sat." with a span on "cat" (bytes 4..<7) and one on "sat" (8..<11).
        var d = Document(id: "x", text: "The cat sat.", spans: [Span(type: "w", start: 4, end: 7), Span(type: "w", start: 8, end: 11)])
        d.apply([TextEdit(range: 0..<3, replacement: "A big")], stage: "t")
        #expect(d.text == "A big cat sat.")
        #expect(d.spans.map { String(d.text(of: $0.range)) } == ["cat", "sat"])
    }

    @Test func removalsAreRecordedWithScalarOffsets() {
        var d = Document(id: "x", text: "中文 keep\nnoise\nend")
        d.apply([TextEdit(range: 12..<18, removalReason: "noise line")], stage: "drop-lines")
        #expect(d.text == "中文 keep\nend")
        #expect(d.outputMetadata["removed"] == [["text": "noise\n", "stage": "drop-lines", "reason": "noise line", "start": 8]])
    }

    /// Removal records are written as `metadata.removed`: after an earlier run's records when
    /// the input had some, else as the last key; the JSON written equals `outputMetadata`.
    @Test func removalRecordsAreWrittenAsMetadataRemoved() {
        func written(_ d: Document) -> String {
            var out: [UInt8] = []
            DocumentWriter.appendJSON(d, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        var fresh = Document(id: "a", text: "keep\n□\n", metadata: ["lang": "en"])
        fresh.apply([TextEdit(range: 5..<9, removalReason: "placeholder line")], stage: "drop-lines")
        #expect(written(fresh) == #"{"id":"a","text":"keep\n","metadata":{"lang":"en","removed":[{"text":"□\n","stage":"drop-lines","reason":"placeholder line","start":5}]},"spans":[]}"#)

        let earlier: JSONValue = ["text": "x\n", "stage": "dedupe-lines", "reason": "repeated line", "start": 0]
        var again = Document(id: "b", text: "y\nz\n", metadata: ["removed": [earlier], "lang": "en"])
        again.apply([TextEdit(range: 2..<4, removalReason: "noise")], stage: "drop-lines")
        #expect(written(again) == #"{"id":"b","text":"y\n","metadata":{"removed":[{"text":"x\n","stage":"dedupe-lines","reason":"repeated line","start":0},{"text":"z\n","stage":"drop-lines","reason":"noise","start":2}],"lang":"en"},"spans":[]}"#)
        #expect(again.allRemovals.map(\.stage) == ["dedupe-lines", "drop-lines"])

        for d in [fresh, again] {
            var out: [UInt8] = []
            JSONWriter.append(d.outputMetadata, to: &out)
            #expect(written(d).contains(#""metadata":"# + String(decoding: out, as: UTF8.self) + #","spans""#))
        }
    }

    /// The document writer (escapes through a raw buffer sized beforehand) writes exactly what
    /// the generic JSON writer writes for the same object, whatever the strings hold.
    @Test func documentWriterAgreesWithTheGenericWriter() {
        let texts = ["plain\nline two\n", "quote \" and \\ back\n\u{1}\u{1F}\t\r\n", "中文\n😀 \u{7F}\n", "", "\n\n\n"]
        let metadata: [JSONObject] = [
            [:], ["lang": "en"], ["removed": "not an array", "x": 1],
            ["removed": [["text": "old\n", "stage": "s", "reason": "r\u{0}", "start": 0]], "y": [1.5, nil, true]],
        ]
        for text in texts {
            for m in metadata {
                var d = Document(id: "id \"\u{2}\"", text: text, metadata: m, spans: [Span(type: "t", start: 0, end: 0)],
                                 extra: ["source": "web\n"])
                let firstLine = text.utf8.firstIndex(of: 0x0A).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) + 1 } ?? text.utf8.count
                d.apply([TextEdit(range: 0..<firstLine, removalReason: "reason \u{3}\"\\")], stage: "stage\n")
                var fast: [UInt8] = []
                DocumentWriter.appendJSON(d, to: &fast)
                var object = JSONObject(distinctKeys: [("id", .string(d.id)), ("text", .string(d.text)), ("metadata", .object(d.outputMetadata)),
                                                       ("spans", [["type": "t", "start": 0, "end": 0]])])
                for (k, v) in d.extra { object[k] = v }
                var slow: [UInt8] = []
                JSONWriter.append(object, to: &slow)
                #expect(String(decoding: fast, as: UTF8.self) == String(decoding: slow, as: UTF8.self))
            }
        }
    }

    /// Edits applied one list after another: the first to the String as read, later ones to the
    /// bytes in place (deletions, shrinking replacements) or joined anew (growing ones). Every step
    /// gives the text, spans, removal offsets and changed count that editing a String gives.
    @Test func successiveEditsAgreeWithEditingAString() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "b", " ", "\n", "é", "中", "😀", "x\r\n"]
        for round in 0..<400 {
            let start = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            var d = Document(id: "r\(round)", text: start, spans: [Span(type: "s", start: 0, end: start.utf8.count)])
            var reference = start
            var referenceSpans = d.spans
            var referenceRemovals: [RemovalRecord] = []
            for step in 0..<4 {
                // Edits on scalar boundaries, sorted and disjoint; replacements shorter, equal or longer.
                let boundaries = [0] + reference.unicodeScalars.indices.dropFirst().map { reference.utf8.distance(from: reference.utf8.startIndex, to: $0) } + [reference.utf8.count]
                var edits: [TextEdit] = []
                var cursor = 0
                while cursor < boundaries.count - 1, edits.count < 3 {
                    let lo = Int.random(in: cursor..<boundaries.count, using: &generator)
                    let hi = Int.random(in: lo..<min(boundaries.count, lo + 4), using: &generator)
                    let replacement = step % 2 == 0 ? "" : ["", "-", "éé", " "].randomElement(using: &generator)!
                    if boundaries[lo] == boundaries[hi] && replacement.isEmpty { cursor = hi + 1; continue }
                    edits.append(TextEdit(range: boundaries[lo]..<boundaries[hi], replacement: replacement, removalReason: replacement.isEmpty ? "r\(step)" : nil))
                    cursor = hi + 1
                }
                // The reference: a String rewritten, removals counted in scalars of the new text.
                var shift = 0
                for e in edits {
                    let before = String(decoding: Array(reference.utf8)[..<e.range.lowerBound], as: UTF8.self).unicodeScalars.count
                    if let reason = e.removalReason {
                        referenceRemovals.append(RemovalRecord(text: String(decoding: Array(reference.utf8)[e.range], as: UTF8.self), stage: "s", reason: reason, start: before + shift))
                    }
                    shift += e.replacement.unicodeScalars.count - String(decoding: Array(reference.utf8)[e.range], as: UTF8.self).unicodeScalars.count
                }
                let (next, map) = reference.applying(edits)
                reference = next
                referenceSpans = referenceSpans.compactMap { map.map($0) }
                d.apply(edits, stage: "s")
                #expect(d.text == reference, "round \(round) step \(step)")
                #expect(d.utf8Count == reference.utf8.count)
                #expect(d.spans == referenceSpans)
                #expect(d.removals == referenceRemovals)
                #expect(!d.isKnownASCII || reference.utf8.allSatisfy { $0 < 0x80 })
                #expect(d.withUTF8 { Array($0) } == Array(reference.utf8))
            }
        }
    }

    /// Removal lists one after another on non-ASCII texts, so that the text's scalar count is
    /// carried from list to list and lists near the end are counted back from it: every removal's
    /// `start` is the one a String rewrite gives. Some lists have replacements too (the count moves
    /// by them), and a cosmetic list or a whole-text replacement now and then forgets the count.
    @Test func removalsCountedFromTheEndAgreeWithAString() {
        var generator = Generator(seed: 0x70AE)
        let alphabet = ["a", "bc", " ", "\n", "é", "中", "😀", "?\n", "Ж", "defgh"]
        for round in 0..<400 {
            let start = (0..<Int.random(in: 1...90, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined() + "中"
            var d = Document(id: "r\(round)", text: start)
            var reference = start
            var starts: [Int] = []
            for step in 0..<8 {
                let scalars = Array(reference.unicodeScalars)
                var boundaries = [0]
                for u in scalars { boundaries.append(boundaries.last! + String(u).utf8.count) }
                // Edits in the last quarter of the text most of the time (a page's footer).
                let from = Int.random(in: 0..<4, using: &generator) == 0 ? 0 : boundaries.count * 3 / 4
                var edits: [TextEdit] = []
                var cursor = Int.random(in: from..<boundaries.count, using: &generator)
                let cosmetic = Int.random(in: 0..<6, using: &generator) == 0
                while cursor < boundaries.count - 1, edits.count < 3 {
                    let hi = Int.random(in: (cursor + 1)...min(boundaries.count - 1, cursor + 4), using: &generator)
                    let replacement = Int.random(in: 0..<4, using: &generator) == 0 ? "ü" : ""
                    edits.append(TextEdit(range: boundaries[cursor]..<boundaries[hi], replacement: replacement,
                                          removalReason: cosmetic ? nil : "r"))
                    cursor = hi + Int.random(in: 0...3, using: &generator)
                }
                if edits.isEmpty { continue }
                starts += Self.expectedRemovals(edits, in: reference).map(\.start)
                reference = reference.applying(edits).text
                d.apply(edits, stage: "s")
                if step == 5 && round % 5 == 0 {
                    d.replaceText(reference, byteEdits: [])
                }
                #expect(d.text == reference, "round \(round) step \(step)")
                #expect(d.removals.map(\.start) == starts, "round \(round) step \(step)")
            }
        }
    }

    /// A removal that takes the last non-ASCII characters out leaves a text known to be ASCII
    /// (the scalar count carried through the list equals the byte count); any other leaves it not.
    @Test func removingTheLastNonASCIICharactersLeavesAnASCIIText() {
        var generator = Generator(seed: 0xA5C1)
        let alphabet = ["a", "b ", "\n", "é", "中", "😀", "？\n", "Ж", "xyz"]
        for round in 0..<300 {
            let text = (0..<Int.random(in: 1...60, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined() + "中"
            var d = Document(id: "a\(round)", text: text)
            var reference = text
            for step in 0..<4 {
                // Remove each non-ASCII scalar with probability 3/4 (so some lists take them all).
                let utf8 = Array(reference.utf8)
                var edits: [TextEdit] = []
                var i = 0
                while i < utf8.count {
                    var j = i + 1
                    while j < utf8.count, utf8[j] & 0xC0 == 0x80 { j += 1 }
                    if utf8[i] >= 0x80, Int.random(in: 0..<4, using: &generator) > 0 {
                        edits.append(TextEdit(range: i..<j, replacement: "", removalReason: "r"))
                    }
                    i = j
                }
                if edits.isEmpty { continue }
                reference = reference.applying(edits).text
                d.apply(edits, stage: "s")
                #expect(d.text == reference, "round \(round) step \(step)")
                #expect(d.isKnownASCII == reference.utf8.allSatisfy { $0 < 0x80 }, "round \(round) step \(step)")
            }
        }
    }

    /// Texts read with a known ASCII start (a page whose only non-ASCII is its footer): removals
    /// before and across its end are placed without counting the start, and every list carries
    /// the start through (shortened where an edit reaches past it or puts non-ASCII in it). Every
    /// removal's `start` is the one a String rewrite gives, and the start kept is never longer than
    /// the text's real ASCII start.
    @Test func removalsAroundAKnownASCIIStartAgreeWithAString() {
        var generator = Generator(seed: 0xA5C2)
        let ascii = ["a", "bc ", "\n", "?\n", "defgh", "x y"], mixed = ["é", "中", "😀", "Ж", "a", "\n"]
        for round in 0..<400 {
            let head = (0..<Int.random(in: 0...40, using: &generator)).map { _ in ascii.randomElement(using: &generator)! }.joined()
            let tail = (0..<Int.random(in: 0...20, using: &generator)).map { _ in mixed.randomElement(using: &generator)! }.joined()
            let text = head + (tail.isEmpty ? "" : "中" + tail)
            let prefix = Array(text.utf8).firstIndex { $0 >= 0x80 } ?? text.utf8.count
            var d = Document(id: "p\(round)", utf8: Array(text.utf8), asciiPrefix: prefix)
            #expect(d.isKnownASCII == tail.isEmpty)
            var reference = text
            var starts: [Int] = [], texts: [String] = []
            for step in 0..<6 {
                let scalars = Array(reference.unicodeScalars)
                var boundaries = [0]
                for u in scalars { boundaries.append(boundaries.last! + String(u).utf8.count) }
                if boundaries.count < 2 { break }
                var edits: [TextEdit] = []
                var cursor = Int.random(in: 0..<boundaries.count, using: &generator)
                let cosmetic = Int.random(in: 0..<6, using: &generator) == 0
                while cursor < boundaries.count - 1, edits.count < 4 {
                    let hi = Int.random(in: (cursor + 1)...min(boundaries.count - 1, cursor + 5), using: &generator)
                    let replacement = ["", "", "", "-", "ü"].randomElement(using: &generator)!
                    edits.append(TextEdit(range: boundaries[cursor]..<boundaries[hi], replacement: replacement,
                                          removalReason: cosmetic ? nil : "r"))
                    cursor = hi + Int.random(in: 0...6, using: &generator)
                }
                if edits.isEmpty { continue }
                let expected = Self.expectedRemovals(edits, in: reference)
                starts += expected.map(\.start)
                texts += expected.map(\.text)
                reference = reference.applying(edits).text
                d.apply(edits, stage: "s")
                let realPrefix = Array(reference.utf8).firstIndex { $0 >= 0x80 } ?? reference.utf8.count
                #expect(d.text == reference, "round \(round) step \(step)")
                #expect(d.removals.map(\.start) == starts, "round \(round) step \(step)")
                #expect(d.asciiPrefix <= realPrefix, "round \(round) step \(step)")
                #expect(d.removals.map(\.text) == texts, "round \(round) step \(step)")
            }
        }
    }

    /// What a String rewrite says of `edits` on `text`: each removal's start (its scalar offset in
    /// the text with it and every earlier edit of the list applied) and its removed text.
    private static func expectedRemovals(_ edits: [TextEdit], in text: String) -> [(start: Int, text: String)] {
        let utf8 = Array(text.utf8)
        var shift = 0
        var removals: [(start: Int, text: String)] = []
        for e in edits {
            let before = String(decoding: utf8[..<e.range.lowerBound], as: UTF8.self).unicodeScalars.count
            let removed = String(decoding: utf8[e.range], as: UTF8.self)
            if e.removalReason != nil { removals.append((before + shift, removed)) }
            shift += e.replacement.unicodeScalars.count - removed.unicodeScalars.count
        }
        return removals
    }

    @Test func spansInsideRemovedTextDisappear() {
        var d = Document(id: "x", text: "aa bb cc", spans: [Span(type: "w", start: 3, end: 5)])
        d.apply([TextEdit(range: 2..<6)], stage: "t")
        #expect(d.text == "aacc")
        #expect(d.spans.isEmpty)
    }

    @Test func spanAcrossAnEditStretches() {
        var d = Document(id: "x", text: "x ﬁne y", spans: [Span(type: "w", start: 2, end: 7)])
        d.replaceText("x fine y", byteEdits: [(2, 3, 2)])
        #expect(String(d.text(of: d.spans[0].range)) == "fine")
    }

    @Test func scalarOffsetsRoundTrip() {
        let text = "a中😀b"
        #expect(ScalarOffsets.scalars(forBytes: [0, 1, 4, 8, 9], in: text) == [0, 1, 2, 3, 4])
        #expect(ScalarOffsets.bytes(forScalars: [4, 0, 2], in: text) == [9, 0, 4])
    }

    /// The sixteen-byte count against Swift's own, over every length to 80 and every start
    /// offset of a 16-byte block, with 1- to 4-byte characters at random. A text of 63 steps of
    /// 64 bytes and more checks the lane counters' flush, and long ASCII runs the skip of ASCII steps.
    @Test func scalarCountMatchesSwift() {
        var generator = Generator(seed: 0x5CA1A2)
        let pieces = ["a", " ", "é", "ж", "中", "😀", "\u{10FFFF}", "\n"]
        var texts: [String] = (0..<400).map { k in
            (0..<(k % 80)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        // Longer texts: the 128-byte steps (AVX2) and their tails.
        texts += (0..<120).map { k in
            (0..<(100 + k * 7)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        texts.append(String(repeating: "中a", count: 3000))
        // ASCII runs then a character in the last block of a 64-byte step (the step skipped as
        // ASCII is decided from all four blocks).
        texts.append(String(repeating: String(repeating: "a", count: 50) + "é中😀", count: 40))
        for text in texts {
            var t = text
            t.withUTF8 { bytes in
                for start in 0..<min(17, bytes.count + 1) where start == bytes.count || bytes[start] & 0xC0 != 0x80 {
                    let piece = UnsafeBufferPointer(rebasing: bytes[start...])
                    let expected = String(decoding: piece, as: UTF8.self).unicodeScalars.count
                    #expect(ScalarOffsets.count(in: piece) == expected)
                }
            }
        }
    }

    @Test func linesSplitAtLFAndCRLF() {
        let d = Document(id: "x", text: "a\r\nbb\n\nc")
        #expect(d.lineRanges == [
            LineRange(content: 0..<1, whole: 0..<3), LineRange(content: 3..<5, whole: 3..<6),
            LineRange(content: 6..<6, whole: 6..<7), LineRange(content: 7..<8, whole: 7..<8),
        ])
    }
}
