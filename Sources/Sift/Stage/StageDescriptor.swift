/// What kind of work a stage does. The validator uses it to keep spans honest and `sift stages`
/// shows it.
public struct StageEffects: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Changes the text.
    public static let rewritesText = StageEffects(rawValue: 1)
    /// Carries existing spans through its rewrites (every rewrite through `Document.apply` does).
    public static let carriesSpans = StageEffects(rawValue: 2)
    /// Adds spans.
    public static let annotates = StageEffects(rawValue: 4)
    /// May drop whole documents.
    public static let dropsDocuments = StageEffects(rawValue: 8)
    /// May split a document into several.
    public static let splitsDocuments = StageEffects(rawValue: 16)
    /// May remove lines or spans of text (recorded in `metadata.removed`).
    public static let removesText = StageEffects(rawValue: 32)

    public var labels: [String] {
        var l: [String] = []
        if contains(.rewritesText) { l.append(contains(.carriesSpans) ? "rewrites text (keeps spans)" : "rewrites text (drops spans)") }
        if contains(.removesText) { l.append("removes text (recorded)") }
        if contains(.annotates) { l.append("annotates") }
        if contains(.dropsDocuments) { l.append("drops documents") }
        if contains(.splitsDocuments) { l.append("splits documents") }
        return l
    }
}

/// The type of a stage option, checked when a pipeline is loaded.
public enum OptionType: Sendable, Equatable {
    case string
    case integer(min: Int?, max: Int?)
    case number(min: Double?, max: Double?)
    case boolean
    /// One of a fixed set of words.
    case choice([String])
    /// A list of strings (a single string is accepted as a list of one).
    case strings
    /// An ICU regular expression, compiled when the pipeline is checked.
    case regex
    /// A locale ID or BCP 47 tag that ICU has data for.
    case locale

    public var label: String {
        switch self {
        case .string: "string"
        case .integer(let lo, let hi): "integer" + Self.bounds(lo.map(String.init), hi.map(String.init))
        case .number(let lo, let hi): "number" + Self.bounds(lo.map { String($0) }, hi.map { String($0) })
        case .boolean: "boolean"
        case .choice(let words): words.joined(separator: " | ")
        case .strings: "list of strings"
        case .regex: "ICU regex"
        case .locale: "locale"
        }
    }

    private static func bounds(_ lo: String?, _ hi: String?) -> String {
        switch (lo, hi) {
        case (nil, nil): ""
        case (let l?, nil): " ≥ \(l)"
        case (nil, let h?): " ≤ \(h)"
        case (let l?, let h?): " \(l)…\(h)"
        }
    }
}

/// One option a stage accepts: its name, type, default and documentation.
public struct OptionSpec: Sendable {
    public let name: String
    public let type: OptionType
    /// Used when the pipeline does not set the option; nil means the option is optional and unset.
    public let defaultValue: JSONValue?
    public let required: Bool
    public let help: String

    public init(_ name: String, _ type: OptionType, default defaultValue: JSONValue? = nil, required: Bool = false, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.required = required
        self.help = help
    }
}

/// A stage's validated options, with defaults filled in. Getters trust the loader's type checks.
public struct StageOptions: Sendable {
    public private(set) var values: JSONObject

    public init(_ values: JSONObject = JSONObject()) { self.values = values }

    public subscript(name: String) -> JSONValue? { values[name] }
    public func string(_ name: String) -> String? { values[name]?.stringValue }
    public func int(_ name: String) -> Int? { values[name]?.intValue }
    public func double(_ name: String) -> Double? { values[name]?.doubleValue }
    public func bool(_ name: String) -> Bool { values[name]?.boolValue ?? false }
    public func strings(_ name: String) -> [String] {
        switch values[name] {
        case .string(let s)?: [s]
        case .array(let a)?: a.compactMap(\.stringValue)
        default: []
        }
    }
    public func isSet(_ name: String) -> Bool { values[name] != nil && values[name] != .null }

    /// A copy with one option set (for presets that expand into other options).
    public func setting(_ name: String, _ value: JSONValue) -> StageOptions {
        var copy = self
        copy.values[name] = value
        return copy
    }
}

/// A problem with one option found while building a stage (an unknown transform ID, say).
/// The loader reports it at the option's position in the pipeline file.
public struct OptionError: Error, Sendable {
    /// The option at fault, or nil for the stage as a whole.
    public let option: String?
    public let message: String
    public init(option: String?, _ message: String) {
        self.option = option
        self.message = message
    }
}

/// Everything Sift knows about one stage: the single source for validation, `sift stages` and the docs.
public struct StageDescriptor: Sendable {
    public let name: String
    /// The concern it belongs to (Normalization, Patterns, Filtering, …), for listings.
    public let group: String
    public let summary: String
    public let effects: StageEffects
    public let options: [OptionSpec]
    /// An example of its use in a pipeline file.
    public let example: String
    /// Builds the stage from validated options; throws ``OptionError`` for problems only the
    /// stage can see (an ICU transform ID that does not exist, options that contradict each other).
    public let build: @Sendable (StageOptions) throws(OptionError) -> StageFactory

    public init(name: String, group: String, summary: String, effects: StageEffects, options: [OptionSpec] = [],
                example: String, build: @escaping @Sendable (StageOptions) throws(OptionError) -> StageFactory) {
        self.name = name
        self.group = group
        self.summary = summary
        self.effects = effects
        self.options = options
        self.example = example
        self.build = build
    }

    public func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}
