import SiftICU

/// The small, hand-kept word lists that the CLDR data cannot give: words that make a number
/// approximate or a range, and short unit forms that are also ordinary words. Multilingual by
/// design; everything else (unit names, number words, scale words) comes from ICU's data.
enum UnitContext {
    /// Words before a number that make it approximate (lower-cased; multi-word entries allowed).
    static let approximateBefore: Set<String> = [
        // en
        "about", "around", "approximately", "approx.", "approx", "roughly", "nearly", "almost", "some", "circa", "ca.", "c.",
        "an estimated", "more or less", "close to", "estimated",
        // de
        "etwa", "ungefähr", "rund", "circa", "zirka", "knapp", "fast", "annähernd",
        // fr
        "environ", "près de", "presque", "quelque", "quelques", "approximativement", "à peu près",
        // es / pt / it
        "aproximadamente", "unos", "unas", "cerca de", "alrededor de", "casi", "aprox.", "cerca di", "circa", "quasi",
        "approssimativamente", "quase", "perto de", "cerca", "uns", "umas",
        // nl / sv
        "ongeveer", "bijna", "zo'n", "ungefär", "nästan", "cirka", "omkring",
        // ru
        "около", "примерно", "приблизительно", "почти", "порядка", "свыше",
        // tr
        "yaklaşık", "yaklasik", "aşağı yukarı",
        // symbols and CJK (no word breaks: matched as the text just before the number)
        "~", "≈", "∼", "約", "约", "大约", "大約", "およそ", "おおよそ", "약", "대략", "लगभग", "करीब",
    ]
    /// Words after a quantity that make it approximate.
    static let approximateAfter: Set<String> = ["左右", "上下", "前後", "ほど", "くらい", "ぐらい", "程度", "余り", "odd", "or so", "정도", "가량"]

    /// Range connectors between two numbers ("10 to 20 km", "10–20 km", "от 10 до 20 км").
    static let rangeConnectors: Set<String> = [
        "-", "–", "—", "~", "〜", "～", "‒", "to", "bis", "à", "a", "al", "till", "tot", "до", "至", "到", "から", "～", "ile", "-", "à",
        "e", "a", "y", "und", "and", "et", "en", "och", "и", "ve", "és", "or", "oder", "ou", "o", "of", "eller", "или",
    ]
    /// Connectors that only join a range after a word like "between" ("between 3 and 5 miles").
    static let conjunctions: Set<String> = ["and", "und", "et", "y", "e", "en", "och", "и", "ve", "or", "oder", "ou", "o", "of", "eller", "или"]
    static let betweenWords: Set<String> = ["between", "zwischen", "entre", "tra", "fra", "tussen", "mellan", "между", "arasında"]

    /// Fillers allowed between a number (or scale word) and its unit ("2 millions de km", "1/4 de milla").
    static let fillers: Set<String> = ["de", "d'", "d’", "of", "di"]

    /// Short forms that are everyday words or letters too: claimed only when written against the
    /// number ("5in", "3pt"), inside a compound ("5 ft 10 in") or as a bracketed conversion.
    static let ambiguousForms: Set<String> = [
        "in", "pt", "an", "at", "to", "To", "da", "de", "do", "no", "mi", "la", "le", "el", "ma", "me", "mo", "yd", "cal", "Cal",
        "d", "h", "s", "t", "p", "a", "c", "C", "F", "K", "B", "b", "j", "J", "N", "P", "T", "V", "W", "A", "G", "M", "k",
        "y", "w", "e", "E", "L", "l", "g", "m", "ч", "м", "г", "с", "т", "л", "д", "у", "“", "″", "′", "'", "\"", "°",
    ]
    /// Of the ambiguous single letters, those that read as units after a space when nothing contradicts
    /// ("5 m", "3 g", "2 l"): the SI symbols writers put after a space by convention.
    static let spacedSymbols: Set<String> = ["m", "g", "l", "L", "h", "s", "t", "°", "м", "г", "ч", "л", "т"]
    /// Words after a number that make it an ordinal, a time of day or a list marker, never a unit.
    static let notUnits: Set<String> = [
        "st", "nd", "rd", "th", "er", "e", "ème", "eme", "re", "ère", "o", "a", "º", "ª", "°.", "ter", "te", "de", "ste",
        "am", "pm", "a.m.", "p.m.", "#", "%", "a. m.", "p. m.", "AM", "PM", "Uhr", "h.", "時", "点", "시", "番", "号", "號", "日", "月", "년", "年",
    ]
    /// Denominators people write that CLDR's `per` patterns do not ("miles an hour", "km à l'heure").
    static let perPhrases: [String: String] = ["an hour": "hour", "a second": "second", "à l'heure": "hour", "a l'heure": "hour",
                                              "all'ora": "hour", "in der stunde": "hour", "la hora": "hour", "an der stunde": "hour"]
    /// Languages that attach case endings to nouns, units included ("10 milden", "5킬로미터를").
    static let agglutinating: Set<String> = ["tr", "fi", "hu", "et", "ko", "ja", "az", "kk", "uz"]
    /// Temperature scales written before the number in East Asian text ("华氏98.6度", "섭씨 20.3").
    static let scalesBefore: [String: String] = ["华氏": "fahrenheit", "華氏": "fahrenheit", "摄氏": "celsius", "攝氏": "celsius",
                                                "화씨": "fahrenheit", "섭씨": "celsius"]
    /// Words that may stand between such a scale and the number ("温度", "の", "マイナス" = minus).
    static let scaleFillers: [String] = ["温度の", "温度", "の", " "]
    static let minusWords: [String] = ["マイナス", "마이너스", "零下", "负", "負", "-", "−"]
    /// Words that make bare "degrees" a temperature rather than an angle.
    static let temperatureWords: [String] = ["temperat", "thermo", "fahrenheit", "celsius", "kelvin", "centigrad", "centígrad", "température", "температур", "温度", "気温", "기온", "온도", "sıcaklık",
                                             "ısı", "तापमान", "warm", "heat", "hot", "cold", "chaud", "froid", "calor", "frío", "caldo", "freddo",
                                             "heiß", "kalt", "quente", "frio", "жар", "холод", "varm", "kall", "fever", "fieber", "fièvre", "fiebre"]
    /// Words for the temperature scales that follow "degrees" ("98.6 degrees F", "20 Grad C").
    static let degreeScale: [String: String] = ["c": "celsius", "f": "fahrenheit", "k": "kelvin"]
    /// Forms of "degree" (the angle unit) that, followed by a scale letter, mean a temperature.
    static let degreeWords: Set<String> = ["degree", "degrees", "deg", "deg.", "°", "grad", "grados", "grado", "graus", "grau", "gradi", "degré", "degrés", "градус", "градусов", "градуса", "度", "graden", "grader",
                                              "gr", "gr.", "derece", "डिग्री", "grad.", "graad"]

    /// Unit names that writers use and CLDR does not list (colloquial names, clipped forms, other
    /// spellings), by language. CLDR's own forms always come first; these only add readings.
    static let extraForms: [UnitLexicon.ExtraForm] = [
        // Temperature: "centigrade" and its cognates name the Celsius scale.
        .init("centigrade", "celsius", "en"), .init("centigrades", "celsius", "fr"), .init("centígrado", "celsius", "es"),
        .init("centígrados", "celsius", "es"), .init("centigrado", "celsius", "it"), .init("centigradi", "celsius", "it"),
        .init("celsiusgrader", "celsius", "sv"), .init("fahrenheitgrader", "fahrenheit", "sv"), .init("सेंटिग्रेड", "celsius", "hi"),
        // Mass: "kilo(s)" for kilograms in most European languages; "lbs"; Chinese 公斤 (CLDR: 千克).
        .init("kilo", "kilogram", "en"), .init("kilos", "kilogram", "en"), .init("Kilo", "kilogram", "de"),
        .init("kilo", "kilogram", "nl"), .init("kilo", "kilogram", "sv"), .init("kilo", "kilogram", "es"), .init("kilos", "kilogram", "es"),
        .init("kilo", "kilogram", "pt"), .init("quilos", "kilogram", "pt"), .init("quilo", "kilogram", "pt"), .init("kilo", "kilogram", "fr"),
        .init("kilo", "kilogram", "tr"), .init("lbs", "pound", "en"), .init("pond", "pound", "nl"),
        .init("公斤", "kilogram", "zh"),
        // Length: Chinese 千米 (kilometre) and 公分 (centimetre); Japanese センチ and ミリ, clipped.
        .init("千米", "kilometer", "zh"), .init("公分", "centimeter", "zh"), .init("センチ", "centimeter", "ja"),
        .init("ミリ", "millimeter", "ja"),
        // Volume: "cc" (cubic centimetres), Dutch "kuub" (cubic metres).
        .init("cc", "cubic-centimeter", "en"), .init("kuub", "cubic-meter", "nl"),
        // Speed: "kph", "kmph".
        .init("kph", "kilometer-per-hour", "en"), .init("kmph", "kilometer-per-hour", "en"),
        // "metric ton" in the languages whose CLDR names say only "ton" or spell it otherwise.
        .init("metric tonne", "tonne", "en"), .init("metric tonnes", "tonne", "en"), .init("metrik ton", "tonne", "tr"),
        .init("metrische ton", "tonne", "nl"), .init("メートルトン", "tonne", "ja"), .init("미터톤", "tonne", "ko"),
        .init("tonelada métrica", "tonne", "es"), .init("toneladas métricas", "tonne", "es"),
        // Angles: Dutch "graden" (CLDR: booggraden); turns for revolutions ("3 turns", "media vuelta").
        .init("graad", "degree", "nl"), .init("graden", "degree", "nl"),
        .init("turn", "revolution", "en"), .init("turns", "revolution", "en"), .init("vuelta", "revolution", "es"),
        .init("vueltas", "revolution", "es"), .init("volta", "revolution", "pt"), .init("voltas", "revolution", "pt"),
        .init("giro", "revolution", "it"), .init("giri", "revolution", "it"), .init("draai", "revolution", "nl"),
    ]

    /// "Half" as a number before a unit ("a half turn", "media vuelta", "mezzo litro"), by language.
    static let halfWords: [String: String] = [
        "half": "en", "halbe": "de", "halben": "de", "halber": "de", "halbes": "de", "demi": "fr", "demie": "fr",
        "mezzo": "it", "mezza": "it", "meia": "pt", "meio": "pt", "media": "es", "medio": "es", "halvt": "sv", "halv": "sv",
        "halve": "nl", "halva": "sv",
    ]

    /// Words that make a length an area or a volume and that CLDR's names do not show: Italian
    /// "quadri" (metri quadri), Korean 평방 and 입방 (square, cubic; CLDR: 제곱, 세제곱).
    static let extraPowerWords: [String: (power: Int, before: Bool)] = ["quadri": (2, false), "평방": (2, true), "입방": (3, true)]
}
