/// Unit conversion from CLDR's data as ICU ships it (the supplemental `units` resource):
/// `convertUnits` (factor and offset to a base unit), `unitConstants` (ft_to_m, gal_to_m3, …),
/// `unitQuantities` (base unit → quantity) and `unitPreferenceData` (which unit a region uses
/// for a quantity and usage). Identifiers are CLDR's: `mile`, `kilometer-per-hour`,
/// `square-foot`, `liter-per-100-kilometer`; SI and binary prefixes, `square-`, `cubic-`,
/// `powN-` and `-per-` are understood, as in ICU's `MeasureUnit`.
///
/// Immutable once built and safe to share between threads; ``shared`` loads it once per process.
public final class UnitConverter: Sendable {
    /// A unit resolved to SI: `si = value × factor + offset`, with the dimension of the base units.
    public struct Resolved: Sendable, Equatable {
        public let factor: Double
        public let offset: Double
        /// Base units and their exponents, e.g. `["meter": 1, "second": -1]`, as a canonical string.
        public let dimension: String
    }

    /// A preferred unit for a region and usage: use it when the converted value is at least `geq`.
    public struct Preference: Sendable, Equatable {
        public let unit: String
        public let geq: Double
    }

    private struct Simple: Sendable { let factor: Double; let offset: Double; let target: String }

    private let simple: [String: Simple]
    private let quantities: [String: String]
    /// category → usage → region → preferences (largest first).
    private let preferences: [String: [String: [String: [Preference]]]]
    public let constants: [String: Double]

    /// Loaded from ICU once per process; nil only if ICU's data lacks the `units` resource.
    public static let shared: UnitConverter? = try? UnitConverter()

    public init() throws {
        let entries = try CLDRData.supplementalUnits()
        var rawConstants: [String: String] = [:]
        var factors: [String: String] = [:], offsets: [String: String] = [:], targets: [String: String] = [:]
        var quantities: [(index: Int, base: String, quantity: String)] = []
        var prefUnits: [String: String] = [:], prefGeq: [String: String] = [:]
        for e in entries {
            let parts = e.path.split(separator: "/").map(String.init)
            guard let head = parts.first else { continue }
            switch head {
            case "unitConstants" where parts.count == 2: rawConstants[parts[1]] = e.value
            case "convertUnits" where parts.count == 3:
                switch parts[2] {
                case "factor": factors[parts[1]] = e.value
                case "offset": offsets[parts[1]] = e.value
                case "target": targets[parts[1]] = e.value
                default: break
                }
            case "unitQuantities" where parts.count == 3:
                quantities.append((Int(parts[1].dropFirst()) ?? 0, parts[2], e.value))
            case "unitPreferenceData" where parts.count == 6:
                let key = parts[1...4].joined(separator: "/")
                if parts[5] == "unit" { prefUnits[key] = e.value } else if parts[5] == "geq" { prefGeq[key] = e.value }
            default: break
            }
        }
        // Constants refer to each other (gal_to_m3 = 231*in3_to_m3): evaluate on demand, memoized.
        var constants: [String: Double] = [:]
        func constant(_ name: String, depth: Int) -> Double? {
            if let v = constants[name] { return v }
            guard depth < 16, let raw = rawConstants[name], let v = Self.evaluate(raw, depth: depth + 1, constant) else { return nil }
            constants[name] = v
            return v
        }
        for name in rawConstants.keys { _ = constant(name, depth: 0) }
        let lookup: (String, Int) -> Double? = { name, _ in constants[name] }
        var simple: [String: Simple] = [:]
        for (unit, f) in factors {
            guard let factor = Self.evaluate(f, depth: 0, lookup), let target = targets[unit] else { continue }
            let offset = offsets[unit].flatMap { Self.evaluate($0, depth: 0, lookup) } ?? 0
            simple[unit] = Simple(factor: factor, offset: offset, target: target)
        }
        var prefs: [String: [String: [String: [Preference]]]] = [:]
        // Keys are category/usage/region/#i; keep the array order.
        for key in prefUnits.keys.sorted(by: { a, b in
            let (pa, ia) = Self.splitIndex(a), (pb, ib) = Self.splitIndex(b)
            return pa != pb ? pa < pb : ia < ib
        }) {
            let p = key.split(separator: "/").map(String.init)
            let geq = prefGeq[key].flatMap { Double($0) } ?? 1.0
            prefs[p[0], default: [:]][p[1], default: [:]][p[2], default: []].append(Preference(unit: prefUnits[key]!, geq: geq))
        }
        self.constants = constants
        self.simple = simple
        self.preferences = prefs
        // unitQuantities keys base units; index them by canonical dimension.
        var q: [String: String] = [:]
        let partial = UnitConverter(simple: simple, constants: constants)
        // Where two quantities share a dimension (area and consumption are both m²), the one whose
        // base unit is named most simply (square-meter, not cubic-meter-per-meter) is the usual one.
        for (_, base, quantity) in quantities.sorted(by: { ($0.base.count, $0.index) < ($1.base.count, $1.index) }) {
            if let r = partial.resolve(base), q[r.dimension] == nil { q[r.dimension] = quantity }
        }
        self.quantities = q
    }

    private init(simple: [String: Simple], constants: [String: Double]) {
        self.simple = simple
        self.constants = constants
        self.quantities = [:]
        self.preferences = [:]
    }

    private static func splitIndex(_ key: String) -> (String, Int) {
        guard let hash = key.lastIndex(of: "#") else { return (key, 0) }
        return (String(key[..<hash]), Int(key[key.index(after: hash)...]) ?? 0)
    }

    /// Evaluates a CLDR factor: products of numbers and constants, with at most one `/`
    /// dividing by the product of everything after it (`1/360*60` is 1/21600).
    static func evaluate(_ expression: String, depth: Int, _ constant: (String, Int) -> Double?) -> Double? {
        let sides = expression.split(separator: "/", omittingEmptySubsequences: false)
        guard sides.count <= 2 else { return nil }
        func product(_ s: Substring) -> Double? {
            var p = 1.0
            for term in s.split(separator: "*") {
                let t = term.trimmingSpaces
                if let v = Double(t) { p *= v } else if let v = constant(String(t), depth) { p *= v } else { return nil }
            }
            return p
        }
        guard let n = product(sides[0]) else { return nil }
        if sides.count == 1 { return n }
        guard let d = product(sides[1]), d != 0 else { return nil }
        return n / d
    }

    public static let siPrefixes: [(String, Double)] = [
        ("quecto", 1e-30), ("ronto", 1e-27), ("yocto", 1e-24), ("zepto", 1e-21), ("atto", 1e-18), ("femto", 1e-15),
        ("pico", 1e-12), ("nano", 1e-9), ("micro", 1e-6), ("milli", 1e-3), ("centi", 1e-2), ("deci", 1e-1),
        ("deka", 1e1), ("hecto", 1e2), ("kilo", 1e3), ("mega", 1e6), ("giga", 1e9), ("tera", 1e12), ("peta", 1e15),
        ("exa", 1e18), ("zetta", 1e21), ("yotta", 1e24), ("ronna", 1e27), ("quetta", 1e30),
        ("kibi", 1024), ("mebi", 1048576), ("gibi", 1073741824), ("tebi", 1099511627776),
        ("pebi", 1125899906842624), ("exbi", 1152921504606846976), ("zebi", 1180591620717411303424),
        ("yobi", 1208925819614629174706176),
    ]

    /// Resolves a CLDR unit identifier to SI, or nil if it is not one CLDR can convert.
    /// Mixed units (`foot-and-inch`) resolve to their first unit.
    public func resolve(_ unit: String) -> Resolved? {
        if let and = unit.firstRange(of: "-and-") { return resolve(String(unit[..<and.lowerBound])) }
        var factor = 1.0
        var offset = 0.0
        var dims: [String: Int] = [:]
        var sign = 1
        var power = 1
        var simpleCount = 0
        let tokens = unit.split(separator: "-").map(String.init)
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t == "per" { sign = -1; i += 1; continue }
            if t == "square" { power = 2; i += 1; continue }
            if t == "cubic" { power = 3; i += 1; continue }
            if t.hasPrefix("pow"), let n = Int(t.dropFirst(3)) { power = n; i += 1; continue }
            // Longest run of tokens naming a simple unit, possibly with a prefix.
            var matched: (length: Int, factor: Double, offset: Double, target: String)? = nil
            var j = tokens.count
            while j > i, matched == nil {
                let name = tokens[i..<j].joined(separator: "-")
                if let s = simple[name] {
                    matched = (j - i, s.factor, s.offset, s.target)
                } else {
                    for (prefix, scale) in Self.siPrefixes where name.hasPrefix(prefix) {
                        if let s = simple[String(name.dropFirst(prefix.count))] {
                            matched = (j - i, s.factor * scale, s.offset, s.target)
                            break
                        }
                    }
                }
                j -= 1
            }
            guard let m = matched else { return nil }
            let e = sign * power
            factor *= Foundationless.pow(m.factor, e)
            if m.offset != 0 { offset = m.offset }
            simpleCount += 1
            // The target is built of base units (each resolves to itself).
            for (base, exponent) in baseDimensions(m.target) { dims[base, default: 0] += exponent * e }
            power = 1
            i += m.length
        }
        guard simpleCount > 0 else { return nil }
        if simpleCount > 1 { offset = 0 }
        let dimension = dims.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { "\($0.key)^\($0.value)" }.joined(separator: ".")
        return Resolved(factor: factor, offset: offset, dimension: dimension)
    }

    /// A base-unit expression (`kilogram-meter-per-square-second`) as exponents.
    private func baseDimensions(_ target: String) -> [String: Int] {
        var dims: [String: Int] = [:]
        var sign = 1, power = 1
        for t in target.split(separator: "-") {
            switch t {
            case "per": sign = -1
            case "square": power = 2
            case "cubic": power = 3
            default:
                if t.hasPrefix("pow"), let n = Int(t.dropFirst(3)) { power = n; continue }
                dims[String(t), default: 0] += sign * power
                power = 1
            }
        }
        return dims
    }

    /// Converts `value` from one unit to another; nil if either is unknown or their dimensions differ.
    public func convert(_ value: Double, from: String, to: String) -> Double? {
        guard let a = resolve(from), let b = resolve(to), a.dimension == b.dimension else { return nil }
        return ((value * a.factor + a.offset) - b.offset) / b.factor
    }

    /// The factor `to` units per `from` unit (no offsets), for checking against other references.
    public func factor(from: String, to: String) -> Double? {
        guard let a = resolve(from), let b = resolve(to), a.dimension == b.dimension else { return nil }
        return a.factor / b.factor
    }

    /// The value in SI base units.
    public func siValue(_ value: Double, unit: String) -> Double? {
        guard let r = resolve(unit) else { return nil }
        return value * r.factor + r.offset
    }

    /// CLDR's quantity for a unit (`length`, `speed`, `pressure`), from `unitQuantities`.
    public func quantity(of unit: String) -> String? {
        guard let r = resolve(unit) else { return nil }
        return quantities[r.dimension]
    }

    /// The preferences of a region for a quantity and usage, falling back to usage `default` and region `001`.
    public func preferences(quantity: String, usage: String = "default", region: String) -> [Preference] {
        guard let byUsage = preferences[quantity] else { return [] }
        let u = byUsage[usage] ?? byUsage["default"]
        guard let u else { return [] }
        return u[region] ?? u["001"] ?? []
    }

    /// The usages CLDR knows for a quantity (`default`, `road`, `person-height`, …).
    public func usages(quantity: String) -> [String] { preferences[quantity].map { $0.keys.sorted() } ?? [] }

    /// Every quantity with preference data.
    public var preferenceQuantities: [String] { preferences.keys.sorted() }

    /// The simple units CLDR can convert (without prefixes).
    public var simpleUnits: [String] { simple.keys.sorted() }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

/// Integer powers without Foundation.
enum Foundationless {
    static func pow(_ x: Double, _ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(n) { r *= x }
        return n < 0 ? 1 / r : r
    }
}

extension UnitConverter {
    /// One row of the conversion table: a unit, its CLDR quantity, and how it maps to SI base units.
    public struct Row: Sendable {
        public let unit: String
        public let quantity: String
        public let factor: Double
        public let offset: Double
        public let base: String
    }

    /// Every simple CLDR unit, and each with the SI prefixes people use with it (kilometer,
    /// milligram, megabyte…), with their factors: the table `sift units` prints.
    public func table() -> [Row] {
        let prefixed = ["kilo", "centi", "milli", "micro", "nano", "pico", "mega", "giga", "tera", "hecto", "deci"]
        var names = Set(simpleUnits)
        for base in ["meter", "gram", "liter", "second", "watt", "joule", "hertz", "byte", "bit", "pascal", "volt", "ampere", "ohm", "calorie", "bar"] where names.contains(base) {
            for p in prefixed { names.insert(p + base) }
        }
        for area in ["square-meter", "square-kilometer", "square-centimeter", "square-foot", "square-inch", "square-mile", "square-yard",
                     "cubic-meter", "cubic-centimeter", "cubic-foot", "cubic-inch", "cubic-yard", "cubic-mile", "cubic-kilometer",
                     "kilometer-per-hour", "mile-per-hour", "meter-per-second", "foot-per-second", "liter-per-100-kilometer",
                     "mile-per-gallon", "liter-per-kilometer", "pound-force-per-square-inch", "kilowatt-hour", "newton-meter", "pound-force-foot"] {
            names.insert(area)
        }
        return names.sorted().compactMap { unit in
            guard let r = resolve(unit) else { return nil }
            return Row(unit: unit, quantity: quantity(of: unit) ?? "", factor: r.factor, offset: r.offset, base: r.dimension)
        }
    }
}
