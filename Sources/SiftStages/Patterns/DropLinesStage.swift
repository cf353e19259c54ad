import CByteScan
import Sift
import SiftICU

/// `drop-lines`: removes lines that match (or, with `keep-matching`, that do not match) an ICU
/// regular expression. Every removed line is kept in `metadata.removed` with the reason.
final class DropLinesStage: Stage {
    static let descriptor = StageDescriptor(
        name: "drop-lines", group: "Patterns",
        summary: "Removes the lines that match an ICU regular expression, recording each in metadata.removed.",
        effects: [.rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("pattern", .regex, help: "ICU regular expression tested against each line (without its line break)."),
            OptionSpec("preset", .choice(Preset.allCases.map(\.rawValue)),
                       help: "A ready-made pattern instead of 'pattern': placeholders (lines of only ?, ？, □, �, bullets, boxes or punctuation, left where an icon or emoji was lost), separators (rules of dashes, stars, underscores or equals signs)."),
            OptionSpec("match", .choice(["contains", "whole"]), default: "contains", help: "contains: the pattern matches somewhere in the line; whole: it matches the entire line."),
            OptionSpec("keep-matching", .boolean, default: false, help: "Invert: keep only the lines that match, remove the others."),
            OptionSpec("blank", .boolean, default: false, help: "Also test blank lines (by default they are always kept)."),
            OptionSpec("reason", .string, help: "Reason recorded for removed lines (default: the pattern)."),
        ] + PatternOptions.specs,
        example: "- drop-lines: { pattern: \"^(Share|Tweet|Print)$\", case-insensitive: true }",
        build: { options throws(OptionError) in
            var options = options
            if let name = options.string("preset") {
                guard !options.isSet("pattern") else { throw OptionError(option: "preset", "give either 'pattern' or 'preset', not both") }
                let preset = Preset(rawValue: name)!
                options = options.setting("pattern", .string(preset.pattern)).setting("match", "whole")
                if !options.isSet("reason") { options = options.setting("reason", .string(preset.reason)) }
            } else if !options.isSet("pattern") {
                throw OptionError(option: nil, "needs 'pattern' (an ICU regex) or 'preset'")
            }
            let whole = options.string("match") == "whole"
            let invert = options.bool("keep-matching")
            let blank = options.bool("blank")
            let caseInsensitive = options.bool("case-insensitive")
            if let preset = options.string("preset").map({ Preset(rawValue: $0)! }), !caseInsensitive,
               let screen = LineScreen(classRunOf: preset), let reason = options.string("reason") {
                // The screen, read from the class's set, settles every line but those holding an
                // astral character: each stage compiles the pattern when the first such line comes
                // (the first regex ICU compiles in a process builds its static sets, some 8 M
                // instructions, a few percent of a run of `clean-scraped` on a 5 MB sample).
                let pending = PendingRegex(pattern: preset.pattern, timeLimit: Int32(options.int("time-limit") ?? 1000))
                return StageFactory {
                    DropLinesStage(pending: pending, whole: whole, invert: invert, blank: blank, reason: reason, screen: screen)
                }
            }
            let regex = try PatternOptions.compile(options)
            let shared = SharedRegex(regex: regex)
            let reason = options.string("reason") ?? (invert ? "did not match /\(regex.pattern)/" : "matched /\(regex.pattern)/")
            let screen = options.string("preset").map {
                LineScreen(regex, preset: Preset(rawValue: $0)!, scalars: !caseInsensitive)
            }
            return StageFactory { DropLinesStage(regex: shared.copy(), whole: whole, invert: invert, blank: blank, reason: reason, screen: screen) }
        })

    /// Ready-made patterns for page noise.
    enum Preset: String, CaseIterable {
        case placeholders, separators

        var pattern: String {
            switch self {
            case .placeholders: #"[\p{P}\x{FFFD}\x{25A0}-\x{25FF}\x{2022}\x{2023}\x{2043}\x{2219}\x{00B7}\x{30FB}\s]+"#
            case .separators: #"\s*([-=_*~#.·•─━]\s*){3,}"#
            }
        }

        /// Whether the pattern is one character class repeated (`[…]+`), so that a line made only
        /// of characters of the class matches whole.
        var isClassRun: Bool { self == .placeholders }

        /// For a class run, the class as an ICU UnicodeSet pattern, from which the screen reads its
        /// members without running the regex (`\s` is written as the property ICU's regexes give
        /// it, White_Space: UnicodeSet patterns have no `\s`). A test checks that the pattern
        /// matches exactly these members, for every character of the Basic Multilingual Plane.
        var classSet: String? {
            switch self {
            case .placeholders: #"[\p{P}\x{FFFD}\x{25A0}-\x{25FF}\x{2022}\x{2023}\x{2043}\x{2219}\x{00B7}\x{30FB}\p{White_Space}]"#
            case .separators: nil
            }
        }

        var reason: String {
            switch self {
            case .placeholders: "placeholder line"
            case .separators: "separator line"
            }
        }
    }

    /// The pattern, once compiled (at the build, or by ``regex()`` on first use).
    private var compiled: ICURegex?
    /// The pattern to compile on first use, when the build left it to the stage.
    private let pending: PendingRegex?
    private let whole: Bool
    private let invert: Bool
    private let blank: Bool
    private let reason: String
    private let screen: LineScreen?

    init(regex: ICURegex, whole: Bool, invert: Bool, blank: Bool, reason: String, screen: LineScreen? = nil) {
        self.compiled = regex
        self.pending = nil
        self.whole = whole
        self.invert = invert
        self.blank = blank
        self.reason = reason
        self.screen = screen
    }

    /// A stage that compiles `pending` when a line first needs it.
    init(pending: PendingRegex, whole: Bool, invert: Bool, blank: Bool, reason: String, screen: LineScreen) {
        self.compiled = nil
        self.pending = pending
        self.whole = whole
        self.invert = invert
        self.blank = blank
        self.reason = reason
        self.screen = screen
    }

    /// A preset's pattern, compiled case-sensitively by each stage instance that needs it.
    struct PendingRegex: Sendable {
        let pattern: String
        let timeLimit: Int32

        func compile() throws -> ICURegex { try ICURegex(pattern, timeLimit: timeLimit) }
    }

    /// The compiled pattern, compiled now if it was left to the first use.
    @inline(__always)
    private func regex() throws -> ICURegex {
        if let compiled { return compiled }
        let regex = try pending!.compile()
        compiled = regex
        return regex
    }

    /// The ASCII characters a line matched whole by a preset may hold. Both presets match whole
    /// lines made only of characters of one class (and spaces), so a line holding any other ASCII
    /// character cannot match: most lines of prose are settled by their first letter, without ICU.
    /// The table is read from the compiled pattern itself ("c---" matches exactly when `c` may
    /// appear), so it cannot drift from the pattern. For a class run (`placeholders`), an ASCII
    /// line of allowed characters matches: the "?" lines are settled without ICU too; and the
    /// class's members in the Basic Multilingual Plane are read from the preset's ``Preset/classSet``
    /// (a test holds it to the pattern), so that lines of other scripts are settled too.
    struct LineScreen: Sendable, Equatable {
        /// Bit `b` set: ASCII character `b` may appear in a matching line.
        let low: UInt64, high: UInt64
        let classRun: Bool
        /// For a class run: bit `v` set when BMP scalar `v` is in the class (empty otherwise).
        let members: [UInt64]
        /// No ASCII letter or digit may appear in a matching line: lines holding one are passed
        /// over without a look (``DropLinesStage/appendEdits(in:to:skipping:)``).
        let lettersNeverMatch: Bool

        /// `scalars`: read the class's BMP members too (a class run matched without case folding,
        /// where a line matches exactly when each of its scalars does).
        init(_ regex: ICURegex, preset: Preset, scalars: Bool = true) {
            self.classRun = preset.isClassRun
            var bits: (UInt64, UInt64) = (0, 0)
            for b in 0..<128 {
                let probe: [UInt8] = [UInt8(b), 0x2D, 0x2D, 0x2D]
                guard (try? probe.withUnsafeBufferPointer { try regex.matchesWhole($0) }) ?? true else { continue }
                if b < 64 { bits.0 |= 1 << UInt64(b) } else { bits.1 |= 1 << UInt64(b - 64) }
            }
            (low, high) = bits
            // 0-9 are bits 48-57 of the low word; A-Z and a-z bits 1-26 and 33-58 of the high one.
            let digits: UInt64 = 0x03FF << 48, letters: UInt64 = 0x07FF_FFFE_07FF_FFFE
            lettersNeverMatch = low & digits == 0 && high & letters == 0
            if scalars, let set = preset.classSet {
                members = (try? UnicodeSets.bmpBits(set)) ?? []
            } else {
                members = []
            }
        }

        /// The screen of a class-run preset matched case-sensitively, read from its class's set
        /// alone: its ASCII characters are those of the set (for a class run, "c---" matches
        /// whole exactly when `c` is in the class; a test holds this screen to the one the pattern
        /// gives). Nil for any other preset.
        init?(classRunOf preset: Preset) {
            guard preset.isClassRun, let set = preset.classSet, let members = try? UnicodeSets.bmpBits(set), members.count == 1024 else {
                return nil
            }
            self.classRun = true
            self.members = members
            (low, high) = (members[0], members[1])
            let digits: UInt64 = 0x03FF << 48, letters: UInt64 = 0x07FF_FFFE_07FF_FFFE
            lettersNeverMatch = low & digits == 0 && high & letters == 0
        }

        /// Whether the line matches whole, when the screen can tell; nil when only the pattern can.
        @inline(__always)
        func verdict(_ line: UnsafeBufferPointer<UInt8>) -> Bool? {
            guard let base = line.baseAddress else { return nil }
            let n = line.count
            var exact = true
            var i = 0
            while i < n {
                let b = base[i]
                if b < 0x80 {
                    let bit = b < 64 ? (low &>> UInt64(b)) & 1 : (high &>> UInt64(b &- 64)) & 1
                    if bit == 0 { return false }
                    i += 1
                    continue
                }
                guard !members.isEmpty, b < 0xF0, i + (b >= 0xE0 ? 2 : 1) < n else {
                    // An astral character (or no scalar table): only the pattern can tell.
                    exact = false
                    i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                    continue
                }
                let v: Int
                if b < 0xE0 {
                    v = Int(b & 0x1F) << 6 | Int(base[i + 1] & 0x3F)
                    i += 2
                } else {
                    v = Int(b & 0x0F) << 12 | Int(base[i + 1] & 0x3F) << 6 | Int(base[i + 2] & 0x3F)
                    i += 3
                }
                if (members[v &>> 6] &>> UInt64(v & 63)) & 1 == 0 { return false }
            }
            return classRun && exact && n > 0 ? true : nil
        }
    }

    /// The edits of a document, kept from document to document (no allocation per document).
    /// Only `process` touches it, and a stage instance serves one worker: no exclusivity check.
    @exclusivity(unchecked) private var editBuffer: [TextEdit] = []

    func process(_ document: inout Document) throws -> StageOutcome {
        try editBuffer.reusing { edits in
            try document.withUTF8 { bytes in try appendEdits(in: bytes, to: &edits) }
            document.apply(edits, stage: "drop-lines")
        }
        return .keep
    }

    /// Appends the removal of each line to remove. When the screen lets no ASCII letter or digit
    /// through and matching lines go (no `keep-matching`), `sift_lines_drop_screened` passes over
    /// the lines that hold one sixteen bytes at a time, and blank lines with them unless `blank` is
    /// set, and judges the others by the screen: only the lines the screen cannot settle come back
    /// for the pattern. `skipping: false` looks at every line (for tests: the passes must not
    /// change the edits); `exactScan` passes over lines without the AVX2 blocks
    /// (`sift_lines_drop_screened_exact`; for tests).
    func appendEdits(in bytes: UnsafeBufferPointer<UInt8>, to edits: inout [TextEdit], skipping: Bool = true, exactScan: Bool = false) throws {
        guard skipping, !invert, let screen, screen.lettersNeverMatch, let base = bytes.baseAddress else {
            try bytes.forEachShortLine { line, _ in try judge(line, in: bytes, edits: &edits) }
            return
        }
        let n = Int64(bytes.count)
        try screen.members.withUnsafeBufferPointer { members in
            try withUnsafeTemporaryAllocation(of: Int64.self, capacity: 64) { removals in
                guard let out = removals.baseAddress else { return }
                var from: Int64 = 0
                while from < n {
                    var stop = sift_lines_stop()
                    let table = members.isEmpty ? nil : members.baseAddress
                    let count = exactScan
                        ? Int(sift_lines_drop_screened_exact(base, from, n, blank ? 0 : 1, screen.low, screen.high, table, screen.classRun ? 1 : 0, out, 32, &stop))
                        : Int(sift_lines_drop_screened(base, from, n, blank ? 0 : 1, screen.low, screen.high, table, screen.classRun ? 1 : 0, out, 32, &stop))
                    for j in 0..<count {
                        edits.append(TextEdit(range: Int(out[2 * j])..<Int(out[2 * j + 1]), removalReason: reason))
                    }
                    from = stop.next
                    guard stop.line_start >= 0 else { continue }
                    from = stop.line_end
                    let start = Int(stop.line_start)
                    try judge(LineRange(content: start..<Int(stop.content_end), whole: start..<Int(stop.line_end)), in: bytes, edits: &edits)
                }
            }
        }
    }

    /// Tests one line and appends its removal if it goes.
    @inline(__always)
    private func judge(_ line: LineRange, in bytes: UnsafeBufferPointer<UInt8>, edits: inout [TextEdit]) throws {
        let content = UnsafeBufferPointer(rebasing: bytes[line.content])
        if !blank && content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        let matched: Bool
        if let settled = screen?.verdict(content) {
            matched = settled
        } else {
            matched = whole ? try regex().matchesWhole(content) : try regex().firstMatch(in: content) != nil
        }
        if matched != invert { edits.append(TextEdit(range: line.whole, removalReason: reason)) }
    }
}
