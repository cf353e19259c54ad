import Sift
import SiftICU

/// A quantity found in text: a number (or range, or compound) and its unit, in UTF-8 byte offsets.
struct Quantity {
    var range: Range<Int>
    var value: Double
    /// The upper end of a range ("10–20 km" → 20).
    var high: Double?
    var unit: String
    var category: String
    var language: String
    /// Whether the unit's written form belongs to that language alone ("Meilen"), not to many ("km").
    var languageSure = false
    var approximate = false
    /// Half the step of the last written digit ("680" → 5, "683.97" → 0.005): how far the true
    /// value may be from the written one if the writer rounded.
    var halfStep: Double
    /// For compounds ("5 ft 10 in"): each part.
    var parts: [(Double, String)] = []
    var isDuration: Bool { category == "duration" }
}

/// Finds quantities in UTF-8 text with a ``UnitModel``. One per worker: it keeps ICU number parsers.
final class QuantityFinder {
    let model: UnitModel
    private var decimalParsers: [String: NumberParser] = [:]
    private var spelloutParsers: [String: NumberParser?] = [:]
    /// The document's language when known (metadata `language`), preferred for ambiguous forms.
    var preferredLanguage: String?

    init(model: UnitModel) { self.model = model }

    // MARK: - Bytes and scalars

    private var b = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var n: Int { b.count }

    @inline(__always) private func isDigit(_ i: Int) -> Bool { i >= 0 && i < n && b[i] >= 0x30 && b[i] <= 0x39 }

    /// The scalar starting at byte i and its length.
    private func scalar(at i: Int) -> (Unicode.Scalar, Int)? {
        guard i >= 0, i < n else { return nil }
        let c = b[i]
        if c < 0x80 { return (Unicode.Scalar(c), 1) }
        var len = 2, v = UInt32(c & 0x1F)
        if c >= 0xF0 { len = 4; v = UInt32(c & 0x07) } else if c >= 0xE0 { len = 3; v = UInt32(c & 0x0F) }
        guard i + len <= n else { return nil }
        for k in 1..<len { v = (v << 6) | UInt32(b[i + k] & 0x3F) }
        return Unicode.Scalar(v).map { ($0, len) }
    }

    /// The scalar ending just before byte i.
    private func scalar(before i: Int) -> (Unicode.Scalar, Int)? {
        guard i > 0 else { return nil }
        var s = i - 1
        while s > 0 && b[s] & 0xC0 == 0x80 && i - s < 4 { s -= 1 }
        return scalar(at: s).map { ($0.0, s) }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\u{A0}" || s == "\u{202F}" || s == "\u{2009}" || s == "\u{2007}" || s == "\t" || s == "\u{3000}"
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
        let p = s.properties
        return p.isAlphabetic || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
    }

    /// Scripts written without spaces between words, where a unit may touch the next word.
    static func isUnspaced(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x0E00...0x0EFF).contains(v) || (0x1100...0x11FF).contains(v) || (0xFF00...0xFFEF).contains(v) || v >= 0x20000
    }

    private func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }

    private func skipSpaces(_ i: Int, max: Int = 2) -> Int {
        var j = i, count = 0
        while count < max, let (s, len) = scalar(at: j), Self.isSpace(s) { j += len; count += 1 }
        return j
    }

    /// The word (letters, plus a final '.' or "'" when glued to it) starting at i.
    private func word(at i: Int) -> Range<Int>? {
        var j = i
        while let (s, len) = scalar(at: j), Self.isLetter(s) { j += len }
        return j > i ? i..<j : nil
    }

    // MARK: - Numbers

    struct Number {
        var start: Int
        var end: Int
        var value: Double
        var halfStep: Double
        var isInteger: Bool
        var spelled = false
        var language: String? = nil
        /// For spelt-out numbers: every language whose spellout has all the words.
        var languages: [String] = []
        /// The scale word applied ("billion") and its factor, to correct once the language is known.
        var scaleWord: String? = nil
        var scale = 1.0
    }

    private func parser(_ language: String) -> NumberParser? {
        if let p = decimalParsers[language] { return p }
        guard let p = try? NumberParser(locale: language) else { return nil }
        decimalParsers[language] = p
        return p
    }

    private func speller(_ language: String) -> NumberParser? {
        if let p = spelloutParsers[language] { return p }
        let p = try? NumberParser(locale: language, style: .spellout)
        spelloutParsers[language] = p
        return p
    }

    /// Reads digits with grouping and decimal separators at i. `decimalHint` decides "1,234" /
    /// "1.234" (one separator followed by three digits) the way the unit's language writes numbers.
    /// Returns nil for things shaped like dates, versions or clock times ("17.03.2020", "1.2.3", "10:30").
    private func readDigits(at i: Int, decimalHint: UInt8?) -> (number: Number?, end: Int) {
        var j = i
        var groups: [Range<Int>] = []
        var seps: [UInt8] = []  // ',', '.', or ' ' for space-like and apostrophes
        var gs = j
        while isDigit(j) { j += 1 }
        groups.append(gs..<j)
        while j < n {
            let c = b[j]
            var sepLen = 0
            var kind: UInt8 = 0
            if c == UInt8(ascii: ",") || c == UInt8(ascii: ".") { sepLen = 1; kind = c }
            else if c == UInt8(ascii: "'") { sepLen = 1; kind = UInt8(ascii: " ") }
            else if c == UInt8(ascii: " ") { sepLen = 1; kind = UInt8(ascii: " ") }
            else if c == 0xC2, j + 1 < n, b[j + 1] == 0xA0 { sepLen = 2; kind = UInt8(ascii: " ") }
            else if c == 0xE2, j + 2 < n, b[j + 1] == 0x80, b[j + 2] == 0xAF || b[j + 2] == 0x89 || b[j + 2] == 0x99 { sepLen = 3; kind = UInt8(ascii: " ") }
            guard sepLen > 0, isDigit(j + sepLen) else { break }
            var k = j + sepLen
            gs = k
            while isDigit(k) { k += 1 }
            if kind == UInt8(ascii: " ") {
                // Space-like grouping: exactly three digits, and only after a group of at most three.
                if k - gs != 3 || groups.last!.count > 3 || (isDigit(k)) { break }
                if groups.count == 1 && groups[0].count > 3 { break }
            }
            seps.append(kind)
            groups.append(gs..<k)
            j = k
        }
        let end = j
        // Clock times and dates: "10:30", "10.30 Uhr" handled by notUnits; "12/05/2020".
        if end < n, b[end] == UInt8(ascii: ":"), isDigit(end + 1) { return (nil, skipClock(end)) }
        if seps.isEmpty {
            // "0100", "007": zero-padded integers are codes, times and offsets, not measurements.
            if groups[0].count > 1 && b[groups[0].lowerBound] == UInt8(ascii: "0") { return (nil, end) }
            let v = Double(text(groups[0]))!
            var zeros = 0
            for k in groups[0].reversed() where b[k] == UInt8(ascii: "0") { zeros += 1 } // counted below properly
            zeros = 0
            var k = groups[0].upperBound - 1
            while k > groups[0].lowerBound && b[k] == UInt8(ascii: "0") { zeros += 1; k -= 1 }
            return (Number(start: i, end: end, value: v, halfStep: 0.5 * pow10(zeros), isInteger: true), end)
        }
        // Decide which separator (if any) is the decimal one.
        let marks = seps.filter { $0 != UInt8(ascii: " ") }
        var decimal: UInt8? = nil
        if let last = marks.last {
            let kinds = Set(marks)
            if kinds.count == 2 {
                decimal = last
                if marks.filter({ $0 == last }).count != 1 || seps.last != last { return (nil, end) }
            } else if marks.count > 1 {
                decimal = nil  // all grouping
            } else {
                // One '.' or ','.
                let idx = seps.lastIndex(of: last)!
                let after = groups[idx + 1]
                let first = groups[0]
                let groupingShape = after.count == 3 && first.count <= 3 && !(first.count == 1 && b[first.lowerBound] == UInt8(ascii: "0")) && idx == seps.count - 1
                if seps.contains(UInt8(ascii: " ")) { decimal = last }
                else if !groupingShape { decimal = last }
                else if let hint = decimalHint { decimal = hint == last ? last : nil }
                // No telling convention: "4.050" or "10,800" (three digits ending in 0) are groupings,
                // since nobody writes a needless third decimal; "1.234" reads the English way.
                else if b[after.upperBound - 1] == UInt8(ascii: "0") { decimal = nil }
                else { decimal = last == UInt8(ascii: ".") ? last : nil }
            }
        }
        // Validate the grouping: every group after a grouping separator has three digits, the first at most three.
        var digits = ""
        var fraction = 0
        for (k, g) in groups.enumerated() {
            if k > 0 {
                let sep = seps[k - 1]
                if sep == decimal && k == groups.count - 1 {
                    digits += "."
                    fraction = g.count
                } else {
                    if g.count != 3 { return (nil, end) }
                    if k == 1 && groups[0].count > 3 { return (nil, end) }
                }
            }
            digits += text(g)
        }
        guard var v = Double(digits) else { return (nil, end) }
        // Ask ICU too, in a locale that writes numbers this way, and accept only a full parse.
        let usesCommaDecimal = decimal == UInt8(ascii: ",") || (decimal == nil && marks.first == UInt8(ascii: "."))
        let language = usesCommaDecimal ? "de" : "en"
        if !seps.contains(UInt8(ascii: " ")), let p = parser(language) {
            if let icu = p.parse(UnsafeBufferPointer(rebasing: b[i..<end])) { v = icu } else { return (nil, end) }
        }
        var half = 0.5 * pow10(-fraction)
        if fraction == 0 {
            var zeros = 0, k = groups.last!.upperBound - 1
            while k >= groups[0].lowerBound && (b[k] == UInt8(ascii: "0") || !isDigit(k)) { if isDigit(k) { zeros += 1 }; k -= 1 }
            half = 0.5 * pow10(zeros)
        }
        return (Number(start: i, end: end, value: v, halfStep: half, isInteger: fraction == 0), end)
    }

    /// A number written in another script's decimal digits, with '.' or ',' as separators.
    private func otherDigits(at i: Int) -> Number? {
        var ascii = ""
        var j = i
        var fraction = -1
        while let (s, len) = scalar(at: j) {
            if s.properties.numericType == .decimal, let v = CLDRData.numericValue(s) {
                ascii.append(Character(Unicode.Scalar(UInt8(48 + Int(v)))))
                if fraction >= 0 { fraction += 1 }
                j += len
            } else if (s == "." || s == "٫") && fraction < 0, let (t, _) = scalar(at: j + len), t.properties.numericType == .decimal {
                ascii.append("."); fraction = 0; j += len
            } else if s == "," || s == "٬", let (t, _) = scalar(at: j + len), t.properties.numericType == .decimal {
                j += len
            } else { break }
        }
        guard let v = Double(ascii) else { return nil }
        return Number(start: i, end: j, value: v, halfStep: 0.5 * pow10(-max(fraction, 0)), isInteger: fraction < 0)
    }

    private func skipClock(_ i: Int) -> Int {
        var j = i
        while j < n, b[j] == UInt8(ascii: ":") || isDigit(j) { j += 1 }
        return j
    }

    private func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }

    /// Fractions and scale words after a number: "10 1/2", "2½", "1.5 million", "150万", "1/4".
    private func extend(_ number: Number) -> Number {
        var num = number
        var j = num.end
        if num.isInteger && !num.spelled {
            // "1/4" directly, or "10 1/2".
            let k = skipSpaces(j, max: 1)
            var d = k
            if k == j, j < n, b[j] == UInt8(ascii: "/") { d = k }  // "1/4": numerator is the number itself
            while isDigit(d) { d += 1 }
            if d > k || (k == j && j < n && b[j] == UInt8(ascii: "/")) {
                if k == j && b[j] == UInt8(ascii: "/") {
                    var e = j + 1
                    while isDigit(e) { e += 1 }
                    if e > j + 1, !isDigit(e), (e >= n || b[e] != UInt8(ascii: "/")), let den = Double(text((j + 1)..<e)), den > 0, den <= 100 {
                        num.value /= den
                        num.halfStep /= den
                        num.isInteger = false
                        num.end = e
                        j = e
                    }
                } else if k > j, d < n, b[d] == UInt8(ascii: "/"), isDigit(d + 1) {
                    var e = d + 1
                    while isDigit(e) { e += 1 }
                    if let a = Double(text(k..<d)), let den = Double(text((d + 1)..<e)), den > 0, a < den, den <= 100 {
                        num.value += a / den
                        num.halfStep = 0.5 / den
                        num.isInteger = false
                        num.end = e
                        j = e
                    }
                }
            }
            // Vulgar fractions: "2½", "2 ½".
            let v = skipSpaces(j, max: 1)
            if let (s, len) = scalar(at: v), s.properties.generalCategory == .otherNumber, let f = CLDRData.numericValue(s), f < 1, f > 0 {
                num.value += f
                num.halfStep = 0.05
                num.isInteger = false
                num.end = v + len
                j = v + len
            }
        }
        // Scale words: "2.4 billion", "1,5 Millionen", "150万".
        let k = skipSpaces(j, max: 1)
        if let (s, len) = scalar(at: k), Self.isUnspaced(s) {
            var unitHere = false
            if case .unit = lookup(at: k, numberStart: num.start, attached: true, lenient: false) { unitHere = true }
            if !unitHere, let f = scale(s) {
                num.value *= f; num.halfStep *= f; num.end = k + len
                num.isInteger = num.value.rounded() == num.value
                if num.isInteger { myriads(&num, scale: f) }
            }
        } else if k > j, let w = word(at: k) {
            var we = w.upperBound
            if we < n, b[we] == UInt8(ascii: ".") { we += 1 }
            for end in [we, w.upperBound] {
                // A scale word that is also a unit ("mil": Spanish thousand, Turkish mile) scales
                // only when a unit follows it.
                if let f = model.lexicon.scaleWords[text(k..<end).lowercased()],
                   model.lexicon.senses(of: text(k..<end)) == nil || { if case .unit = unit(after: end, numberStart: num.start, lenient: false) { return true }; return false }() {
                    num.value *= f; num.halfStep *= f; num.end = end
                    num.scaleWord = text(k..<end).lowercased(); num.scale = f
                    num.isInteger = num.value.rounded() == num.value
                    break
                }
            }
        }
        return num
    }

    /// The factor of a scale character: from the compact number patterns (万, 億, 만, 천, 억), or a
    /// Han numeral of a hundred or more (百, 千, 萬).
    private func scale(_ s: Unicode.Scalar) -> Double? {
        if let f = model.lexicon.scaleWords[String(Character(s))] { return f }
        guard (0x4E00...0x9FFF).contains(s.value), let v = CLDRData.numericValue(s), v >= 100 else { return nil }
        return v
    }

    /// East Asian numbers written in groups of digits and scale characters after the first one:
    /// "1万6千" (16,000), "3 万 4,500", "29万1,890", "3만 4천 500", "29만 천 890" (a scale alone is
    /// one of it), "9천억" (9,000 × 10⁸). Each further group has a smaller scale; a last group of
    /// digits without one counts units.
    private func myriads(_ num: inout Number, scale first: Double) {
        var total = 0.0          // the groups before the current one
        var group = num.value    // the current group: "6千" = 6,000
        var last = first         // the current group's scale
        var e = num.end
        while true {
            let p = skipSpaces(e, max: 1)
            var part = 1.0, partEnd = p, digits = false
            if isDigit(p) {
                guard let nb = readDigits(at: p, decimalHint: nil).number, nb.isInteger else { break }
                part = nb.value; partEnd = nb.end; digits = true
            }
            let q = skipSpaces(partEnd, max: 1)
            guard let (t, tl) = scalar(at: q), Self.isUnspaced(t), let g = scale(t),
                  !{ if case .unit = lookup(at: q, numberStart: num.start, attached: true, lenient: false) { return true }; return false }() else {
                // A last group of digits below the last scale counts units ("29万1,890").
                if digits && part < last { total += group; group = part; last = 1; e = partEnd }
                break
            }
            if !digits && q == e && g > last {
                // A scale right after a scale multiplies the group: "9천억", "2千万".
                group *= g; last = g; e = q + tl
                continue
            }
            guard g < last else { break }
            total += group; group = part * g; last = g; e = q + tl
        }
        num.value = total + group
        num.halfStep = 0.5 * last
        num.end = e
    }

    /// A run of Han numerals ("三千两百", "四十") as a number.
    static func hanValue(_ scalars: [Unicode.Scalar]) -> Double? {
        var total = 0.0, section = 0.0, digit = -1.0
        for s in scalars {
            let v: Double
            if s == "两" || s == "兩" { v = 2 } else if s == "〇" || s == "零" { v = 0 } else if let x = CLDRData.numericValue(s) { v = x } else { return nil }
            if v < 10 {
                digit = v
            } else if v < 10_000 {
                section += (digit < 0 ? 1 : digit) * v
                digit = -1
            } else {
                total += (section + max(digit, 0)) * v
                section = 0
                digit = -1
            }
        }
        return total + section + max(digit, 0)
    }

    // MARK: - Units

    struct UnitMatch {
        var sense: UnitLexicon.Sense
        var start: Int
        var end: Int
        var form: String
        /// Start of the pattern's prefix before the number (`每小时`), when it was used.
        var prefixStart: Int?
    }

    enum UnitResult { case none, blocked, unit(UnitMatch) }

    private static let stopScalars: Set<Unicode.Scalar> = [",", ";", "(", ")", "[", "]", "!", "?", "\n", "\r", ":", "«", "»", "“", "„", "、", "，", "。", "：", "；", "（", "）"]

    /// Looks for a unit starting at (or one space or hyphen after) byte p, after the number that
    /// started at `numberStart`. `lenient` accepts ambiguous short forms (compounds, conversions).
    func unit(after p: Int, numberStart: Int, lenient: Bool) -> UnitResult {
        var q = p
        var attached = true
        if q < n, b[q] == UInt8(ascii: "-"), let (s, _) = scalar(at: q + 1), Self.isLetter(s) { q += 1; attached = false }
        else {
            let k = skipSpaces(q, max: 2)
            if k > q { attached = false; q = k }
            // "- Pfund", " - pound": a spaced hyphen.
            var spacedHyphen = false
            if k < n, b[k] == UInt8(ascii: "-"), k > p, let (s, l) = scalar(at: k + 1), Self.isSpace(s), let (s2, _) = scalar(at: k + 1 + l), Self.isLetter(s2) { q = k + 1 + l; spacedHyphen = true }
            if spacedHyphen, case .unit(let m) = lookup(at: q, numberStart: numberStart, attached: false, lenient: false) {
                return UnitContext.ambiguousForms.contains(m.form) || m.form.count < 2 ? .none : .unit(m)
            }
        }
        var r = lookup(at: q, numberStart: numberStart, attached: attached, lenient: lenient)
        // "190 제곱 킬로미터", "20 kilometre kare", "660 metri quadrati": a power word CLDR's own names
        // use, written apart from the length.
        if let w = word(at: q), let pw = model.lexicon.powerWords[UnitLexicon.fold(lowered(w))], pw.before {
            let k = skipSpaces(w.upperBound, max: 1)
            if k > w.upperBound, case .unit(var m) = lookup(at: k, numberStart: numberStart, attached: false, lenient: false), m.sense.category == "length" {
                m.sense = UnitLexicon.Sense(unit: (pw.power == 2 ? "square-" : "cubic-") + m.sense.unit, category: pw.power == 2 ? "area" : "volume",
                                            locale: m.sense.locale, width: m.sense.width, prefix: "")
                m.start = q
                r = .unit(m)
            }
        }
        if case .unit(var m) = r, m.sense.category == "length" {
            let k = skipSpaces(m.end, max: 1)
            if k > m.end, let w = word(at: k), let pw = model.lexicon.powerWords[UnitLexicon.fold(lowered(w))], !pw.before,
               scalar(at: w.upperBound).map({ !Self.isLetter($0.0) }) ?? true {
                m.sense = UnitLexicon.Sense(unit: (pw.power == 2 ? "square-" : "cubic-") + m.sense.unit, category: pw.power == 2 ? "area" : "volume",
                                            locale: m.sense.locale, width: m.sense.width, prefix: "")
                m.end = w.upperBound
                r = .unit(m)
            }
        }
        if q < n, let close = [UInt8(ascii: "("): UInt8(ascii: ")"), UInt8(ascii: "["): UInt8(ascii: "]"), UInt8(ascii: "{"): UInt8(ascii: "}"), UInt8(ascii: "<"): UInt8(ascii: ">")][b[q]],
           case .unit(var m) = lookup(at: q + 1, numberStart: numberStart, attached: true, lenient: false), m.end < n, b[m.end] == close {
            // "20 (kg)", "20 [kg]": the unit in brackets.
            m.end += 1
            return .unit(m)
        }
        if case .unit = r {} else if !attached || q == p {
            // Fillers: "1/4 de milla", "2 millions de km".
            if let w = word(at: q) {
                var e = w.upperBound
                if e < n, b[e] == UInt8(ascii: "'") { e += 1 }
                if UnitContext.fillers.contains(text(q..<e).lowercased()) {
                    let k = skipSpaces(e, max: 1)
                    if k > e || b[e - 1] == UInt8(ascii: "'") {
                        if case .unit(let m) = lookup(at: k, numberStart: numberStart, attached: false, lenient: false) { return .unit(m) }
                    }
                }
            }
        }
        return r
    }

    private func lookup(at q: Int, numberStart: Int, attached: Bool, lenient: Bool) -> UnitResult {
        let lex = model.lexicon
        var window = ""
        var j = q
        var best: (String, Int, [UnitLexicon.Sense])? = nil
        var blockedAt = -1
        var lastWasSpace = false
        var plain = true  // lower-case ASCII so far: the window is its own fold
        var ascii = true  // ASCII so far: folding only changes its case
        while j < n, j - q <= lex.maxFormBytes, let (s0, len) = scalar(at: j) {
            // "37ºC": the ordinal indicator typed for a degree sign.
            let s: Unicode.Scalar = s0 == "º" ? "°" : s0
            if s0 == "℃" || s0 == "℉" {
                // The one-character Celsius and Fahrenheit signs (compatibility forms of °C and °F).
                if window.isEmpty, let senses = lex.forms[s0 == "℃" ? "°C" : "°F"] { best = (String(s0), j + len, senses) }
                break
            }
            if Self.stopScalars.contains(s) { break }
            if s.value >= 0x30 && s.value <= 0x39 { break }
            if Self.isSpace(s) {
                if lastWasSpace || window.isEmpty { break }
                // Go on past a space only while the words so far begin some longer form ("square …").
                if !lex.spacedPrefixes.contains(plain ? window : UnitLexicon.fold(window)) && lex.forms[window] == nil { break }
                lastWasSpace = true
                j += len
                continue
            }
            if lastWasSpace { window.unicodeScalars.append(" ") }
            lastWasSpace = false
            window.unicodeScalars.append(s)
            if plain && !(s.value >= 0x61 && s.value <= 0x7A) && s.value >= 0x41 { plain = false }
            if s.value >= 0x80 { ascii = false }
            j += len
            // Is j a place a word may end?
            let next = scalar(at: j)?.0
            let boundary = next == nil || !Self.isLetter(next!) || Self.isUnspaced(s) || Self.isUnspaced(next!) || !Self.isLetter(s)
            if !boundary { continue }
            let folded = plain ? window : UnitLexicon.fold(window)
            if UnitContext.notUnits.contains(window) || UnitContext.notUnits.contains(folded) { blockedAt = j }
            // A short word in capitals is an acronym ("CAD", "NUL"): only its exact form is a unit.
            let acronym = ascii && window.utf8.count <= 3 && window.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
            if let senses = lex.forms[window] ?? (acronym ? nil : lex.foldedForms[folded]) ?? (ascii ? nil : lex.forms[folded]) {
                // "20 s." is seconds and a full stop, not a one-language abbreviation "s." (Spanish siglo).
                if window.hasSuffix("."), let prev = best, prev.0 == String(window.dropLast()), prev.2.first?.unit != senses.first?.unit {
                } else { best = (window, j, senses) }
            }
            else if window.unicodeScalars.count == 2, let f = window.unicodeScalars.first, f.properties.isUppercase,
                    let senses = lex.forms[window.lowercased()] {
                // "500Km", "168CM": a two-letter symbol in capitals, when no unit is written that way.
                best = (window, j, senses)
            }
        }
        if best == nil {
            // Agglutinating languages attach case endings to the unit ("milden", "galonluk",
            // "킬로미터를"): a form of such a language at the start of a longer word, the word taken whole.
            var w = ""
            var k = q
            var cut: (String, Int, [UnitLexicon.Sense])? = nil
            while let (s, len) = scalar(at: k), Self.isLetter(s) || s == "'" || s == "’", k - q <= lex.maxFormBytes {
                w.unicodeScalars.append(s)
                k += len
                if w.count >= 3, cut == nil || true, let senses = lex.forms[w] ?? lex.foldedForms[UnitLexicon.fold(w)] {
                    let agglutinating = senses.filter { UnitContext.agglutinating.contains($0.locale) && $0.width == 0 }
                    if !agglutinating.isEmpty { cut = (w, k, agglutinating) }
                }
            }
            if let c = cut, scalar(at: k).map({ !Self.isLetter($0.0) }) ?? true {
                var e = c.1
                var extra = 0
                while let (s, len) = scalar(at: e), Self.isLetter(s) || s == "'" || s == "’" { e += len; if Self.isLetter(s) { extra += 1 } }
                // Case endings are short ("-den", "-luk", "-ye"); a longer rest is another word.
                if extra <= 3 || Self.isUnspaced(c.0.unicodeScalars.first!) { best = (c.0, e, c.2) }
            }
        }
        guard let (form, bestEnd, senses) = best else { return blockedAt >= 0 ? .blocked : .none }
        if blockedAt >= bestEnd { return .blocked }
        // A pattern with text before the number (每小时{0}公里) applies only when that text is there.
        var chosen: UnitLexicon.Sense? = nil
        var prefixStart: Int? = nil
        for s in senses where !s.prefix.isEmpty {
            if let ps = prefixBefore(numberStart, s.prefix) { chosen = s; prefixStart = ps; break }
        }
        if chosen == nil {
            let plain = senses.filter { $0.prefix.isEmpty }
            if let lang = preferredLanguage, let s = plain.first(where: { $0.locale == lang }) { chosen = s }
            else if let lang = preferredLanguage, model.lexicon.locales.contains(where: { $0.hasPrefix(lang) }),
                    Set(senses.map(\.locale)).count < 3, form.unicodeScalars.filter({ Self.isLetter($0) }).count >= 3 {
                // The document's language is known and this word is another language's unit name
                // (Norwegian "times" in English text): not a unit here. Symbols shared by many pass.
                return .none
            }
            else { chosen = plain.first }
        }
        guard var sense = chosen else { return .none }
        var end = bestEnd
        let bestForm = form
        // "190 km2", "6770 m^2": a length with a power after it is an area or a volume.
        if sense.category == "length", bestForm.unicodeScalars.contains(where: { Self.isLetter($0) }) {
            var k = end
            if k < n, b[k] == UInt8(ascii: "^") { k += 1 }
            if k < n, b[k] == UInt8(ascii: "2") || b[k] == UInt8(ascii: "3"), !isDigit(k + 1), scalar(at: k + 1).map({ !Self.isLetter($0.0) }) ?? true {
                let cubic = b[k] == UInt8(ascii: "3")
                sense = UnitLexicon.Sense(unit: (cubic ? "cubic-" : "square-") + sense.unit, category: cubic ? "volume" : "area",
                                          locale: sense.locale, width: sense.width, prefix: "")
                end = k + 1
            }
        }
        // A unit glued to more digits ("24703L202") is part of a code.
        if isDigit(end), let (ls, _) = scalar(before: end), !Self.isUnspaced(ls), bestForm.unicodeScalars.contains(where: { Self.isLetter($0) }) { return .none }
        if end < n, b[end] == UInt8(ascii: "-"), isDigit(end + 1) { return .none }  // "24703 L-202"
        if end < n, b[end] == UInt8(ascii: "+") || b[end] == UInt8(ascii: "_") || b[end] == UInt8(ascii: "=") { return .none }  // "1Mi+1"
        if ["'", "’", "\"", "″", "′", "”"].contains(bestForm), let (next, _) = scalar(at: end), Self.isLetter(next), !Self.isUnspaced(next) {
            return .none  // "1982'de": an apostrophe, not feet
        }
        // "200 K" is kelvin where the sentence speaks of temperature ("convertir 200 K en fahrenheit").
        let kelvin = form == "K" && sense.unit == "kelvin" && mentionsTemperature(around: q)
        if !kelvin && form.unicodeScalars.count == 1 && Self.isLetter(form.unicodeScalars.first!) && !Self.isUnspaced(form.unicodeScalars.first!) && !UnitContext.spacedSymbols.contains(form) {
            return .none  // "3.2v", "5c": a lone letter other than the usual SI symbols needs context
        }
        // A short abbreviation of one language only ("vs": Finnish century) is that language's
        // when written apart from the number; elsewhere it is a word.
        let letters = form.unicodeScalars.filter { Self.isLetter($0) }.count
        if !attached && !lenient && letters <= 2 && !UnitContext.spacedSymbols.contains(form),
           !form.unicodeScalars.contains(where: { Self.isUnspaced($0) }) {
            let languages = Set(senses.map(\.locale))
            if languages.count == 1, let only = languages.first, only != preferredLanguage, only != "en" { return .none }
        }
        if UnitContext.ambiguousForms.contains(form) && !lenient && !kelvin {
            let spacedOK = UnitContext.spacedSymbols.contains(form)
            if !(attached || spacedOK) { return .none }
            // A lone letter other than the common SI symbols ("1.8M", "5K", "3B") is a scale or a name.
            if form.unicodeScalars.count == 1 && !spacedOK && Self.isLetter(form.unicodeScalars.first!) { return .none }
            // A quote is feet or inches only in "6'2\"" or with the prime signs (′ ″).
            if (form == "'" || form == "’" || form == "\"" || form == "”") && !isDigit(bestEnd) { return .none }
            // "5 m" after a currency sign is money ("$5 m"); a lone capital after a space is a name.
            if let (s, _) = scalar(before: numberStart), s.properties.generalCategory == .currencySymbol { return .none }
        }
        return .unit(UnitMatch(sense: sense, start: q, end: end, form: form, prefixStart: prefixStart))
    }

    /// Where `prefix` starts if the text before byte i ends with it (one space allowed between).
    private func prefixBefore(_ i: Int, _ prefix: String) -> Int? {
        var k = i
        if let (s, st) = scalar(before: k), Self.isSpace(s) { k = st }
        let p = Array(prefix.utf8)
        guard k >= p.count else { return nil }
        for (o, byte) in p.enumerated() where b[k - p.count + o] != byte { return nil }
        return k - p.count
    }

    // MARK: - Finding

    /// All quantities and durations in `text`, in order, not overlapping.
    func find(in text: UnsafeBufferPointer<UInt8>) -> [Quantity] {
        b = text
        defer { b = UnsafeBufferPointer(start: nil, count: 0) }
        var out: [Quantity] = []
        var i = 0
        while i < n {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                // A number glued to a preceding letter ("A320", "x86", "B12") is a name.
                if let (s, _) = scalar(before: i), (Self.isLetter(s) && !Self.isUnspaced(s)) || s == "_" || s == "#" || s == "/" || s == "@" {
                    while isDigit(i) || (i < n && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ","))) { i += 1 }
                    continue
                }
                if let (s, _) = scalar(before: i), (s == "." || s == ","), isDigit(i - 2) { while isDigit(i) { i += 1 }; continue }
                if let (s, _) = scalar(before: i), s == "]" || s == "[" || s == "+" || s == "=" || s == "{" || s == "/" { while isDigit(i) { i += 1 }; continue }
                if i >= 2, b[i - 1] == UInt8(ascii: "-"), let (p, _) = scalar(before: i - 1), Self.isLetter(p) || (p.value >= 0x30 && p.value <= 0x39) || p == "+" || p == "]" || p == "_" {
                    // "scp-173m", "F-16", "bash-2.04": a code, not a quantity (a range's second number is read with its first).
                    while isDigit(i) || (i + 1 < n && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "-")) && isDigit(i + 1)) { i += 1 }
                    continue
                }
                let (num, end) = readDigits(at: i, decimalHint: nil)
                guard var number = num else { i = max(end, i + 1); continue }
                if let q = quantity(from: &number, reread: true) {
                    append(q, to: &out)
                    i = max(q.range.upperBound, i + 1)
                } else {
                    i = max(number.end, i + 1)
                }
                continue
            }
            guard let (s, len) = scalar(at: i) else { i += 1; continue }
            if c >= 0x80, s.properties.numericType == .decimal, let number = otherDigits(at: i) {
                // Digits of other scripts: Devanagari "९८.६", full-width "１０", Arabic-Indic "٣".
                var number = number
                if let q = quantity(from: &number, reread: false) { append(q, to: &out); i = q.range.upperBound; continue }
                i = number.end
                continue
            }
            if c >= 0x80, s.properties.generalCategory == .otherNumber, let f = CLDRData.numericValue(s), f > 0, f < 1 {
                var number = Number(start: i, end: i + len, value: f, halfStep: 0.05, isInteger: false)
                if let q = quantity(from: &number, reread: false) { append(q, to: &out); i = q.range.upperBound; continue }
                i += len
                continue
            }
            if Self.isUnspaced(s), let f = CLDRData.numericValue(s), f >= 0, s.properties.numericType != nil, s.properties.generalCategory == .otherLetter || s.properties.generalCategory == .letterNumber {
                // Han numerals: 四十克, 一千比特, 三千两百.
                var scalars: [Unicode.Scalar] = []
                var j = i
                while let (t, l) = scalar(at: j), t == "两" || t == "兩" || t == "〇" || t == "零" || (Self.isUnspaced(t) && t.properties.numericType != nil && CLDRData.numericValue(t) != nil) {
                    scalars.append(t); j += l
                }
                // Part of a mixed number ("1万6千") or a name: leave it.
                if isDigit(i - 1) { i = j; continue }
                // The shortest numeral with a unit after it: "一千比特" is one kilobit, "四十克" forty grams.
                var ends: [Int] = []
                var e = i
                for t in scalars { e += String(t).utf8.count; ends.append(e) }
                var done = false
                for (k, end) in ends.enumerated() {
                    guard let v = Self.hanValue(Array(scalars[0...k])) else { continue }
                    guard case .unit = unit(after: end, numberStart: i, lenient: false) else { continue }
                    var number = Number(start: i, end: end, value: v, halfStep: 0.5, isInteger: true, spelled: true)
                    if let q = quantity(from: &number, reread: false) { append(q, to: &out); i = q.range.upperBound; done = true }
                    break
                }
                if !done { i = j }
                continue
            }
            if Self.isLetter(s) && Self.isUnspaced(s) { i += len; continue }
            if Self.isLetter(s) {
                let start = i
                let w = word(at: i)!
                i = w.upperBound
                if let (p, _) = scalar(before: start), Self.isLetter(p) || p.value >= 0x30 && p.value <= 0x39 { continue }
                if w.count > 40 || Self.isUnspaced(s) { continue }
                if let q = spelledQuantity(firstWord: w) { append(q, to: &out); i = q.range.upperBound }
                continue
            }
            i += len
        }
        return out
    }

    private func append(_ q: Quantity, to out: inout [Quantity]) {
        // Numbers beyond what a Double holds ("999…" of 400 digits) are not measurements.
        guard q.value.isFinite, abs(q.value) < 1e300, q.halfStep.isFinite, (q.high ?? 0).isFinite else { return }
        if let last = out.last, last.range.upperBound > q.range.lowerBound { return }
        out.append(q)
    }

    /// A quantity from a number: its unit, compounds, ranges, `per` denominators, approximation.
    private func quantity(from number: inout Number, reread: Bool, extended: Bool = false) -> Quantity? {
        if !extended { number = extend(number) }
        // Negative numbers: "-5 °C", "−20 degrees" (not "10-20", a range).
        var start = number.start
        var value = number.value
        if let (s, st) = scalar(before: number.start), s == "-" || s == "−" || s == "–" {
            let before = scalar(before: st)?.0
            if before == nil || Self.isSpace(before!) || before == "(" { value = -value; start = st }
        } else if b[number.start] < 0x80, number.start > 0, b[number.start - 1] >= 0x80 {
            // East Asian minus words: "负0.2千米", "マイナス5度", "마이너스 3".
            for w in UnitContext.minusWords where w.utf8.first! >= 0x80 {
                if let st = ending(w, before: number.start) { value = -value; start = st; break }
            }
        }
        // Inside brackets after a space (" (5 in)") a short form may be a conversion; "exec(3p)" is not.
        var lenient = false
        if let (br, bs) = scalar(before: start), br == "(" || br == "[" || br == "（" {
            lenient = scalar(before: bs).map { Self.isSpace($0.0) } ?? true
        }
        // "$5 m", "€3 bn", "£2.4m": a currency sign makes it money, whatever follows.
        if let (c, st) = scalar(before: start), c.properties.generalCategory == .currencySymbol
            || (Self.isSpace(c) && scalar(before: st)?.0.properties.generalCategory == .currencySymbol) { return nil }
        var r = unit(after: number.end, numberStart: start, lenient: lenient)
        if case .blocked = r { return nil }
        if number.start > 0, b[number.start - 1] >= 0x80 || b[number.start - 1] == 0x20, let pre = scaleBefore(start) {
            // "华氏98.6度", "섭씨 20.3", "華氏マイナス20度": the scale comes first.
            var end = number.end
            if case .unit(let m) = r {
                guard m.sense.unit == "degree" || m.sense.category == "temperature" else { return nil }
                end = m.end
            }
            let sense = UnitLexicon.Sense(unit: pre.unit, category: "temperature", locale: "", width: 0, prefix: "")
            r = .unit(UnitMatch(sense: sense, start: number.end, end: end, form: "度", prefixStart: pre.start))
            if pre.negative && value > 0 { value = -value }
        } else if case .none = r, let t = degreeWithScale(at: skipSpaces(number.end, max: 1)) ?? scaleName(at: skipSpaces(number.end, max: 1)) {
            // "98,6 graden F", "20 Grad C": a word for degrees and a scale letter; "10.5 celcius".
            let sense = UnitLexicon.Sense(unit: t.unit, category: "temperature", locale: "", width: 0, prefix: "")
            r = .unit(UnitMatch(sense: sense, start: number.end, end: t.end, form: "°", prefixStart: nil))
        }
        if case .none = r {
            return range(from: number, start: start, value: value)
        }
        guard case .unit(var m) = r else { return nil }
        // A number re-read with the unit's own decimal convention ("1,234 km" in German is 1.234).
        if reread, !number.spelled, let hint = decimalHint(for: m) {
            let (again, _) = readDigits(at: number.start, decimalHint: hint)
            if var a = again, a.end == number.end || extend(a).end == number.end {
                a = extend(a)
                if a.end == number.end { value = value < 0 ? -a.value : a.value; number.halfStep = a.halfStep; number.isInteger = a.isInteger }
            }
        }
        var unitID = m.sense.unit
        var category = m.sense.category
        // "0,9 billion de pieds cubes": the scale as the unit's language counts it (French billion = 10¹²).
        if let w = number.scaleWord, let f = model.lexicon.scaleWordsByLanguage[m.sense.locale]?[w], f != number.scale {
            value = value / number.scale * f
            number.halfStep = number.halfStep / number.scale * f
        }
        // "98.6 degrees F", "20 Grad C": a degree followed by a scale letter is a temperature.
        if (category != "temperature" || unitID == "generic") && (unitID == "degree" || unitID == "generic" || UnitContext.degreeWords.contains(m.form.lowercased())) {
            // "6 gr. C": the abbreviation's full stop before the scale.
            var k = m.end
            if k < n, b[k] == UInt8(ascii: "."), !m.form.hasSuffix("."), m.form.unicodeScalars.count <= 3 { k += 1 }
            if let t = scaleAfterDegree(at: skipSpaces(k, max: 1)) {
                unitID = t.unit; category = "temperature"; m.end = t.end
            } else if unitID != "generic", m.start < n, b[m.start] == 0xC2, b[m.start + 1] == 0xBA {
                return nil  // "1º" is an ordinal, not an angle
            } else if m.form.unicodeScalars.contains(where: { Self.isLetter($0) }) && mentionsTemperature(around: m.start) {
                // "the temperature is 24 degrees": degrees of an unnamed scale (CLDR's "generic").
                unitID = "generic"; category = "temperature"
            }
        }
        // "- 20 degrees fahrenheit": a spaced minus before a temperature.
        if category == "temperature", value > 0, let (sp, st) = scalar(before: start), Self.isSpace(sp), let (mi, ms) = scalar(before: st), mi == "-" || mi == "−" {
            if scalar(before: ms).map({ Self.isSpace($0.0) }) ?? true { value = -value; start = ms }
        }
        // A bare "°" is an angle unless the text says otherwise; "°" + C/F is CLDR's own "°C"/"°F".
        var q = Quantity(range: (m.prefixStart ?? start)..<m.end, value: value, unit: unitID, category: category,
                         language: m.sense.locale, halfStep: number.halfStep)
        if let senses = model.lexicon.senses(of: m.form) { q.languageSure = Set(senses.map(\.locale)).count == 1 }
        // Denominators: "60 miles per hour", "3 Liter pro Stunde", "5 km/h" (when not one form already).
        if !unitID.contains("-per-"), let (den, end) = perDenominator(at: m.end), den != unitID {
            let compound = "\(unitID)-per-\(den)"
            if let quantity = model.converter.quantity(of: compound) {
                q.unit = compound
                q.category = quantity
                q.range = q.range.lowerBound..<end
            }
        }
        // Compounds: "5 ft 10 in", "6 feet 2 inches", "2 lb 3 oz", "1 h 30 min".
        if number.isInteger, ["length", "mass", "duration"].contains(q.category), q.high == nil {
            compound(&q)
        }
        q.approximate = isApproximate(before: q.range.lowerBound) || isApproximate(after: q.range.upperBound)
        return q
    }

    /// The decimal separator the unit's language uses: the form's languages must agree ("Meilen" is
    /// German; "km" is everyone's, and then the document's language decides, if known).
    private func decimalHint(for m: UnitMatch) -> UInt8? {
        let senses = model.lexicon.senses(of: m.form) ?? [m.sense]
        let marks = Set(senses.compactMap { model.decimalSeparator[$0.locale] })
        if marks.count == 1 { return marks.first }
        if let p = preferredLanguage { return model.decimalSeparator[p] }
        return nil
    }

    /// Whether the sentence around byte i speaks of temperature.
    private func mentionsTemperature(around i: Int) -> Bool {
        var lo = max(0, i - 80), hi = min(n, i + 60)
        while lo > 0 && b[lo] & 0xC0 == 0x80 { lo -= 1 }
        while hi < n && b[hi] & 0xC0 == 0x80 { hi += 1 }
        let around = text(lo..<hi).lowercased()
        return UnitContext.temperatureWords.contains { around.contains($0) }
    }

    /// Where the text before byte i ends with `word` (exact bytes), or nil.
    private func ending(_ word: String, before i: Int) -> Int? {
        let w = Array(word.utf8)
        guard i >= w.count else { return nil }
        for (o, byte) in w.enumerated() where b[i - w.count + o] != byte { return nil }
        return i - w.count
    }

    /// A temperature scale written before the number, with an optional filler and minus.
    private func scaleBefore(_ start: Int) -> (unit: String, start: Int, negative: Bool)? {
        func spaces(_ k: Int) -> Int {
            var k = k
            while let (s, st) = scalar(before: k), Self.isSpace(s) { k = st }
            return k
        }
        var k = spaces(start)
        var negative = false
        for m in UnitContext.minusWords { if let st = ending(m, before: k) { negative = true; k = spaces(st); break } }
        for f in UnitContext.scaleFillers { if let st = ending(f, before: k) { k = st; break } }
        k = spaces(k)
        for (w, u) in UnitContext.scalesBefore { if let st = ending(w, before: k) { return (u, st, negative) } }
        return nil
    }

    /// A scale after a degree word: a letter ("F", "C."), a temperature unit's name ("Celsius",
    /// misspelt "farenheit", with a case ending "fahrenhaytı"), or an abbreviation of one name
    /// with a full stop ("Fahr.", "फ़ॉ.", "से.").
    private func scaleAfterDegree(at k: Int) -> (unit: String, end: Int)? {
        guard let w = word(at: k) else { return nil }
        let end = w.upperBound
        let after = scalar(at: end)
        if w.count == 1, let t = UnitContext.degreeScale[text(w).lowercased()] {
            if after == nil || !Self.isLetter(after!.0) { return (t, end) }
        }
        if let senses = model.lexicon.senses(of: text(w)), let t = senses.first(where: { $0.category == "temperature" }) {
            return (t.unit, w.upperBound)
        }
        let folded = UnitLexicon.fold(lowered(w))
        if let t = model.lexicon.temperatureName(folded) { return (t, end) }
        if let (s, len) = after, s == "." || s == "\u{0970}", let t = model.lexicon.temperatureAbbreviation(folded) { return (t, end + len) }
        // A case ending on the name: "fahrenhaytı", "fahrenhayttır".
        let scalars = Array(folded.unicodeScalars)
        if scalars.count >= 6 {
            for cut in 1...min(3, scalars.count - 5) {
                if let t = model.lexicon.temperatureNames[String(String.UnicodeScalarView(scalars.dropLast(cut)))] { return (t, end) }
            }
        }
        return nil
    }

    /// A temperature scale's name right after a number, misspelt or not ("10.5 celcius", "90 फ़ॉरेनहाइट").
    private func scaleName(at k: Int) -> (unit: String, end: Int)? {
        guard let w = word(at: k), w.count >= 5 else { return nil }
        if let next = scalar(at: w.upperBound), Self.isLetter(next.0) { return nil }
        return model.lexicon.temperatureName(UnitLexicon.fold(lowered(w))).map { ($0, w.upperBound) }
    }

    /// "graden F", "Grad Celsius": a degree word the lexicon may not have, then a scale.
    private func degreeWithScale(at k: Int) -> (unit: String, end: Int)? {
        var e = k
        while let (s, len) = scalar(at: e), Self.isLetter(s) || s == "." { e += len }
        guard e > k, UnitContext.degreeWords.contains(text(k..<e).lowercased()) else { return nil }
        return scaleAfterDegree(at: skipSpaces(e, max: 1))
    }

    /// "to", "–", "bis"… then a number and a unit: a range quantity from `number` to that one.
    private func range(from number: Number, start: Int, value: Double) -> Quantity? {
        var k = skipSpaces(number.end, max: 2)
        var connector = ""
        if let (s, len) = scalar(at: k), !Self.isLetter(s) {
            connector = String(Character(s)); k += len
        } else if let w = word(at: k) {
            connector = text(w).lowercased(); k = w.upperBound
        } else { return nil }
        guard UnitContext.rangeConnectors.contains(connector) else { return nil }
        if UnitContext.conjunctions.contains(connector) {
            // "between 3 and 5 miles": only with a word like "between" before the first number.
            guard precedingWord(number.start).map({ UnitContext.betweenWords.contains($0) }) == true else { return nil }
        }
        k = skipSpaces(k, max: 2)
        var second: Number
        if isDigit(k) {
            guard let nb = readDigits(at: k, decimalHint: nil).number else { return nil }
            second = nb
        } else if let w = word(at: k), let sn = spelledNumber(firstWord: w) {
            second = sn
        } else { return nil }
        second = extend(second)
        guard case .unit(let m) = unit(after: second.end, numberStart: second.start, lenient: false), second.value > value || number.spelled || second.spelled else { return nil }
        // "1.5 to 2 million" scales both ends.
        var low = value
        if second.value >= 1000 && value < 1000 && number.isInteger == false { low = value * (second.value / max(1, second.value.rounded(.down))) }
        var q = Quantity(range: start..<m.end, value: low, unit: m.sense.unit, category: m.sense.category,
                         language: m.sense.locale, halfStep: second.halfStep)
        q.high = second.value
        q.approximate = isApproximate(before: start)
        return q
    }

    /// The lower-cased word just before byte i (skipping spaces).
    private func precedingWord(_ i: Int) -> String? {
        var k = i
        while let (s, st) = scalar(before: k), Self.isSpace(s) { k = st }
        var st = k
        while let (s, p) = scalar(before: st), Self.isLetter(s) { st = p }
        return st < k ? text(st..<k).lowercased() : nil
    }

    private func perDenominator(at i: Int) -> (String, Int)? {
        let lex = model.lexicon
        var k = skipSpaces(i, max: 1)
        if k > i, k < n, b[k] == UInt8(ascii: "/") { k = i }  // "km /h" is rare; keep "/h" glued
        var window = ""
        var best: (String, Int)? = nil
        var j = k
        var lastSpace = false
        while j < n, j - k <= lex.maxPerBytes, let (s, len) = scalar(at: j) {
            if s == "\n" || s == "," || s == "(" || s == ")" { break }
            if Self.isSpace(s) { if lastSpace { break }; lastSpace = true; j += len; continue }
            if lastSpace { window += " " }
            lastSpace = false
            window.unicodeScalars.append(Unicode.Scalar(s.properties.lowercaseMapping.unicodeScalars.first!.value)!)
            j += len
            let next = scalar(at: j)?.0
            if next == nil || !Self.isLetter(next!) || Self.isUnspaced(s) {
                if let u = lex.perForms[window] ?? UnitContext.perPhrases[window] { best = (u, j) }
            }
        }
        return best
    }

    /// Spelt-out numbers before a unit: "twenty miles", "dreiundzwanzig Kilometer", "сто километров".
    private func spelledQuantity(firstWord w: Range<Int>) -> Quantity? {
        guard let spelled = spelledNumber(firstWord: w) else { return nil }
        var number = extend(spelled)
        // A spelt-out number takes a unit written as a word after a space or hyphen ("twenty miles",
        // "six-mile"), never a symbol glued to it ("Un'").
        guard number.end < n, let (s, _) = scalar(at: number.end), Self.isSpace(s) || s == "-" else { return nil }
        guard case .unit(let m) = unit(after: number.end, numberStart: number.start, lenient: false),
              m.form.unicodeScalars.contains(where: { Self.isLetter($0) }) else { return nil }
        // The number and the unit must be words of one language ("to barrels" is Norwegian "two"
        // before an English unit: not a quantity), unless the unit is a symbol ("°C", "km").
        // "to HP", "on cv": a number word of two letters before a symbol is a preposition.
        if text(w).count <= 2 && m.form.unicodeScalars.filter({ Self.isLetter($0) }).count <= 2 { return nil }
        if m.form.unicodeScalars.filter({ Self.isLetter($0) }).count > 2, let senses = model.lexicon.senses(of: m.form) {
            if !senses.contains(where: { number.languages.contains($0.locale) }) { return nil }
            // A short number word ("to", "on", "un") must be the unit's own language, not one of many.
            if text(w).count <= 3, let top = senses.first, !number.languages.contains(top.locale) { return nil }
        }
        number.start = spelled.start
        return quantity(from: &number, reread: false, extended: true)
    }

    private func spelledNumber(firstWord w: Range<Int>) -> Number? {
        // Most words of running text are no number word: for ASCII words a bit filter says so
        // without building a string (the whole word, and for long words their last four letters).
        if b[w].allSatisfy({ $0 < 0x80 }) {
            let whole = model.mayBeNumberWord(UnsafeBufferPointer(rebasing: b[w]))
            let ending = w.count >= 6 && model.mayBeNumberWord(UnsafeBufferPointer(rebasing: b[(w.upperBound - 4)..<w.upperBound]))
            if !whole && !ending { return nil }
        }
        let first = lowered(w)
        if let language = UnitContext.halfWords[first] {
            // "a half turn", "media vuelta": one half of the unit that follows.
            guard mayStartUnit(after: w.upperBound), case .unit = unit(after: w.upperBound, numberStart: w.lowerBound, lenient: false) else { return nil }
            return Number(start: w.lowerBound, end: w.upperBound, value: 0.5, halfStep: 0.05, isInteger: false, spelled: true,
                          language: language, languages: [language])
        }
        var languages = model.numberWords[first] ?? []
        if languages.isEmpty, w.count >= 6 {
            // Compound number words ("fünfunddreißig", "vingt-deux" written together): a known ending
            // (the last four letters, found on the bytes to keep this per-word test cheap).
            var st = w.upperBound, scalars = 0
            while st > w.lowerBound && scalars < 4 { st -= 1; if b[st] & 0xC0 != 0x80 { scalars += 1 } }
            if st > w.lowerBound { languages = model.numberWordEndings[lowered(st..<w.upperBound)] ?? [] }
        }
        guard !languages.isEmpty else { return nil }
        // Extend over number words joined by spaces, hyphens or "and".
        var words: [Range<Int>] = [w]
        var j = w.upperBound
        while words.count < 8 {
            var k = j
            if k < n, b[k] == UInt8(ascii: "-") { k += 1 } else { k = skipSpaces(k, max: 1) }
            guard k > j, let nw = word(at: k) else { break }
            let t = text(nw).lowercased()
            if model.numberWords[t].map({ !Set($0).isDisjoint(with: languages) }) == true
                || (UnitContext.conjunctions.contains(t) && model.numberWords[nextWordText(after: nw.upperBound)] != nil) {
                words.append(nw); j = nw.upperBound
            } else { break }
        }
        // ICU's lenient spellout parsing is slow (it collates), so first make sure a unit or a scale
        // word follows the run: most number words in running text ("one of", "to the") have none.
        let end = words.last!.upperBound
        var follows = false
        var unitLanguages: Set<String> = []
        if mayStartUnit(after: end), case .unit(let m) = unit(after: end, numberStart: w.lowerBound, lenient: false) {
            follows = true
            unitLanguages = Set((model.lexicon.senses(of: m.form) ?? [m.sense]).map(\.locale))
        }
        if !follows { let next = nextWordText(after: end); follows = !next.isEmpty && model.lexicon.scaleWords[next] != nil }
        if !follows { return nil }
        // Only languages that have every word ("tres" is Spanish, not a lenient French "trente").
        var tried = languages.filter { language in
            words.allSatisfy { r in
                let t = text(r).lowercased()
                return model.numberWords[t]?.contains(language) == true || UnitContext.conjunctions.contains(t) || r == w
            }
        }
        // The document's language first, then the languages of the unit's name ("tres pies" is
        // Spanish three, not Danish sixty), then the stage's order of languages.
        let rank = { (l: String) -> Int in
            (l == self.preferredLanguage ? 0 : unitLanguages.contains(l) ? 1000 : 2000) + (self.model.languageOrder[l] ?? 999)
        }
        tried.sort { rank($0) < rank($1) }
        for language in tried {
            guard let sp = speller(language) else { continue }
            if let v = sp.parse(UnsafeBufferPointer(rebasing: b[w.lowerBound..<end])), v >= 0 {
                return Number(start: w.lowerBound, end: end, value: v, halfStep: 0.5, isInteger: v.rounded() == v, spelled: true,
                              language: language, languages: tried)
            }
        }
        return nil
    }

    /// The word at `r` in lower case; ASCII words without a trip through Unicode case mapping.
    private func lowered(_ r: Range<Int>) -> String {
        if r.count <= 32, b[r].allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: r.count) { buffer in
                for (k, c) in b[r].enumerated() { buffer[k] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }
                return r.count
            }
        }
        return text(r).lowercased()
    }

    /// A cheap test before a full unit search: could a unit start after byte i? (The next word must
    /// begin some written form; symbols and unspaced scripts always get the full search.)
    private func mayStartUnit(after i: Int) -> Bool {
        var k = i
        if k < n, b[k] == UInt8(ascii: "-") { k += 1 } else { k = skipSpaces(k, max: 2) }
        guard let (s, _) = scalar(at: k) else { return false }
        if !Self.isLetter(s) || Self.isUnspaced(s) { return true }
        guard let w = word(at: k) else { return true }
        let f = UnitLexicon.fold(lowered(w))
        if model.lexicon.firstWords.contains(f) || UnitContext.fillers.contains(f) || model.lexicon.powerWords[f] != nil { return true }
        // A unit with a case ending ("milden", "galonluk"): a known beginning of three letters or more.
        var scalars = Array(f.unicodeScalars)
        while scalars.count > 3 {
            scalars.removeLast()
            if model.lexicon.firstWords.contains(String(String.UnicodeScalarView(scalars))) { return true }
        }
        return false
    }

    private func nextWordText(after i: Int) -> String {
        let k = skipSpaces(i, max: 1)
        guard let w = word(at: k) else { return "" }
        return text(w).lowercased()
    }

    /// "5 ft 10 in", "6'2\"", "1 h 30 min": a smaller unit of the same kind right after.
    private func compound(_ q: inout Quantity) {
        var k = q.range.upperBound
        let s = skipSpaces(k, max: 1)
        if s < n, b[s] == UInt8(ascii: ",") { k = skipSpaces(s + 1, max: 1) } else { k = s }
        if let w = word(at: k), ["and", "und", "et", "y", "e", "и"].contains(text(w).lowercased()) { k = skipSpaces(w.upperBound, max: 1) }
        guard isDigit(k), let second = readDigits(at: k, decimalHint: nil).number else { return }
        guard case .unit(let m) = unit(after: second.end, numberStart: second.start, lenient: true),
              m.sense.category == q.category, m.sense.unit != q.unit,
              // A part of the first unit (ft and in, lb and oz, h and min), not a unit of another
              // system that happens to be smaller ("70 kilos and 200lbs").
              let f = model.converter.factor(from: m.sense.unit, to: q.unit), f < 0.35,
              // a whole fraction of it (12 in to the foot, 16 oz to the pound, 60 min to the hour; not
              // 2.2046 lb to the kilogram), and less than one of it ("1 tonne, 2,204.62 lb" is a conversion).
              abs(1 / f - (1 / f).rounded()) < 1e-6 / f, second.value * f < 1 else { return }
        q.parts = [(q.value, q.unit), (second.value, m.sense.unit)]
        q.value += second.value * f
        q.unit = "\(q.unit)-and-\(m.sense.unit)"
        // The small unit counts whole units ("10 in" is good to an inch, not to ten).
        q.halfStep = (second.isInteger ? 0.5 : second.halfStep) * f
        q.range = q.range.lowerBound..<m.end
    }

    private func isApproximate(before i: Int) -> Bool {
        var k = i
        while let (s, st) = scalar(before: k), Self.isSpace(s) { k = st }
        let from = max(0, k - 32)
        var st = from
        while st < k && b[st] & 0xC0 == 0x80 { st += 1 }
        let tail = text(st..<k).lowercased()
        for w in UnitContext.approximateBefore where tail.hasSuffix(w) {
            let cut = tail.utf8.count - w.utf8.count
            if cut == 0 && st == 0 { return true }
            let prev = tail.utf8.prefix(cut)
            if let last = String(decoding: prev, as: UTF8.self).unicodeScalars.last {
                if !Self.isLetter(last) || Self.isUnspaced(last) || !Self.isLetter(w.unicodeScalars.first!) { return true }
            } else { return true }
        }
        return false
    }

    private func isApproximate(after i: Int) -> Bool {
        let k = skipSpaces(i, max: 1)
        let head = text(k..<min(n, k + 12))
        for w in UnitContext.approximateAfter where head.lowercased().hasPrefix(w) {
            let rest = head.dropFirst(w.count)
            if let f = rest.unicodeScalars.first, Self.isLetter(f) && !Self.isUnspaced(f) { continue }
            return true
        }
        return false
    }

}
