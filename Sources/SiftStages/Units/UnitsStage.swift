import Foundation
import Sift
import SiftICU

/// `units`: finds quantities ("425 miles", "1.234,5 km", "680公里", "twenty miles", "5 ft 10 in",
/// "10–20 km") with a lexicon built from ICU's CLDR data, and annotates, converts, appends
/// conversions to, or checks them.
final class UnitsStage: Stage {
    static let descriptor = StageDescriptor(
        name: "units", group: "Units",
        summary: "Finds quantities in running text in many languages (CLDR unit names from ICU, ICU number parsing) and annotates, converts, appends conversions or checks the conversions the text gives.",
        effects: [.annotates, .rewritesText, .carriesSpans],
        options: [
            OptionSpec("action", .choice(["annotate", "convert", "append", "check"]), default: "annotate",
                       help: "annotate: add `quantity` and `duration` spans; convert: rewrite quantities into the target system; append: add the conversion in brackets unless the text gives one; check: annotate and say whether the conversions the text gives agree."),
            OptionSpec("system", .choice(["metric", "us", "uk"]), default: "metric",
                       help: "Target system for convert and append: CLDR's unit preferences for the world (metric), the US or the UK."),
            OptionSpec("locale", .locale, help: "Use this locale's unit preferences (its likely region) and number formatting instead of `system`."),
            OptionSpec("usage", .string, default: "default",
                       help: "CLDR usage for choosing the target unit: default, road, person-height, weather, rainfall, fluid, vehicle-fuel, …"),
            OptionSpec("languages", .strings,
                       help: "Locales whose unit names and number words are read (default: 24 widely written languages and British English). 'all' reads every locale ICU has unit data for."),
            OptionSpec("durations", .boolean, default: false, help: "Also convert and append durations (\"17 months\"), which are otherwise only annotated."),
        ],
        example: "- units: { action: append, system: metric }",
        build: { options throws(OptionError) in
            let action = options.string("action") ?? "annotate"
            var languages = options.strings("languages")
            if languages.isEmpty { languages = UnitModel.defaultLanguages }
            if languages == ["all"] { languages = CLDRData.unitLocales().filter { !$0.contains("_") && $0 != "root" } }
            for l in languages where ICULocale.canonical(l) == nil {
                throw OptionError(option: "languages", "ICU has no data for '\(l)'")
            }
            let model: UnitModel
            do { model = try UnitModel.shared(languages: languages) } catch {
                throw OptionError(option: nil, "cannot read ICU's unit data: \(error)")
            }
            let usage = options.string("usage") ?? "default"
            if usage != "default" && !model.converter.preferenceQuantities.contains(where: { model.converter.usages(quantity: $0).contains(usage) }) {
                let known = Set(model.converter.preferenceQuantities.flatMap { model.converter.usages(quantity: $0) }).sorted()
                throw OptionError(option: "usage", "CLDR has no usage '\(usage)' (known: \(known.joined(separator: ", ")))")
            }
            let locale = options.string("locale")
            let system = options.string("system") ?? "metric"
            let region = locale.flatMap { CLDRData.likelyRegion($0) } ?? UnitModel.region(forSystem: system)
            let config = Config(action: action, system: system, region: region, locale: locale, usage: usage,
                                durations: options.bool("durations"))
            return StageFactory { UnitsStage(model: model, config: config) }
        })

    struct Config: Sendable {
        let action: String
        let system: String
        let region: String
        let locale: String?
        let usage: String
        let durations: Bool
    }

    private let model: UnitModel
    private let config: Config
    private let finder: QuantityFinder
    private var formatters: [String: NumberParser] = [:]
    private var patterns: [String: String] = [:]

    init(model: UnitModel, config: Config) {
        self.model = model
        self.config = config
        self.finder = QuantityFinder(model: model)
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        finder.preferredLanguage = document.metadata["language"]?.stringValue.map { String($0.split(separator: "-").first ?? "") }
        var text = document.text
        var found: [Quantity] = []
        var links: [Int: (group: Int, role: String)] = [:]
        text.withUTF8 { bytes in
            found = finder.find(in: bytes)
            links = link(found, bytes)
        }
        switch config.action {
        case "convert", "append":
            rewrite(&document, found, links)
        default:
            var checks = (agree: 0, disagree: 0)
            var spans: [Span] = []
            for (i, q) in found.enumerated() {
                var span = span(for: q)
                if let l = links[i] {
                    span.attributes["link"] = .int(l.group)
                    span.attributes["role"] = .string(l.role)
                    if config.action == "check", l.role == "conversion", i > 0 {
                        let verdict = check(original: found[i - 1], conversion: q)
                        span.attributes["check"] = .string(verdict.agrees ? "agrees" : "disagrees")
                        span.attributes["expected"] = .double(rounded(verdict.expected, significant: 6))
                        if verdict.agrees { checks.agree += 1 } else { checks.disagree += 1 }
                    }
                }
                spans.append(span)
            }
            document.spans.append(contentsOf: spans)
            if config.action == "check" {
                document.metadata["units_check"] = .object(["conversions": .int(checks.agree + checks.disagree),
                                                            "agree": .int(checks.agree), "disagree": .int(checks.disagree)])
            }
        }
        return .keep
    }

    // MARK: - Spans

    private func number(_ v: Double) -> JSONValue {
        if v.rounded() == v && abs(v) < 1e15 { return .int(Int(v)) }
        return .double(rounded(v, significant: 12))
    }

    private func span(for q: Quantity) -> Span {
        var a = JSONObject()
        a["value"] = number(q.value)
        a["unit"] = .string(q.unit)
        a["category"] = .string(q.category)
        if let si = model.converter.siValue(q.value, unit: q.unit) { a["si_value"] = number(rounded(si, significant: 12)) }
        if let r = model.converter.resolve(q.unit) { a["si_unit"] = .string(Self.siUnitName(r.dimension)) }
        a["approximate"] = .bool(q.approximate)
        if let h = q.high { a["range"] = .array([number(q.value), number(h)]) }
        if !q.parts.isEmpty { a["parts"] = .array(q.parts.map { .array([number($0.0), .string($0.1)]) }) }
        a["language"] = .string(q.language)
        return Span(type: q.isDuration ? "duration" : "quantity", start: q.range.lowerBound, end: q.range.upperBound, attributes: a)
    }

    /// "meter^1.second^-1" → "meter-per-second", CLDR's spelling.
    static func siUnitName(_ dimension: String) -> String {
        var num: [String] = [], den: [String] = []
        for part in dimension.split(separator: ".") {
            let p = part.split(separator: "^")
            guard p.count == 2, let e = Int(p[1]) else { continue }
            let power = abs(e) == 1 ? "" : abs(e) == 2 ? "square-" : abs(e) == 3 ? "cubic-" : "pow\(abs(e))-"
            (e > 0 ? { num.append(power + p[0]) } : { den.append(power + p[0]) })()
        }
        return (num.isEmpty ? "" : num.joined(separator: "-")) + (den.isEmpty ? "" : (num.isEmpty ? "per-" : "-per-") + den.joined(separator: "-"))
    }

    // MARK: - Linked conversions

    private static let linkers: Set<String> = ["(", "[", "/", "=", "≈", "（", "(or", "(i.e.", "(ca.", "(ou", "(oder", "(o"]

    /// Pairs "425 miles (680 kilometers)", "5 km / 3 mi", "10 °C or 50 °F": the second gives the first
    /// in another unit of the same dimension.
    private func link(_ qs: [Quantity], _ b: UnsafeBufferPointer<UInt8>) -> [Int: (group: Int, role: String)] {
        var out: [Int: (group: Int, role: String)] = [:]
        var group = 0
        var i = 0
        while i + 1 < qs.count {
            let a = qs[i], c = qs[i + 1]
            defer { i += 1 }
            guard !a.isDuration, a.unit != c.unit, c.range.lowerBound - a.range.upperBound <= 24,
                  let ra = model.converter.resolve(a.unit), let rc = model.converter.resolve(c.unit), ra.dimension == rc.dimension else { continue }
            var between = String(decoding: UnsafeBufferPointer(rebasing: b[a.range.upperBound..<c.range.lowerBound]), as: UTF8.self)
                .trimmingCharacters(in: .whitespaces).lowercased()
            // "(about 680 km)": the approximation word belongs to the conversion.
            for w in UnitContext.approximateBefore where between.hasSuffix(w) {
                between = String(between.dropLast(w.count)).trimmingCharacters(in: .whitespaces)
                break
            }
            guard Self.linkers.contains(between) else { continue }
            if between == "(" || between == "[" || between == "（" {
                let after = String(decoding: UnsafeBufferPointer(rebasing: b[c.range.upperBound..<min(b.count, c.range.upperBound + 8)]), as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
                guard after.hasPrefix(")") || after.hasPrefix("]") || after.hasPrefix("）") || after.hasPrefix(";") || after.hasPrefix(",") else { continue }
            }
            group += 1
            out[i] = (group, "original")
            out[i + 1] = (group, "conversion")
            i += 1
        }
        return out
    }

    /// Whether the conversion agrees with the original, allowing for the rounding both writers used:
    /// "680" stands for 675–685, so 425 miles (683.97 km) agrees; "2 miles (5 km)" does not.
    private func check(original o: Quantity, conversion c: Quantity) -> (agrees: Bool, expected: Double) {
        let conv = model.converter
        let expected = conv.convert(o.value, from: o.unit, to: c.unit) ?? .nan
        let lo = conv.convert(o.value - o.halfStep, from: o.unit, to: c.unit) ?? .nan
        let hi = conv.convert(o.value + o.halfStep, from: o.unit, to: c.unit) ?? .nan
        var slack = c.halfStep
        if c.approximate || o.approximate { slack = max(slack, abs(c.value) * 0.05) }
        let agrees = min(lo, hi) <= c.value + slack && max(lo, hi) >= c.value - slack
        return (agrees, expected)
    }

    // MARK: - Conversion

    /// The unit to write a quantity in: the target region's preference for its quantity and usage.
    private func target(for q: Quantity) -> String? {
        let conv = model.converter
        // The display category names CLDR's quantity ("area", not "consumption", which shares its dimension).
        var quantity = q.category == "concentr" ? "concentration" : q.category
        if conv.usages(quantity: quantity).isEmpty, let qq = conv.quantity(of: q.unit) { quantity = qq }
        var usage = config.usage
        // Liquids are measured in liters and gallons (CLDR's "fluid" usage), not cubic meters.
        if usage == "default", quantity == "volume", !q.unit.hasPrefix("cubic-") { usage = "fluid" }
        let prefs = conv.preferences(quantity: quantity, usage: usage, region: config.region)
        guard !prefs.isEmpty else { return nil }
        let base = q.unit.split(separator: "-and-").first.map(String.init) ?? q.unit
        for p in prefs {
            let first = String(p.unit.split(separator: "-and-").first!)
            if let v = conv.convert(abs(q.value), from: base, to: first), v >= p.geq { return p.unit }
        }
        return prefs.last?.unit
    }

    private func inTargetSystem(_ unit: String) -> Bool {
        let system = config.locale == nil ? config.system : (config.region == "US" ? "us" : config.region == "GB" ? "uk" : "metric")
        return unit.split(separator: "-and-").allSatisfy { model.unit(String($0), isIn: system) }
    }

    private func formatter(_ language: String) -> NumberParser? {
        if let f = formatters[language] { return f }
        let f = try? NumberParser(locale: language)
        formatters[language] = f
        return f
    }

    private func pattern(_ unit: String, _ language: String) -> String {
        let key = unit + "|" + language
        if let p = patterns[key] { return p }
        let p = model.lexicon.pattern(for: unit, locale: language, width: 1) ?? model.lexicon.pattern(for: unit, locale: "en", width: 1) ?? "{0} \(unit)"
        patterns[key] = p
        return p
    }

    private func rounded(_ v: Double, significant: Int) -> Double {
        if v == 0 || !v.isFinite { return v }
        let digits = significant - Int(floor(log10(abs(v)))) - 1
        let scale = pow(10.0, Double(digits))
        return (v * scale).rounded() / scale
    }

    /// The written text of a quantity converted to `unit`, rounded to the precision of the original.
    func render(_ q: Quantity, to unit: String, language: String) -> (text: String, value: Double)? {
        let conv = model.converter
        let base = q.unit.split(separator: "-and-").first.map(String.init) ?? q.unit
        let parts = unit.split(separator: "-and-").map(String.init)
        guard let value = conv.convert(q.value, from: base, to: parts[0]) else { return nil }
        let relative = q.value == 0 ? 0.01 : 2 * q.halfStep / abs(q.value)
        let significant = min(6, max(2, Int(ceil(-log10(max(relative, 1e-6))))))
        let f = formatter(language)
        func write(_ v: Double, _ u: String) -> String {
            let number = f?.format(v) ?? String(v)
            return pattern(u, language).replacingOccurrences(of: "{0}", with: number)
        }
        if parts.count == 2, let small = conv.factor(from: parts[0], to: parts[1]) {
            let whole = floor(value)
            let rest = ((value - whole) * small).rounded()
            return (write(whole, parts[0]) + " " + write(rest, parts[1]), value)
        }
        // Round to the step the original's last digit allows, carried into the new unit ("5 ft 10 in"
        // is good to an inch: 178 cm), but never to fewer than two significant digits ("2 miles": 3.2 km).
        var r = rounded(value, significant: significant)
        if let step = conv.convert(2 * q.halfStep, from: base, to: parts[0]).map({ abs($0 - (conv.convert(0, from: base, to: parts[0]) ?? 0)) }), step > 0 {
            let scale = pow(10.0, floor(log10(step)))
            let byStep = (value / scale).rounded() * scale
            let bySig = rounded(value, significant: 2)
            r = abs(byStep - value) <= abs(bySig - value) ? byStep : bySig
            r = rounded(r, significant: 12)
        }
        if q.category == "temperature" {
            // Offset scales: keep the original's decimal places, not its significant digits.
            let places = max(0, Int(ceil(-log10(2 * q.halfStep))))
            let scale = pow(10.0, Double(places))
            r = (value * scale).rounded() / scale
        }
        return (write(r, unit), r)
    }

    private func rewrite(_ document: inout Document, _ qs: [Quantity], _ links: [Int: (group: Int, role: String)]) {
        var edits: [TextEdit] = []
        var newSpans: [(index: Int, span: Span, insertedLength: Int, appended: Span?)] = []
        // Groups whose text already gives a quantity in the target system are left alone.
        var satisfied: Set<Int> = []
        for (i, q) in qs.enumerated() where links[i] != nil && inTargetSystem(q.unit) { satisfied.insert(links[i]!.group) }
        for (i, q) in qs.enumerated() {
            var span = span(for: q)
            if let l = links[i] { span.attributes["link"] = .int(l.group); span.attributes["role"] = .string(l.role) }
            let skip = (q.isDuration && !config.durations) || inTargetSystem(q.unit) || (links[i].map { satisfied.contains($0.group) || $0.role == "conversion" } ?? false)
            guard !skip, let unit = target(for: q), unit != q.unit else {
                newSpans.append((i, span, 0, nil)); continue
            }
            let language = config.locale.map { String($0.split(whereSeparator: { $0 == "_" || $0 == "-" }).first!) } ?? q.language
            guard let out = render(q, to: unit, language: language) else { newSpans.append((i, span, 0, nil)); continue }
            let original = String(document.text(of: q.range))
            if config.action == "convert" {
                span.attributes["original"] = .string(original)
                span.attributes["original_value"] = span.attributes["value"]
                span.attributes["original_unit"] = .string(q.unit)
                span.attributes["value"] = number(out.value)
                span.attributes["unit"] = .string(unit)
                edits.append(TextEdit(range: q.range, replacement: out.text))
                newSpans.append((i, span, out.text.utf8.count - q.range.count, nil))
            } else {
                let insert = " (" + out.text + ")"
                edits.append(TextEdit(range: q.range.upperBound..<q.range.upperBound, replacement: insert))
                var a = span.attributes
                a["value"] = number(out.value)
                a["unit"] = .string(unit)
                a["si_value"] = span.attributes["si_value"]
                a["approximate"] = .bool(q.approximate)
                a["appended"] = .bool(true)
                a["range"] = nil
                a["parts"] = nil
                let appended = Span(type: "quantity", start: 2, end: 2 + out.text.utf8.count, attributes: a)
                newSpans.append((i, span, insert.utf8.count, appended))
            }
        }
        document.apply(edits, stage: "units")
        // Place the spans in the new text: each shifts by what was inserted before it.
        var delta = 0
        for entry in newSpans {
            let q = qs[entry.index]
            var s = entry.span
            s.start = q.range.lowerBound + delta
            if config.action == "convert" {
                s.end = q.range.upperBound + delta + entry.insertedLength
                document.spans.append(s)
            } else {
                s.end = q.range.upperBound + delta
                document.spans.append(s)
                if var a = entry.appended {
                    a.start += s.end
                    a.end += s.end
                    document.spans.append(a)
                }
            }
            delta += entry.insertedLength
        }
    }
}
