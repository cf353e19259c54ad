import CByteScan
import Sift

/// `whitespace`: line endings, space runs, trimming, blank-line runs and invisible characters,
/// in one pass over the UTF-8 bytes. Every change is an edit, so spans stay exact.
final class WhitespaceStage: Stage {
    static let descriptor = StageDescriptor(
        name: "whitespace", group: "Normalization",
        summary: "Unifies line endings, collapses runs of spaces, trims lines, limits blank-line runs and removes invisible format characters (keeping ZWJ/ZWNJ, which emoji and Indic scripts need).",
        effects: [.rewritesText, .carriesSpans],
        options: [
            OptionSpec("line-endings", .boolean, default: true, help: "Turn CRLF, CR, NEL (U+0085) and U+2028/U+2029 into LF."),
            OptionSpec("collapse-spaces", .boolean, default: true, help: "Replace each run of spaces, tabs and other space separators (NBSP, ideographic space, …) inside a line with one space."),
            OptionSpec("trim", .boolean, default: true, help: "Remove spaces at the start and end of each line."),
            OptionSpec("max-blank-lines", .integer(min: 0, max: nil), default: 1, help: "Longest run of blank lines kept between paragraphs; blank lines at the start and end of the text are removed."),
            OptionSpec("invisible", .boolean, default: true, help: "Remove invisible format characters: ZWSP, word joiner, BOM, soft hyphen, Mongolian vowel separator, invisible operators, deprecated format controls. ZWJ, ZWNJ and variation selectors are kept."),
            OptionSpec("controls", .boolean, default: true, help: "Remove C0 and C1 control characters other than tab and line breaks."),
            OptionSpec("bidi-controls", .boolean, default: false, help: "Also remove bidirectional marks and embeddings (LRM, RLM, U+202A–U+202E, U+2066–U+2069); off by default because right-to-left text may need them."),
        ],
        example: "- whitespace: { max-blank-lines: 1 }",
        build: { options throws(OptionError) in
            let config = Config(
                lineEndings: options.bool("line-endings"), collapse: options.bool("collapse-spaces"),
                trim: options.bool("trim"), maxBlank: options.int("max-blank-lines") ?? 1,
                invisible: options.bool("invisible"), controls: options.bool("controls"), bidi: options.bool("bidi-controls"))
            return StageFactory { WhitespaceStage(config) }
        })

    struct Config: Sendable {
        var lineEndings, collapse, trim: Bool
        var maxBlank: Int
        var invisible, controls, bidi: Bool
    }

    private let config: Config

    init(_ config: Config) { self.config = config }

    /// What one code point is to this stage.
    enum Kind { case other, space, remove, lineBreak }

    @inline(__always)
    func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Kind, Int) {
        let b = bytes[i]
        if b < 0x80 {
            switch b {
            case 0x20, 0x09: return (.space, 1)
            case 0x0A, 0x0D: return (.lineBreak, 1)
            case 0x00..<0x20, 0x7F: return (config.controls ? .remove : .other, 1)
            default: return (.other, 1)
            }
        }
        // Only a few lead bytes can start a character this stage cares about.
        switch b {
        case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF: break
        default:
            return (.other, b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2)
        }
        let length = b >= 0xE0 ? 3 : 2
        guard i + length <= bytes.count else { return (.other, 1) }
        let scalar: UInt32 = length == 2
            ? UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            : UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        switch scalar {
        case 0x85, 0x2028, 0x2029: return (.lineBreak, length)
        case 0x80...0x9F: return (config.controls ? .remove : .other, length)
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return (.space, length)
        case 0x00AD, 0x180E, 0x200B, 0x2060...0x2064, 0x206A...0x206F, 0xFEFF:
            return (config.invisible ? .remove : .other, length)
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return (config.bidi ? .remove : .other, length)
        default: return (.other, length)
        }
    }

    /// Buffers kept from document to document: the edits, the blank lines of a run, a line's edits.
    /// Only `process` touches them, and a stage instance serves one worker: no exclusivity checks
    /// (a dynamic check on a class's stored property costs more than a hundred instructions).
    @exclusivity(unchecked) private var editBuffer: [TextEdit] = []
    @exclusivity(unchecked) private var blankBuffer: [Range<Int>] = []
    @exclusivity(unchecked) private var lineBuffer: [TextEdit] = []

    func process(_ document: inout Document) throws -> StageOutcome {
        editBuffer.reusing { edits in
            document.withUTF8 { appendEdits(in: $0, plainLines: true, to: &edits) }
            document.apply(edits, stage: "whitespace")
        }
        return .keep
    }

    /// The state of the line being scanned.
    private struct LineState {
        var hasContent = false
        /// The current run of spaces and removable characters, if any.
        var run: Range<Int>? = nil
        var runIsSingleSpace = false
        var runHasSpace = false
        var edits: [TextEdit] = []

        mutating func reset() {
            hasContent = false
            run = nil
            if !edits.isEmpty { edits.removeAll(keepingCapacity: true) }
        }
    }

    /// Ends the current run of spaces: trimmed at the ends of the line, collapsed inside it.
    private func closeRun(_ st: inout LineState, atLineEnd: Bool, bytes: UnsafeBufferPointer<UInt8>) {
        guard let run = st.run else { return }
        st.run = nil
        if (!st.hasContent || atLineEnd) && config.trim {
            st.edits.append(TextEdit(range: run))
        } else if st.runHasSpace && config.collapse {
            if !st.runIsSingleSpace { st.edits.append(TextEdit(range: run, replacement: " ")) }
        } else if !st.runHasSpace {
            st.edits.append(TextEdit(range: run))
        } else {
            // Not collapsing: remove only the removables inside the run.
            var j = run.lowerBound
            while j < run.upperBound {
                let (k, len) = classify(bytes, j)
                if k == .remove { st.edits.append(TextEdit(range: j..<(j + len))) }
                j += len
            }
        }
    }

    /// The edits for a whole text. Lines are scanned one at a time; edits of a line are held until
    /// it is known whether the line survives (blank-line runs are decided when the run ends).
    /// `plainLines: false` sends every line through the general scanner (for tests).
    func edits(in bytes: UnsafeBufferPointer<UInt8>, plainLines: Bool = true) -> [TextEdit] {
        var edits: [TextEdit] = []
        appendEdits(in: bytes, plainLines: plainLines, to: &edits)
        return edits
    }

    /// ``edits(in:plainLines:)`` appended to `edits`.
    private func appendEdits(in bytes: UnsafeBufferPointer<UInt8>, plainLines: Bool, to edits: inout [TextEdit]) {
        var pendingBlank = blankBuffer  // whole ranges of blank lines in the current run
        blankBuffer = []
        var st = LineState(edits: lineBuffer)
        lineBuffer = []
        defer {
            // Both are empty by now on most pages (`removeAll` is a generic call even then).
            if !pendingBlank.isEmpty { pendingBlank.removeAll(keepingCapacity: true) }
            blankBuffer = pendingBlank
            if !st.edits.isEmpty { st.edits.removeAll(keepingCapacity: true) }
            lineBuffer = st.edits
        }
        var seenContent = false
        var i = 0
        let n = bytes.count
        while i < n {
            let lineStart = i
            if plainLines {
                if bytes[i] == 0x0A {
                    // A bare blank line: kept or not once the run of blank lines ends.
                    pendingBlank.append(i..<(i + 1))
                    i += 1
                    continue
                }
                let end = plainRunEnd(bytes, from: i, edits: &edits, blankEdits: pendingBlank.isEmpty)
                if end > i {
                    // Lines of ordinary characters and single inner spaces ending in LF: nothing to edit.
                    if !pendingBlank.isEmpty {
                        flushBlank(&pendingBlank, keep: seenContent ? config.maxBlank : 0, into: &edits, bytes: bytes)
                    }
                    seenContent = true
                    i = end
                    continue
                }
            }
            st.reset()
            var terminator: Range<Int>? = nil
            var terminatorIsLF = true
            while i < n {
                let b = bytes[i]
                // Fast path: printable ASCII outside a run of spaces.
                if b > 0x20 && b < 0x7F {
                    if st.run != nil { closeRun(&st, atLineEnd: false, bytes: bytes) }
                    st.hasContent = true
                    i += 1
                    continue
                }
                let (kind, len) = classify(bytes, i)
                switch kind {
                case .lineBreak:
                    var end = i + len
                    if b == 0x0D, end < n, bytes[end] == 0x0A { end += 1 }
                    terminator = i..<end
                    terminatorIsLF = b == 0x0A && len == 1
                case .space:
                    if let run = st.run {
                        st.run = run.lowerBound..<(i + len)
                        st.runIsSingleSpace = false
                    } else {
                        st.run = i..<(i + len)
                        st.runIsSingleSpace = b == 0x20
                    }
                    st.runHasSpace = true
                case .remove:
                    if let run = st.run {
                        st.run = run.lowerBound..<(i + len)
                        st.runIsSingleSpace = false
                    } else if config.collapse || config.trim {
                        st.run = i..<(i + len)
                        st.runIsSingleSpace = false
                        st.runHasSpace = false
                    } else {
                        st.edits.append(TextEdit(range: i..<(i + len)))
                    }
                case .other:
                    if st.run != nil { closeRun(&st, atLineEnd: false, bytes: bytes) }
                    st.hasContent = true
                }
                if terminator != nil { break }
                i += len
            }
            closeRun(&st, atLineEnd: true, bytes: bytes)
            i = terminator?.upperBound ?? n
            let whole = lineStart..<i

            if !st.hasContent {
                // A blank line: kept or not once the run of blank lines ends.
                pendingBlank.append(whole)
                continue
            }
            if !pendingBlank.isEmpty {
                let keep = seenContent ? config.maxBlank : 0
                flushBlank(&pendingBlank, keep: keep, into: &edits, bytes: bytes)
            }
            seenContent = true
            edits += st.edits
            if let t = terminator, config.lineEndings, !terminatorIsLF {
                edits.append(TextEdit(range: t, replacement: "\n"))
            }
        }
        // Blank lines at the end: removed, but the last content line keeps its line break.
        if !pendingBlank.isEmpty {
            flushBlank(&pendingBlank, keep: 0, into: &edits, bytes: bytes)
        }
    }

    /// The length of the character at `i` if it is an ordinary one (nothing this configuration
    /// edits, no space, no line break): printable ASCII other than the space, or a non-ASCII
    /// character ``classify(_:_:)`` calls `.other`; 0 for any other.
    @inline(__always)
    private func ordinaryLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return b > 0x20 && b < 0x7F ? 1 : 0 }
        let (kind, length) = classify(bytes, i)
        return kind == .other ? length : 0
    }

    /// Where the run of plain lines starting at `start` ends: the start of the first line that is
    /// not plain, or the end of the text (`start` itself if that line is not plain). A plain line
    /// is ordinary characters with single spaces between them, no space at either end, ending in
    /// LF or at the end of the text: it needs no edit whatever the options. Blank lines (bare LFs)
    /// between two plain lines need none either as long as `max-blank-lines` allows them; the
    /// deletions of those beyond it are appended to `edits` if `blankEdits` (no earlier edit is
    /// pending), and the run goes on. The text is scanned in C, thirty-two bytes a step with SSE2
    /// (``nextByteToLook(_:from:end:blankLineOK:)``), across line ends and the non-ASCII
    /// characters the stage never edits, stopping only where a byte needs a closer look, which is
    /// taken here.
    @inline(__always)
    func plainRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, edits: inout [TextEdit], blankEdits: Bool) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress, start < n, ordinaryLength(bytes, start) > 0 else { return start }
        /// The start of the line holding `i`: the run ends there.
        func lineStart(_ i: Int) -> Int {
            var j = i
            while j > start, base[j - 1] != 0x0A { j -= 1 }
            return j
        }
        let maxBlank = config.maxBlank
        var i = start
        while true {
            i = Self.nextByteToLook(base, from: i, end: n, blankLineOK: maxBlank >= 1)
            guard i < n else { return n }
            // The byte that needs a look: a space or LF that the scan could not clear, a character
            // that may be one this configuration edits (or an ordinary one that shares its first
            // bytes), or a byte that always ends the run.
            let b = base[i]
            if b == 0x20 || b == 0x0A {
                // A single space between ordinary characters, or a line end before a line that
                // starts with one, or before blank lines and such a line.
                if i + 1 < n, ordinaryLength(bytes, i + 1) > 0 { i += 1; continue }
                if b == 0x0A {
                    var j = i + 1
                    while j < n, base[j] == 0x0A { j += 1 }
                    let blanks = j - i - 1
                    guard blanks > 0, j < n, ordinaryLength(bytes, j) > 0 else { return i + 1 }
                    if blanks > maxBlank {
                        guard blankEdits else { return i + 1 }
                        // One deletion for the blank lines past the limit (an edit costs more than its bytes).
                        edits.append(TextEdit(range: (i + 1 + maxBlank)..<(i + 1 + blanks)))
                    }
                    i = j
                    continue
                }
                return lineStart(i)
            }
            let length = b >= 0x80 ? ordinaryLength(bytes, i) : 0
            if length == 0 { return lineStart(i) }
            i += length
        }
    }

    /// The first byte at or after `from` that ``plainRunEnd(_:from:edits:blankEdits:)`` must look
    /// at, or `end`: see `sift_whitespace_plain_scan` (sixty-four bytes a step through ASCII with
    /// AVX2 where the processor has it, else sixteen with SSE2 where the target has it).
    @inline(__always)
    static func nextByteToLook(_ base: UnsafePointer<UInt8>, from: Int, end: Int, blankLineOK: Bool) -> Int {
        Int(sift_whitespace_plain_scan(base, Int64(from), Int64(end), blankLineOK ? 1 : 0))
    }

    /// ``nextByteToLook(_:from:end:blankLineOK:)`` without the AVX2 windows (for tests).
    static func nextByteToLookExactly(_ base: UnsafePointer<UInt8>, from: Int, end: Int, blankLineOK: Bool) -> Int {
        Int(sift_whitespace_plain_scan_exact(base, Int64(from), Int64(end), blankLineOK ? 1 : 0))
    }

    /// Keeps the first `keep` lines of a blank run (emptied, with an LF) and deletes the rest, in
    /// one edit (the lines of a run follow one another).
    private func flushBlank(_ run: inout [Range<Int>], keep: Int, into edits: inout [TextEdit], bytes: UnsafeBufferPointer<UInt8>) {
        for r in run.prefix(keep) {
            let isBareLF = r.count == 1 && bytes[r.lowerBound] == 0x0A
            if !isBareLF {
                edits.append(TextEdit(range: r, replacement: r.upperBound > r.lowerBound && lastIsBreak(bytes, r) ? "\n" : ""))
            }
        }
        if keep < run.count { edits.append(TextEdit(range: run[keep].lowerBound..<run[run.count - 1].upperBound)) }
        run.removeAll(keepingCapacity: true)
    }

    private func lastIsBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        let last = bytes[r.upperBound - 1]
        return last == 0x0A || last == 0x0D || last == 0x85 || last == 0xA8 || last == 0xA9
    }
}
