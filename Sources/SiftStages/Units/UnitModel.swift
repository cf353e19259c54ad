import Sift
import SiftICU
import Synchronization

/// Everything the `units` stage reads, built once per process for a set of languages and shared by
/// every worker: the CLDR lexicon, the converter, and per-language number conventions from ICU.
final class UnitModel: Sendable {
    let lexicon: UnitLexicon
    let converter: UnitConverter
    /// Lower-cased number word → the languages whose spellout uses it.
    let numberWords: [String: [String]]
    /// The last four letters of long number words → their languages, to spot compounds ("fünfunddreißig").
    let numberWordEndings: [String: [String]]
    /// Language → its decimal separator as ICU formats it ("." or ",").
    let decimalSeparator: [String: UInt8]
    /// Units that some region's preferences use, by system (`metric` = region 001, `us`, `uk`).
    let systemUnits: [String: Set<String>]
    let languages: [String]

    /// The languages the stage reads by default: the widely written ones with full CLDR unit data.
    static let defaultLanguages = ["en", "en_GB", "de", "fr", "es", "it", "pt", "nl", "sv", "ru", "zh", "ja", "ko", "hi", "tr",
                                   "pl", "uk", "cs", "da", "nb", "fi", "el", "ar", "id", "vi"]

    private static let cache = Mutex<[String: UnitModel]>([:])

    /// The model for these languages, built on first use and kept for the life of the process.
    static func shared(languages: [String]) throws -> UnitModel {
        let key = languages.joined(separator: ",")
        if let m = cache.withLock({ $0[key] }) { return m }
        let m = try UnitModel(languages: languages)
        cache.withLock { $0[key] = m }
        return m
    }

    init(languages: [String]) throws {
        guard let converter = UnitConverter.shared else { throw StageError("ICU's CLDR unit conversion data is missing") }
        self.converter = converter
        self.lexicon = try UnitLexicon(locales: languages)
        var words: [String: [String]] = [:]
        for (language, set) in lexicon.numberWords {
            for w in set where !UnitContext.conjunctions.contains(w) { words[w, default: []].append(language) }
        }
        self.numberWords = words
        var endings: [String: Set<String>] = [:]
        for (w, langs) in words where w.unicodeScalars.count >= 5 {
            endings[String(w.unicodeScalars.suffix(4).map(Character.init)), default: []].formUnion(langs)
        }
        self.numberWordEndings = endings.mapValues { $0.sorted() }
        var decimal: [String: UInt8] = [:]
        for language in languages {
            if let p = try? NumberParser(locale: language) {
                decimal[String(language.split(separator: "_").first!)] = p.decimalSeparator == "," ? UInt8(ascii: ",") : UInt8(ascii: ".")
            }
        }
        self.decimalSeparator = decimal
        var systems: [String: Set<String>] = [:]
        for quantity in converter.preferenceQuantities {
            for usage in converter.usages(quantity: quantity) {
                for (system, region) in [("metric", "001"), ("us", "US"), ("uk", "GB")] {
                    for p in converter.preferences(quantity: quantity, usage: usage, region: region) {
                        for part in p.unit.split(separator: "-and-") { systems[system, default: []].insert(String(part)) }
                    }
                }
            }
        }
        // A unit the world's (001) preferences use is metric; the US and UK systems are what their
        // regions use beyond that.
        let metric = systems["metric"] ?? []
        systems["us"] = (systems["us"] ?? []).subtracting(metric)
        systems["uk"] = (systems["uk"] ?? []).subtracting(metric)
        self.systemUnits = systems
        self.languages = languages
    }

    /// The CLDR region whose preferences a system stands for.
    static func region(forSystem system: String) -> String {
        switch system {
        case "us": "US"
        case "uk": "GB"
        default: "001"
        }
    }

    /// Whether a unit belongs to a system: some preference of the system's region uses it, or it is
    /// an SI-prefixed form of such a unit (metric only).
    func unit(_ unit: String, isIn system: String) -> Bool {
        guard let set = systemUnits[system] else { return false }
        if set.contains(unit) { return true }
        if system == "metric" {
            for (prefix, _) in UnitConverter.siPrefixes where unit.hasPrefix(prefix) {
                if set.contains(String(unit.dropFirst(prefix.count))) { return true }
            }
            if ["meter", "gram", "liter", "second", "kelvin", "celsius", "hectare", "tonne", "joule", "watt", "pascal", "hertz", "newton", "bar"]
                .contains(where: { unit == $0 || unit.hasSuffix($0) && !unit.contains("-") }) { return true }
        }
        return false
    }
}
