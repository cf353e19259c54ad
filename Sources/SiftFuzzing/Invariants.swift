import Sift
import SiftICU

/// The promises every document makes, checked after every stage by the fuzzers and the property
/// tests: spans lie inside the text on scalar boundaries, removals are recorded in a form that can
/// be undone, and undoing them restores the input.
public enum DocumentInvariants {
    /// Every broken promise of `document` (empty when it is sound).
    public static func violations(_ document: Document) -> [String] {
        var problems: [String] = []
        var text = document.text
        text.withUTF8 { bytes in
            for (n, span) in document.spans.enumerated() {
                guard 0 <= span.start, span.start <= span.end, span.end <= bytes.count else {
                    problems.append("span \(n) '\(span.type)' \(span.start)..<\(span.end) lies outside the text (\(bytes.count) bytes)")
                    continue
                }
                for offset in [span.start, span.end] where offset < bytes.count && bytes[offset] & 0xC0 == 0x80 {
                    problems.append("span \(n) '\(span.type)' \(span.start)..<\(span.end): offset \(offset) splits a UTF-8 sequence")
                }
            }
        }
        if let removed = document.outputMetadata["removed"] {
            guard case .array(let items) = removed else { return problems + ["metadata.removed is not an array"] }
            for (n, item) in items.enumerated() {
                guard case .object(let o) = item, o["text"]?.stringValue != nil, let start = o["start"]?.intValue,
                      start >= 0, o["stage"]?.stringValue != nil, o["reason"]?.stringValue != nil
                else {
                    problems.append("metadata.removed[\(n)] lacks text, start, stage or reason: \(JSONWriter.string(item))")
                    continue
                }
            }
        }
        return problems
    }

    /// Violations of the spans' meaning: a `script` span covers letters of its script.
    public static func meaningViolations(_ document: Document) -> [String] {
        var problems: [String] = []
        for span in document.spans where span.type == "script" && span.start < span.end {
            guard let code = span.attributes["script"]?.stringValue else {
                problems.append("script span \(span.start)..<\(span.end) has no script attribute")
                continue
            }
            var covered = String(document.text(of: span.range))
            let runs = covered.withUTF8 { ScriptRuns.runs(in: $0) }
            if !runs.contains(where: { $0.script.code == code }) && !runs.contains(where: { $0.script.isNeutral && code == "Zyyy" }) {
                problems.append("script span \(span.start)..<\(span.end) says \(code) but covers \(runs.map(\.script.code)): \(covered.debugDescription)")
            }
        }
        return problems
    }

    /// The text with every recorded removal put back: `metadata.removed` undone last first, each
    /// `text` inserted at its `start` (a scalar offset). Nil when a record does not fit the text.
    ///
    /// Inserting one by one is quadratic (a stage can remove 100 000 runs from a megabyte line:
    /// the stages fuzzer timed out here), so each run of records whose starts do not increase
    /// (what one stage records) is put back in one pass over the text.
    public static func restoringRemovals(_ document: Document) -> String? {
        guard case .array(let items)? = document.outputMetadata["removed"] else { return document.text }
        var scalars = Array(document.text.unicodeScalars)
        // Records to insert one after the other, at starts that do not increase.
        var group: [(start: Int, text: String)] = []
        func flush() {
            guard !group.isEmpty else { return }
            var rebuilt: [Unicode.Scalar] = []
            rebuilt.reserveCapacity(scalars.count + group.reduce(0) { $0 + $1.text.unicodeScalars.count })
            var cursor = 0
            // Later insertions at the same start come first: walk the group backwards.
            for (start, text) in group.reversed() {
                rebuilt += scalars[cursor..<start]
                rebuilt += text.unicodeScalars
                cursor = start
            }
            rebuilt += scalars[cursor...]
            scalars = rebuilt
            group.removeAll()
        }
        for item in items.reversed() {
            guard case .object(let o) = item, let text = o["text"]?.stringValue, let start = o["start"]?.intValue, 0 <= start
            else { return nil }
            if let last = group.last, start > last.start { flush() }
            guard start <= scalars.count else { return nil }
            group.append((start, text))
        }
        flush()
        return String(String.UnicodeScalarView(scalars))
    }

    /// The text of each span, keyed by position, for comparing across a rewrite.
    public static func coveredTexts(_ document: Document) -> [String] {
        document.spans.map { String(document.text(of: $0.range)) }
    }
}
