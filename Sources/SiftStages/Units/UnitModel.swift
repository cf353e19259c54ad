#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    /// A filter of 2^16 bits over the ASCII number words, "half" words and number-word endings: a
    /// lower-cased ASCII word whose bit (``filterBit(_:)``) is clear is none of them, which spares
    /// most words of running text two dictionary look-ups.
    let asciiNumberWordFilter: [UInt64]
    /// Language → its decimal separator as ICU formats it ("." or ",").
    let decimalSeparator: [String: UInt8]
    /// Units that some region's preferences use, by system (`metric` = region 001, `us`, `uk`).
    let systemUnits: [String: Set<String>]
    let languages: [String]
    /// Language (without region) → its place in `languages`, for deterministic preferences.
    let languageOrder: [String: Int]

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
        self.lexicon = try Self.lexicon(languages: languages)
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
        var filter = [UInt64](repeating: 0, count: 1 << 10)
        for w in Array(words.keys) + Array(endings.keys) + Array(UnitContext.halfWords.keys) where w.utf8.allSatisfy({ $0 < 0x80 }) {
            let bit = Array(w.utf8).withUnsafeBufferPointer { Self.filterBit($0) }
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.asciiNumberWordFilter = filter
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
        var order: [String: Int] = [:]
        for (k, l) in languages.enumerated() { let language = String(l.split(separator: "_").first!); if order[language] == nil { order[language] = k } }
        self.languageOrder = order
    }

    /// The filter bit of ASCII bytes, lower-cased: FNV-1a folded to 16 bits.
    @inline(__always) static func filterBit(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in bytes { h = (h ^ UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: (h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48)) & 0xFFFF)
    }

    /// Whether ASCII `bytes` may be a number word, a "half" word or a number word's ending.
    @inline(__always) func mayBeNumberWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let bit = Self.filterBit(bytes)
        return asciiNumberWordFilter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    // MARK: - The lexicon and its cache file

    /// Bumped whenever what the lexicon holds, or how it is built, changes.
    static let lexiconFormat = 2

    /// The lexicon for `languages`: read from the cache file if one was written for the same ICU,
    /// languages, word lists and Sift executable, else built from ICU's data (most of a second of
    /// CPU for the default languages) and written there for the next process. Any failure to read
    /// or write the cache falls back to building; `SIFT_UNITS_CACHE=off` turns the cache off.
    static func lexicon(languages: [String], cacheDirectory: String? = cacheDirectory()) throws -> UnitLexicon {
        let build = { try UnitLexicon(locales: languages, extraForms: UnitContext.extraForms, extraPowerWords: UnitContext.extraPowerWords) }
        guard let dir = cacheDirectory else { return try build() }
        let key = cacheKey(languages: languages)
        let path = cacheFile(languages: languages, in: dir)
        if let bytes = FileSystem.readFile(path), let lexicon = try? UnitLexicon(decoding: bytes, key: key) { return lexicon }
        let lexicon = try build()
        do {
            try FileSystem.makeDirectories(dir)
            let out = try OutputStream.atomicFile(path, gzip: false)
            out.syncOnCommit = false
            out.write(lexicon.encoded(key: key))
            try out.commit()
            // Files an older build of the same executable wrote for the same languages are stale.
            let family = FileSystem.baseName(path).prefix(while: { $0 != "." }).split(separator: "-").dropLast().joined(separator: "-") + "-"
            for name in FileSystem.listDirectory(dir) where name.hasPrefix(family) && name.hasSuffix(".bin") && "\(dir)/\(name)" != path {
                FileSystem.removeFile("\(dir)/\(name)")
            }
        } catch {
            // A cache that cannot be written (read-only home, full disk) only costs the next start-up.
        }
        return lexicon
    }

    /// The cache file for `languages` in `dir`.
    /// Named by a hash of the executable's path and the languages (the file's family: a newer build
    /// replaces the older one's file), then a hash of the whole key.
    static func cacheFile(languages: [String], in dir: String) -> String {
        let family = "\(FileSystem.executablePath ?? "?")|\(languages.joined(separator: ","))"
        return "\(dir)/units-lexicon-\(hex(UnitLexicon.checksum(Array(family.utf8)[...])))-\(hex(UnitLexicon.checksum(Array(cacheKey(languages: languages).utf8)[...]))).bin"
    }

    /// `$SIFT_UNITS_CACHE` if set (`off` for none), else `$XDG_CACHE_HOME/sift`, else `~/.cache/sift`.
    static func cacheDirectory() -> String? {
        func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        if let dir = env("SIFT_UNITS_CACHE") { return dir == "off" ? nil : dir }
        if let xdg = env("XDG_CACHE_HOME") { return xdg + "/sift" }
        if let home = env("HOME") { return home + "/.cache/sift" }
        return nil
    }

    /// What a cached lexicon was built from: the format, ICU's version, the languages, the hand-kept
    /// word lists, and the executable (its path, size and modification time), so that a rebuilt
    /// Sift never reads a lexicon an older build wrote.
    static func cacheKey(languages: [String]) -> String {
        var words = UnitContext.extraForms.map { "\($0.form)=\($0.unit)@\($0.language)" }
        words += UnitContext.extraPowerWords.map { "\($0.key)^\($0.value.power)\($0.value.before)" }.sorted()
        var executable = "?"
        if let path = FileSystem.executablePath {
            var st = stat()
            #if os(Linux)
            if stat(path, &st) == 0 { executable = "\(path):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)" }
            #else
            if stat(path, &st) == 0 { executable = "\(path):\(st.st_size):\(st.st_mtimespec.tv_sec).\(st.st_mtimespec.tv_nsec)" }
            #endif
        }
        let wordsHash = hex(UnitLexicon.checksum(Array(words.joined(separator: "\n").utf8)[...]))
        return "units-lexicon \(lexiconFormat); ICU \(ICU.version); \(languages.joined(separator: ",")); words \(wordsHash); \(executable)"
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
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
