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
        "in", "pt", "an", "at", "to", "da", "de", "do", "no", "mi", "la", "le", "el", "ma", "me", "mo", "yd", "cal", "Cal",
        "d", "h", "s", "t", "p", "a", "c", "C", "F", "K", "B", "b", "j", "J", "N", "P", "T", "V", "W", "A", "G", "M", "k",
        "y", "w", "e", "E", "L", "l", "g", "m", "ч", "м", "г", "с", "т", "л", "д", "у", "“", "″", "′", "'", "\"", "°",
    ]
    /// Of the ambiguous single letters, those that read as units after a space when nothing contradicts
    /// ("5 m", "3 g", "2 l"): the SI symbols writers put after a space by convention.
    static let spacedSymbols: Set<String> = ["m", "g", "l", "L", "h", "s", "t", "°", "м", "г", "ч", "л", "т"]
    /// Words after a number that make it an ordinal, a time of day or a list marker, never a unit.
    static let notUnits: Set<String> = [
        "st", "nd", "rd", "th", "er", "e", "ème", "eme", "re", "ère", "o", "a", "º", "ª", "°.", "ter", "te", "de", "ste",
        "am", "pm", "a.m.", "p.m.", "a. m.", "p. m.", "AM", "PM", "Uhr", "h.", "時", "点", "시", "番", "号", "號", "日", "月", "년", "年",
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
    static let temperatureWords: [String] = ["temperat", "thermo", "température", "температур", "温度", "気温", "기온", "온도", "sıcaklık",
                                             "ısı", "तापमान", "warm", "heat", "hot", "cold", "chaud", "froid", "calor", "frío", "caldo", "freddo",
                                             "heiß", "kalt", "quente", "frio", "жар", "холод", "varm", "kall", "fever", "fieber", "fièvre", "fiebre"]
    /// Words for the temperature scales that follow "degrees" ("98.6 degrees F", "20 Grad C").
    static let degreeScale: [String: String] = ["c": "celsius", "f": "fahrenheit", "k": "kelvin"]
    /// Forms of "degree" (the angle unit) that, followed by a scale letter, mean a temperature.
    static let degreeWords: Set<String> = ["degree", "degrees", "deg", "deg.", "°", "grad", "grados", "grado", "graus", "grau", "gradi", "degré", "degrés", "градус", "градусов", "градуса", "度", "graden", "grader"]
}
