import Sift
import SiftICU

/// `scripts`: script runs per UAX #24 as spans, and the share of letters per script in metadata.
final class ScriptsStage: Stage {
    static let descriptor = StageDescriptor(
        name: "scripts", group: "Scripts and languages",
        summary: "Finds script runs (UAX #24, with Script_Extensions): spans of type 'script' with an ISO 15924 code, metadata.scripts (share of letters per script) and metadata.script (the main one).",
        effects: [.annotates],
        options: [
            OptionSpec("spans", .boolean, default: true, help: "Emit a 'script' span per run (off: only the metadata)."),
            OptionSpec("neutral", .boolean, default: false, help: "Also emit runs of only Common characters (digits, punctuation) as script Zyyy."),
        ],
        example: "- scripts",
        build: { options throws(OptionError) in
            let spans = options.bool("spans"), neutral = options.bool("neutral")
            return StageFactory { ScriptsStage(spans: spans, neutral: neutral) }
        })

    private let spans: Bool
    private let neutral: Bool
    /// One attribute object per script, shared by every span of that script (copy on write).
    private var attributeCache: [Int32: JSONObject] = [:]

    private func attributes(for script: Script) -> JSONObject {
        if let cached = attributeCache[script.rawValue] { return cached }
        let made: JSONObject = ["script": .string(script.code)]
        attributeCache[script.rawValue] = made
        return made
    }

    init(spans: Bool, neutral: Bool) {
        self.spans = spans
        self.neutral = neutral
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        let runs = ScriptRuns.runs(in: document.text)
        let profile = ScriptProfile(runs: runs)
        document.metadata["scripts"] = profile.sharesJSON
        document.metadata["script"] = profile.main.map { .string($0.code) } ?? .string(Script.common.code)
        if spans {
            document.spans.reserveCapacity(document.spans.count + runs.count)
            for r in runs where neutral || !r.script.isNeutral {
                document.spans.append(Span(type: "script", start: r.range.lowerBound, end: r.range.upperBound,
                                           attributes: attributes(for: r.script)))
            }
        }
        return .keep
    }
}

/// Letters per script in a text, and the main script.
struct ScriptProfile {
    private(set) var letters: [Script: Int] = [:]

    init(runs: [ScriptRun]) {
        for r in runs where !r.script.isNeutral && r.letters > 0 { letters[r.script, default: 0] += r.letters }
    }

    var total: Int { letters.values.reduce(0, +) }

    /// Scripts by letters, most first (ties by code, so results are stable).
    var ranked: [(Script, Int)] {
        letters.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.code < $1.key.code }
    }

    /// The script with most letters, nil for a text without letters. Han, Hiragana and Katakana are
    /// counted together for Japanese text (kana present): its main script is Jpan.
    var main: Script? { ranked.first?.0 }

    /// `{"Latn": 0.93, "Hani": 0.07}` rounded to 4 places, most first.
    var sharesJSON: JSONValue {
        let t = Double(max(total, 1))
        return .object(JSONObject(ranked.map { ($0.0.code, .double(((Double($0.1) / t) * 10_000).rounded() / 10_000)) }))
    }
}
