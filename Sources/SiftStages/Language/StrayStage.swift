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
        var language: String
        var confidence: Double
        var reason: String
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var text = document.text
        let findings: [Finding] = text.withUTF8 { bytes in
            let runs = ScriptRuns.runs(in: bytes)
            let profile = WeightedProfile(runs: runs, in: bytes)
            guard let main = profile.main else { return [] }
            let native = ScriptWeights.native(main: main, kanaShare: profile.kanaShare)
            let docLanguage = config.language ?? document.metadata["language"]?.stringValue
                ?? ScriptWeights.impliedLanguage(main) ?? "und"
            var out: [Finding] = []
            // Units are judged by language only when a model can tell languages of the main script
            // apart; otherwise a unit without a letter of a foreign script needs no closer look.
            let judgeLanguage = config.checkLanguage && docLanguage != "und" && languages.canJudgeLanguage(main)
            let foreignRuns = runs.filter { !$0.script.isNeutral && !native.contains($0.script) && $0.letters > 0 }.map(\.range)
            // A page all in its own script(s): without a language check there is nothing to judge.
            if !judgeLanguage && foreignRuns.isEmpty { return [] }
            var nextForeign = 0
            for (unit, line) in units(bytes, runs: runs, native: native) {
                if !judgeLanguage {
                    while nextForeign < foreignRuns.count && foreignRuns[nextForeign].upperBound <= unit.lowerBound { nextForeign += 1 }
                    if nextForeign == foreignRuns.count || !foreignRuns[nextForeign].overlaps(unit) { continue }
                }
                if var f = judge(unit, bytes: bytes, native: native, docLanguage: docLanguage) {
                    f.line = line
                    out.append(f)
                }
            }
            return out
        }
        if findings.isEmpty { return .keep }
        switch config.action {
        case .mark:
            for f in findings {
                document.spans.append(Span(type: "stray", start: f.range.lowerBound, end: f.range.upperBound, attributes: [
                    "language": .string(f.language), "script": .string(f.script.code),
                    "confidence": .double((f.confidence * 1000).rounded() / 1000), "reason": .string(f.reason),
                ]))
            }
        case .remove:
            var edits: [TextEdit] = []
            for f in findings {
                // A stray line goes with its line break (each finding carries its line, found while
                // the lines were walked once); other units go alone.
                let range = f.line ?? f.range
                edits.append(TextEdit(range: range, removalReason: "stray \(f.language) \(config.unit.rawValue) (\(f.script.code), \(f.reason))"))
            }
            document.apply(edits, stage: "stray")
        }
        return .keep
    }

    /// The units to judge, as byte ranges without surrounding whitespace, each with its whole line
    /// (break included) when the unit is a line.
    private func units(_ bytes: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], native: Set<Script>) -> [(Range<Int>, Range<Int>?)] {
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
            let ignored = Evidence.ignorableTokens(in: bytes)
            for r in runs where !r.script.isNeutral && !native.contains(r.script) {
                let t = Self.trimmedToScript(r.range, in: bytes)
                if t.isEmpty || ignored.contains(where: { $0.overlaps(t) }) { continue }
                out.append((t, nil))
            }
        }
        return out
    }

    /// A run without the neutral characters (spaces, punctuation, digits) it took from its neighbours.
    static func trimmedToScript(_ r: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var scalars: [(Range<Int>, Unicode.Scalar)] = []
        var i = r.lowerBound
        while i < r.upperBound {
            let b = bytes[i]
            let n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            let end = min(i + n, r.upperBound)
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self).unicodeScalars.first ?? " "
            scalars.append((i..<end, s))
            i = end
        }
        guard let first = scalars.firstIndex(where: { Script.of($0.1).rawValue > 1 }),
              let last = scalars.lastIndex(where: { Script.of($0.1).rawValue > 1 }) else { return r.lowerBound..<r.lowerBound }
        var end = scalars[last].0.upperBound
        // Keep combining marks that follow the last letter.
        var k = last + 1
        while k < scalars.count, Script.of(scalars[k].1) == .inherited { end = scalars[k].0.upperBound; k += 1 }
        return scalars[first].0.lowerBound..<end
    }

    private func judge(_ range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, native: Set<Script>, docLanguage: String) -> Finding? {
        let unit = UnsafeBufferPointer(rebasing: bytes[range])
        let evidence = Evidence(unit)
        let ranked = evidence.profile.ranked
        guard let (dominant, _) = ranked.first else { return nil }
        // Another script: stray if it has enough letters and a large enough share of the unit once
        // names, identifiers, tags and URLs are set aside (it need not be the majority: a UI string
        // mixes the page's language with technical words).
        if config.checkScript, let (script, weight) = ranked.first(where: { !native.contains($0.0) }) {
            let letters = evidence.profile.rawLetters(script)
            let share = Double(weight) / Double(max(evidence.profile.totalWeighted, 1))
            if letters >= config.minLetters && share >= config.minShare {
                let guess = languages.identify(evidence.text(of: script), script: script)
                return Finding(range: range, script: script, language: guess.language,
                               confidence: min(1, max(share, guess.confidence)), reason: "other script")
            }
        }
        let script = dominant
        let letters = evidence.profile.rawLetters(script)
        guard native.contains(script) else { return nil }
        // The document's own script: stray only if a language model is sure it is another language.
        guard config.checkLanguage, docLanguage != "und", letters >= config.minLanguageLetters, languages.canJudgeLanguage(script) else { return nil }
        let guess = languages.identify(evidence.text, script: script)
        // Stray when the model is sure the unit is not in the document's language, even if it hesitates
        // between neighbours (Czech or Slovak is still not English).
        let notDocument = guess.probabilityNot(docLanguage)
        guard guess.language != "und", !StrayLanguages.sameLanguage(guess.language, docLanguage),
              notDocument >= config.minConfidence else { return nil }
        return Finding(range: range, script: script, language: guess.language, confidence: notDocument, reason: "other language")
    }
}

/// The letters of a unit by script, leaving out what never makes a unit stray: URLs, e-mail
/// addresses, hashtags and @handles.
struct Evidence {
    /// The unit's text without the ignored tokens.
    let text: String
    let runs: [ScriptRun]
    let profile: WeightedProfile

    init(_ unit: UnsafeBufferPointer<UInt8>) {
        var kept: [UInt8] = []
        kept.reserveCapacity(unit.count)
        var i = 0
        while i < unit.count {
            var j = i
            while j < unit.count, unit[j] != 0x20, unit[j] != 0x09 { j += 1 }
            let token = UnsafeBufferPointer(rebasing: unit[i..<j])
            if !Evidence.isIgnorable(token) { kept.append(contentsOf: token) }
            if j < unit.count { kept.append(0x20) }
            i = j + 1
        }
        text = String(decoding: kept, as: UTF8.self)
        var t = text
        let found = t.withUTF8 { ScriptRuns.runs(in: $0) }
        runs = found
        profile = t.withUTF8 { WeightedProfile(runs: found, in: $0) }
    }

    /// Byte ranges of the ignorable tokens (URLs, e-mail addresses, hashtags, @handles) of a text.
    static func ignorableTokens(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
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

    /// The text of the runs in `script`, joined by spaces.
    func text(of script: Script) -> String {
        var t = text
        return t.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for r in runs where r.script == script {
                if !out.isEmpty { out.append(0x20) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[r.range]))
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// Letters per script, raw and weighted by ``ScriptWeights``. A unit holds a handful of scripts
/// at most, so they are kept in a small array (no hashing, one allocation).
struct WeightedProfile {
    private(set) var entries: [(script: Script, raw: Int, weighted: Int)] = []

    init(runs: [ScriptRun], in bytes: UnsafeBufferPointer<UInt8>) {
        for r in runs where !r.script.isNeutral && r.letters > 0 {
            let w = r.letters * ScriptWeights.weight(r.script)
            if let i = entries.firstIndex(where: { $0.script == r.script }) {
                entries[i].raw += r.letters
                entries[i].weighted += w
            } else {
                entries.append((r.script, r.letters, w))
            }
        }
    }

    /// Letters of `script` (0 when it has none).
    func rawLetters(_ script: Script) -> Int { entries.first { $0.script == script }?.raw ?? 0 }
    func weighted(_ script: Script) -> Int { entries.first { $0.script == script }?.weighted ?? 0 }

    var totalWeighted: Int { entries.reduce(0) { $0 + $1.weighted } }

    /// Scripts by weight, heaviest first (ties by ISO code).
    var ranked: [(Script, Int)] {
        Self.ordered(entries.map { ($0.script, $0.weighted) })
    }

    private static func ordered(_ items: [(Script, Int)]) -> [(Script, Int)] {
        items.count < 2 ? items : items.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.code < $1.0.code }
    }

    /// The main script: Han, Hiragana and Katakana count together as one Japanese-or-Chinese block,
    /// represented by whichever of them has most letters.
    var main: Script? {
        let cjkScripts = [Script.han, .hiragana, .katakana]
        var merged = entries.map { ($0.script, $0.weighted) }
        let cjk = cjkScripts.reduce(0) { $0 + weighted($1) }
        if cjk > 0 {
            let lead = cjkScripts.max { weighted($0) < weighted($1) }!
            merged.removeAll { cjkScripts.contains($0.0) }
            merged.append((lead, cjk))
        }
        return Self.ordered(merged).first?.0
    }

    /// Share of kana among Han and kana letters.
    var kanaShare: Double {
        let kana = rawLetters(.hiragana) + rawLetters(.katakana)
        let all = kana + rawLetters(.han)
        return all == 0 ? 0 : Double(kana) / Double(all)
    }
}
