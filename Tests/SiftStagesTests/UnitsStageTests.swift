import Sift
import SiftTestSupport
import Testing

/// The `units` stage on sentences written for these tests, in English, German, French, Spanish,
/// Russian, Chinese and Japanese.
@Suite struct UnitsStageTests {
    struct Q: Equatable, CustomStringConvertible {
        let text: String
        let type: String
        let value: Double
        let unit: String
        var description: String { "\(text)|\(type)|\(value)|\(unit)" }
    }

    static func annotate(_ text: String, action: String = "annotate") throws -> (Document, [Q]) {
        let d = try TestSupport.run("stages: [ { units: { action: \(action) } } ]", text)
        let qs = d.spans.map { s in
            Q(text: TestSupport.covered(s, in: d), type: s.type, value: s.attributes["value"]!.doubleValue!, unit: s.attributes["unit"]!.stringValue!)
        }
        return (d, qs)
    }

    static func found(_ text: String) throws -> [String] { try annotate(text).1.map(\.description) }

    // MARK: - The seed's cases

    @Test func linkedConversionIsFoundAndChecked() throws {
        let (d, qs) = try Self.annotate("The lake lies about 425 miles (680 kilometers) north of the capital.", action: "check")
        #expect(qs.map(\.description) == ["425 miles|quantity|425.0|mile", "680 kilometers|quantity|680.0|kilometer"])
        #expect(d.spans[0].attributes["link"] == 1 && d.spans[1].attributes["link"] == 1)
        #expect(d.spans[0].attributes["role"] == "original" && d.spans[1].attributes["role"] == "conversion")
        #expect(d.spans[0].attributes["approximate"] == true)
        #expect(d.spans[0].attributes["category"] == "length")
        #expect(d.spans[0].attributes["si_value"] == .double(683971.2))
        #expect(d.spans[1].attributes["check"] == "agrees")
        #expect(d.spans[1].attributes["expected"] == .double(683.971))
        #expect(d.metadata["units_check"] == ["conversions": 1, "agree": 1, "disagree": 0])
    }

    @Test func checkSaysWhenAConversionIsWrong() throws {
        let (d, _) = try Self.annotate("The path is 2 miles (5 km) long and 3 feet (0.9 m) wide.", action: "check")
        #expect(d.spans.compactMap { $0.attributes["check"]?.stringValue } == ["disagrees", "agrees"])
        #expect(d.metadata["units_check"] == ["conversions": 2, "agree": 1, "disagree": 1])
    }

    @Test func durationsAreNotQuantities() throws {
        let (d, qs) = try Self.annotate("Talks have dragged on for the past 17 months.")
        #expect(qs.map(\.description) == ["17 months|duration|17.0|month"])
        #expect(d.spans[0].attributes["category"] == "duration")
        let converted = try TestSupport.run("stages: [ { units: { action: convert } } ]", "Talks have dragged on for the past 17 months.")
        #expect(converted.text == "Talks have dragged on for the past 17 months.")
    }

    @Test func clockTimesAndTimeZonesAreNotQuantities() throws {
        #expect(try Self.found("The train left at 7 p.m. (1000 GMT) on Friday.") == [])
        #expect(try Self.found("Doors open at 10:30 and close at 9 pm.") == [])
    }

    @Test func yearsDatesVersionsOrdinalsAndPhonesAreNotQuantities() throws {
        #expect(try Self.found("In 2019, on 17.03.2020, version 1.2.3 came 1st; call 555-1234 or +1 212 555 0100.") == [])
        #expect(try Self.found("Le 2e jour, la 3ème fois, el 1º de mayo, am 5. Mai.") == [])
        #expect(try Self.found("The A320 and the B12 code 24703L202.") == [])
    }

    // MARK: - Numbers

    @Test func localeSeparators() throws {
        #expect(try Self.found("Die Strecke misst 1.234,5 km.") == ["1.234,5 km|quantity|1234.5|kilometer"])
        #expect(try Self.found("The tank holds 1,234.5 liters.") == ["1,234.5 liters|quantity|1234.5|liter"])
        #expect(try Self.found("Il reste 1 234,5 mètres.") == ["1 234,5 mètres|quantity|1234.5|meter"])
        #expect(try Self.found("Ein Feld von 4.050 m².") == ["4.050 m²|quantity|4050.0|square-meter"])
        #expect(try Self.found("Es un tramo de 2,5 kilómetros.") == ["2,5 kilómetros|quantity|2.5|kilometer"])
    }

    @Test func spelledOutNumbers() throws {
        #expect(try Self.found("It was twenty miles away.") == ["twenty miles|quantity|20.0|mile"])
        #expect(try Self.found("Noch dreiundzwanzig Kilometer bis zum Ziel.") == ["dreiundzwanzig Kilometer|quantity|23.0|kilometer"])
        #expect(try Self.found("Il marche deux kilomètres.") == ["deux kilomètres|quantity|2.0|kilometer"])
        #expect(try Self.found("Caminamos seis millas.") == ["seis millas|quantity|6.0|mile"])
        // "tres" is Danish sixty too: the unit's language decides.
        #expect(try Self.found("Un viaje de tres pies.") == ["tres pies|quantity|3.0|foot"])
        #expect(try Self.found("Осталось сто километров.") == ["сто километров|quantity|100.0|kilometer"])
        #expect(try Self.found("重四十克。") == ["四十克|quantity|40.0|gram"])
        // A Norwegian "two" before an English unit is not a number.
        #expect(try Self.found("He wanted to drop by.") == [])
    }

    @Test func fractionsRangesAndScales() throws {
        #expect(try Self.found("We walked 2½ miles.") == ["2½ miles|quantity|2.5|mile"])
        #expect(try Self.found("It needs 10 1/2 miles of cable.") == ["10 1/2 miles|quantity|10.5|mile"])
        #expect(try Self.found("Un óvalo de 1/4 de milla.") == ["1/4 de milla|quantity|0.25|mile"])
        let (d, qs) = try Self.annotate("The rain band is 10–20 km wide, between 3 and 5 miles.")
        #expect(qs.map(\.description) == ["10–20 km|quantity|10.0|kilometer", "3 and 5 miles|quantity|3.0|mile"])
        #expect(d.spans[0].attributes["range"] == [10, 20])
        #expect(d.spans[1].attributes["range"] == [3, 5])
        #expect(try Self.found("They use 2.4 billion gallons a year.") == ["2.4 billion gallons|quantity|2400000000.0|gallon"])
        #expect(try Self.found("Es wurden 1,5 Millionen Tonnen.") == ["1,5 Millionen Tonnen|quantity|1500000.0|tonne"])
        #expect(try Self.found("東京から3万トン。") == ["3万トン|quantity|30000.0|tonne"])
        // Groups of digits and scale characters: 16,000, 34,500, 291,890, 9 × 10¹¹.
        #expect(try Self.found("収穫量が1万6千メートルトン少ない") == ["1万6千メートルトン|quantity|16000.0|tonne"])
        #expect(try Self.found("銅陰極3 万 4,500メートルトン、総量29万1,890メートルトン") == ["3 万 4,500メートルトン|quantity|34500.0|tonne", "29万1,890メートルトン|quantity|291890.0|tonne"])
        #expect(try Self.found("생산량을 3만 4천 500 미터톤으로, 29만 천 890 미터톤을") == ["3만 4천 500 미터톤|quantity|34500.0|tonne", "29만 천 890 미터톤|quantity|291890.0|tonne"])
        #expect(try Self.found("쉘은 9천억 입방 피트를 수출할") == ["9천억 입방 피트|quantity|900000000000.0|cubic-foot"])
        #expect(try Self.found("日均20万公斤，12千米") == ["20万公斤|quantity|200000.0|kilogram", "12千米|quantity|12.0|kilometer"])
    }

    @Test func compounds() throws {
        let (d, qs) = try Self.annotate("He is 5 ft 10 in tall; she is 6'2\".")
        #expect(qs.map(\.text) == ["5 ft 10 in", "6'2\""])
        #expect(qs.map(\.unit) == ["foot-and-inch", "foot-and-inch"])
        #expect(d.spans[0].attributes["parts"] == [[5, "foot"], [10, "inch"]])
        #expect(abs(qs[0].value - 70.0 / 12) < 1e-9)
        // Not a compound: a second quantity worth more than one of the first unit, or of another system.
        #expect(try Self.found("bir metrik ton, 2.204,62 libreye eşittir") == ["bir metrik ton|quantity|1.0|tonne", "2.204,62 libreye|quantity|2204.62|pound"])
        #expect(try Self.found("He weighs 70 kilos, 154 lbs.") == ["70 kilos|quantity|70.0|kilogram", "154 lbs|quantity|154.0|pound"])
    }

    @Test func approximations() throws {
        let (d, _) = try Self.annotate("About 425 miles, ~3 km, etwa 5 Meilen, environ 6 km, примерно 7 км, 约680公里, 約680キロメートル, 8 km exactly.")
        #expect(d.spans.map { $0.attributes["approximate"] } == [true, true, true, true, true, true, true, false])
    }

    // MARK: - Languages and scripts

    @Test func unitNamesInManyLanguages() throws {
        #expect(try Self.found("Wladiwostok liegt etwa 425 Meilen entfernt.") == ["425 Meilen|quantity|425.0|mile"])
        #expect(try Self.found("До города 680 км.") == ["680 км|quantity|680.0|kilometer"])
        #expect(try Self.found("距离首都680公里。") == ["680公里|quantity|680.0|kilometer"])
        #expect(try Self.found("時速120キロメートルで走る。") == ["時速120キロメートル|quantity|120.0|kilometer-per-hour"])
        #expect(try Self.found("列车每小时120公里。") == ["每小时120公里|quantity|120.0|kilometer-per-hour"])
        #expect(try Self.found("La temperatura es de 24 grados C.") == ["24 grados C|quantity|24.0|celsius"])
        #expect(try Self.found("Il fait -5 °C dehors.") == ["-5 °C|quantity|-5.0|celsius"])
        #expect(try Self.found("It ran at 60 miles per hour.") == ["60 miles per hour|quantity|60.0|mile-per-hour"])
        #expect(try Self.found("Er fuhr 30 Kilometer pro Stunde.") == ["30 Kilometer pro Stunde|quantity|30.0|kilometer-per-hour"])
        #expect(try Self.found("Set it to 98.6 degrees F.") == ["98.6 degrees F|quantity|98.6|fahrenheit"])
        // Areas and volumes with the power word apart, as CLDR's own names put it.
        #expect(try Self.found("Un terrain de 660 metri quadrati.") == ["660 metri quadrati|quantity|660.0|square-meter"])
        #expect(try Self.found("Il faut 3 pieds cubes.") == ["3 pieds cubes|quantity|3.0|cubic-foot"])
        #expect(try Self.found("The park covers 190 km2.") == ["190 km2|quantity|190.0|square-kilometer"])
    }

    @Test func namesWrittenWithoutTheirAccents() throws {
        // Writers drop accents: "galoes" (galões), "kilometros" (kilómetros), "metres" (mètres).
        #expect(try Self.found("Um aquário de 10 galoes de água.") == ["10 galoes|quantity|10.0|gallon"])
        #expect(try Self.found("Queda a unos 325 kilometros de aqui.") == ["325 kilometros|quantity|325.0|kilometer"])
        #expect(try Self.found("La piste fait 12 metres de large.") == ["12 metres|quantity|12.0|meter"])
        // Devanagari spellings that differ by a nukta or a virama from CLDR's.
        #expect(try Self.found("सामान्य तापमान 98.6 डिग्री फ़ॉरेनहाइट होता है") == ["98.6 डिग्री फ़ॉरेनहाइट|quantity|98.6|fahrenheit"])
        #expect(try Self.found("टेक्सास में 90 फ़ॉरेनहाइट है") == ["90 फ़ॉरेनहाइट|quantity|90.0|fahrenheit"])
        #expect(try Self.found("आपका वजन 200 पाउंड है") == ["200 पाउंड|quantity|200.0|pound"])
    }

    @Test func degreesWithAnAbbreviatedOrMisspeltScale() throws {
        #expect(try Self.found("Buiten is het 6 gr. C vandaag.") == ["6 gr. C|quantity|6.0|celsius"])
        #expect(try Self.found("कार को 24 डिग्री से. पर कर दो.") == ["24 डिग्री से.|quantity|24.0|celsius"])
        #expect(try Self.found("तापमान को 70 डिग्री फ़ॉ. सेट करिए") == ["70 डिग्री फ़ॉ.|quantity|70.0|fahrenheit"])
        #expect(try Self.found("Bake it at 250 deg centigrade.") == ["250 deg centigrade|quantity|250.0|celsius"])
        #expect(try Self.found("It was 100.2 degrees farenheit and 10.5 celcius.") == ["100.2 degrees farenheit|quantity|100.2|fahrenheit", "10.5 celcius|quantity|10.5|celsius"])
        #expect(try Self.found("Sono 100,2 gradi farenheit.") == ["100,2 gradi farenheit|quantity|100.2|fahrenheit"])
        #expect(try Self.found("Deje la temperatura en 40 centígrados.") == ["40 centígrados|quantity|40.0|celsius"])
        // A case ending on the scale's name (Turkish).
        #expect(try Self.found("normal ısı 98,6 derece fahrenhayttır") == ["98,6 derece fahrenhayttır|quantity|98.6|fahrenheit"])
        // A word one letter away from a scale is not always a scale: "celsiur" is, "cells" is not.
        #expect(try Self.found("We grew 40 cells.") == [])
    }

    @Test func kelvinNeedsTemperatureAround() throws {
        #expect(try Self.found("convertir 200 K en fahrenheit") == ["200 K|quantity|200.0|kelvin"])
        #expect(try Self.found("Converter 106 K em graus centígrados") == ["106 K|quantity|106.0|kelvin"])
        #expect(try Self.found("She ran a 5 K race and earned 200 K a year.") == [])
    }

    @Test func namesCLDRDoesNotList() throws {
        #expect(try Self.found("He weighs 70 kilos and 200lbs is too much.") == ["70 kilos|quantity|70.0|kilogram", "200lbs|quantity|200.0|pound"])
        #expect(try Self.found("och hans barn väger mer än 2 kilo.") == ["2 kilo|quantity|2.0|kilogram"])
        #expect(try Self.found("Het zwembad heeft een inhoud van 2500 kuub.") == ["2500 kuub|quantity|2500.0|cubic-meter"])
        #expect(try Self.found("A 1.171 cc engine, written 10kph or 10kmph.") == ["1.171 cc|quantity|1.171|cubic-centimeter", "10kph|quantity|10.0|kilometer-per-hour", "10kmph|quantity|10.0|kilometer-per-hour"])
        #expect(try Self.found("负0.2千米") == ["负0.2千米|quantity|-0.2|kilometer"])
        #expect(try Self.found("華氏マイナス20度") == ["華氏マイナス20度|quantity|-20.0|fahrenheit"])
        #expect(try Self.found("如今身高168公分，日均20万公斤，跑了12千米") == ["168公分|quantity|168.0|centimeter", "20万公斤|quantity|200000.0|kilogram", "12千米|quantity|12.0|kilometer"])
        #expect(try Self.found("今の身長は168センチ、7.62ミリの銃身") == ["168センチ|quantity|168.0|centimeter", "7.62ミリ|quantity|7.62|millimeter"])
        #expect(try Self.found("1メートルトンは2,204.62ポンド") == ["1メートルトン|quantity|1.0|tonne", "2,204.62ポンド|quantity|2204.62|pound"])
        #expect(try Self.found("een metrische ton is 2.204,62 pond") == ["een metrische ton|quantity|1.0|tonne", "2.204,62 pond|quantity|2204.62|pound"])
        #expect(try Self.found("Un terreno di 660 metri quadri e 19만 평방 미터.") == ["660 metri quadri|quantity|660.0|square-meter", "19만 평방 미터|quantity|190000.0|square-meter"])
    }

    @Test func turnsAndHalves() throws {
        #expect(try Self.found("make a half turn, then rotate 3 turns") == ["half turn|quantity|0.5|revolution", "3 turns|quantity|3.0|revolution"])
        #expect(try Self.found("dar media vuelta y girar 3 vueltas") == ["media vuelta|quantity|0.5|revolution", "3 vueltas|quantity|3.0|revolution"])
        #expect(try Self.found("dar meia volta; girar 3 voltas") == ["meia volta|quantity|0.5|revolution", "3 voltas|quantity|3.0|revolution"])
        #expect(try Self.found("fare mezzo giro, bere mezzo litro") == ["mezzo giro|quantity|0.5|revolution", "mezzo litro|quantity|0.5|liter"])
        #expect(try Self.found("faire un demi tour") == ["demi tour|quantity|0.5|revolution"])
        // "half" before no unit is no number.
        #expect(try Self.found("Half the people left; la media de edad.") == [])
        // Nor is an acronym that spells a number in another language ("NUL": Dutch zero).
        #expect(try Self.found("It strips NUL bytes.") == [])
        // Ordinals count nothing: "the second turns" is no two turns.
        #expect(try Self.found("On the second turns left.") == [])
    }

    @Test func symbolsInCapitals() throws {
        // Capitals are not a licence to read any lower-case form: "Jul" is July, not joules.
        #expect(try Self.found("Released on 26 Jul 2019 for 20CAD.") == [])
        #expect(try Self.found("如今身高168CM") == ["168CM|quantity|168.0|centimeter"])
        #expect(try Self.found("Bei 500Km ist Pause.") == ["500Km|quantity|500.0|kilometer"])
    }

    @Test func ambiguousShortFormsNeedContext() throws {
        // "in", "pt", "t" are words too: only claimed against the number or inside a compound.
        #expect(try Self.found("He came 5 in a row, scored 3 pt and left.") == [])
        #expect(try Self.found("A 5in screen and 3t of sand.") == ["5in|quantity|5.0|inch", "3t|quantity|3.0|tonne"])
        // Money is not a length: "$5 m".
        #expect(try Self.found("It costs $5 m.") == [])
    }

    @Test func codesAndForeignWordsAreNotQuantities() throws {
        // Prepositions that are number words elsewhere ("to": Norwegian two), time-zone offsets,
        // version suffixes, lone letters.
        #expect(try Self.found("Port it to HP-UX; Fri, 12 Oct 2012 17:32:31 +0100 cups-pk-helper; SCO 3.2v4.") == [])
        #expect(try Self.found("See bash-2.04-devel, libc++-19-dev, exec(3p), i[3456]86-pc, 1Mi+1 names, 1 To enable.") == [])
        #expect(try Self.found("TypeScript 6 vs. 5, a size (64k in all), debian/{90qt-a11y}.") == [])
        #expect(try Self.found("It went from 40 s to 20 s.") == ["40 s|duration|40.0|second", "20 s|duration|20.0|second"])
    }

    @Test func theDocumentsLanguageSettlesForeignNames() throws {
        // "times" is a Norwegian case form of "time" (hour); in a document known to be English it is not a unit.
        let p = try TestSupport.pipeline("stages: [ { units: { action: annotate } } ]")
        let docs = try Runner.apply(p, to: [Document(id: "a", text: "It is 29 times faster and 3 km long.", metadata: ["language": "en"])])
        #expect(docs[0].spans.map { TestSupport.covered($0, in: docs[0]) } == ["3 km"])
    }

    // MARK: - Rewriting

    @Test func convertToMetric() throws {
        let d = try TestSupport.run("stages: [ { units: { action: convert } } ]",
                                    "The lake is 2 miles wide, the oven at 350 °F, a 3-gallon can weighs 12 pounds.")
        #expect(d.text == "The lake is 3.2 km wide, the oven at 177°C, a 11 L can weighs 5.4 kg.")
        #expect(d.spans[0].attributes["original"] == "2 miles")
        #expect(d.spans[0].attributes["unit"] == "kilometer")
        #expect(TestSupport.covered(d.spans[0], in: d) == "3.2 km")
        #expect(TestSupport.covered(d.spans[3], in: d) == "5.4 kg")
    }

    @Test func convertToALocalesPreferences() throws {
        let d = try TestSupport.run("stages: [ { units: { action: convert, locale: de } } ]", "A 2 mile walk at 60 miles per hour.")
        #expect(d.text == "A 3,2 km walk at 97 km/h.")
        let us = try TestSupport.run("stages: [ { units: { action: convert, system: us } } ]", "Die Strecke ist 100 km lang.")
        #expect(us.text == "Die Strecke ist 62 mi lang.")
    }

    @Test func appendUnlessGiven() throws {
        let d = try TestSupport.run("stages: [ { units: { action: append } } ]",
                                    "It is 425 miles (680 kilometers) away and 2 miles wide.")
        #expect(d.text == "It is 425 miles (680 kilometers) away and 2 miles (3.2 km) wide.")
        let spans = d.spans.map { TestSupport.covered($0, in: d) }
        #expect(spans == ["425 miles", "680 kilometers", "2 miles", "3.2 km"])
        #expect(d.spans[3].attributes["appended"] == true)
        let german = try TestSupport.run("stages: [ { units: { action: append } } ]", "Die Strecke ist 425 Meilen lang.")
        #expect(german.text == "Die Strecke ist 425 Meilen (684 km) lang.")
    }

    @Test func usagePicksTheUnitPeopleUse() throws {
        let d = try TestSupport.run("stages: [ { units: { action: convert, usage: person-height } } ]", "He is 5 ft 10 in tall.")
        #expect(d.text == "He is 178 cm tall.")
    }

    @Test func optionErrors() throws {
        #expect(TestSupport.diagnostics("stages: [ { units: { usage: sideways } } ]")?.contains("CLDR has no usage 'sideways'") == true)
        #expect(TestSupport.diagnostics("stages: [ { units: { system: imperial } } ]") != nil)
    }

    @Test func namedPipelines() throws {
        let metric = try TestSupport.run("stages: [ { use: metric } ]", "A 2 mile walk.")
        #expect(metric.text == "A 3.2 km walk.")
        let check = try TestSupport.run("stages: [ { use: check-units } ]", "It is 425 miles (680 kilometers) away.")
        #expect(check.metadata["units_check"] == ["conversions": 1, "agree": 1, "disagree": 0])
    }
}
