import Sift
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
        #expect(d.metadata["removed"] == [["text": "noise\n", "stage": "drop-lines", "reason": "noise line", "start": 8]])
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

    @Test func linesSplitAtLFAndCRLF() {
        let d = Document(id: "x", text: "a\r\nbb\n\nc")
        #expect(d.lineRanges == [
            LineRange(content: 0..<1, whole: 0..<3), LineRange(content: 3..<5, whole: 3..<6),
            LineRange(content: 6..<6, whole: 6..<7), LineRange(content: 7..<8, whole: 7..<8),
        ])
    }
}
