import CICUBridge

/// A failure reported by ICU, with ICU's own name for it and what Sift was doing.
public struct ICUError: Error, CustomStringConvertible, Sendable {
    /// ICU's `UErrorCode` value.
    public let code: Int32
    /// What was being attempted, e.g. "opening transform 'Any-Latn'".
    public let context: String
    /// Extra detail from ICU (a parse position, a rule), if any.
    public let detail: String?

    public init(code: Int32, context: String, detail: String? = nil) {
        self.code = code
        self.context = context
        self.detail = detail
    }

    /// ICU's name for the code, e.g. `U_REGEX_TIME_OUT`.
    public var name: String { String(cString: sift_error_name(code)) }

    /// The match engine's time limit was reached (a pattern that backtracks catastrophically).
    public var isTimeout: Bool { name == "U_REGEX_TIME_OUT" }

    public var description: String {
        if isTimeout && detail == nil {
            return "\(context): exceeded the regex time limit (the pattern backtracks too much on this text; simplify it or raise 'time-limit')"
        }
        return "\(context): \(detail ?? name)"
    }

    /// Throws when `status` is an ICU failure (warnings, which are negative, pass).
    @inline(__always)
    static func check(_ status: Int32, _ context: @autoclosure () -> String, detail: String? = nil) throws(ICUError) {
        if status > 0 { throw ICUError(code: status, context: context(), detail: detail) }
    }
}

extension String {
    /// Decodes a NUL-terminated C character buffer as UTF-8.
    init(cCharacters buffer: [CChar]) {
        self = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Facts about the ICU library Sift runs on.
public enum ICU {
    /// The version of ICU, e.g. "72.1".
    public static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        sift_icu_version(&buffer, 32)
        return String(cCharacters: buffer)
    }
}
