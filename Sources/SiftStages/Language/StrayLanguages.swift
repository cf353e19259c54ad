import SiftICU

/// Names the language of a stray unit: the statistical identifier where its model covers the
/// script, else the script alone (where one language owns it), else `und`.
final class StrayLanguages {
    struct Guess {
        var language: String
        var confidence: Double
        /// Probabilities of the next likeliest languages, best first.
        var alternatives: [(String, Double)] = []

        /// The probability that the text is not in `language` (1 when the model gave it no mass).
        func probabilityNot(_ language: String) -> Double {
            if StrayLanguages.sameLanguage(self.language, language) { return 1 - confidence }
            let p = alternatives.filter { StrayLanguages.sameLanguage($0.0, language) }.map(\.1).reduce(0, +)
            return 1 - p
        }
    }

    /// Script rules and CLDR exemplars only: enough for Han, kana, Hangul and the scripts one
    /// language owns, without loading the n-gram model (which takes a noticeable moment).
    private static let scriptOnly = LanguageIdentifier(model: nil)

    func identify(_ text: String, script: Script) -> Guess {
        var guess = Self.scriptOnly.identify(text)
        if guess.isUndetermined { guess = LanguageIdentifier.shared.identify(text) }
        if !guess.isUndetermined { return Guess(language: guess.language, confidence: guess.confidence, alternatives: guess.alternatives) }
        if let implied = ScriptWeights.impliedLanguage(script) { return Guess(language: implied, confidence: 0.9) }
        return Guess(language: "und", confidence: 0)
    }

    /// Whether a language model can tell languages apart within this script.
    func canJudgeLanguage(_ script: Script) -> Bool { LanguageIdentifier.shared.distinguishesLanguages(in: script) }

    /// Same language, ignoring script and region subtags ("zh-Hans" and "zh").
    static func sameLanguage(_ a: String, _ b: String) -> Bool {
        func primary(_ s: String) -> Substring { s.split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? Substring(s) }
        return primary(a) == primary(b)
    }
}
