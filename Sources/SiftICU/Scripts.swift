import CICUBridge

/// A Unicode script, identified by ICU's `UScriptCode`; named by its ISO 15924 code.
public struct Script: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The script for an ISO 15924 code or a name ("Latn", "Cyrillic"), or nil.
    public init?(code: String) {
        let v = sift_script_from_code(code)
        guard v >= 0 else { return nil }
        rawValue = v
    }

    // Constants other modules inline (a `static let` would be read through an accessor call).
    @inlinable public static var common: Script { Script(rawValue: 0) }
    @inlinable public static var inherited: Script { Script(rawValue: 1) }
    @inlinable public static var latin: Script { Script(rawValue: 25) }
    @inlinable public static var han: Script { Script(rawValue: 17) }
    @inlinable public static var hiragana: Script { Script(rawValue: 20) }
    @inlinable public static var katakana: Script { Script(rawValue: 22) }
    @inlinable public static var hangul: Script { Script(rawValue: 18) }
    @inlinable public static var cyrillic: Script { Script(rawValue: 8) }
    @inlinable public static var arabic: Script { Script(rawValue: 2) }
    @inlinable public static var unknown: Script { Script(rawValue: 103) }

    /// ISO 15924 code, e.g. "Latn", "Hani", "Zyyy" (Common).
    public var code: String { String(cString: sift_script_code(rawValue)) }
    /// ICU's long name, e.g. "Latin".
    public var name: String { String(cString: sift_script_name(rawValue)) }
    public var description: String { code }

    /// Common or Inherited: characters shared by many scripts.
    @inlinable public var isNeutral: Bool { rawValue <= 1 }

    /// The Script property of a code point.
    public static func of(_ scalar: Unicode.Scalar) -> Script { Script(rawValue: sift_script_of(scalar.value)) }

    /// The Script_Extensions of a code point (the scripts it is used with).
    public static func extensions(of scalar: Unicode.Scalar) -> [Script] {
        var buffer = [Int32](repeating: 0, count: 32)
        let n = sift_script_extensions(scalar.value, &buffer, 32)
        return buffer.prefix(Int(min(n, 32))).map(Script.init(rawValue:))
    }
}

/// A maximal stretch of text in one script.
public struct ScriptRun: Equatable, Sendable {
    /// Byte range in the UTF-8 text.
    public var range: Range<Int>
    public var script: Script
    /// Letters (alphabetic code points) in the run.
    public var letters: Int

    public init(range: Range<Int>, script: Script, letters: Int) {
        self.range = range
        self.script = script
        self.letters = letters
    }
}

public enum ScriptRuns {
    /// Script runs per UAX #24: Common and Inherited characters take the script of their
    /// neighbours and Script_Extensions are honoured (。 between Han is Han; ー between katakana is
    /// katakana). Spaces and punctuation between two scripts stay with the run before them.
    public static func runs(in text: UnsafeBufferPointer<UInt8>) -> [ScriptRun] {
        guard let base = text.baseAddress, !text.isEmpty else { return [] }
        var count: Int64 = 0
        guard let p = sift_script_runs_utf8(base, Int64(text.count), &count) else { return [] }
        defer { sift_free(p) }
        var out: [ScriptRun] = []
        out.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            out.append(ScriptRun(range: Int(p[4 * i])..<Int(p[4 * i + 1]), script: Script(rawValue: Int32(p[4 * i + 2])), letters: Int(p[4 * i + 3])))
        }
        return out
    }

    /// How many script codes ICU knows: room for the letters of every script of any text.
    public static let scriptCount = Int(sift_script_count())

    /// Letters per script of `text`, as ``runs(in:)`` counts them in its runs (ASCII letters are
    /// Latin; Common and Inherited characters carry none), without building the runs. For each
    /// script with letters, in `scripts`, `letters` and `first` (all as long): its ICU code, its
    /// letters, and the byte offset of its first letter.
    /// - Returns: the number of scripts with letters, or nil if there are more than the buffers hold
    ///   (never when they hold ``scriptCount``).
    public static func letters(in text: UnsafeBufferPointer<UInt8>, scripts: UnsafeMutableBufferPointer<Int32>,
                               letters: UnsafeMutableBufferPointer<Int64>, first: UnsafeMutableBufferPointer<Int64>) -> Int? {
        guard let base = text.baseAddress, !text.isEmpty else { return 0 }
        let n = sift_script_letters_utf8(base, Int64(text.count), scripts.baseAddress, letters.baseAddress, first.baseAddress,
                                         Int32(min(scripts.count, letters.count, first.count)))
        return n < 0 ? nil : Int(n)
    }

    /// ``letters(in:scripts:letters:first:)`` (the same counts), which also lists into `lines` the
    /// lines of `text` that hold a letter of a specific script other than Latin, each with its
    /// letters per script: on a Latin page, its foreign lines, counted in the same pass as the page.
    public static func letters(in text: UnsafeBufferPointer<UInt8>, scripts: UnsafeMutableBufferPointer<Int32>,
                               letters: UnsafeMutableBufferPointer<Int64>, first: UnsafeMutableBufferPointer<Int64>,
                               lines: ScriptLines) -> Int? {
        lines.state[0] = 0
        lines.state[1] = 0
        guard let base = text.baseAddress, !text.isEmpty else { return 0 }
        var count: Int32 = 0, covered: Int64 = 0
        let n = sift_script_letters_lines_utf8(base, Int64(text.count), scripts.baseAddress, letters.baseAddress, first.baseAddress,
                                               Int32(min(scripts.count, letters.count, first.count)), lines.rows.baseAddress,
                                               Int32(lines.capacity), lines.scripts.baseAddress, lines.letters.baseAddress,
                                               lines.first.baseAddress, Int32(lines.entryCapacity), &count, &covered)
        guard n >= 0 else { return nil }
        lines.state[0] = Int(count)
        lines.state[1] = Int(covered)
        return Int(n)
    }

    /// The byte offset of the first letter at or after `start` of a specific script (not Common or
    /// Inherited) that is not in `native` (ICU script codes), or nil.
    public static func firstOther(in text: UnsafeBufferPointer<UInt8>, from start: Int, native: UnsafeBufferPointer<Int32>) -> Int? {
        guard let base = text.baseAddress, start < text.count else { return nil }
        let at = sift_script_find_other_utf8(base, Int64(text.count), Int64(start), native.baseAddress, Int32(native.count))
        return at < 0 ? nil : Int(at)
    }

    /// A line that holds a letter of a script outside a set (see ``nextLineWithOther(in:from:native:scripts:letters:first:)``).
    public struct OtherLine {
        /// Its content (without the line break) and the whole line (with it), as byte ranges.
        public var content: Range<Int>
        public var whole: Range<Int>
        /// How many scripts have letters in the content (their entries in the buffers).
        public var scripts: Int
        /// Whether the content holds an ASCII letter, '#', '@', ':' or a tab (false: it holds no
        /// URL, e-mail address, hashtag, handle or identifier).
        public var mayHoldToken: Bool
    }

    /// The next line at or after `start` that holds a letter of a specific script (not Common or
    /// Inherited) outside `native`, with the letters per script of its content written into
    /// `scripts`, `letters` and `first` as ``letters(in:scripts:letters:first:)`` writes them
    /// (first letters counted from the line's start): the search, the line's bounds and its
    /// letters in one call. Nil if there is no such line (or, never with buffers of
    /// ``scriptCount``, if they are too short).
    public static func nextLineWithOther(in text: UnsafeBufferPointer<UInt8>, from start: Int, native: UnsafeBufferPointer<Int32>,
                                         scripts: UnsafeMutableBufferPointer<Int32>, letters: UnsafeMutableBufferPointer<Int64>,
                                         first: UnsafeMutableBufferPointer<Int64>) -> OtherLine? {
        guard let base = text.baseAddress, start < text.count else { return nil }
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: 4) { line -> OtherLine? in
            let n = sift_script_next_other_line_utf8(base, Int64(text.count), Int64(start), native.baseAddress, Int32(native.count),
                                                     scripts.baseAddress, letters.baseAddress, first.baseAddress,
                                                     Int32(min(scripts.count, letters.count, first.count)), line.baseAddress)
            guard n > 0 else { return nil }
            return OtherLine(content: Int(line[0])..<Int(line[1]), whole: Int(line[0])..<Int(line[2]), scripts: Int(n), mayHoldToken: line[3] != 0)
        }
    }

    public static func runs(in text: String) -> [ScriptRun] {
        var t = text
        return t.withUTF8 { runs(in: $0) }
    }
}

/// The lines of a text that hold a letter of a specific script other than Latin, with their
/// letters per script, as ``ScriptRuns/letters(in:scripts:letters:first:lines:)`` lists them:
/// memory one caller reuses from text to text (not thread-safe).
public final class ScriptLines {
    /// Most lines and entries (script, letters, first letter) listed.
    public let capacity: Int
    public let entryCapacity: Int
    /// Eight values a line: start, content end, end with the break, may-hold-token flag, first
    /// entry, entries, and the content's bounds without the spaces around it.
    @usableFromInline let rows: UnsafeMutableBufferPointer<Int64>
    /// The lines' entries: ICU script code, letters, offset of the first letter from the line's start.
    public let scripts: UnsafeMutableBufferPointer<Int32>
    public let letters: UnsafeMutableBufferPointer<Int64>
    public let first: UnsafeMutableBufferPointer<Int64>
    /// How many lines are listed, then ``covered``: kept in memory of their own, read without the
    /// exclusivity checks of a class's stored properties (two a page were 1 % of `stray`).
    @usableFromInline let state: UnsafeMutablePointer<Int>
    /// How many lines are listed.
    @inlinable public var count: Int { state[0] }
    /// The line start before which every line with such a letter is listed (the text's length if all are).
    @inlinable public var covered: Int { state[1] }

    /// A listed line.
    public struct Line {
        /// Its content (without the line break) and the whole line (with it), as byte ranges.
        public var content: Range<Int>
        public var whole: Range<Int>
        /// Whether the content holds an ASCII letter, '#', '@', ':' or a tab (see ``ScriptRuns/OtherLine``).
        public var mayHoldToken: Bool
        /// Its entries in ``scripts``, ``letters`` and ``first``.
        public var entries: Range<Int>
        /// Its content without the space characters around it (as the segment stage trims).
        public var trimmed: Range<Int>

        @inlinable
        init(content: Range<Int>, whole: Range<Int>, mayHoldToken: Bool, entries: Range<Int>, trimmed: Range<Int>) {
            self.content = content
            self.whole = whole
            self.mayHoldToken = mayHoldToken
            self.entries = entries
            self.trimmed = trimmed
        }
    }

    public init(capacity: Int = 64, entryCapacity: Int = 256) {
        self.capacity = capacity
        self.entryCapacity = entryCapacity
        rows = .allocate(capacity: 8 * capacity)
        scripts = .allocate(capacity: entryCapacity)
        letters = .allocate(capacity: entryCapacity)
        first = .allocate(capacity: entryCapacity)
        state = .allocate(capacity: 2)
        state.initialize(repeating: 0, count: 2)
    }

    deinit {
        rows.deallocate()
        scripts.deallocate()
        letters.deallocate()
        first.deallocate()
        state.deallocate()
    }

    /// The `k`th listed line (`k` < ``count``).
    @inlinable
    public func line(_ k: Int) -> Line {
        let r = rows.baseAddress! + 8 * k
        let start = Int(r[0]), entry = Int(r[4])
        return Line(content: start..<Int(r[1]), whole: start..<Int(r[2]), mayHoldToken: r[3] != 0, entries: entry..<(entry + Int(r[5])),
                    trimmed: Int(r[6])..<Int(r[7]))
    }
}
