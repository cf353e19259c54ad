import CICUBridge

/// An ICU regular expression, matched on UTF-8 in place; match ranges are byte offsets.
///
/// ICU's match engine has a time limit, so a pattern that backtracks catastrophically fails
/// with an ``ICUError`` whose ``ICUError/isTimeout`` is true instead of hanging.
/// Not thread-safe: give each thread its own through ``copy()``.
public final class ICURegex {
    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: 2)
        public static let comments = Options(rawValue: 4)
        public static let dotAll = Options(rawValue: 32)
        public static let multiline = Options(rawValue: 8)
    }

    /// A syntax error in a pattern, with the position of the mistake in code points.
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        public let pattern: String
        public let icuName: String
        /// Offset of the error in the pattern, in Unicode scalars, if ICU gave one.
        public let offset: Int?
        public var description: String {
            var reason = icuName.hasPrefix("U_REGEX_") ? String(icuName.dropFirst(8)) : icuName
            reason = String(reason.lowercased().map { $0 == "_" ? " " : $0 })
            if let offset { return "invalid regular expression (\(reason) at character \(offset + 1))" }
            return "invalid regular expression (\(reason))"
        }
    }

    public let pattern: String
    private let handle: OpaquePointer

    public init(_ pattern: String, options: Options = [], timeLimit: Int32 = 0) throws(SyntaxError) {
        var status: Int32 = 0
        var offset: Int32 = -1
        var bytes = Array(pattern.utf8)
        let h = bytes.withUnsafeMutableBufferPointer { p in
            sift_regex_open(p.baseAddress, Int64(p.count), options.rawValue, &offset, &status)
        }
        guard let h, status <= 0 else {
            // ICU reports the offset in UTF-16 units; count it back in scalars.
            var scalarOffset: Int? = nil
            if offset >= 0 {
                var units = 0, scalars = 0
                for s in pattern.unicodeScalars {
                    if units >= Int(offset) { break }
                    units += s.utf16.count
                    scalars += 1
                }
                scalarOffset = scalars
            }
            throw SyntaxError(pattern: pattern, icuName: String(cString: sift_error_name(status)), offset: scalarOffset)
        }
        self.pattern = pattern
        self.handle = h
        if timeLimit > 0 { sift_regex_set_time_limit(h, timeLimit, &status) }
    }

    private init(pattern: String, handle: OpaquePointer) {
        self.pattern = pattern
        self.handle = handle
    }

    deinit { sift_regex_close(handle) }

    /// An independent copy (same pattern and time limit) for another thread.
    public func copy() -> ICURegex {
        var status: Int32 = 0
        // Cloning a compiled pattern cannot fail except for lack of memory.
        let h = sift_regex_clone(handle, &status)!
        return ICURegex(pattern: pattern, handle: h)
    }

    /// Number of capture groups.
    public var groupCount: Int {
        var status: Int32 = 0
        return Int(sift_regex_group_count(handle, &status))
    }

    /// The number of a named capture group, or nil.
    public func groupNumber(named name: String) -> Int? {
        var bytes = Array(name.utf8)
        let n = bytes.withUnsafeMutableBufferPointer { sift_regex_group_number(handle, $0.baseAddress, Int64($0.count)) }
        return n < 0 ? nil : Int(n)
    }

    /// A match: the byte ranges of each group within the searched UTF-8 buffer (nil if a group did not take part).
    public struct Match {
        public let groups: [Range<Int>?]
        public var range: Range<Int> { groups[0]! }
    }

    /// Calls `body` with each match in `text` (a UTF-8 buffer that must stay valid during the call),
    /// in order; `body` returns false to stop.
    public func forEachMatch(in text: UnsafeBufferPointer<UInt8>, wantGroups: Bool = true,
                             _ body: (Match) throws -> Bool) throws {
        var status: Int32 = 0
        sift_regex_set_utf8(handle, text.baseAddress ?? Self.empty, Int64(text.count), &status)
        try ICUError.check(status, "matching /\(pattern)/")
        let groups = wantGroups ? groupCount : 0
        while true {
            let found = sift_regex_find_next(handle, &status)
            try ICUError.check(status, "matching /\(pattern)/")
            if found == 0 { return }
            var ranges: [Range<Int>?] = []
            ranges.reserveCapacity(groups + 1)
            for g in 0...groups {
                let s = sift_regex_start(handle, Int32(g), &status)
                let e = sift_regex_end(handle, Int32(g), &status)
                ranges.append(s < 0 ? nil : Int(s)..<Int(e))
            }
            if try !body(Match(groups: ranges)) { return }
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    public func firstMatch(in text: UnsafeBufferPointer<UInt8>) throws -> Range<Int>? {
        var result: Range<Int>? = nil
        try forEachMatch(in: text, wantGroups: false) { m in
            result = m.range
            return false
        }
        return result
    }

    /// Whether the pattern matches the whole of `text`.
    public func matchesWhole(_ text: UnsafeBufferPointer<UInt8>) throws -> Bool {
        var status: Int32 = 0
        sift_regex_set_utf8(handle, text.baseAddress ?? Self.empty, Int64(text.count), &status)
        try ICUError.check(status, "matching /\(pattern)/")
        let found = sift_regex_matches(handle, &status)
        try ICUError.check(status, "matching /\(pattern)/")
        return found == 1
    }

    nonisolated(unsafe) private static let empty: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.pointee = 0
        return UnsafePointer(p)
    }()
}
