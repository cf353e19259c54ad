import Sift
import SiftICU

/// `stray`: finds the parts of a document written in another script or language than the
/// document's own (the Chinese site chrome under an English article, English UI lines on a
/// Russian page, a French paragraph in an English text), at line, sentence or script-run
/// granularity; marks them as spans or removes them (recorded in metadata.removed).
final class StrayStage: Stage {
    enum Unit: String, CaseIterable, Sendable { case line, sentence, run }
    enum Action: String, CaseIterable, Sendable { case mark, remove }

    static let descriptor = StageDescriptor(
        name: "stray", group: "Scripts and languages",
        summary: "Marks (or removes) lines, sentences or script runs in another script or language than the document's: spans of type 'stray' with script, language and confidence.",
        effects: [.annotates, .rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("unit", .choice(Unit.allCases.map(\.rawValue)), default: "line",
                       help: "line: each line is judged as a whole; sentence: each ICU sentence; run: each script run in a foreign script (language strays need line or sentence)."),
            OptionSpec("action", .choice(Action.allCases.map(\.rawValue)), default: "mark",
                       help: "mark: add 'stray' spans; remove: delete the stray units, each recorded in metadata.removed with its language."),
            OptionSpec("min-letters", .integer(min: 1, max: nil), default: 2,
                       help: "Fewest letters of a foreign script for a unit to be stray (names, numbers, symbols, URLs, hashtags and @handles never count)."),
            OptionSpec("min-share", .number(min: 0, max: 1), default: 0.3,
                       help: "Smallest share of a unit's letters (Han, kana and Hangul weighing three) in a foreign script for the unit to be stray."),
            OptionSpec("min-language-letters", .integer(min: 1, max: nil), default: 24,
                       help: "Fewest letters for a unit in the document's own script to be judged by language (shorter units in the same script are never flagged)."),
            OptionSpec("min-confidence", .number(min: 0, max: 1), default: 0.9,
                       help: "Probability, by the language model, that a same-script unit is not in the document's language, needed to call it stray."),
            OptionSpec("check", .choice(["both", "script", "language"]), default: "both",
                       help: "What makes a unit stray: another script, another language in the page's own script (needs the language model), or both."),
            OptionSpec("language", .string,
                       help: "The document's language, if known (otherwise metadata.language from a 'language' stage, or the language its main script implies)."),
        ],
        example: "- stray: { unit: line, action: mark }",
        build: { options throws(OptionError) in
            let config = Config(
                unit: Unit(rawValue: options.string("unit") ?? "line")!,
                action: Action(rawValue: options.string("action") ?? "mark")!,
                minLetters: options.int("min-letters") ?? 2,
                minShare: options.double("min-share") ?? 0.3,
                minLanguageLetters: options.int("min-language-letters") ?? 24,
                minConfidence: options.double("min-confidence") ?? 0.9,
                language: options.string("language"),
                checkScript: options.string("check") != "language",
                checkLanguage: options.string("check") != "script")
            return StageFactory { try StrayStage(config) }
        })

    struct Config: Sendable {
        var unit: Unit
        var action: Action
        var minLetters: Int
        var minShare: Double
        var minLanguageLetters: Int
        var minConfidence: Double
        var language: String?
        var checkScript: Bool
        var checkLanguage: Bool
    }

    private let config: Config
    private let sentences: TextBreaker?
    private let languages = StrayLanguages()
    private let scratch = Scratch()

    init(_ config: Config) throws {
        self.config = config
        sentences = config.unit == .sentence ? try TextBreaker(.sentence, locale: "root@ss=standard") : nil
    }

    /// A unit of the document judged on its own.
    struct Finding {
        var range: Range<Int>
        /// For a line unit, the whole line with its break (what removing it deletes).
        var line: Range<Int>? = nil
        var script: Script
        /// Its language's name in the stage's names (``Buffers/names``): a finding holds no string,
        /// so that making and dropping one costs no reference counting.
        var language: Int
        var confidence: Double
        var reason: Reason
    }

    /// What made a unit stray (a plain value: a finding carries no string but its language).
    enum Reason: String {
        case otherScript = "other script"
        case otherLanguage = "other language"
    }

    /// Memory an instance reuses from document to document (an instance serves one worker).
    private final class Scratch {
        /// Letters per script of a document or unit: room for every script ICU knows.
        let scripts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: ScriptRuns.scriptCount)
        let letters = UnsafeMutableBufferPointer<Int64>.allocate(capacity: ScriptRuns.scriptCount)
        let first = UnsafeMutableBufferPointer<Int64>.allocate(capacity: ScriptRuns.scriptCount)
        /// A page's lines with a letter of another script than Latin, counted with the page.
        let lines = ScriptLines()
        var buffers = Buffers()

        /// Letters per script of `text`, in the buffers (nil if the text is empty of letters).
        func profile(of text: UnsafeBufferPointer<UInt8>) -> LetterProfile? {
            guard let n = ScriptRuns.letters(in: text, scripts: scripts, letters: letters, first: first), n > 0 else { return nil }
            return profile(count: n)
        }

        /// ``profile(of:)`` of a page, with its lines that hold a letter of another script than
        /// Latin and their letters in ``lines``.
        func profileWithLines(of text: UnsafeBufferPointer<UInt8>) -> LetterProfile? {
            // Nil only if the buffers were too short (never: they hold every script), as the plain count would say.
            guard let n = ScriptRuns.letters(in: text, scripts: scripts, letters: letters, first: first, lines: lines) else { return profile(of: text) }
            return n > 0 ? profile(count: n) : nil
        }

        /// The letters of a line of ``lines``.
        @inline(__always)
        func profile(of line: ScriptLines.Line) -> LetterProfile {
            LetterProfile(scripts: lines.scripts.baseAddress! + line.entries.lowerBound, letters: lines.letters.baseAddress! + line.entries.lowerBound,
                          first: lines.first.baseAddress! + line.entries.lowerBound, count: line.entries.count)
        }

        /// The first `count` entries of the buffers.
        @inline(__always)
        func profile(count: Int) -> LetterProfile {
            LetterProfile(scripts: scripts.baseAddress!, letters: letters.baseAddress!, first: first.baseAddress!, count: count)
        }

        /// The next line from `start` with a letter of a script outside `native`, its letters in the buffers.
        func nextLineWithOther(in text: UnsafeBufferPointer<UInt8>, from start: Int, native: UnsafeBufferPointer<Int32>) -> ScriptRuns.OtherLine? {
            ScriptRuns.nextLineWithOther(in: text, from: start, native: native, scripts: scripts, letters: letters, first: first)
        }

        deinit {
            scripts.deallocate()
            letters.deallocate()
            first.deallocate()
        }
    }

    /// The arrays a document's units reuse, moved out of ``Scratch`` for the document's length (no
    /// copy, no exclusivity checks on a class's properties).
    private struct Buffers {
        /// The document's own scripts (ICU codes).
        var native: [Int32] = []
        /// A unit's text without its ignored tokens, and the runs of one script joined.
        var kept: [UInt8] = []
        var joined: [UInt8] = []
        /// The document's findings (to mark), or the edits that remove them.
        var findings: [Finding] = []
        var edits: [TextEdit] = []
        /// Removal reasons already written, by language (its index in `names`), script and reason.
        var reasons: [(language: Int, script: Script, reason: Reason, text: String)] = []
        /// The names of the languages the stage's findings were in (kept from document to document).
        var names: [String] = []

        /// The index of `name` in ``names``, added if it is new.
        @inline(__always)
        static func index(of name: String, in names: inout [String]) -> Int {
            for i in 0..<names.count where names[i] == name { return i }
            names.append(name)
            return names.count - 1
        }
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var buffers = scratch.buffers
        scratch.buffers = Buffers()
        defer { scratch.buffers = buffers }
        // Stray units to remove go straight into edits; findings are kept only to be marked.
        if !buffers.findings.isEmpty { buffers.findings.removeAll(keepingCapacity: true) }
        if !buffers.edits.isEmpty { buffers.edits.removeAll(keepingCapacity: true) }
        // Read before the text is, so that the closure below does not capture (and copy) the document.
        let metadataLanguage = config.checkLanguage && config.language == nil ? document.metadata["language"]?.stringValue : nil
        // Lines by script alone: the page's pass also counts, once, the lines a Latin page's strays are in.
        let linesByScript = !config.checkLanguage && config.unit == .line
        document.withUTF8 { bytes in
            guard let profile = linesByScript ? scratch.profileWithLines(of: bytes) : scratch.profile(of: bytes), let main = profile.main else { return }
            // The kana share matters only to a Han page (counted only for one).
            ScriptWeights.native(main: main, kanaShare: main == .han ? profile.kanaShare : 0, into: &buffers.native)
            let native = buffers.native
            // Where the first letter of a foreign script is (the profile's memory is reused below).
            let firstForeign = profile.firstLetter(where: { !native.contains($0) })
            // The document's language matters only to the language check.
            let docLanguage = !config.checkLanguage ? "und" : config.language ?? metadataLanguage
                ?? ScriptWeights.impliedLanguage(main) ?? "und"
            // Units are judged by language only when a model can tell languages of the main script
            // apart; otherwise a unit without a letter of a foreign script needs no closer look.
            let judgeLanguage = config.checkLanguage && docLanguage != "und" && languages.canJudgeLanguage(main)
            // A page all in its own script(s): without a language check there is nothing to judge.
            guard judgeLanguage || firstForeign != nil else { return }
            native.withUnsafeBufferPointer { native in
                if !judgeLanguage && config.unit == .line {
                    // Only a line with a letter of a foreign script can be stray: go from one such
                    // letter to the next, never looking at the lines in between. The bridge finds
                    // the line and counts its letters in one call (on a Latin page, the page's pass
                    // has already listed and counted them); they are the unit's own unless it holds
                    // a token to set aside.
                    var from = firstForeign!
                    if linesByScript && native.count == 1 && native[0] == Script.latin.rawValue {
                        // A Latin page: its lines with a letter of another script, up to where the
                        // page's pass listed them, are the lines to judge, their letters counted.
                        let lines = scratch.lines
                        for k in 0..<lines.count {
                            let line = lines.line(k)
                            judgeLine(line.trimmed, whole: line.whole, mayHoldToken: line.mayHoldToken, profile: scratch.profile(of: line),
                                      bytes: bytes, native: native, docLanguage: docLanguage, buffers: &buffers)
                        }
                        from = max(from, lines.covered)
                    }
                    while let line = scratch.nextLineWithOther(in: bytes, from: from, native: native) {
                        judgeLine(SegmentStage.trimmed(line.content, in: bytes), whole: line.whole, mayHoldToken: line.mayHoldToken,
                                  profile: scratch.profile(count: line.scripts),
                                  bytes: bytes, native: native, docLanguage: docLanguage, buffers: &buffers)
                        from = line.whole.upperBound
                    }
                    return
                }
                let runs = ScriptRuns.runs(in: bytes)
                let foreignRuns = runs.filter { !$0.script.isNeutral && !native.contains($0.script.rawValue) && $0.letters > 0 }.map(\.range)
                var nextForeign = 0
                for (unit, line) in units(bytes, runs: runs, native: native) {
                    if !judgeLanguage {
                        while nextForeign < foreignRuns.count && foreignRuns[nextForeign].upperBound <= unit.lowerBound { nextForeign += 1 }
                        if nextForeign == foreignRuns.count || !foreignRuns[nextForeign].overlaps(unit) { continue }
                    }
                    if let f = judge(unit, bytes: bytes, native: native, docLanguage: docLanguage, line: line, buffers: &buffers) {
                        record(f, &buffers)
                    }
                }
            }
        }
        switch config.action {
        case .mark:
            let findings = buffers.findings, names = buffers.names
            for f in findings {
                document.spans.append(Span(type: "stray", start: f.range.lowerBound, end: f.range.upperBound, attributes: [
                    "language": .string(names[f.language]), "script": .string(f.script.code),
                    "confidence": .double((f.confidence * 1000).rounded() / 1000), "reason": .string(f.reason.rawValue),
                ]))
            }
        case .remove:
            if !buffers.edits.isEmpty { document.apply(buffers.edits, stage: "stray") }
        }
        return .keep
    }

    /// Judges a line with a letter of a foreign script (`unit`: its content without the break and
    /// the spaces around it; `whole`: the line with its break), whose content has the letters of
    /// `profile`, and keeps the finding if it is stray. Its letters are the unit's own unless it
    /// holds a token to set aside.
    @inline(__always)
    private func judgeLine(_ unit: Range<Int>, whole: Range<Int>, mayHoldToken: Bool, profile: LetterProfile, bytes: UnsafeBufferPointer<UInt8>,
                           native: UnsafeBufferPointer<Int32>, docLanguage: String, buffers: inout Buffers) {
        let text = UnsafeBufferPointer(rebasing: bytes[unit])
        let f: Finding?
        if mayHoldToken, let start = IgnoredTokens.firstSetAside(in: text) {
            // The tokens before the first to set aside are kept as they are, without a second look.
            f = judge(unit, unit: text, settingAsideFrom: start, native: native, docLanguage: docLanguage, line: whole, buffers: &buffers)
        } else {
            f = judge(unit, kept: text, profile: profile, native: native, docLanguage: docLanguage, line: whole, joined: &buffers.joined, names: &buffers.names)
        }
        if let f { record(f, &buffers) }
    }

    /// Keeps a finding: as the edit that removes it, or to be marked.
    @inline(__always)
    private func record(_ f: Finding, _ buffers: inout Buffers) {
        guard config.action == .remove else {
            buffers.findings.append(f)
            return
        }
        // A stray line goes with its line break (each finding carries its line, found while the
        // lines were walked once); other units go alone.
        buffers.edits.append(TextEdit(range: f.line ?? f.range, removalReason: removalReason(f, &buffers.reasons, names: buffers.names)))
    }

    /// "stray zh-Hans line (Hani, other script)": a page's strays share a few reasons, written once.
    /// Found in line (a call a stray line was a tenth of the lookup's cost), written out of line.
    @inline(__always)
    private func removalReason(_ f: Finding, _ reasons: inout [(language: Int, script: Script, reason: Reason, text: String)], names: [String]) -> String {
        // Compared in place (iterating the tuples would copy their strings): plain values only.
        for i in reasons.indices where reasons[i].language == f.language && reasons[i].script == f.script && reasons[i].reason == f.reason {
            return reasons[i].text
        }
        return newRemovalReason(f, &reasons, names: names)
    }

    /// A removal reason not written yet, kept for the next finding that has it.
    @inline(never)
    private func newRemovalReason(_ f: Finding, _ reasons: inout [(language: Int, script: Script, reason: Reason, text: String)], names: [String]) -> String {
        let text = "stray \(names[f.language]) \(config.unit.rawValue) (\(f.script.code), \(f.reason.rawValue))"
        if reasons.count < 32 { reasons.append((f.language, f.script, f.reason, text)) }
        return text
    }

    /// The units to judge, as byte ranges without surrounding whitespace, each with its whole line
    /// (break included) when the unit is a line.
    private func units(_ bytes: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], native: UnsafeBufferPointer<Int32>) -> [(Range<Int>, Range<Int>?)] {
        var out: [(Range<Int>, Range<Int>?)] = []
        switch config.unit {
        case .line:
            bytes.forEachLine { line in
                let r = SegmentStage.trimmed(line.content, in: bytes)
                if !r.isEmpty { out.append((r, line.whole)) }
            }
        case .sentence:
            bytes.forEachLine { line in
                let content = UnsafeBufferPointer(rebasing: bytes[line.content])
                sentences?.forEachSegment(in: content) { r, _ in
                    let shifted = (r.lowerBound + line.content.lowerBound)..<(r.upperBound + line.content.lowerBound)
                    let t = SegmentStage.trimmed(shifted, in: bytes)
                    if !t.isEmpty { out.append((t, nil)) }
                }
            }
        case .run:
            let ignored = IgnoredTokens.ranges(in: bytes)
            for r in runs where !r.script.isNeutral && !native.contains(r.script.rawValue) {
                let t = Self.trimmedToScript(r.range, in: bytes)
                if t.isEmpty || ignored.contains(where: { $0.overlaps(t) }) { continue }
                out.append((t, nil))
            }
        }
        return out
    }

    /// A run without the neutral characters (spaces, punctuation, digits) it took from its
    /// neighbours, but with the combining marks that follow its last letter.
    static func trimmedToScript(_ r: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var first: Int? = nil, end = r.lowerBound
        var afterLetter = false
        var i = r.lowerBound
        while i < r.upperBound {
            let b = bytes[i]
            let next = min(i + (b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2), r.upperBound)
            let script = Script.of(Self.scalar(in: bytes, i..<next))
            if script.rawValue > 1 {
                if first == nil { first = i }
                end = next
                afterLetter = true
            } else if afterLetter, script == .inherited {
                end = next
            } else {
                afterLetter = false
            }
            i = next
        }
        guard let first else { return r.lowerBound..<r.lowerBound }
        return first..<end
    }

    /// The scalar encoded in `bytes[r]` (one UTF-8 sequence), U+FFFD if it is cut short.
    @inline(__always)
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Unicode.Scalar {
        let b = UInt32(bytes[r.lowerBound])
        let c: UInt32
        switch r.count {
        case 1: return b < 0x80 ? Unicode.Scalar(UInt8(b)) : "\u{FFFD}"
        case 2 where b >= 0xC0 && b < 0xE0: c = (b & 0x1F) << 6 | UInt32(bytes[r.lowerBound + 1] & 0x3F)
        case 3 where b >= 0xE0 && b < 0xF0:
            c = (b & 0x0F) << 12 | UInt32(bytes[r.lowerBound + 1] & 0x3F) << 6 | UInt32(bytes[r.lowerBound + 2] & 0x3F)
        case 4 where b >= 0xF0:
            c = (b & 0x07) << 18 | UInt32(bytes[r.lowerBound + 1] & 0x3F) << 12 | UInt32(bytes[r.lowerBound + 2] & 0x3F) << 6
                | UInt32(bytes[r.lowerBound + 3] & 0x3F)
        default: return "\u{FFFD}"
        }
        return Unicode.Scalar(c) ?? "\u{FFFD}"
    }

    /// The finding for the unit at `range` of `bytes`, if it is stray (`line`: the whole line of a line unit).
    private func judge(_ range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, native: UnsafeBufferPointer<Int32>, docLanguage: String,
                       line: Range<Int>?, buffers: inout Buffers) -> Finding? {
        // The unit is judged once names, identifiers, tags and URLs are set aside (copied without
        // them only if it has any).
        let unit = UnsafeBufferPointer(rebasing: bytes[range])
        guard IgnoredTokens.mayHoldIgnorable(unit), let start = IgnoredTokens.firstSetAside(in: unit) else {
            return judge(range, kept: unit, native: native, docLanguage: docLanguage, line: line, joined: &buffers.joined, names: &buffers.names)
        }
        return judge(range, unit: unit, settingAsideFrom: start, native: native, docLanguage: docLanguage, line: line, buffers: &buffers)
    }

    /// The finding for `unit` (at `range`), judged without its ignored tokens, the first of which
    /// (or a tab) is in the token at `start`: its kept text is written from there.
    private func judge(_ range: Range<Int>, unit: UnsafeBufferPointer<UInt8>, settingAsideFrom start: Int, native: UnsafeBufferPointer<Int32>,
                       docLanguage: String, line: Range<Int>?, buffers: inout Buffers) -> Finding? {
        IgnoredTokens.removing(from: unit, resumingAt: start, into: &buffers.kept)
        return buffers.kept.withUnsafeBufferPointer {
            judge(range, kept: $0, native: native, docLanguage: docLanguage, line: line, joined: &buffers.joined, names: &buffers.names)
        }
    }

    private func judge(_ range: Range<Int>, kept: UnsafeBufferPointer<UInt8>, native: UnsafeBufferPointer<Int32>, docLanguage: String,
                       line: Range<Int>?, joined: inout [UInt8], names: inout [String]) -> Finding? {
        guard let profile = scratch.profile(of: kept) else { return nil }
        return judge(range, kept: kept, profile: profile, native: native, docLanguage: docLanguage, line: line, joined: &joined, names: &names)
    }

    /// ``judge(_:kept:native:docLanguage:line:joined:names:)`` with the letters of `kept` already counted.
    private func judge(_ range: Range<Int>, kept: UnsafeBufferPointer<UInt8>, profile: LetterProfile, native: UnsafeBufferPointer<Int32>,
                       docLanguage: String, line: Range<Int>?, joined: inout [UInt8], names: inout [String]) -> Finding? {
        guard let dominant = profile.heaviest(where: { _ in true }) else { return nil }
        // Another script: stray if it has enough letters and a large enough share of the unit
        // (it need not be the majority: a UI string mixes the page's language with technical words).
        if config.checkScript, let other = profile.heaviest(where: { !native.holds($0) }) {
            let letters = profile.letters(at: other)
            let share = Double(profile.weighted(at: other)) / Double(max(profile.totalWeighted, 1))
            if letters >= config.minLetters && share >= config.minShare {
                let script = Script(rawValue: profile.scripts[other])
                let guess = languages.identify(letters: letters, of: script, in: kept, joined: &joined)
                return Finding(range: range, line: line, script: script, language: Buffers.index(of: guess.language, in: &names),
                               confidence: min(1, max(share, guess.confidence)), reason: .otherScript)
            }
        }
        let script = Script(rawValue: profile.scripts[dominant])
        guard native.holds(script.rawValue) else { return nil }
        // The document's own script: stray only if a language model is sure it is another language.
        guard config.checkLanguage, docLanguage != "und", profile.letters(at: dominant) >= config.minLanguageLetters,
              languages.canJudgeLanguage(script) else { return nil }
        let guess = languages.identify(kept, script: script)
        // Stray when the model is sure the unit is not in the document's language, even if it hesitates
        // between neighbours (Czech or Slovak is still not English).
        let notDocument = guess.probabilityNot(docLanguage)
        guard guess.language != "und", !StrayLanguages.sameLanguage(guess.language, docLanguage),
              notDocument >= config.minConfidence else { return nil }
        return Finding(range: range, line: line, script: script, language: Buffers.index(of: guess.language, in: &names), confidence: notDocument,
                       reason: .otherLanguage)
    }
}

extension UnsafeBufferPointer<Int32> {
    /// Whether the scripts (ICU codes) hold `script`: a loop over the one or few of a page's own
    /// scripts, inlined (`contains` was a call for each script of each unit).
    @inline(__always)
    fileprivate func holds(_ script: Int32) -> Bool {
        for s in self where s == script { return true }
        return false
    }
}

/// What never makes a unit stray: URLs, e-mail addresses, hashtags, @handles and identifiers.
enum IgnoredTokens {
    /// A unit's text without its ignored tokens, into `kept`: the tokens (separated by spaces and
    /// tabs) that are kept, and one space for each separator.
    static func removing(from unit: UnsafeBufferPointer<UInt8>, into kept: inout [UInt8]) {
        removing(from: unit, resumingAt: 0, into: &kept)
    }

    /// ``removing(from:into:)`` for a unit whose bytes before `start`, a token's start, are their
    /// own kept text (no tab, no token to ignore: as ``firstSetAside(in:)`` says), copied whole.
    static func removing(from unit: UnsafeBufferPointer<UInt8>, resumingAt start: Int, into kept: inout [UInt8]) {
        kept.removeAll(keepingCapacity: true)
        kept.reserveCapacity(unit.count)
        if start > 0 { kept.append(contentsOf: UnsafeBufferPointer(rebasing: unit[..<start])) }
        var i = start
        while i < unit.count {
            var j = i
            while j < unit.count, unit[j] != 0x20, unit[j] != 0x09 { j += 1 }
            let token = UnsafeBufferPointer(rebasing: unit[i..<j])
            if !mayBeIgnorable(token) || !isIgnorable(token) { kept.append(contentsOf: token) }
            if j < unit.count { kept.append(0x20) }
            i = j + 1
        }
    }

    /// Whether `unit` is its own kept text: no tab, and no token to ignore.
    static func noneIn(_ unit: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most stray lines (Chinese site chrome) hold none of the bytes every ignorable token needs.
        if !mayHoldIgnorable(unit) { return true }
        return noneInTokens(unit)
    }

    /// Whether `unit` holds a tab or a byte without which no token is ignorable: an ASCII letter
    /// (identifiers, "www."), '#' or '@' (tags, handles, e-mail addresses) or ':' ("://").
    @inline(__always)
    static func mayHoldIgnorable(_ unit: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in unit where b < 0x80 {
            if (b | 0x20) &- 0x61 < 26 || b == 0x23 || b == 0x40 || b == 0x3A || b == 0x09 { return true }
        }
        return false
    }

    /// ``noneIn(_:)`` token by token, for any unit.
    static func noneInTokens(_ unit: UnsafeBufferPointer<UInt8>) -> Bool { firstSetAside(in: unit) == nil }

    /// The start of the first token of `unit` that is ignorable or holds a tab, or nil if it has
    /// none (the unit is its own kept text): the bytes before it need no second look when the
    /// unit's kept text is written (``removing(from:resumingAt:into:)``).
    static func firstSetAside(in unit: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = unit.count
        var i = 0
        while i < n {
            var j = i
            // A token without an ASCII letter, '#', '@' or ':' is not looked at (most tokens of a
            // Chinese line with a Latin word: the Han runs between its spaces).
            var candidate = false
            while j < n {
                let b = unit[j]
                if b == 0x20 { break }
                if b == 0x09 { return i }
                if isIgnorableByte(b) { candidate = true }
                j += 1
            }
            if candidate, isIgnorable(UnsafeBufferPointer(rebasing: unit[i..<j])) { return i }
            i = j + 1
        }
        return nil
    }

    /// Whether `b` is a byte one of which every ignorable token holds: an ASCII letter (identifiers,
    /// "www."), '#' or '@' (tags, handles, e-mail addresses) or ':' ("://").
    @inline(__always)
    static func isIgnorableByte(_ b: UInt8) -> Bool {
        (b | 0x20) &- 0x61 < 26 || b == 0x23 || b == 0x40 || b == 0x3A
    }

    /// Whether a non-empty token holds a byte of ``isIgnorableByte(_:)``: without one it is not ignorable.
    @inline(__always)
    static func mayBeIgnorable(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        token.isEmpty || token.contains(where: isIgnorableByte)
    }

    /// Byte ranges of the ignorable tokens (URLs, e-mail addresses, hashtags, @handles) of a text.
    static func ranges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
            var j = i
            while j < bytes.count, bytes[j] != 0x20, bytes[j] != 0x09, bytes[j] != 0x0A, bytes[j] != 0x0D { j += 1 }
            if j > i, isIgnorable(UnsafeBufferPointer(rebasing: bytes[i..<j])) { out.append(i..<j) }
            i = j
        }
        return out
    }

    static func isIgnorable(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = token.first else { return true }
        if first == UInt8(ascii: "#") || first == UInt8(ascii: "@") { return token.count > 1 }
        if isIdentifier(token) { return true }
        // URLs ("scheme://", "www.") and e-mail addresses ("x@y.z"), checked on the bytes.
        let n = token.count
        if n >= 4, token[0] == UInt8(ascii: "w"), token[1] == UInt8(ascii: "w"), token[2] == UInt8(ascii: "w"), token[3] == UInt8(ascii: ".") { return true }
        var at: Int? = nil
        for i in 0..<n {
            let b = token[i]
            if b == UInt8(ascii: ":"), i + 2 < n, token[i + 1] == UInt8(ascii: "/"), token[i + 2] == UInt8(ascii: "/") { return true }
            if b == UInt8(ascii: "@"), i > 0, at == nil { at = i }
            if b == UInt8(ascii: "."), at != nil { return true }
        }
        return false
    }

    /// ASCII tokens that are names in code or products rather than words: with an underscore, a
    /// dot or slash inside, "--", digits mixed with letters, inner capitals (CamelCase), or all
    /// capitals (acronyms).
    static func isIdentifier(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var letters = 0, upper = 0, digits = 0, innerUpper = false, inner = false
        var previousLetter = false
        for (i, b) in token.enumerated() {
            if b >= 0x80 { return false }
            let isUpper = b >= 0x41 && b <= 0x5A, isLower = b >= 0x61 && b <= 0x7A
            if isUpper || isLower {
                letters += 1
                if isUpper { upper += 1; if previousLetter { innerUpper = true } }
                previousLetter = true
                continue
            }
            previousLetter = false
            if b >= 0x30 && b <= 0x39 { digits += 1; continue }
            let edge = i == 0 || i == token.count - 1
            if !edge && (b == 0x5F || b == 0x2E || b == 0x2F || b == 0x3D || b == 0x3A) { inner = true }
            if b == 0x5F { inner = true }
            if b == 0x2D, i + 1 < token.count, token[i + 1] == 0x2D { inner = true }
        }
        if letters == 0 { return false }
        return inner || (digits > 0) || innerUpper || (letters >= 2 && upper == letters)
    }
}

/// Letters per script of a document or a unit, raw and weighted by ``ScriptWeights``, as
/// ``ScriptRuns/letters(in:scripts:letters:first:)`` wrote them into scratch memory: read in
/// place, without an allocation. A text holds a handful of scripts at most.
struct LetterProfile {
    let scripts: UnsafeMutablePointer<Int32>
    let letterCounts: UnsafeMutablePointer<Int64>
    let firstLetters: UnsafeMutablePointer<Int64>
    let count: Int

    init(scripts: UnsafeMutablePointer<Int32>, letters: UnsafeMutablePointer<Int64>, first: UnsafeMutablePointer<Int64>, count: Int) {
        self.scripts = scripts
        letterCounts = letters
        firstLetters = first
        self.count = count
    }

    @inline(__always) func letters(at i: Int) -> Int { Int(letterCounts[i]) }
    @inline(__always) func weighted(at i: Int) -> Int { Int(letterCounts[i]) * ScriptWeights.weight(Script(rawValue: scripts[i])) }

    var totalWeighted: Int {
        @inline(__always) get {
            var total = 0
            for i in 0..<count { total += weighted(at: i) }
            return total
        }
    }

    /// Letters of `script` (0 when it has none).
    func letters(of script: Script) -> Int {
        for i in 0..<count where scripts[i] == script.rawValue { return letters(at: i) }
        return 0
    }

    /// Whether `a` outweighs `b`: heavier, or as heavy with the lower ISO code (scripts are ranked
    /// heaviest first, ties by code).
    @inline(__always)
    private static func outweighs(_ a: (script: Script, weight: Int), _ b: (script: Script, weight: Int)) -> Bool {
        a.weight != b.weight ? a.weight > b.weight : a.script.code < b.script.code
    }

    /// The index of the heaviest script that satisfies `include`, or nil.
    @inline(__always)
    func heaviest(where include: (Int32) -> Bool) -> Int? {
        var best: Int? = nil
        for i in 0..<count where include(scripts[i]) {
            if let b = best, !Self.outweighs((Script(rawValue: scripts[i]), weighted(at: i)), (Script(rawValue: scripts[b]), weighted(at: b))) { continue }
            best = i
        }
        return best
    }

    /// The byte offset of the first letter of the scripts that satisfy `include`, or nil.
    func firstLetter(where include: (Int32) -> Bool) -> Int? {
        var first: Int? = nil
        for i in 0..<count where include(scripts[i]) { first = min(first ?? Int.max, Int(firstLetters[i])) }
        return first
    }

    /// The main script: Han, Hiragana and Katakana count together as one Japanese-or-Chinese block,
    /// represented by whichever of them has most letters (the first of them on a tie).
    var main: Script? {
        var cjk = 0, lead: (script: Script, weight: Int)? = nil
        var best: (script: Script, weight: Int)? = nil
        for i in 0..<count {
            let script = Script(rawValue: scripts[i]), w = weighted(at: i)
            if script == .han || script == .hiragana || script == .katakana {
                cjk += w
                if let l = lead, l.weight > w || (l.weight == w && Self.cjkOrder(l.script) < Self.cjkOrder(script)) { continue }
                lead = (script, w)
            } else if best == nil || Self.outweighs((script, w), best!) {
                best = (script, w)
            }
        }
        if let lead, cjk > 0, best == nil || Self.outweighs((lead.script, cjk), best!) { return lead.script }
        return best?.script
    }

    private static func cjkOrder(_ script: Script) -> Int { script == .han ? 0 : script == .hiragana ? 1 : 2 }

    /// Share of kana among Han and kana letters.
    var kanaShare: Double {
        let kana = letters(of: .hiragana) + letters(of: .katakana)
        let all = kana + letters(of: .han)
        return all == 0 ? 0 : Double(kana) / Double(all)
    }
}
