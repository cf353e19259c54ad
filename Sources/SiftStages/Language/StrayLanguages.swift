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

    /// The language of UTF-8 text whose dominant script is `script`. The n-gram model is loaded
    /// (once per process) only when the script rules leave the language open.
    func identify(_ text: UnsafeBufferPointer<UInt8>, script: Script) -> Guess {
        var guess = Self.scriptOnly.identify(text)
        if guess.isUndetermined { guess = LanguageIdentifier.shared.identify(text) }
        return Self.guess(guess, script: script)
    }

    /// The language of the letters of `script` in `text` (`letters` of them): what
    /// ``identify(_:script:)`` says of those letters' script runs, joined by spaces. Where the
    /// script alone decides (Han, kana, Hangul, …) it is answered from the count and the bytes, and
    /// neither the runs nor the model are needed; `joined` is scratch space for the other cases.
    func identify(letters: Int, of script: Script, in text: UnsafeBufferPointer<UInt8>, joined: inout [UInt8]) -> Guess {
        if let guess = Self.scriptOnly.identifyByScript(text, script: script, letters: letters) {
            // The model would answer no differently: these scripts are decided before it is asked.
            // Its answers are "und" exactly when their confidence is 0 (told without comparing strings).
            if guess.confidence > 0 { return Guess(language: guess.language, confidence: guess.confidence) }
            return Self.implied(script)
        }
        joined.removeAll(keepingCapacity: true)
        for r in ScriptRuns.runs(in: text) where r.script == script {
            if !joined.isEmpty { joined.append(0x20) }
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: text[r.range]))
        }
        return joined.withUnsafeBufferPointer { identify($0, script: script) }
    }

    private static func guess(_ guess: LanguageGuess, script: Script) -> Guess {
        if !guess.isUndetermined { return Guess(language: guess.language, confidence: guess.confidence, alternatives: guess.alternatives) }
        return implied(script)
    }

    /// The language the script implies, where the identifier leaves it open.
    private static func implied(_ script: Script) -> Guess {
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
