import CByteScan
import Sift
import SiftICU

/// `dedupe-lines`: removes a title repeated at the top, a line repeated right after itself, and
/// (optionally) any later repeat of a long line; lines compare after NFKC case folding and
/// whitespace collapsing. Every removal is recorded.
final class DedupeLinesStage: Stage {
    static let descriptor = StageDescriptor(
        name: "dedupe-lines", group: "Cleaning",
        summary: "Removes repeated lines: the title repeated at the top, a line repeated right after itself, and optionally any later repeat of a long line.",
        effects: [.rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("title", .boolean, default: true, help: "Remove copies of the first line that follow it before any other text (scrapers often deliver the title twice)."),
            OptionSpec("adjacent", .boolean, default: true, help: "Remove a line identical to the previous non-blank line."),
            OptionSpec("anywhere", .boolean, default: false, help: "Remove any later repeat of a line of at least min-chars characters (boilerplate repeated on a page)."),
            OptionSpec("min-chars", .integer(min: 1, max: nil), default: 20, help: "Shortest line that 'anywhere' removes when repeated."),
        ],
        example: "- dedupe-lines: { anywhere: true, min-chars: 30 }",
        build: { options throws(OptionError) in
            let config = Config(title: options.bool("title"), adjacent: options.bool("adjacent"),
                                anywhere: options.bool("anywhere"), minChars: options.int("min-chars") ?? 20)
            let folding: Normalizer
            do { folding = try Normalizer(.nfkcCasefold) } catch { throw OptionError(option: nil, "\(error)") }
            return StageFactory { DedupeLinesStage(config, folding: folding) }
        })

    struct Config: Sendable {
        var title, adjacent, anywhere: Bool
        var minChars: Int
    }

    private let config: Config
    private let folding: Normalizer

    init(_ config: Config, folding: Normalizer) {
        self.config = config
        self.folding = folding
    }

    /// The comparison key of a line, into `out` (emptied first): NFKC case folded, runs of whitespace
    /// as one space, trimmed (bytes, so that keys hash without String's Unicode-aware comparison).
    func key(_ line: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        if ASCIIScan.isASCII(line) {
            // ASCII needs no normalizer: NFKC_Casefold of ASCII is its lower case.
            Self.appendCollapsed(line, to: &out)
        } else {
            var folded = folding.normalize(String(decoding: line, as: UTF8.self))
            folded.withUTF8 { Self.appendCollapsed($0, to: &out) }
        }
    }

    /// Appends bytes with ASCII letters lower-cased and whitespace runs collapsed to one space
    /// (NFKC folds the Unicode spaces to U+0020, so ASCII whitespace is all that is left).
    private static func appendCollapsed(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var pendingSpace = false
        for b in bytes {
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
    }

    /// The edits of a document, kept from document to document (no allocation per document).
    private var editBuffer: [TextEdit] = []

    func process(_ document: inout Document) throws -> StageOutcome {
        editBuffer.reusing { edits in
            document.withUTF8 { self.appendEdits(in: $0, keyed: config.anywhere, to: &edits) }
            document.apply(edits, stage: "dedupe-lines")
        }
        return .keep
    }

    /// The removals for a text. `keyed` builds every line's key (needed to remember all lines for
    /// `anywhere`); otherwise a line is only compared with the title and the previous line, and two
    /// ASCII lines are compared on their bytes, with no key built (most differ at the first letter).
    /// `exactScan` finds line ends without the AVX2 blocks (`sift_dedupe_scan_exact`; for tests).
    func edits(in bytes: UnsafeBufferPointer<UInt8>, keyed: Bool, exactScan: Bool = false) -> [TextEdit] {
        var edits: [TextEdit] = []
        appendEdits(in: bytes, keyed: keyed, exactScan: exactScan, to: &edits)
        return edits
    }

    /// ``edits(in:keyed:exactScan:)`` appended to `edits`.
    private func appendEdits(in bytes: UnsafeBufferPointer<UInt8>, keyed: Bool, exactScan: Bool = false, to edits: inout [TextEdit]) {
        if keyed {
            // Three key buffers, reused from line to line: the line's, the previous line's, the title's.
            var k: [UInt8] = [], previous: [UInt8] = [], title: [UInt8] = []
            var hasTitle = false
            var inTitleZone = true
            var seen = Set<[UInt8]>()
            bytes.forEachLine { line in
                let content = UnsafeBufferPointer(rebasing: bytes[line.content])
                key(content, into: &k)
                if k.isEmpty { return }
                if !hasTitle {
                    hasTitle = true
                    title = k
                    previous = k
                    if config.anywhere { seen.insert(k) }
                    return
                }
                if config.title && inTitleZone && k == title {
                    edits.append(TextEdit(range: line.whole, removalReason: "repeated title"))
                    return
                }
                inTitleZone = false
                if config.adjacent && k == previous {
                    edits.append(TextEdit(range: line.whole, removalReason: "repeated line"))
                    return
                }
                if config.anywhere && ScalarOffsets.count(in: content) >= config.minChars && seen.contains(k) {
                    edits.append(TextEdit(range: line.whole, removalReason: "repeated line"))
                    return
                }
                if config.anywhere { seen.insert(k) }
                swap(&previous, &k)
            }
            return
        }
        precondition(!config.anywhere, "'anywhere' needs every line's key")
        guard let base = bytes.baseAddress else { return }
        // `sift_dedupe_scan` settles every line whose key is its own bytes, and hands over the
        // others (a key to fold, or a folded title or previous line to compare with), each in turn.
        var state = sift_dedupe_state()
        state.title = config.title ? 1 : 0
        state.adjacent = config.adjacent ? 1 : 0
        state.in_title_zone = 1
        // Folded keys, in buffers kept by the stage from document to document.
        var keys = keyBuffers
        keyBuffers = KeyBuffers()
        defer { keyBuffers = keys }
        let n = bytes.count
        withUnsafeTemporaryAllocation(of: sift_dedupe_removal.self, capacity: 32) { removals in
            guard let out = removals.baseAddress else { return }
            var from = 0
            while from < n {
                var stop = sift_dedupe_stop()
                let count = exactScan ? Int(sift_dedupe_scan_exact(base, Int64(from), Int64(n), &state, out, 32, &stop))
                                      : Int(sift_dedupe_scan(base, Int64(from), Int64(n), &state, out, 32, &stop))
                for j in 0..<count {
                    let r = out[j]
                    edits.append(TextEdit(range: Int(r.start)..<Int(r.end),
                                          removalReason: r.reason == SIFT_DEDUPE_TITLE ? "repeated title" : "repeated line"))
                }
                from = Int(stop.next)
                guard stop.line_start >= 0 else { continue }
                from = Int(stop.line_end)
                judge(Int(stop.line_start)..<Int(stop.content_end), whole: Int(stop.line_start)..<Int(stop.line_end),
                      plain: stop.plain != 0, in: bytes, state: &state, keys: &keys, edits: &edits)
            }
        }
    }

    /// Decides one line that `sift_dedupe_scan` handed over, as the scan decides the others, and
    /// updates its state: a folded title or previous line is held in `keys`.
    private func judge(_ content: Range<Int>, whole: Range<Int>, plain: Bool, in bytes: UnsafeBufferPointer<UInt8>,
                       state: inout sift_dedupe_state, keys: inout KeyBuffers, edits: inout [TextEdit]) {
        let k: LineKey
        if plain {
            k = LineKey(range: content, folded: false)
        } else {
            guard let folded = lineKey(bytes, content, into: &keys.current) else { return }
            k = folded
        }
        if state.has_title == 0 {
            state.has_title = 1
            state.title_raw = k.folded ? 0 : 1
            state.previous_raw = state.title_raw
            state.title_start = Int64(content.lowerBound)
            state.title_end = Int64(content.upperBound)
            state.previous_start = state.title_start
            state.previous_end = state.title_end
            if k.folded {
                keys.title.removeAll(keepingCapacity: true)
                keys.title.append(contentsOf: keys.current)
                swap(&keys.previous, &keys.current)
            }
            return
        }
        let t = LineKey(range: Int(state.title_start)..<Int(state.title_end), folded: state.title_raw == 0)
        let p = LineKey(range: Int(state.previous_start)..<Int(state.previous_end), folded: state.previous_raw == 0)
        if config.title && state.in_title_zone != 0 && sameKey(k, keys.current, t, keys.title, bytes, scratch: &keys.scratch) {
            edits.append(TextEdit(range: whole, removalReason: "repeated title"))
            return
        }
        state.in_title_zone = 0
        if config.adjacent && sameKey(k, keys.current, p, keys.previous, bytes, scratch: &keys.scratch) {
            edits.append(TextEdit(range: whole, removalReason: "repeated line"))
            return
        }
        state.previous_raw = k.folded ? 0 : 1
        state.previous_start = Int64(content.lowerBound)
        state.previous_end = Int64(content.upperBound)
        if k.folded { swap(&keys.previous, &keys.current) }
    }

    /// The buffers of the folded keys of the title, the previous line and the current line.
    struct KeyBuffers {
        var title: [UInt8] = [], previous: [UInt8] = [], current: [UInt8] = [], scratch: [UInt8] = []
    }

    private var keyBuffers = KeyBuffers()

    /// A line to compare: by its own bytes when its key is those bytes with ASCII letters
    /// lower-cased and whitespace collapsed (an ASCII line, or a line already NFKC case folded,
    /// as most non-ASCII lines are), else by its folded key, held in a key buffer.
    struct LineKey {
        var range: Range<Int>
        var folded: Bool
    }

    /// The comparison handle of a line that is not plain (``foldsToItself(_:)`` is false), or nil
    /// when its key is empty (a blank line). A folded key is written to `key`.
    private func lineKey(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into key: inout [UInt8]) -> LineKey? {
        let line = UnsafeBufferPointer(rebasing: bytes[range])
        // Chinese lines with full-width punctuation ("（", "，", "：") fold character by character.
        if Self.widthFoldedKey(line, into: &key) { return key.isEmpty ? nil : LineKey(range: range, folded: true) }
        // The line copied in one go, then its ASCII capitals lowered in place (no append per byte).
        key.removeAll(keepingCapacity: true)
        key.append(contentsOf: line)
        key.withUnsafeMutableBufferPointer { k in
            for i in k.indices where k[i] &- 0x41 < 26 { k[i] |= 0x20 }
        }
        if key.withUnsafeBufferPointer({ folding.isNormalized($0) }) { return LineKey(range: range, folded: false) }
        self.key(line, into: &key)
        return key.isEmpty ? nil : LineKey(range: range, folded: true)
    }

    /// Whether every non-ASCII character of a line is one NFKC_Casefold maps to itself and that
    /// composes with no character (``isInert(_:)``): the line is plain, its key is its own bytes
    /// (`sift_dedupe_plain`, the test `sift_dedupe_scan` makes of each line).
    static func foldsToItself(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return true }
        return sift_dedupe_plain(base, Int64(line.count)) != 0
    }

    /// The key of a line whose non-ASCII characters are those ``foldsToItself(_:)`` accepts, the
    /// full-width forms of ASCII (U+FF01–U+FF5E, which NFKC maps to ASCII) and the ideographic
    /// space (U+3000, which NFKC maps to U+0020), written to `key` as ``key(_:into:)`` would write
    /// it: none of these characters composes with its neighbours, so NFKC_Casefold maps each on
    /// its own. Returns false (and leaves `key` unspecified) for any other line.
    static func widthFoldedKey(_ line: UnsafeBufferPointer<UInt8>, into key: inout [UInt8]) -> Bool {
        guard let base = line.baseAddress else { return false }
        let n = line.count
        // The key is never longer than the line (a character gives at most its own bytes, and a
        // space stands for at least one whitespace byte): it is written in place into `n` bytes
        // (the line's copy) through a pointer, then cut to its length.
        key.removeAll(keepingCapacity: true)
        key.append(contentsOf: line)
        let written = key.withUnsafeMutableBufferPointer { k -> Int in
            guard let out = k.baseAddress else { return 0 }  // an empty line: an empty key
            var i = 0, w = 0, pendingSpace = false
            while i < n {
                var b = base[i]
                if b >= 0x80 {
                    guard b >= 0xE3 && b <= 0xEF, i + 2 < n else { return -1 }
                    let v = UInt32(b & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
                    if v >= 0xFF01 && v <= 0xFF5E {
                        b = UInt8(v - 0xFEE0)
                    } else if v == 0x3000 {
                        b = 0x20
                    } else {
                        guard b <= 0xED, isInert(v) else { return -1 }
                        if pendingSpace { out[w] = 0x20; w += 1; pendingSpace = false }
                        out[w] = base[i]
                        out[w + 1] = base[i + 1]
                        out[w + 2] = base[i + 2]
                        w += 3
                        i += 3
                        continue
                    }
                    i += 3
                } else {
                    i += 1
                }
                if isSpace(b) {
                    pendingSpace = w != 0
                    continue
                }
                if pendingSpace { out[w] = 0x20; w += 1; pendingSpace = false }
                out[w] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                w += 1
            }
            return w
        }
        guard written >= 0 else { return false }
        key.removeSubrange(written...)
        return true
    }

    /// The characters ``foldsToItself(_:)`` accepts (CJK ideographs U+4E00–U+9FFF, Hangul
    /// syllables, hiragana and katakana letters, the prolonged sound mark, the ideographic comma
    /// and full stop); the test suite checks every one of them against ICU.
    @inline(__always)
    static func isInert(_ v: UInt32) -> Bool { sift_dedupe_is_inert(v) != 0 }

    @inline(__always)
    private func sameKey(_ a: LineKey, _ keyA: [UInt8], _ b: LineKey, _ keyB: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>,
                         scratch: inout [UInt8]) -> Bool {
        let lineA = UnsafeBufferPointer(rebasing: bytes[a.range]), lineB = UnsafeBufferPointer(rebasing: bytes[b.range])
        switch (a.folded, b.folded) {
        case (false, false): return Self.sameASCIIKey(lineA, lineB)
        case (true, true): return keyA == keyB
        case (true, false):
            scratch.removeAll(keepingCapacity: true)
            Self.appendCollapsed(lineB, to: &scratch)
            return keyA == scratch
        case (false, true):
            scratch.removeAll(keepingCapacity: true)
            Self.appendCollapsed(lineA, to: &scratch)
            return scratch == keyB
        }
    }

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    /// Whether two lines compared on their bytes have the same key (the same words, ASCII letters
    /// compared without case, whatever the whitespace between them), without building the keys
    /// (`sift_dedupe_same_key`, which `sift_dedupe_scan` uses: a common prefix of the bytes is
    /// passed eight bytes at a time).
    static func sameASCIIKey(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let x = a.baseAddress, let y = b.baseAddress else {
            // An empty text has the empty key: so has the other only if it is all whitespace.
            return (a.isEmpty ? b : a).allSatisfy(isSpace)
        }
        return sift_dedupe_same_key(x, Int64(a.count), y, Int64(b.count)) != 0
    }
}
