#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sift
import SiftICU

/// What ``LanguageIdentifier`` says about a piece of text.
public struct LanguageGuess: Sendable, CustomStringConvertible {
    /// A BCP 47 tag ("en", "zh-Hans", "zh-Hant", "sr-Cyrl", "sr-Latn", …) or "und" when the
    /// evidence is too thin to name a language.
    public var language: String
    /// The dominant script of the text's letters, reported even when the language is "und"
    /// (Common, "Zyyy", when the text has no letters at all). For Japanese it is `Jpan`, for
    /// Chinese `Hans` or `Hant`.
    public var script: Script
    /// Calibrated probability that `language` is right (0 for "und" without letters).
    public var confidence: Double
    /// The next most likely languages with their probabilities, best first (at most four).
    public var alternatives: [(String, Double)]

    public init(language: String, script: Script, confidence: Double, alternatives: [(String, Double)] = []) {
        self.language = language
        self.script = script
        self.confidence = confidence
        self.alternatives = alternatives
    }

    public var isUndetermined: Bool { language == "und" }

    public var description: String {
        let conf = (confidence * 1000).rounded() / 1000
        return "\(language) (\(script.code), \(conf))"
    }
}

/// Identifies the language of text: script first, then a hashed character n-gram naive-Bayes model
/// within the scripts that many languages share.
///
/// - A script that one language uses decides it (Hangul → ko, Greek → el, Thai → th, Hebrew → he,
///   Georgian → ka, Armenian → hy, …).
/// - Han, kana and Hangul separate zh, ja and ko; ICU's exemplar sets separate zh-Hans from zh-Hant.
/// - Latin, Cyrillic, Arabic and Devanagari go to the model, restricted to the languages of that
///   script; for Cyrillic, letters outside a language's CLDR exemplar set count against it.
///
/// Immutable and thread-safe: share one instance (``shared``) between threads.
public final class LanguageIdentifier: @unchecked Sendable {
    /// The model found on the data search path (see ``SiftData``), loaded on first use. Without a
    /// model file only the script-decided languages are identified.
    public static let shared: LanguageIdentifier = {
        if let path = SiftData.locate(modelFile), let model = try? LanguageModel(contentsOf: path) {
            return LanguageIdentifier(model: model, modelPath: path)
        }
        return LanguageIdentifier(model: nil, modelPath: nil)
    }()

    /// Where the model lives relative to a data folder.
    public static let modelFile = "language/model.bin"

    public let model: LanguageModel?
    public let modelPath: String?
    /// Fewer letters than this in the dominant script give "und".
    public var minimumLetters = 3
    /// Below this confidence the answer is "und" (the guess stays in `alternatives`).
    public var minimumConfidence = 0.2

    /// Model languages per script (ICU script code → language indices).
    private let candidates: [Int32: [Int]]
    /// For each model language of Cyrillic script, its CLDR exemplar letters.
    private let exemplars: [Int: Set<UInt32>]
    private let temperature: Float = 6

    public init(model: LanguageModel?, modelPath: String? = nil) {
        self.model = model
        self.modelPath = modelPath
        var c: [Int32: [Int]] = [:]
        var ex: [Int: Set<UInt32>] = [:]
        if let model {
            for (i, s) in model.scripts.enumerated() {
                guard let script = Script(code: s) else { continue }
                c[script.rawValue, default: []].append(i)
                if script == .cyrillic {
                    let set = LanguageSupport.exemplarCharacters(model.languages[i].replacingOccurrences(of: "-", with: "_"))
                    if !set.isEmpty { ex[i] = set }
                }
            }
        }
        candidates = c
        exemplars = ex
    }

    /// Loads a model file.
    public convenience init(modelAt path: String) throws {
        self.init(model: try LanguageModel(contentsOf: path), modelPath: path)
    }

    public func identify(_ text: String) -> LanguageGuess {
        var t = text
        return t.withUTF8 { identify($0) }
    }

    /// The language of UTF-8 text.
    public func identify(_ text: UnsafeBufferPointer<UInt8>) -> LanguageGuess {
        let runs = ScriptRuns.runs(in: text)
        // Letters per script, with Han, hiragana and katakana counted together.
        var totals: [(script: Int32, letters: Int)] = []
        var han = 0, kana = 0
        for r in runs where r.letters > 0 {
            let s = r.script
            if s == .han { han += r.letters }
            if s == .hiragana || s == .katakana { kana += r.letters }
            let key = (s == .hiragana || s == .katakana) ? Script.han.rawValue : s.rawValue
            if let i = totals.firstIndex(where: { $0.script == key }) { totals[i].letters += r.letters } else { totals.append((key, r.letters)) }
        }
        guard let top = totals.max(by: { $0.letters < $1.letters }) else {
            let script = runs.first?.script ?? .common
            return LanguageGuess(language: "und", script: script.isNeutral ? .common : script, confidence: 0)
        }
        let script = Script(rawValue: top.script)
        if script == .han {
            if kana > 0, kana * 8 >= han + kana {
                return decided("ja", Script(code: "Jpan") ?? .han, letters: han + kana, minimum: 2)
            }
            return chinese(text, runs: runs, letters: han)
        }
        if let lang = Self.singleLanguageScripts[script.code] {
            return decided(lang, script, letters: top.letters, minimum: minimumLetters)
        }
        guard let model, let langs = candidates[script.rawValue], !langs.isEmpty else {
            return LanguageGuess(language: "und", script: script, confidence: 0)
        }
        if top.letters < minimumLetters {
            return LanguageGuess(language: "und", script: script, confidence: 0)
        }
        return scoreWithModel(model, text: text, runs: runs, script: script, languages: langs)
    }

    /// Languages that a script alone decides.
    static let singleLanguageScripts: [String: String] = [
        "Hang": "ko", "Grek": "el", "Thai": "th", "Hebr": "he", "Geor": "ka", "Armn": "hy", "Khmr": "km",
        "Laoo": "lo", "Mymr": "my", "Sinh": "si", "Taml": "ta", "Telu": "te", "Knda": "kn", "Mlym": "ml",
        "Gujr": "gu", "Guru": "pa", "Orya": "or", "Ethi": "am", "Tibt": "bo", "Thaa": "dv", "Beng": "bn",
        "Mong": "mn", "Cher": "chr", "Tfng": "zgh", "Cans": "iu", "Olck": "sat", "Nkoo": "nqo", "Syrc": "syr",
    ]

    private func decided(_ language: String, _ script: Script, letters: Int, minimum: Int) -> LanguageGuess {
        if letters < minimum { return LanguageGuess(language: "und", script: script, confidence: 0, alternatives: [(language, 0.5)]) }
        // A few letters of a one-language script are still a little uncertain (borrowed words, names).
        let confidence = letters >= 6 ? 0.99 : 0.9 + 0.015 * Double(letters)
        return LanguageGuess(language: language, script: script, confidence: confidence)
    }

    // MARK: - Chinese: simplified or traditional

    private static let hanSets: (simplifiedOnly: Set<UInt32>, traditionalOnly: Set<UInt32>) = {
        let hans = LanguageSupport.exemplarCharacters("zh")
        let hant = LanguageSupport.exemplarCharacters("zh_Hant")
        return (hans.subtracting(hant), hant.subtracting(hans))
    }()

    private func chinese(_ text: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], letters: Int) -> LanguageGuess {
        let hansScript = Script(code: "Hans") ?? .han, hantScript = Script(code: "Hant") ?? .han
        if letters < 2 {
            return LanguageGuess(language: "und", script: .han, confidence: 0, alternatives: [("zh-Hans", 0.4), ("ja", 0.3), ("zh-Hant", 0.3)])
        }
        var simplified = 0, traditional = 0
        for r in runs where r.script == .han {
            String(decoding: UnsafeBufferPointer(rebasing: text[r.range]), as: UTF8.self).unicodeScalars.forEach { u in
                if Self.hanSets.simplifiedOnly.contains(u.value) { simplified += 1 }
                if Self.hanSets.traditionalOnly.contains(u.value) { traditional += 1 }
            }
        }
        // Each distinguishing character is strong evidence; none at all leaves it open (simplified
        // is the likelier a priori).
        let evidence = Double(simplified - traditional)
        let pHans = 1 / (1 + exp(-(0.4 + 2 * evidence)))
        let base = letters >= 4 ? 0.98 : 0.9
        if pHans >= 0.5 {
            return LanguageGuess(language: "zh-Hans", script: hansScript, confidence: base * pHans, alternatives: [("zh-Hant", base * (1 - pHans))])
        }
        return LanguageGuess(language: "zh-Hant", script: hantScript, confidence: base * (1 - pHans), alternatives: [("zh-Hans", base * pHans)])
    }

    // MARK: - The model

    private func scoreWithModel(_ model: LanguageModel, text: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], script: Script,
                                languages: [Int]) -> LanguageGuess {
        let nl = model.languages.count
        let orders = LanguageFeatures.orders
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: nl + orders) { scratch -> LanguageGuess in
            let scores = UnsafeMutableBufferPointer(rebasing: scratch[0..<nl])
            let counts = UnsafeMutableBufferPointer(rebasing: scratch[nl..<(nl + orders)])
            scores.initialize(repeating: 0)
            counts.initialize(repeating: 0)
            var seenLetters: Set<UInt32> = []
            let checkExemplars = script == .cyrillic && !exemplars.isEmpty
            for r in runs where r.script == script {
                let bytes = UnsafeBufferPointer(rebasing: text[r.range])
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bytes.count + 2) { folded in
                    let n = LanguageSupport.fold(bytes, into: folded)
                    let f = UnsafeBufferPointer(rebasing: folded[0..<n])
                    if checkExemplars { for c in f where c != 0x20 && c >= 0x400 && c < 0x530 { seenLetters.insert(c) } }
                    LanguageFeatures.forEachWord(f) { word in
                        LanguageFeatures.forEachFeature(word: word) { order, key in
                            counts[order] += 1
                            let range = model.postingRange(key)
                            if range.isEmpty { return }
                            let w = model.orderWeights[order] * model.step
                            for p in range {
                                let v = model.postings[p]
                                scores[Int(v >> 8)] += w * Float(v & 0xFF)
                            }
                        }
                    }
                }
            }
            var ranked: [(Int, Float)] = []
            ranked.reserveCapacity(languages.count)
            for l in languages {
                var s = scores[l]
                for o in 0..<orders { s += counts[o] * model.orderWeights[o] * model.floors[l * orders + o] }
                if checkExemplars, let ex = exemplars[l] {
                    for c in seenLetters where !ex.contains(c) { s -= 8 }
                }
                ranked.append((l, s))
            }
            ranked.sort { $0.1 > $1.1 }
            // Calibrated probabilities: naive Bayes counts every letter in several overlapping
            // features, so its log-likelihoods are tempered before the softmax.
            let best = ranked[0].1
            var total: Double = 0
            var probs: [(String, Double)] = []
            for (l, s) in ranked.prefix(8) {
                let p = Double(exp((s - best) / temperature))
                total += p
                probs.append((model.languages[l], p))
            }
            for (l, s) in ranked.dropFirst(8) { total += Double(exp((s - best) / temperature)); _ = l }
            probs = probs.map { ($0.0, $0.1 / total) }
            let top = probs[0]
            let alternatives = Array(probs.dropFirst().prefix(4).filter { $0.1 >= 0.001 })
            if top.1 < minimumConfidence {
                return LanguageGuess(language: "und", script: script, confidence: top.1, alternatives: Array(probs.prefix(5)))
            }
            return LanguageGuess(language: top.0, script: script, confidence: top.1, alternatives: alternatives)
        }
    }
}
