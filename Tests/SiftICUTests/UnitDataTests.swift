import SiftICU
import Testing

@Suite struct UnitDataTests {
    static let converter = UnitConverter.shared!

    @Test func conversionFactorsFromCLDR() {
        let c = Self.converter
        #expect(c.factor(from: "mile", to: "kilometer")! == 1.609344)
        #expect(abs(c.convert(425, from: "mile", to: "kilometer")! - 683.9712) < 1e-9)
        #expect(abs(c.convert(100, from: "celsius", to: "fahrenheit")! - 212) < 1e-9)
        #expect(abs(c.convert(-40, from: "fahrenheit", to: "celsius")! + 40) < 1e-9)
        #expect(abs(c.factor(from: "mile-per-hour", to: "kilometer-per-hour")! - 1.609344) < 1e-12)
        #expect(abs(c.factor(from: "square-foot", to: "square-meter")! - 0.09290304) < 1e-15)
        #expect(abs(c.factor(from: "gallon", to: "liter")! - 3.785411784) < 1e-12)
        #expect(c.factor(from: "mile", to: "kilogram") == nil)
        #expect(c.quantity(of: "kilometer-per-hour") == "speed")
        #expect(c.resolve("kibibyte")!.factor == 8192)
    }

    @Test func regionalPreferences() {
        let c = Self.converter
        #expect(c.preferences(quantity: "length", usage: "road", region: "US").map(\.unit).contains("mile"))
        #expect(c.preferences(quantity: "length", region: "DE").first?.unit == "kilometer")
        #expect(CLDRData.likelyRegion("de") == "DE")
        #expect(CLDRData.likelyRegion("en") == "US")
    }

    @Test func lexiconHasEveryWidthAndPlural() throws {
        let lex = try UnitLexicon(locales: ["en", "de", "ru", "zh", "ja"])
        #expect(lex.senses(of: "miles")?.first?.unit == "mile")
        #expect(lex.senses(of: "Meilen")?.first?.unit == "mile")
        #expect(lex.senses(of: "километров")?.first?.unit == "kilometer")
        #expect(lex.senses(of: "公里")?.first?.unit == "kilometer")
        #expect(lex.senses(of: "km")?.first?.unit == "kilometer")
        #expect(lex.senses(of: "Kilometers")?.first?.unit == "kilometer")
        #expect(lex.forms["公里"]!.contains { $0.unit == "kilometer-per-hour" && $0.prefix == "每小时" })
        #expect(lex.perForms["per hour"] == "hour")
        #expect(lex.numberWords["en"]!.contains("twenty"))
        #expect(lex.scaleWords["million"] == 1e6)
        #expect(lex.scaleWords["万"] == 1e4)
    }

    @Test func numberParsingChecksThePosition() throws {
        let de = try NumberParser(locale: "de")
        #expect(de.parse("1.234,5") == 1234.5)
        #expect(de.decimalSeparator == ",")
        let en = try NumberParser(locale: "en")
        #expect(en.parse("1,234.5") == 1234.5)
        #expect(en.parse("1.2.3") == nil)
        let words = try NumberParser(locale: "en", style: .spellout)
        #expect(words.parse("twenty-one") == 21)
        #expect(words.parse("twenty apples") == nil)
        #expect(try NumberParser(locale: "de", style: .spellout).parse("dreiundzwanzig") == 23)
        #expect(try NumberParser(locale: "ru", style: .spellout).parse("двадцать один") == 21)
        #expect(CLDRData.numericValue("½") == 0.5)
        #expect(CLDRData.numericValue("五") == 5)
    }
}

@Suite struct UnitLexiconBinaryTests {
    @Test func theBinaryFormHoldsTheWholeLexicon() throws {
        let lex = try UnitLexicon(locales: ["en", "de", "hi", "zh"], extraForms: [.init("kilos", "kilogram", "en"), .init("centigrade", "celsius", "en")],
                                  extraPowerWords: ["quadri": (2, false)])
        let bytes = lex.encoded(key: "test 1")
        let back = try UnitLexicon(decoding: bytes, key: "test 1")
        #expect(back.forms == lex.forms)
        #expect(back.foldedForms == lex.foldedForms)
        #expect(back.spacedPrefixes == lex.spacedPrefixes)
        #expect(back.firstWords == lex.firstWords)
        #expect(back.maxFormBytes == lex.maxFormBytes)
        #expect(back.perForms == lex.perForms)
        #expect(back.maxPerBytes == lex.maxPerBytes)
        #expect(back.numberWords == lex.numberWords)
        #expect(back.scaleWords == lex.scaleWords)
        #expect(back.scaleWordsByLanguage == lex.scaleWordsByLanguage)
        #expect(back.prefixes == lex.prefixes)
        #expect(back.temperatureNames == lex.temperatureNames)
        #expect(back.locales == lex.locales)
        #expect(back.powerWords.mapValues { "\($0.power) \($0.before)" } == lex.powerWords.mapValues { "\($0.power) \($0.before)" })
        #expect(back.temperatureName("farenheit") == "fahrenheit")
        // The same bytes again: encoding is a function of the lexicon (dictionary order aside, the size is).
        #expect(lex.encoded(key: "test 1").count == bytes.count)
    }

    @Test func damagedOrForeignBytesAreRefused() throws {
        let lex = try UnitLexicon(locales: ["en"])
        let bytes = lex.encoded(key: "k")
        #expect(throws: UnitLexicon.DecodingError.self) { try UnitLexicon(decoding: bytes, key: "other") }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 1
        #expect(throws: UnitLexicon.DecodingError.self) { try UnitLexicon(decoding: flipped, key: "k") }
        #expect(throws: UnitLexicon.DecodingError.self) { try UnitLexicon(decoding: Array(bytes.prefix(bytes.count - 9)), key: "k") }
        #expect(throws: UnitLexicon.DecodingError.self) { try UnitLexicon(decoding: [], key: "k") }
    }

    @Test func foldingDropsAccentsAndDevanagariMarks() {
        #expect(UnitLexicon.fold("Galões") == "galoes")
        #expect(UnitLexicon.fold("kilómetros") == "kilometros")
        #expect(UnitLexicon.fold("фунтов") == "фунтов")
        #expect(UnitLexicon.fold("फ़ॉरेनहाइट") == UnitLexicon.fold("फॉरेन्हाइट"))
        #expect(UnitLexicon.fold("से॰") == "से.")
        #expect(UnitLexicon.fold("पाउंड") == UnitLexicon.fold("पौंड"))
        #expect(UnitLexicon.fold("आउंस") == UnitLexicon.fold("औंस"))
    }

    @Test func temperatureNamesToleranceOfOneEdit() throws {
        let lex = try UnitLexicon(locales: ["en", "it"])
        #expect(lex.temperatureName("fahrenheit") == "fahrenheit")
        #expect(lex.temperatureName("farenheit") == "fahrenheit")
        #expect(lex.temperatureName("celcius") == "celsius")
        #expect(lex.temperatureName("cells") == nil)
        #expect(lex.temperatureAbbreviation("fahr") == "fahrenheit")
        #expect(lex.temperatureAbbreviation("ke") == "kelvin")
    }
}
