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
        /// The identifier stops reading once the leader is this far ahead of the runner-up, in
        /// tempered log-likelihood (the runner-up's probability is then below e^-margin): long
        /// text rarely needs all its words (accuracy on the held-out set is the same to 0.02
        /// points as reading everything). `.infinity` reads everything.
        public var decisiveMargin: Float = 8
        /// Features read before the margin is first looked at (a word gives 5 per letter).
        public var minimumFeaturesToStop = 64
        public init() {}
    }

    public let settings: Settings
    private var minimumLetters: Int { settings.minimumLetters }
    private var minimumConfidence: Double { settings.minimumConfidence }
    private var temperature: Float { settings.temperature }

    /// Model languages per script (ICU script code → language indices).
    let candidates: [Int32: [Int]]
    /// Per order and model language (`rowWidth` apart), the log-probability of an unseen feature
    /// times the order's weight.
    private let floorWeights: UnsafeMutableBufferPointer<Float>
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
        let orders = LanguageFeatures.orders
        floorWeights = .allocate(capacity: max(1, (model?.rowWidth ?? 0) * orders))
        floorWeights.initialize(repeating: 0)
        if let model {
            for l in model.languages.indices {
                for o in 0..<orders { floorWeights[o * model.rowWidth + l] = model.orderWeights[o] * model.floors[l * orders + o] }
            }
        }
        exemplarScripts = Set(Self.exemplarScriptCodes.compactMap { Script(code: $0)?.rawValue })
    }

    deinit { floorWeights.deallocate() }

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
        let runs = Self.asciiRuns(text) ?? ScriptRuns.runs(in: text)
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

    /// The script runs of ASCII text (one Latin run if it has letters, one Common run if not), or
    /// nil if the text is not ASCII: the common case, without a trip through ICU.
    static func asciiRuns(_ text: UnsafeBufferPointer<UInt8>) -> [ScriptRun]? {
        var letters = 0, high: UInt8 = 0
        for b in text {
            high |= b
            letters &+= (b | 0x20) &- 0x61 < 26 ? 1 : 0
        }
        if high >= 0x80 { return nil }
        if text.isEmpty { return [] }
        return [ScriptRun(range: 0..<text.count, script: letters > 0 ? .latin : .common, letters: letters)]
    }

    /// The answer for text whose dominant script is `script`.
    private func answer(_ script: Script, letters: Int, text: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], han: Int, kana: Int) -> LanguageGuess {
        if script == .han {
            if kana > 0, kana * 8 >= han + kana {
                return decided("ja", Self.japanese, letters: han + kana, minimum: 2)
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

    // MARK: - Answers the script alone gives

    static let japanese = Script(code: "Jpan") ?? .han
    static let simplifiedHan = Script(code: "Hans") ?? .han
    static let traditionalHan = Script(code: "Hant") ?? .han

    /// The language and confidence ``identify(_:)`` gives the runs of `script` in `text`, which hold
    /// `letters` letters, where the script alone decides: Han (simplified or traditional, from the
    /// characters of `text` only one of them uses), kana, Hangul and the scripts one language owns.
    /// Answered without the model, script runs or allocations; nil where the model or a closer
    /// look at the text is needed. The confidence is 0 exactly when the language is "und".
    func identifyByScript(_ text: UnsafeBufferPointer<UInt8>, script: Script, letters: Int) -> (language: String, confidence: Double)? {
        guard letters > 0 else { return nil }
        // The cases of identify(_:) and answer(_:…) for text whose letters are all of one script.
        switch script {
        case .han:
            guard Self.hanMarks.hanOnly else { return nil }
            if letters < 2 { return ("und", 0) }
            let odds = Self.chinese(letters: letters, evidence: Self.hanMarks.evidence(in: text))
            return (odds.language, odds.confidence)
        case .hiragana, .katakana:
            let guess = decided("ja", Self.japanese, letters: letters, minimum: 2)
            return (guess.language, guess.confidence)
        case Self.bengali:
            return nil
        default:
            guard let language = Self.singleLanguageByScript[script.rawValue] else { return nil }
            // identify(_:) weighs a Hangul syllable as two letters.
            let guess = decided(language, script, letters: script == .hangul ? 2 * letters : letters, minimum: minimumLetters)
            return (guess.language, guess.confidence)
        }
    }

    // MARK: - Chinese: simplified or traditional

    /// The characters of CLDR's exemplars of zh and not of zh_Hant, and the reverse, as a table by
    /// code point, counted on UTF-8 in place. Built on the first Chinese text, from the sets as
    /// CLDR lists them: ICU's case closure of two sets of thousands of Han letters cost 7 M
    /// instructions and changes nothing here (a test compares both).
    static let hanMarks = HanMarks(differencesOf: LanguageSupport.exemplarCodePoints("zh", caseClosure: false),
                                   LanguageSupport.exemplarCodePoints("zh_Hant", caseClosure: false))

    /// The characters only simplified or only traditional Chinese uses, as two interleaved bitmaps
    /// from the lowest of them to the highest (CLDR's are about 2,100 between U+4E07 and U+9FA0:
    /// 5 KB), counted on UTF-8 in place. Immutable once built.
    final class HanMarks: @unchecked Sendable {
        let base: UInt32
        let span: UInt32
        /// For each 64 code points from `base`, a word of simplified-only bits, then a word of
        /// traditional-only bits.
        private let bits: UnsafeMutableBufferPointer<UInt64>
        /// For each code point from `base`: 1 if only simplified Chinese uses it, -1 if only
        /// traditional, else 0 (`span` bytes, at least one).
        private let evidenceTable: UnsafeMutableBufferPointer<Int8>
        /// Whether every marked character is of script Han, so that counting them in a whole text
        /// counts those of its Han runs.
        let hanOnly: Bool

        convenience init(simplifiedOnly: Set<UInt32>, traditionalOnly: Set<UInt32>) {
            self.init(simplifiedOnly: Array(simplifiedOnly), traditionalOnly: Array(traditionalOnly))
        }

        /// The marks of two sets of distinct code points with nothing in common.
        init(simplifiedOnly: [UInt32], traditionalOnly: [UInt32]) {
            let lowest = min(simplifiedOnly.min() ?? .max, traditionalOnly.min() ?? .max)
            let highest = max(simplifiedOnly.max() ?? 0, traditionalOnly.max() ?? 0)
            base = lowest <= highest ? lowest : 0
            span = lowest <= highest ? highest - lowest + 1 : 0
            bits = .allocate(capacity: 2 * (Int(span) / 64 + 1))
            bits.initialize(repeating: 0)
            for c in simplifiedOnly { bits[2 * Int((c - base) / 64)] |= 1 << UInt64((c - base) % 64) }
            for c in traditionalOnly { bits[2 * Int((c - base) / 64) + 1] |= 1 << UInt64((c - base) % 64) }
            evidenceTable = .allocate(capacity: max(Int(span), 1))
            evidenceTable.initialize(repeating: 0)
            for c in simplifiedOnly { evidenceTable[Int(c - base)] = 1 }
            for c in traditionalOnly { evidenceTable[Int(c - base)] = -1 }
            hanOnly = (simplifiedOnly + traditionalOnly).allSatisfy { Unicode.Scalar($0).map { Script.of($0) == .han } ?? false }
        }

        /// The marks of `simplified` less `traditional` and of `traditional` less `simplified`
        /// (code points in any order, repeats allowed), set apart on bitmaps rather than hashed sets.
        convenience init(differencesOf simplified: [UInt32], _ traditional: [UInt32]) {
            let lowest = min(simplified.min() ?? .max, traditional.min() ?? .max)
            let highest = max(simplified.max() ?? 0, traditional.max() ?? 0)
            guard lowest <= highest else {
                self.init(simplifiedOnly: [UInt32](), traditionalOnly: [UInt32]())
                return
            }
            let words = Int(highest - lowest) / 64 + 1
            var s = [UInt64](repeating: 0, count: words), t = [UInt64](repeating: 0, count: words)
            for c in simplified { s[Int(c - lowest) / 64] |= 1 << UInt64((c - lowest) % 64) }
            for c in traditional { t[Int(c - lowest) / 64] |= 1 << UInt64((c - lowest) % 64) }
            var simplifiedOnly: [UInt32] = [], traditionalOnly: [UInt32] = []
            for w in 0..<words {
                var onlyS = s[w] & ~t[w], onlyT = t[w] & ~s[w]
                while onlyS != 0 {
                    simplifiedOnly.append(lowest + UInt32(w * 64 + onlyS.trailingZeroBitCount))
                    onlyS &= onlyS - 1
                }
                while onlyT != 0 {
                    traditionalOnly.append(lowest + UInt32(w * 64 + onlyT.trailingZeroBitCount))
                    onlyT &= onlyT - 1
                }
            }
            self.init(simplifiedOnly: simplifiedOnly, traditionalOnly: traditionalOnly)
        }

        deinit {
            bits.deallocate()
            evidenceTable.deallocate()
        }

        /// Simplified-only less traditional-only characters in UTF-8 text: ``count(in:)``'s
        /// difference (all the odds read), with one signed byte a character looked up.
        func evidence(in text: UnsafeBufferPointer<UInt8>) -> Int {
            guard var p = text.baseAddress else { return 0 }
            let end = p + text.count
            let table = evidenceTable.baseAddress!, base = self.base, span = self.span
            var evidence = 0
            while p < end {
                let b = UInt32(p[0])
                if b < 0x80 {
                    p += 1
                    continue
                }
                let left = end - p
                if b & 0xF0 == 0xE0 {
                    // A lead of three bytes cut short ends the text, as below (nested rather than
                    // one combined test: straight branches, not flags, on the path of every Han letter).
                    if left < 3 { break }
                    let k = ((b & 0x0F) << 12 | UInt32(p[1] & 0x3F) << 6 | UInt32(p[2] & 0x3F)) &- base
                    p += 3
                    if k < span { evidence &+= Int(table[Int(k)]) }
                    continue
                }
                // Any other sequence, decoded as count(in:) decodes it.
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                guard length <= left else { break }
                let c: UInt32
                switch length {
                case 2: c = (b & 0x1F) << 6 | UInt32(p[1] & 0x3F)
                case 3: c = (b & 0x0F) << 12 | UInt32(p[1] & 0x3F) << 6 | UInt32(p[2] & 0x3F)
                default: c = (b & 0x07) << 18 | UInt32(p[1] & 0x3F) << 12 | UInt32(p[2] & 0x3F) << 6 | UInt32(p[3] & 0x3F)
                }
                p += length
                let k = c &- base
                if k < span { evidence &+= Int(table[Int(k)]) }
            }
            return evidence
        }

        /// Simplified-only and traditional-only characters in UTF-8 text.
        func count(in text: UnsafeBufferPointer<UInt8>) -> (simplified: Int, traditional: Int) {
            var simplified = 0, traditional = 0
            let n = text.count
            var i = 0
            while i < n {
                let b = UInt32(text[i])
                if b < 0x80 {
                    i &+= 1
                    continue
                }
                if b & 0xF0 == 0xE0, n &- i >= 3 {
                    // Three bytes, as every marked character is: decoded and looked up without the
                    // general switch (marks(of:) returns a pair, which costs a third more here).
                    let k = ((b & 0x0F) << 12 | UInt32(text[i &+ 1] & 0x3F) << 6 | UInt32(text[i &+ 2] & 0x3F)) &- base
                    i &+= 3
                    if k < span {
                        let word = 2 &* Int(k / 64), bit = UInt64(1) << UInt64(k % 64)
                        simplified &+= bits[word] & bit != 0 ? 1 : 0
                        traditional &+= bits[word &+ 1] & bit != 0 ? 1 : 0
                    }
                    continue
                }
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                guard i + length <= n else { break }
                let c: UInt32
                switch length {
                case 2: c = (b & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F)
                case 3: c = (b & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)
                default: c = (b & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F)
                }
                i += length
                let (s, t) = marks(of: c)
                simplified &+= s ? 1 : 0
                traditional &+= t ? 1 : 0
            }
            return (simplified, traditional)
        }

        /// Whether only simplified, or only traditional, Chinese uses the character `c`.
        @inline(__always)
        func marks(of c: UInt32) -> (simplified: Bool, traditional: Bool) {
            let k = c &- base
            guard k < span else { return (false, false) }
            let word = 2 * Int(k / 64), bit = UInt64(1) << UInt64(k % 64)
            return (bits[word] & bit != 0, bits[word + 1] & bit != 0)
        }
    }

    private static let undeterminedChinese = LanguageGuess(
        language: "und", script: .han, confidence: 0, alternatives: [("zh-Hans", 0.4), ("ja", 0.3), ("zh-Hant", 0.3)])

    private func chinese(_ text: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], letters: Int) -> LanguageGuess {
        if letters < 2 { return Self.undeterminedChinese }
        var simplified = 0, traditional = 0
        for r in runs where r.script == .han {
            let (s, t) = Self.hanMarks.count(in: UnsafeBufferPointer(rebasing: text[r.range]))
            simplified += s
            traditional += t
        }
        let odds = Self.chinese(letters: letters, simplified: simplified, traditional: traditional)
        return LanguageGuess(language: odds.language, script: odds.language == "zh-Hans" ? Self.simplifiedHan : Self.traditionalHan,
                             confidence: odds.confidence, alternatives: [(odds.language == "zh-Hans" ? "zh-Hant" : "zh-Hans", odds.other)])
    }

    /// Simplified or traditional, from the characters only one of them uses (`letters` ≥ 2): the
    /// language, its probability and the other's.
    private static func chinese(letters: Int, simplified: Int, traditional: Int) -> (language: String, confidence: Double, other: Double) {
        chinese(letters: letters, evidence: simplified - traditional)
    }

    /// ``chinese(letters:simplified:traditional:)`` from simplified-only less traditional-only characters.
    private static func chinese(letters: Int, evidence: Int) -> (language: String, confidence: Double, other: Double) {
        // Each distinguishing character is strong evidence; none at all leaves it open (simplified
        // is the likelier a priori).
        let pHans = (-7...7).contains(evidence) ? pHansByEvidence[evidence + 7] : Self.pHans(evidence)
        let base = letters >= 4 ? 0.98 : 0.9
        if pHans >= 0.5 { return ("zh-Hans", base * pHans, base * (1 - pHans)) }
        return ("zh-Hant", base * (1 - pHans), base * pHans)
    }

    private static func pHans(_ evidence: Int) -> Double { 1 / (1 + exp(-(0.4 + 2 * Double(evidence)))) }
    /// ``pHans(_:)`` for the usual evidence, -7...7 (the same values, without an `exp` per call).
    private static let pHansByEvidence: [Double] = (-7...7).map(pHans)

    // MARK: - The model

    /// Features looked up together (enough for the cache misses of a batch to overlap).
    private static let batchSize = 64

    private func scoreWithModel(_ model: LanguageModel, text: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], script: Script,
                                languages: [Int]) -> LanguageGuess {
        score(model, text: text, runs: runs, script: script, languages: languages).guess
    }

    /// The model's answer for the runs of `script`, and how many features it read to reach it: it
    /// reads the text in batches of features, spread over the text, and stops once the leader is
    /// decisive (see ``Settings/decisiveMargin``).
    func score(_ model: LanguageModel, text: UnsafeBufferPointer<UInt8>, runs: [ScriptRun], script: Script,
               languages: [Int]) -> (guess: LanguageGuess, features: Int) {
        let orders = LanguageFeatures.orders
        let width = model.rowWidth
        let floatCount = 2 * width + 2 * orders
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: orders * width + floatCount) { scratch -> (guess: LanguageGuess, features: Int) in
            scratch.initialize(repeating: 0)
            // Per order and language, the sum of the quantized log-probabilities (above the floor)
            // of the features read; per language, the penalty of letters outside its exemplars and
            // its log-likelihood; per order, the features read and the weight of a quantization step.
            let floats = UnsafeMutableRawPointer(scratch.baseAddress! + orders * width).bindMemory(to: Float.self, capacity: floatCount)
            let tally = Tally(sums: scratch.baseAddress!, width: width, penalties: floats, totals: floats + width, counts: floats + 2 * width,
                              weights: floats + 2 * width + orders, floorWeights: floorWeights.baseAddress!)
            let penalties = tally.penalties
            for o in 0..<orders { tally.weights[o] = model.orderWeights[o] * model.step }
            let checkExemplars = exemplarScripts.contains(script.rawValue)
            let tables = Tables(model)
            let used = model.orderMask
            let margin = settings.decisiveMargin, earliest = settings.minimumFeaturesToStop
            var read = 0
            // The runs of the script, folded into one buffer (words separated by one space).
            var capacity = 2
            for r in runs where r.script == script { capacity += r.range.count + 3 }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { folded in
                var n = 0
                for r in runs where r.script == script {
                    if n > 0, folded[n - 1] != 0x20 {
                        folded[n] = 0x20
                        n += 1
                    }
                    n += LanguageSupport.fold(UnsafeBufferPointer(rebasing: text[r.range]), into: UnsafeMutableBufferPointer(rebasing: folded[n...]))
                }
                let f = UnsafeBufferPointer(rebasing: folded[0..<n])
                // The longest word, and the letters outside each language's exemplars.
                var longest = 0, wordStart = 0
                var seenLetters: [UInt32] = []
                for i in 0..<n {
                    let c = f[i]
                    if c == 0x20 {
                        wordStart = i + 1
                        continue
                    }
                    longest = max(longest, i + 1 - wordStart)
                    if checkExemplars, c >= 0x80, c < Self.exemplarLimit, !(0x300..<0x370).contains(c), !seenLetters.contains(c) {
                        seenLetters.append(c)
                        for l in languages {
                            if let ex = exemplars[l], ex[Int(c) >> 6] & (1 << UInt64(c & 63)) == 0 { penalties[l] += exemplarPenalty }
                        }
                    }
                }
                // Words are read a chunk of text at a time (a sixteenth of it, or 8 letters), the
                // chunks in an order that spreads every prefix of it over the whole text (0, 1/2,
                // 1/4, 3/4, 1/8, …). Whether the leader is decisive is looked at after each chunk
                // once four have been read: then what was read is a sample of the whole text, and a
                // foreign line at its top cannot decide the language of a long document.
                let chunk = max(8, (n + 15) / 16)
                let chunks = (n + chunk - 1) / chunk
                var bits = 0
                while 1 << bits < chunks { bits += 1 }
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * (Self.batchSize + 6 * (longest + 2))) { features in
                    let fp = features.baseAddress!
                    var count = 0
                    for visit in 0..<(1 << bits) {
                        let c = Self.reversed(visit, bits: bits)
                        if c < chunks {
                            // The chunk's words are those that start in it.
                            var i = c * chunk
                            let end = min(i + chunk, n)
                            while i < end, f[i] == 0x20 || (i > 0 && f[i - 1] != 0x20) { i += 1 }
                            while i < end {
                                var j = i
                                while j < n, f[j] != 0x20 { j += 1 }
                                LanguageFeatures.forEachFeature(word: UnsafeBufferPointer(rebasing: f[i..<j])) { order, key in
                                    if used >> UInt32(order) & 1 == 0 { return }
                                    fp[count] = UInt64(key == 0 ? 1 : key) << 32 | UInt64(order)
                                    count += 1
                                }
                                i = j + 1
                                if count >= Self.batchSize {
                                    Self.scoreBatch(fp, count, tables, into: tally)
                                    read += count
                                    count = 0
                                }
                            }
                        }
                        if c < chunks, visit >= 3, visit + 1 < 1 << bits {
                            if count > 0 {
                                Self.scoreBatch(fp, count, tables, into: tally)
                                read += count
                                count = 0
                            }
                            if read >= earliest,
                               Self.lead(languages, tally) >= margin * settings.temperature * max(1, Float(read) / 100).squareRoot() {
                                break
                            }
                        }
                    }
                    if count > 0 {
                        Self.scoreBatch(fp, count, tables, into: tally)
                        read += count
                    }
                }
            }
            // Final scores, and the five best found in one pass (no sort).
            Self.computeTotals(tally)
            var top5: [(Int, Float)] = []
            top5.reserveCapacity(6)
            for l in languages {
                let s = tally.totals[l]
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
            let temperature = self.temperature * max(1, Float(read) / 100).squareRoot()
            var total: Double = 0
            for l in languages where (tally.totals[l] - best) / temperature > -30 { total += Double(exp((tally.totals[l] - best) / temperature)) }
            let probs = top5.map { (model.languages[$0.0], Double(exp(($0.1 - best) / temperature)) / total) }
            let top = probs[0]
            let alternatives = Array(probs.dropFirst().prefix(4).filter { $0.1 >= 0.001 })
            if top.1 < minimumConfidence {
                return (LanguageGuess(language: "und", script: script, confidence: top.1, alternatives: Array(probs.prefix(5))), read)
            }
            return (LanguageGuess(language: top.0, script: script, confidence: top.1, alternatives: alternatives), read)
        }
    }

    /// What the model has heard so far (scratch memory of one call). Per-language arrays are
    /// `width` long, so that the loops over them are vectorized.
    struct Tally {
        /// Per order, a row of sums per language (`width` apart).
        let sums: UnsafeMutablePointer<Int32>
        let width: Int
        let penalties: UnsafeMutablePointer<Float>
        /// Per language, its log-likelihood (after ``computeTotals(_:)``).
        let totals: UnsafeMutablePointer<Float>
        let counts: UnsafeMutablePointer<Float>
        let weights: UnsafeMutablePointer<Float>
        /// Per order and language, the weighted log-probability of an unseen feature.
        let floorWeights: UnsafeMutablePointer<Float>
    }

    /// Every language's log-likelihood: its features above the floor, the floor of every feature
    /// read, less its exemplar penalty.
    @inline(__always)
    private static func computeTotals(_ tally: Tally) {
        let width = tally.width
        for l in 0..<width { tally.totals[l] = -tally.penalties[l] }
        for o in 0..<LanguageFeatures.orders {
            let w = tally.weights[o], c = tally.counts[o]
            let sums = tally.sums + o * width, floors = tally.floorWeights + o * width
            for l in 0..<width { tally.totals[l] += w * Float(sums[l]) + c * floors[l] }
        }
    }

    /// `v`'s lowest `bits` bits in reverse order.
    @inline(__always)
    static func reversed(_ v: Int, bits: Int) -> Int {
        var r = 0, x = v
        for _ in 0..<bits {
            r = r << 1 | x & 1
            x >>= 1
        }
        return r
    }

    /// How far the leader is ahead of the runner-up (log-likelihood).
    private static func lead(_ languages: [Int], _ tally: Tally) -> Float {
        computeTotals(tally)
        var first = -Float.infinity, second = -Float.infinity
        for l in languages {
            let s = tally.totals[l]
            if s > first {
                second = first
                first = s
            } else if s > second {
                second = s
            }
        }
        return first - second
    }

    /// The model's tables, as raw pointers for the scoring loop.
    struct Tables {
        let shared: UnsafeMutablePointer<UInt64>, sharedMask: Int
        let singles: UnsafeMutablePointer<UInt64>, singlesMask: Int
        let lists: UnsafeMutablePointer<UInt16>
        let dense: UnsafeMutablePointer<UInt8>

        init(_ model: LanguageModel) {
            shared = model.shared.baseAddress!
            sharedMask = model.sharedMask
            singles = model.singles.baseAddress!
            singlesMask = model.singlesMask
            lists = model.lists.baseAddress!
            dense = model.dense.baseAddress!
        }

        /// The slot of `key` in `table`, or 0.
        @inline(__always)
        static func find(_ key: UInt64, _ table: UnsafeMutablePointer<UInt64>, _ mask: Int) -> UInt64 {
            var slot = Int(key) & mask
            var v = table[slot]
            while v != 0 && v >> 32 != key {
                slot = (slot + 1) & mask
                v = table[slot]
            }
            return v
        }
    }

    /// Adds up a batch of features (key << 32 | order; `fp` has room for twice `count`). Each step
    /// first touches all the memory the next one reads, so that the cache misses of the batch
    /// overlap: the features' slots in the table of shared keys; then their postings, and the
    /// slots in the table of single-posting keys of those not found; then the postings are added.
    @inline(__always)
    private static func scoreBatch(_ fp: UnsafeMutablePointer<UInt64>, _ count: Int, _ t: Tables, into tally: Tally) {
        let width = tally.width
        var touched: UInt64 = 0
        for i in 0..<count { touched &+= t.shared[Int(fp[i] >> 32) & t.sharedMask] }
        // Found: payload << 8 | order, from the start of `fp`; not found: the features, from `count`.
        var found = 0, missed = 0
        let misses = fp + count
        for i in 0..<count {
            let k = fp[i] >> 32, order = fp[i] & 0xFF
            tally.counts[Int(order)] += 1
            let v = Tables.find(k, t.shared, t.sharedMask)
            if v == 0 {
                misses[missed] = fp[i]
                missed += 1
                touched &+= t.singles[Int(k) & t.singlesMask]
                continue
            }
            let kind = v & 0xFF, at = Int((v >> 8) & 0xFF_FFFF)
            touched &+= kind == LanguageModel.denseKind ? UInt64(t.dense[at * width]) : UInt64(t.lists[at])
            fp[found] = (v & 0xFFFF_FFFF) << 8 | order
            found += 1
        }
        if touched == 1 { tally.counts[0] += 0 }  // keeps the touching loads alive
        for i in 0..<missed {
            let v = Tables.find(misses[i] >> 32, t.singles, t.singlesMask)
            if v == 0 { continue }
            // A single posting, held in the slot.
            let e = Int((v >> 8) & 0xFFFF)
            tally.sums[Int(misses[i] & 0xFF) * width + (e >> 8)] &+= Int32(e & 0xFF)
        }
        for i in 0..<found {
            let v = fp[i] >> 8
            let row = tally.sums + Int(fp[i] & 0xFF) * width
            let kind = v & 0xFF, at = Int((v >> 8) & 0xFF_FFFF)
            if kind == LanguageModel.denseKind {
                let q = t.dense + at * width
                if width == 64 {
                    for l in 0..<64 { row[l] &+= Int32(q[l]) }
                } else {
                    for l in 0..<width { row[l] &+= Int32(q[l]) }
                }
            } else {
                var p = at
                let end = p + Int(kind)
                while p < end {
                    let e = t.lists[p]
                    row[Int(e >> 8)] &+= Int32(e & 0xFF)
                    p += 1
                }
            }
        }
    }
}
