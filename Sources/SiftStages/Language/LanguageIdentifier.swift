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
    /// How the identifier decides "und" and calibrates its confidences.
    public struct Settings: Sendable {
        /// Fewer letters than this in the dominant script give "und".
        public var minimumLetters = 3
        /// Below this confidence the answer is "und" (the guess stays in `alternatives`).
        public var minimumConfidence = 0.15
        /// Naive Bayes counts every letter in several overlapping features, so its log-likelihoods
        /// are divided by this (at 100 features; it grows with the square root of their number)
        /// before the softmax that gives the confidences (fitted on held-out data).
        public var temperature: Float = 30
        public init() {}
    }

    public let settings: Settings
    private var minimumLetters: Int { settings.minimumLetters }
    private var minimumConfidence: Double { settings.minimumConfidence }
    private var temperature: Float { settings.temperature }

    /// Model languages per script (ICU script code → language indices).
    private let candidates: [Int32: [Int]]
    /// Per model language, its CLDR exemplar letters below U+0600 as a bitmap (nil: not checked).
    private let exemplars: [[UInt64]?]
    private static let exemplarLimit: UInt32 = 0x600
    /// Scripts whose model languages are checked against their exemplar sets.
    private let exemplarScripts: Set<Int32>
    /// Log-likelihood taken from a language for each distinct non-ASCII letter outside its exemplars.
    private let exemplarPenalty: Float = 8

    public init(model: LanguageModel?, modelPath: String? = nil, settings: Settings = Settings()) {
        self.settings = settings
        self.model = model
        self.modelPath = modelPath
        var c: [Int32: [Int]] = [:]
        var ex: [[UInt64]?] = Array(repeating: nil, count: model?.languages.count ?? 0)
        if let model {
            for (i, s) in model.scripts.enumerated() {
                guard let script = Script(code: s) else { continue }
                c[script.rawValue, default: []].append(i)
                if Self.exemplarScriptCodes.contains(s) {
                    let set = LanguageSupport.exemplarCharacters(model.languages[i].replacingOccurrences(of: "-", with: "_"))
                    if !set.isEmpty {
                        var bits = [UInt64](repeating: 0, count: Int(Self.exemplarLimit) / 64)
                        for c in set where c < Self.exemplarLimit { bits[Int(c) >> 6] |= 1 << UInt64(c & 63) }
                        ex[i] = bits
                    }
                }
            }
        }
        candidates = c
        exemplars = ex
        exemplarScripts = Set(Self.exemplarScriptCodes.compactMap { Script(code: $0)?.rawValue })
    }

    /// Loads a model file.
    public convenience init(modelAt path: String, settings: Settings = Settings()) throws {
        self.init(model: try LanguageModel(contentsOf: path), modelPath: path, settings: settings)
    }

    /// Whether the model can tell several languages apart within this script (Latin, Cyrillic,
    /// Arabic, Devanagari, …), so that a same-script unit can be judged by language.
    public func distinguishesLanguages(in script: Script) -> Bool {
        model != nil && (candidates[script.rawValue]?.count ?? 0) > 1
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
            // A Han character or a Hangul syllable carries about as much as a short word: weigh
            // them up against alphabetic letters when choosing the dominant script.
            let weight = key == Script.han.rawValue ? 3 : s == .hangul ? 2 : 1
            if let i = totals.firstIndex(where: { $0.script == key }) { totals[i].letters += weight * r.letters } else { totals.append((key, weight * r.letters)) }
        }
        guard let top = totals.max(by: { $0.letters < $1.letters }) else {
            let script = runs.first?.script ?? .common
            return LanguageGuess(language: "und", script: script.isNeutral ? .common : script, confidence: 0)
        }
        let guess = answer(Script(rawValue: top.script), letters: top.letters, text: text, runs: runs, han: han, kana: kana)
        // Latin letters in another script's text are mostly names and technical words ("Θέμα
        // Enlightenment", "USB சாதனம்"): when Latin wins narrowly and says little, the other script speaks.
        if top.script == Script.latin.rawValue, guess.confidence < 0.5,
           let second = totals.filter({ $0.script != top.script }).max(by: { $0.letters < $1.letters }),
           second.letters * 3 >= top.letters {
            let other = answer(Script(rawValue: second.script), letters: second.letters, text: text, runs: runs, han: han, kana: kana)
            if other.confidence > guess.confidence { return other }
        }
        return guess
    }

    /// The answer for text whose dominant script is `script`.
    private func answer(_ script: Script, letters: Int, text: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], han: Int, kana: Int) -> LanguageGuess {
        if script == .han {
            if kana > 0, kana * 8 >= han + kana {
                return decided("ja", Script(code: "Jpan") ?? .han, letters: han + kana, minimum: 2)
            }
            return chinese(text, runs: runs, letters: han)
        }
        if script == Self.bengali, Self.contains(text, [0xE0, 0xA7, 0xB0]) || Self.contains(text, [0xE0, 0xA7, 0xB1]) {
            // ৰ and ৱ are Assamese letters that Bengali does not use.
            return decided("as", script, letters: letters, minimum: minimumLetters)
        }
        if let lang = Self.singleLanguageByScript[script.rawValue] {
            return decided(lang, script, letters: letters, minimum: minimumLetters)
        }
        guard let model, let langs = candidates[script.rawValue], !langs.isEmpty else {
            return LanguageGuess(language: "und", script: script, confidence: 0)
        }
        if letters < minimumLetters {
            return LanguageGuess(language: "und", script: script, confidence: 0)
        }
        return scoreWithModel(model, text: text, runs: runs, script: script, languages: langs)
    }

    static let exemplarScriptCodes: Set<String> = ["Cyrl", "Latn"]

    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard text.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= text.count {
            if text[i] == needle[0], text[i + 1] == needle[1], needle.count < 3 || text[i + 2] == needle[2] { return true }
            i += 1
        }
        return false
    }

    static let bengali = Script(code: "Beng") ?? .unknown
    static let singleLanguageByScript: [Int32: String] = Dictionary(
        singleLanguageScripts.compactMap { code, lang in Script(code: code).map { ($0.rawValue, lang) } }, uniquingKeysWith: { a, _ in a })

    /// Languages that a script alone decides, by ISO 15924 code.
    public static let singleLanguageScripts: [String: String] = [
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
            var seenLetters: [UInt32] = []
            let checkExemplars = exemplarScripts.contains(script.rawValue)
            let table = model.table.baseAddress!, mask = model.tableMask, postings = model.postings.baseAddress!
            let scoresP = scores.baseAddress!, countsP = counts.baseAddress!
            var weights: (Float, Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &weights) { w in
                let wp = w.bindMemory(to: Float.self)
                for o in 0..<orders { wp[o] = model.orderWeights[o] * model.step }
            }
            for r in runs where r.script == script {
                let bytes = UnsafeBufferPointer(rebasing: text[r.range])
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bytes.count + 2) { folded in
                    let n = LanguageSupport.fold(bytes, into: folded)
                    let f = UnsafeBufferPointer(rebasing: folded[0..<n])
                    if checkExemplars {
                        for c in f where c >= 0x80 && c < Self.exemplarLimit && !(0x300..<0x370).contains(c) && !seenLetters.contains(c) {
                            seenLetters.append(c)
                        }
                    }
                    // Every feature of the run first (at most 6 per code point), then one pass that
                    // touches their slots so the cache misses overlap, then the scoring pass.
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 6 * n + 6) { features in
                        let used = model.orderMask
                        var count = 0
                        let fp = features.baseAddress!
                        LanguageFeatures.forEachWord(f) { word in
                            LanguageFeatures.forEachFeature(word: word) { order, key in
                                if used >> UInt32(order) & 1 == 0 { return }
                                fp[count] = UInt64(key == 0 ? 1 : key) << 32 | UInt64(order)
                                count += 1
                            }
                        }
                        // Pass 1 touches every slot so that the cache misses overlap; pass 2 finds
                        // each feature's postings (the slots are cached now) and touches them; pass 3
                        // adds them up.
                        var touched: UInt64 = 0
                        for i in 0..<count { touched &+= table[Int(fp[i] >> 32) & mask] }
                        var found = 0
                        for i in 0..<count {
                            let k = fp[i] >> 32, order = fp[i] & 0xFF
                            countsP[Int(order)] += 1
                            var slot = Int(k) & mask
                            var v = table[slot]
                            while v != 0 && v >> 32 != k {
                                slot = (slot + 1) & mask
                                v = table[slot]
                            }
                            if v == 0 { continue }
                            touched &+= UInt64(postings[Int((v >> 8) & 0xFF_FFFF)])
                            fp[found] = (v & 0xFFFF_FFFF) << 8 | order
                            found += 1
                        }
                        if touched == 1 { countsP[0] += 0 }  // keeps the touching loads alive
                        withUnsafeBytes(of: weights) { w in
                            let wp = w.bindMemory(to: Float.self).baseAddress!
                            for i in 0..<found {
                                let v = fp[i] >> 8
                                let weight = wp[Int(fp[i] & 0xFF)]
                                var p = Int((v >> 8) & 0xFF_FFFF)
                                let end = p + Int(v & 0xFF)
                                while p < end {
                                    let e = postings[p]
                                    scoresP[Int(e >> 8)] += weight * Float(e & 0xFF)
                                    p += 1
                                }
                            }
                        }
                    }
                }
            }
            // Final scores, and the five best found in one pass (no sort).
            var top5: [(Int, Float)] = []
            top5.reserveCapacity(6)
            var all: [Float] = []
            all.reserveCapacity(languages.count)
            var featureTotal: Float = 0
            for o in 0..<orders { featureTotal += counts[o] }
            for l in languages {
                var s = scores[l]
                for o in 0..<orders { s += counts[o] * model.orderWeights[o] * model.floors[l * orders + o] }
                if checkExemplars, !seenLetters.isEmpty, let ex = exemplars[l] {
                    for c in seenLetters where ex[Int(c) >> 6] & (1 << UInt64(c & 63)) == 0 { s -= exemplarPenalty }
                }
                all.append(s)
                if top5.count < 5 || s > top5[top5.count - 1].1 {
                    var i = top5.count
                    while i > 0, top5[i - 1].1 < s { i -= 1 }
                    top5.insert((l, s), at: i)
                    if top5.count > 5 { top5.removeLast() }
                }
            }
            // Calibrated probabilities: naive Bayes counts every letter in several overlapping
            // features, so its log-likelihoods are tempered before the softmax. The evidence grows
            // with the number of features, but not as fast as naive Bayes assumes: the temperature
            // grows with its square root (it is `temperature` at 100 features).
            let best = top5[0].1
            let temperature = self.temperature * max(1, featureTotal / 100).squareRoot()
            var total: Double = 0
            for s in all where (s - best) / temperature > -30 { total += Double(exp((s - best) / temperature)) }
            let probs = top5.map { (model.languages[$0.0], Double(exp(($0.1 - best) / temperature)) / total) }
            let top = probs[0]
            let alternatives = Array(probs.dropFirst().prefix(4).filter { $0.1 >= 0.001 })
            if top.1 < minimumConfidence {
                return LanguageGuess(language: "und", script: script, confidence: top.1, alternatives: Array(probs.prefix(5)))
            }
            return LanguageGuess(language: top.0, script: script, confidence: top.1, alternatives: alternatives)
        }
    }
}
