import Sift
import SiftICU

/// Options shared by the stages that take an ICU regular expression.
enum PatternOptions {
    static let specs: [OptionSpec] = [
        OptionSpec("case-insensitive", .boolean, default: false, help: "Match without regard to case (full Unicode case folding)."),
        OptionSpec("time-limit", .integer(min: 1, max: 1_000_000), default: 1000,
                   help: "ICU's match time limit, in steps of its match engine (about a millisecond each). A pattern that backtracks catastrophically fails that document with an error instead of hanging the run."),
    ]

    /// Compiles the `pattern` option (already checked by the loader) with the shared options.
    static func compile(_ options: StageOptions, key: String = "pattern", extra: ICURegex.Options = []) throws(OptionError) -> ICURegex {
        var flags = extra
        if options.bool("case-insensitive") { flags.insert(.caseInsensitive) }
        do {
            return try ICURegex(options.string(key) ?? "", options: flags, timeLimit: Int32(options.int("time-limit") ?? 1000))
        } catch {
            throw OptionError(option: key, "\(error)")
        }
    }
}

/// A compiled regex shared by a stage's factory; each worker takes its own copy.
struct SharedRegex: @unchecked Sendable {
    let regex: ICURegex
    func copy() -> ICURegex { regex.copy() }
}
