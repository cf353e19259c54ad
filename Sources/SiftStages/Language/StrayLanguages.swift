import SiftICU

/// Names the language of a stray unit. Until a statistical model is available this answers from
/// the script alone (a script that one language owns), and `und` otherwise.
final class StrayLanguages {
    struct Guess {
        var language: String
        var confidence: Double
    }

    func identify(_ text: String, script: Script) -> Guess {
        if let implied = ScriptWeights.impliedLanguage(script) { return Guess(language: implied, confidence: 0.9) }
        return Guess(language: "und", confidence: 0)
    }

    /// Whether a language model can tell languages apart within this script.
    func canJudgeLanguage(_ script: Script) -> Bool { false }

    /// Same language, ignoring script and region subtags ("zh-Hans" and "zh").
    static func sameLanguage(_ a: String, _ b: String) -> Bool {
        func primary(_ s: String) -> Substring { s.split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? Substring(s) }
        return primary(a) == primary(b)
    }
}
