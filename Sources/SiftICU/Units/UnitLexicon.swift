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
    public let locales: [String]

    /// Display categories that are not physical quantities in running text.
    static let skippedCategories: Set<String> = ["compound", "coordinate", "graphics"]
    /// Units whose names are ordinary words or symbols far more often than measurements.
    static let skippedUnits: Set<String> = ["percent", "permille", "permyriad", "point", "portion", "item",
                                           "karat", "generic"]

    public init(locales: [String]) throws {
        var forms: [String: [Sense]] = [:]
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
                for n in Array(0...20) + [30, 40, 50, 60, 70, 80, 90, 100, 200, 1000, 2000, 1_000_000] {
                    // Every rule set: "una" and "uma" (feminine), "einen" (accusative), not only the default.
                    for spelt in n <= 20 ? speller.formatAllRuleSets(Double(n)) : [speller.format(Double(n))] {
                        for w in spelt.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\u{AD}" }) {
                            // Ordinal rule sets end in "th", "ème"…; keep words only, no digits or dots.
                            if w.contains(where: { $0.isNumber || $0 == "." }) { continue }
                            words.insert(String(w))
                        }
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
        for locale in locales {
            let language = String(locale.split(separator: "_").first ?? Substring(locale))
            var words: [String: Set<String>] = [:]
            for (text, senses) in forms {
                for s in senses where s.locale == language && s.category == "temperature" && s.width == 0 && s.prefix.isEmpty {
                    for w in text.split(separator: " ") { words[s.unit, default: []].insert(String(w)) }
                }
            }
            for (unit, ws) in words where unit != "generic" {
                let others = words.filter { $0.key != unit }.values.reduce(into: Set<String>()) { $0.formUnion($1) }
                for w in ws.subtracting(others) where w.count >= 4 && forms[w] == nil {
                    forms[w] = [Sense(unit: unit, category: "temperature", locale: language, width: 0, prefix: "")]
                }
            }
        }
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
        return foldedForms[Self.fold(form)]
    }

    /// Lower case, without the marks that writers use inconsistently (the Devanagari nukta: फ़ीट / फीट).
    public static func fold(_ s: String) -> String {
        var out = ""
        for c in s.lowercased().unicodeScalars where c != "\u{093C}" {
            // Devanagari letters with a precomposed nukta fold to the plain letter.
            if (0x0958...0x095F).contains(c.value) {
                let plain: [UInt32] = [0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F]
                out.unicodeScalars.append(Unicode.Scalar(plain[Int(c.value - 0x0958)])!)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
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
