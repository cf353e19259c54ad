/// Unit names and abbreviations as people write them, built from ICU's CLDR display data for a
/// set of locales: every width (long, short, narrow), every plural form and grammatical case,
/// and the patterns' placement of the number (`{0} km`, `{0}km`, `每小时{0}公里`).
///
/// Also indexes, from the same locales' data, the `per` patterns of units (`{0} per hour`,
/// `{0}/h`, `{0} pro Stunde`) to read compounds like "60 miles per hour", the spelt-out number
/// words of ICU's rule-based spellout, and the scale words of the long compact number patterns
/// ("million", "Millionen", "万"). Immutable and shareable between threads.
public final class UnitLexicon: Sendable {
    /// One reading of a written unit form.
    public struct Sense: Sendable, Hashable {
        /// CLDR identifier, e.g. `mile`, `kilometer-per-hour`.
        public let unit: String
        /// CLDR display category: `length`, `mass`, `temperature`, `duration`, …
        public let category: String
        /// The locale whose data gave the form.
        public let locale: String
        /// 0 long, 1 short, 2 narrow.
        public let width: Int
        /// Text the pattern puts before the number (`每小时` in `每小时{0}公里`), usually empty.
        public let prefix: String

        public init(unit: String, category: String, locale: String, width: Int, prefix: String) {
            self.unit = unit
            self.category = category
            self.locale = locale
            self.width = width
            self.prefix = prefix
        }
    }

    /// Written forms (whitespace collapsed to one space) → senses, most likely first.
    public let forms: [String: [Sense]]
    /// Lower-cased forms of at least three characters → senses, for text that capitalizes differently.
    public let foldedForms: [String: [Sense]]
    /// Words that make a length an area or a volume, derived per locale by comparing CLDR's names of
    /// `square-X`/`cubic-X` with those of `X` ("square", "carrés", "quadrati", "kare", "제곱"):
    /// folded word → (power, whether it comes before the length's name).
    public let powerWords: [String: (power: Int, before: Bool)]
    /// Folded beginnings of multi-word forms, up to each space ("square", "square kilometers"
    /// → "square"), so a search can stop at the first word that starts no form.
    public let spacedPrefixes: Set<String>
    /// The folded leading letters of every form: a word that is not one of them starts no unit.
    public let firstWords: Set<String>
    /// Longest form in UTF-8 bytes.
    public let maxFormBytes: Int
    /// Denominator phrases (`per hour`, `/h`, `pro Stunde`, lower-cased) → the unit they divide by.
    public let perForms: [String: String]
    public let maxPerBytes: Int
    /// Lower-cased words that occur in spelt-out numbers, by locale ("twenty" → en).
    public let numberWords: [String: Set<String>]
    /// Lower-cased scale words from the long compact patterns ("million" → 1e6, "万" → 1e4).
    public let scaleWords: [String: Double]
    /// The same by language, where languages disagree ("billion": 1e9 in English, 1e12 in French).
    public let scaleWordsByLanguage: [String: [String: Double]]
    /// Prefixes of the patterns that put the number inside (`每小时`).
    public let prefixes: Set<String>
    /// Folded words that name a temperature scale on their own ("fahrenheit", "celsius",
    /// "fahrenhayt", "सेलसियस") → the CLDR unit: the words of a temperature's long names that the
    /// other temperature units' names do not share, and the extra forms given for temperatures.
    public let temperatureNames: [String: String]
    /// The same names and each of them with one letter left out → unit, for names of six letters or
    /// more: a word one edit away from a name ("farenheit", "celcius") shares a key with it.
    let temperatureNameDeletions: [String: String]
    public let locales: [String]

    /// A form that CLDR does not give but writers use ("kilos", "cc", "centigrade", "公斤"), added to
    /// the lexicon by the caller: the form as written, its CLDR unit, and its language.
    public struct ExtraForm: Sendable {
        public let form: String
        public let unit: String
        public let language: String
        public init(_ form: String, _ unit: String, _ language: String) {
            self.form = form
            self.unit = unit
            self.language = language
        }
    }

    /// Display categories that are not physical quantities in running text.
    static let skippedCategories: Set<String> = ["compound", "coordinate", "graphics"]
    /// Units whose names are ordinary words or symbols far more often than measurements.
    static let skippedUnits: Set<String> = ["percent", "permille", "permyriad", "point", "portion", "item",
                                           "karat", "generic"]

    /// Builds the lexicon from ICU's data for `locales` (the first ones win ties), plus the caller's
    /// `extraForms` and `extraPowerWords` (folded word → power and whether it comes before the length).
    public init(locales: [String], extraForms: [ExtraForm] = [], extraPowerWords: [String: (power: Int, before: Bool)] = [:]) throws {
        var forms: [String: [Sense]] = [:]
        var categoryOf: [String: String] = [:]
        var perForms: [String: String] = [:]
        var numberWords: [String: Set<String>] = [:]
        var scaleWords: [String: Double] = [:]
        var scaleByLanguage: [String: [String: Double]] = [:]
        var prefixes: Set<String> = []
        for locale in locales {
            let language = String(locale.split(separator: "_").first ?? Substring(locale))
            for e in try CLDRData.unitDisplayNames(locale: locale) {
                let p = e.path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
                guard p.count >= 4 else { continue }
                let width = p[0] == "units" ? 0 : p[0] == "unitsShort" ? 1 : 2
                let category = String(p[1]), unit = String(p[2]), key = p[p.count - 1]
                if Self.skippedCategories.contains(category) || Self.skippedUnits.contains(unit) { continue }
                categoryOf[unit] = category
                if key == "per" {
                    if let form = Self.split(e.value), form.prefix.isEmpty, !form.suffix.isEmpty {
                        let k = form.suffix.lowercased()
                        if perForms[k] == nil { perForms[k] = unit }
                    }
                    continue
                }
                if key == "gender" { continue }
                let sense: Sense
                let text: String
                if key == "dnam" {
                    text = Self.collapse(e.value)
                    sense = Sense(unit: unit, category: category, locale: language, width: width, prefix: "")
                } else {
                    guard let form = Self.split(e.value) else { continue }
                    text = form.suffix
                    if !form.prefix.isEmpty { prefixes.insert(form.prefix) }
                    sense = Sense(unit: unit, category: category, locale: language, width: width, prefix: form.prefix)
                }
                if text.isEmpty { continue }
                if !(forms[text]?.contains(sense) ?? false) { forms[text, default: []].append(sense) }
            }
            // Spelt-out number words, from ICU's own spellout of the numbers that build the others.
            if let speller = try? NumberParser(locale: locale, style: .spellout) {
                var words: Set<String> = []
                // Every cardinal rule set for the small numbers: "una" and "uma" (feminine), "einen" (accusative),
                // not only the default.
                let spelt = speller.formatAllRuleSets((0...20).map(Double.init))
                    + [30, 40, 50, 60, 70, 80, 90, 100, 200, 1000, 2000, 1_000_000].map { speller.format(Double($0)) }
                for s in spelt {
                    for w in s.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\u{AD}" }) {
                        // Words only: no digits or dots.
                        if w.contains(where: { $0.isNumber || $0 == "." }) { continue }
                        words.insert(String(w))
                    }
                }
                numberWords[language, default: []].formUnion(words)
            }
            // Scale words from the long compact decimal patterns ("0 million", "0万").
            for e in (try? CLDRData.localeData(locale: locale, paths: ["NumberElements/latn/patternsLong/decimalFormat", "NumberElements/latn/patternsShort/decimalFormat"])) ?? [] {
                let p = e.path.split(separator: "/")
                guard p.count >= 2, let magnitude = Double(p[p.count - 2]), magnitude >= 1000 else { continue }
                let zeros = e.value.filter { $0 == "0" }.count
                guard zeros > 0 else { continue }
                let word = Self.collapse(String(e.value.filter { $0 != "0" && $0 != "¤" && $0 != "'" })).lowercased()
                guard !word.isEmpty, word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == " " || $0 == "." }) else { continue }
                var scale = magnitude
                for _ in 1..<zeros { scale /= 10 }
                // Short forms ("K", "M", "Mio.") are only taken when they are words of two letters or more.
                if p[p.count - 3] == "patternsShort" && word.count < 3 { continue }
                // Single Latin letters ("m", "k") are unit symbols far more often than scales.
                if word.count < 2 && word.unicodeScalars.allSatisfy({ $0.value < 0x2E80 }) { continue }
                if scaleWords[word] == nil { scaleWords[word] = scale }
                if scaleByLanguage[language]?[word] == nil { scaleByLanguage[language, default: [:]][word] = scale }
            }
        }
        // The scale names on their own ("90 Fahrenheit", "10 Celsius", "20 Цельсия"): the words of a
        // temperature's long name that the other temperature units' names do not share.
        var temperatureNames: [String: String] = [:]
        var temperatureWords: [String: [String: Set<String>]] = [:]  // language → unit → words of its long names
        for (text, senses) in forms {
            for s in senses where s.category == "temperature" && s.width == 0 && s.prefix.isEmpty {
                for w in text.split(separator: " ") { temperatureWords[s.locale, default: [:]][s.unit, default: []].insert(String(w)) }
            }
        }
        for locale in locales {
            let language = String(locale.split(separator: "_").first ?? Substring(locale))
            let words = temperatureWords[language] ?? [:]
            for (unit, ws) in words where unit != "generic" {
                let others = words.filter { $0.key != unit }.values.reduce(into: Set<String>()) { $0.formUnion($1) }
                for w in ws.subtracting(others) where w.count >= 4 {
                    if temperatureNames[Self.fold(w)] == nil { temperatureNames[Self.fold(w)] = unit }
                    if forms[w] == nil { forms[w] = [Sense(unit: unit, category: "temperature", locale: language, width: 0, prefix: "")] }
                }
            }
        }
        // The caller's extra forms, after CLDR's own senses of the same text.
        for extra in extraForms {
            guard let category = categoryOf[extra.unit] else { continue }
            let sense = Sense(unit: extra.unit, category: category, locale: extra.language, width: 0, prefix: "")
            let text = Self.collapse(extra.form)
            if !(forms[text]?.contains(sense) ?? false) { forms[text, default: []].append(sense) }
            if category == "temperature", !text.contains(" "), temperatureNames[Self.fold(text)] == nil { temperatureNames[Self.fold(text)] = extra.unit }
        }
        self.temperatureNames = temperatureNames
        var deletions: [String: String] = [:]
        var clashes: Set<String> = []
        for (name, unit) in temperatureNames where name.unicodeScalars.count >= 6 {
            let scalars = Array(name.unicodeScalars)
            for k in -1..<scalars.count {
                var v = String.UnicodeScalarView()
                for (i, c) in scalars.enumerated() where i != k { v.append(c) }
                let key = String(v)
                if let u = deletions[key], u != unit { clashes.insert(key) } else { deletions[key] = unit }
            }
        }
        for key in clashes { deletions[key] = nil }
        self.temperatureNameDeletions = deletions
        // Power words: what "square-meter" adds to "meter", in each language and width.
        var powerWords: [String: (power: Int, before: Bool)] = [:]
        var namesByUnit: [String: [String: [String]]] = [:]  // language → unit → long/short names (plural other)
        for (text, senses) in forms {
            for s in senses where s.prefix.isEmpty && s.width < 2 { namesByUnit[s.locale, default: [:]][s.unit, default: []].append(text) }
        }
        // In a fixed order (the first affix found for a word wins), so every process builds the same lexicon.
        for language in namesByUnit.keys.sorted() {
            let units = namesByUnit[language]!
            for unit in units.keys.sorted() {
                let names = units[unit]!.sorted()
                for (power, head) in [(2, "square-"), (3, "cubic-")] where unit.hasPrefix(head) {
                    let base = String(unit.dropFirst(head.count))
                    guard let baseNames = units[base]?.sorted() else { continue }
                    for name in names {
                        for b in baseNames where b.count >= 2 && name.count > b.count {
                            var affix = "", before = false
                            if name.hasSuffix(b) { affix = String(name.dropLast(b.count)); before = true }
                            else if name.hasPrefix(b) { affix = String(name.dropFirst(b.count)) }
                            affix = Self.collapse(affix)
                            if affix.count >= 2, affix.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == " " }) {
                                let key = Self.fold(affix)
                                if powerWords[key] == nil { powerWords[key] = (power, before) }
                            }
                        }
                    }
                }
            }
        }
        for (word, p) in extraPowerWords where powerWords[Self.fold(word)] == nil { powerWords[Self.fold(word)] = p }
        self.powerWords = powerWords
        // Rank the senses of each form: the unit most locales agree on first, long names before
        // abbreviations, and within that the order of `locales` (the caller's priority).
        var ranked: [String: [Sense]] = [:]
        let order = Dictionary(locales.enumerated().map { (String($0.element.split(separator: "_").first!), $0.offset) }, uniquingKeysWith: { a, _ in a })
        for (text, senses) in forms {
            if senses.count == 1 { ranked[text] = senses; continue }
            var votes: [String: Int] = [:]
            for s in senses { votes[s.unit, default: 0] += 1 }
            ranked[text] = senses.sorted { a, b in
                if votes[a.unit]! != votes[b.unit]! { return votes[a.unit]! > votes[b.unit]! }
                if (order[a.locale] ?? 99) != (order[b.locale] ?? 99) { return (order[a.locale] ?? 99) < (order[b.locale] ?? 99) }
                return a.width < b.width
            }
        }
        var folded: [String: [Sense]] = [:]
        for (text, senses) in ranked where text.count >= 3 || text.unicodeScalars.contains(where: { (0x0900...0x097F).contains($0.value) }) {
            let f = Self.fold(text)
            if f == text { continue }
            folded[f, default: []].append(contentsOf: senses)
        }
        // Senses gathered from several written forms, in a fixed order: the caller's locale order,
        // then long names before abbreviations (dictionary order differs from process to process).
        for (f, senses) in folded where senses.count > 1 {
            var seen: Set<Sense> = []
            folded[f] = senses.enumerated().sorted { x, y in
                let (a, b) = (x.element, y.element)
                if (order[a.locale] ?? 99) != (order[b.locale] ?? 99) { return (order[a.locale] ?? 99) < (order[b.locale] ?? 99) }
                if a.width != b.width { return a.width < b.width }
                if a.unit != b.unit { return a.unit < b.unit }
                if a.category != b.category { return a.category < b.category }
                return a.prefix < b.prefix
            }.map(\.element).filter { seen.insert($0).inserted }
        }
        self.forms = ranked
        var spaced: Set<String> = []
        for text in ranked.keys where text.contains(" ") {
            let f = Self.fold(text)
            var prefix = ""
            for (k, word) in f.split(separator: " ").enumerated() {
                prefix += (k == 0 ? "" : " ") + word
                spaced.insert(prefix)
            }
        }
        self.spacedPrefixes = spaced
        // The leading letters of every form, folded ("km/h" → "km", "square feet" → "square").
        var firsts: Set<String> = []
        for text in ranked.keys {
            let f = Self.fold(text)
            let lead = String(String.UnicodeScalarView(f.unicodeScalars.prefix(while: { $0.properties.isAlphabetic || $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark })))
            if !lead.isEmpty { firsts.insert(lead) }
        }
        self.firstWords = firsts
        self.foldedForms = folded
        self.maxFormBytes = ranked.keys.map(\.utf8.count).max() ?? 0
        self.perForms = perForms
        self.maxPerBytes = perForms.keys.map(\.utf8.count).max() ?? 0
        self.numberWords = numberWords
        self.scaleWords = scaleWords
        self.scaleWordsByLanguage = scaleByLanguage
        self.prefixes = prefixes
        self.locales = locales
    }

    /// A lexicon from its parts (``init(decoding:key:)``).
    init(forms: [String: [Sense]], foldedForms: [String: [Sense]], powerWords: [String: (power: Int, before: Bool)],
         spacedPrefixes: Set<String>, firstWords: Set<String>, maxFormBytes: Int, perForms: [String: String], maxPerBytes: Int,
         numberWords: [String: Set<String>], scaleWords: [String: Double], scaleWordsByLanguage: [String: [String: Double]],
         prefixes: Set<String>, temperatureNames: [String: String], temperatureNameDeletions: [String: String], locales: [String]) {
        self.forms = forms
        self.foldedForms = foldedForms
        self.powerWords = powerWords
        self.spacedPrefixes = spacedPrefixes
        self.firstWords = firstWords
        self.maxFormBytes = maxFormBytes
        self.perForms = perForms
        self.maxPerBytes = maxPerBytes
        self.numberWords = numberWords
        self.scaleWords = scaleWords
        self.scaleWordsByLanguage = scaleWordsByLanguage
        self.prefixes = prefixes
        self.temperatureNames = temperatureNames
        self.temperatureNameDeletions = temperatureNameDeletions
        self.locales = locales
    }

    /// Splits a pattern at `{0}`: the text before and after, whitespace collapsed and trimmed.
    static func split(_ pattern: String) -> (prefix: String, suffix: String)? {
        guard let r = pattern.firstRange(of: "{0}") else { return nil }
        return (collapse(String(pattern[..<r.lowerBound])), collapse(String(pattern[r.upperBound...])))
    }

    /// Collapses every run of white space (including no-break and narrow spaces) to one space and trims.
    public static func collapse(_ s: String) -> String {
        var out = ""
        var pendingSpace = false
        for c in s.unicodeScalars {
            if c.properties.isWhitespace || c == "\u{200B}" || c == "\u{200E}" || c == "\u{200F}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The senses of a written form: exact, then case-folded.
    public func senses(of form: String) -> [Sense]? {
        if let s = forms[form] { return s }
        // A word that folds as a form does ("galoes"), or whose folding is a form ("पाउंड" → "पौंड";
        // not for ASCII, where folding only changes the case: "Jul" is no "jul").
        let folded = Self.fold(form)
        if let s = foldedForms[folded] { return s }
        return form.utf8.allSatisfy({ $0 < 0x80 }) ? nil : forms[folded]
    }

    /// Lower case, without the marks that writers use inconsistently: Latin and Greek accents
    /// ("galoes" for "galões", "quilometro"), the Devanagari nukta and virama (फ़ॉरेनहाइट / फॉरेन्हाइट),
    /// and the Devanagari abbreviation sign written as a full stop (से॰ / से.).
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.lowercased().unicodeScalars {
            switch c.value {
            case 0x093C, 0x094D:
                continue
            case 0x0958...0x095F:
                // Devanagari letters with a precomposed nukta fold to the plain letter.
                let plain: [UInt32] = [0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F]
                out.append(Unicode.Scalar(plain[Int(c.value - 0x0958)])!)
            case 0x0970:
                out.append(".")
            case 0x0909 where out.last == "\u{093E}" || out.last == "\u{0906}":
                // English "ou" written आउ/ाउ or औ/ौ (पाउंड / पौंड, आउंस / औंस): one spelling.
                let a = out.removeLast()
                out.append(a == "\u{093E}" ? "\u{094C}" : "\u{0914}")
            case 0xC0...0x24F, 0x386...0x3CE:
                out.append(accentless[c] ?? c)
            default:
                out.append(c)
            }
        }
        return String(out)
    }

    /// Latin and Greek letters with accents → the letter without them, from ICU's canonical
    /// decompositions (a letter whose decomposition is one letter and combining marks).
    static let accentless: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        guard let nfd = try? Normalizer(.nfd) else { return table }
        for v in Array(0xC0...0x24F) + Array(0x386...0x3CE) {
            guard let c = Unicode.Scalar(v) else { continue }
            let d = Array(nfd.normalize(String(c)).unicodeScalars)
            if d.count >= 2, d.dropFirst().allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) { table[c] = d[0] }
        }
        return table
    }()

    /// The temperature unit a folded word names: exactly, or one edit away from a name of six
    /// letters or more ("farenheit", "celcius").
    public func temperatureName(_ folded: String) -> String? {
        if let u = temperatureNames[folded] { return u }
        let scalars = Array(folded.unicodeScalars)
        guard scalars.count >= 5 else { return nil }
        for k in -1..<scalars.count {
            var v = String.UnicodeScalarView()
            for (i, c) in scalars.enumerated() where i != k { v.append(c) }
            if let u = temperatureNameDeletions[String(v)] { return u }
        }
        return nil
    }

    /// The temperature unit whose names alone begin with a folded abbreviation ("fahr", "फॉ"), or nil.
    public func temperatureAbbreviation(_ folded: String) -> String? {
        guard !folded.isEmpty else { return nil }
        var found: String? = nil
        for (name, unit) in temperatureNames where name.hasPrefix(folded) {
            if found != nil && found != unit { return nil }
            found = unit
        }
        return found
    }

    /// A written form for `unit` in `locale` (short width, "other" plural), as a pattern with `{0}`.
    public func pattern(for unit: String, locale: String, width: Int = 1) -> String? {
        // Built lazily from the raw data when needed (conversion output only).
        let language = String(locale.split(separator: "_").first ?? Substring(locale))
        guard let entries = try? CLDRData.unitDisplayNames(locale: language) else { return nil }
        let widthKey = ["units", "unitsShort", "unitsNarrow"][width]
        for e in entries where e.path.hasPrefix(widthKey + "/") && e.path.hasSuffix("/" + unit + "/other") {
            let p = e.path.split(separator: "/")
            if p.count == 4 { return e.value }
        }
        return nil
    }
}
