import CByteScan
import SiftICU

/// A strict JSON parser over UTF-8 bytes, for JSONL records.
///
/// Written for Sift rather than taken from Foundation because records must keep their key order
/// (metadata passes through unchanged), errors must say where in the line they are, and it runs on
/// every record of a corpus (it stays on bytes and allocates only the values it returns).
public struct JSONParser {
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        /// 1-based column in bytes of the line.
        public let column: Int
        public let message: String
        public var description: String { "column \(column): \(message)" }
    }

    /// Nesting deeper than this is refused rather than risking the stack.
    public static let maxDepth = 512

    /// Parses one JSON value that fills `bytes` (surrounding whitespace allowed).
    /// Invalid UTF-8 inside strings is replaced with U+FFFD and counted in `invalidUTF8`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> (value: JSONValue, invalidUTF8: Int) {
        var p = JSONParser(bytes: bytes)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < bytes.count { throw p.error("unexpected \(p.describe(p.i)) after the value") }
        return (v, p.invalidUTF8)
    }

    /// A string member's decoded bytes (valid UTF-8) and the length of their ASCII start.
    public struct TextBytes {
        public var bytes: [UInt8]
        /// The bytes before the first non-ASCII byte (all of them in an ASCII text).
        public var asciiPrefix: Int
        public var isASCII: Bool { asciiPrefix == bytes.count }

        /// Bytes whose ASCII start is measured here (the decoders off the fast path).
        init(measuring bytes: [UInt8]) {
            self.bytes = bytes
            self.asciiPrefix = bytes.firstIndex { $0 >= 0x80 } ?? bytes.count
        }

        init(bytes: [UInt8], asciiPrefix: Int) {
            self.bytes = bytes
            self.asciiPrefix = asciiPrefix
        }
    }

    /// A JSONL record's top-level fields: the values of the four keys the reader looks up, and
    /// the other members in order (as ``JSONObject`` keeps them, a repeated key's last value in
    /// its first place).
    public struct Record {
        public var id: JSONValue? = nil
        /// The text member when it is not a string (a string is in ``textUTF8``).
        public var text: JSONValue? = nil
        /// The text member when it is a string: its bytes, valid UTF-8 (invalid sequences replaced
        /// with U+FFFD and counted), and how many of them lead before the first non-ASCII one. Kept
        /// as bytes because the document keeps its text as bytes: no String is made for it on the
        /// way in.
        public var textUTF8: TextBytes? = nil
        /// The text member as a JSON value, whichever way it was read.
        public var textValue: JSONValue? {
            textUTF8.map { .string(String(decoding: $0.bytes, as: UTF8.self)) } ?? text
        }
        public var metadata: JSONValue? = nil
        public var spans: JSONValue? = nil
        public var extra = JSONObject()
        public var invalidUTF8 = 0
    }

    /// The top-level keys a record's members are told apart by, as bytes: a plain key is
    /// compared where it stands in the line, no String made of it.
    public struct RecordKeys: Sendable {
        let idKey: String
        let textKey: String
        let id: [UInt8]
        let text: [UInt8]
        let metadata: [UInt8] = Array("metadata".utf8)
        let spans: [UInt8] = Array("spans".utf8)

        public init(idKey: String, textKey: String) {
            self.idKey = idKey
            self.textKey = textKey
            id = Array(idKey.utf8)
            text = Array(textKey.utf8)
        }
    }

    /// Parses a line that holds one JSON object into its ``Record`` (`idKey`, `textKey`,
    /// `metadata`, `spans` and the rest), without building the object itself: a record's top level
    /// is read once, on every record of a corpus. The same grammar as ``parse(_:)``; nil when the
    /// value is not an object, and on a syntax error the error ``parse(_:)`` throws.
    public static func parseRecord(_ bytes: UnsafeBufferPointer<UInt8>, idKey: String, textKey: String) throws(SyntaxError) -> Record? {
        try parseRecord(bytes, keys: RecordKeys(idKey: idKey, textKey: textKey))
    }

    /// ``parseRecord(_:idKey:textKey:)`` with the keys made once for every record of a run.
    /// - Parameter scratch: room for `bytes.count` bytes that the text is decoded into before it
    ///   is copied into an array of its size (a reader reuses one for every record); nil decodes
    ///   it into an array as long as the rest of the line.
    public static func parseRecord(_ bytes: UnsafeBufferPointer<UInt8>, keys: RecordKeys, scratch: UnsafeMutablePointer<UInt8>? = nil) throws(SyntaxError) -> Record? {
        var p = JSONParser(bytes: bytes)
        p.scratch = scratch
        p.skipSpace()
        guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "{") else {
            _ = try parse(bytes)
            return nil
        }
        if let record = p.recordMembers(keys) { return record }
        // Malformed: the generic parser says where (it reads the same grammar).
        _ = try parse(bytes)
        return nil
    }

    /// The members of the object at `i`, then nothing but white space; nil on any syntax error.
    ///
    /// The members are kept in locals and the record made of them at the end (a `Record` built up
    /// in place was copied and destroyed once more per record, its optional values one by one).
    private mutating func recordMembers(_ keys: RecordKeys) -> Record? {
        var id: JSONValue? = nil, text: JSONValue? = nil, textUTF8: TextBytes? = nil
        var metadata: JSONValue? = nil, spans: JSONValue? = nil
        var extra: [(String, JSONValue)] = []
        i += 1
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
                // A key of plain ASCII (a record's keys are) is compared as bytes; any other is
                // decoded to a String first. A String is made for the members kept in `extra` only.
                let isID: Bool, isText: Bool, isMetadata: Bool, isSpans: Bool
                var key: String? = nil
                let keyStart = i + 1
                let keyEnd = plainASCIIStringEnd(from: keyStart)
                if keyEnd >= 0 {
                    isID = matches(keyStart, keyEnd, keys.id)
                    isText = matches(keyStart, keyEnd, keys.text)
                    isMetadata = matches(keyStart, keyEnd, keys.metadata)
                    isSpans = matches(keyStart, keyEnd, keys.spans)
                    i = keyEnd + 1
                } else {
                    guard let k = try? string() else { return nil }
                    isID = k == keys.idKey
                    isText = k == keys.textKey
                    isMetadata = k == "metadata"
                    isSpans = k == "spans"
                    key = k
                }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                if isText, i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                    // The text, straight to bytes (the last of repeated keys wins, as in an object).
                    guard let t = try? stringBytes() else { return nil }
                    if isID { id = .string(t.bytes.withUnsafeBufferPointer { UTF8Text.string(validUTF8: $0, isASCII: t.isASCII) }) }
                    textUTF8 = t
                    text = nil
                } else {
                    let v: JSONValue
                    if isID, let id = plainString() {
                        v = .string(id)
                    } else {
                        guard let parsed = try? value(depth: 1) else { return nil }
                        v = parsed
                    }
                    if isID { id = v }
                    if isText { text = v; textUTF8 = nil }
                    if isMetadata { metadata = v }
                    if isSpans { spans = v }
                    if !(isID || isText || isMetadata || isSpans) {
                        extra.append((key ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd]), as: UTF8.self), v))
                    }
                }
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                return nil
            }
        }
        skipSpace()
        if i < bytes.count { return nil }
        return Record(id: id, text: text, textUTF8: textUTF8, metadata: metadata, spans: spans,
                      extra: extra.isEmpty ? JSONObject() : JSONObject(extra), invalidUTF8: invalidUTF8)
    }

    /// The index of the closing quote of the string whose first byte is at `from` when every byte
    /// before it is printable ASCII other than the backslash (no escape to decode, nothing to
    /// check), else -1.
    @inline(__always)
    private func plainASCIIStringEnd(from: Int) -> Int {
        var k = from
        while k < bytes.count {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") { return k }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { return -1 }
            k += 1
        }
        return -1
    }

    /// Whether the bytes `start..<end` of the line are `key`.
    @inline(__always)
    private func matches(_ start: Int, _ end: Int, _ key: [UInt8]) -> Bool {
        guard end - start == key.count else { return false }
        var k = 0
        while k < key.count {
            if bytes[start + k] != key[k] { return false }
            k += 1
        }
        return true
    }

    /// The string at `i` when it has no escape and is plain ASCII (a record's id): made straight
    /// from its bytes, with `i` moved past it. Nil for anything else, `i` unmoved: ``string()``
    /// reads it (the same String, or the error).
    @inline(__always)
    private mutating func plainString() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let end = plainASCIIStringEnd(from: i + 1)
        guard end >= 0 else { return nil }
        let s = UTF8Text.string(validUTF8: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<end]), isASCII: true)
        i = end + 1
        return s
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var invalidUTF8 = 0
    /// Where ``plainStringBytes()`` decodes, when given: room for `bytes.count` bytes.
    private var scratch: UnsafeMutablePointer<UInt8>? = nil

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func error(_ message: String, at position: Int? = nil) -> SyntaxError {
        SyntaxError(column: (position ?? i) + 1, message: message)
    }

    private func describe(_ at: Int) -> String {
        guard at < bytes.count else { return "end of line" }
        let b = bytes[at]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of line, expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected \(describe(i)), expected a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard i + n <= bytes.count, (0..<n).allSatisfy({ bytes[i + $0] == w[$0] }) else {
            throw error("invalid literal, expected '\(word)'")
        }
        i += n
    }

    private mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
        i += 1
        var entries: [(String, JSONValue)] = []
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject()) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a string key, found \(describe(i))") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after key, found \(describe(i))") }
            i += 1
            skipSpace()
            let v = try value(depth: depth)
            entries.append((key, v))
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of line, expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}', found \(describe(i))")
        }
        return .object(JSONObject(entries))
    }

    private mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
        while true {
            skipSpace()
            items.append(try value(depth: depth))
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end of line, expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']', found \(describe(i))")
        }
        return .array(items)
    }

    private mutating func string() throws(SyntaxError) -> String {
        let (text, invalid) = try rawString { raw in
            let decoded = UTF8Decoding.decode(raw)
            return (decoded.text, decoded.invalidSequences)
        }
        invalidUTF8 += invalid
        return text
    }

    /// The string at `i` as valid UTF-8 bytes, with the length of their ASCII start.
    private mutating func stringBytes() throws(SyntaxError) -> TextBytes {
        if let fast = plainStringBytes() { return fast }
        let (value, invalid) = try rawString { raw -> (TextBytes, Int) in
            if UTF8Text.check(raw) != nil { return (TextBytes(measuring: Array(raw)), 0) }
            let decoded = UTF8Decoding.decode(raw)
            return (TextBytes(measuring: Array(decoded.text.utf8)), decoded.invalidSequences)
        }
        invalidUTF8 += invalid
        return value
    }

    /// The string at `i` when it holds only plain runs, short escapes and `\u` escapes outside
    /// the surrogates, and is valid UTF-8 once unescaped (a page's text): decoded and checked as
    /// UTF-8 in one pass, in C, with `i` moved past it; into the scratch then an array of its size
    /// when there is a scratch, else straight into the array the document keeps. Nil for anything
    /// else, `i` unmoved: ``rawString(_:)`` decodes it (and says what is wrong).
    @inline(__always)
    private mutating func plainStringBytes() -> TextBytes? {
        let start = i + 1
        // Escapes only shorten: the rest of the record bounds the string.
        let room = bytes.count - start
        guard let base = bytes.baseAddress, room > 0 else { return nil }
        if let scratch {
            // An array made from a buffer is allocated by code specialized for bytes; the array
            // made with room to decode into went through the standard library's generic
            // allocation, which looks up its storage type at run time (more than the copy costs).
            var n: Int64 = 0
            var prefix: Int64 = 0
            let c = sift_json_unescape_utf8(base, Int64(start), Int64(bytes.count), scratch, &n, &prefix)
            guard c >= 0 else { return nil }
            i = Int(c) + 1
            return TextBytes(bytes: Array(UnsafeBufferPointer(start: scratch, count: Int(n))), asciiPrefix: Int(prefix))
        }
        var close = -1, asciiPrefix = 0
        let array = [UInt8](unsafeUninitializedCapacity: room) { out, written in
            written = 0
            var n: Int64 = 0
            var prefix: Int64 = 0
            let c = sift_json_unescape_utf8(base, Int64(start), Int64(bytes.count), out.baseAddress!, &n, &prefix)
            guard c >= 0 else { return }
            close = Int(c)
            asciiPrefix = Int(prefix)
            written = Int(n)
        }
        guard close >= 0 else { return nil }
        i = close + 1
        // Much more room than text (a short text before long fields): keep only the text.
        if room - array.count <= max(4096, array.count) { return TextBytes(bytes: array, asciiPrefix: asciiPrefix) }
        return TextBytes(bytes: array.withUnsafeBufferPointer { Array($0) }, asciiPrefix: asciiPrefix)
    }

    /// Reads the string at `i` and hands `finish` its bytes once unescaped (not yet checked as
    /// UTF-8), returning what it makes of them.
    private mutating func rawString<R>(_ finish: (UnsafeBufferPointer<UInt8>) -> R) throws(SyntaxError) -> R {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes and valid UTF-8.
        if let base = bytes.baseAddress { i = ByteScan.firstJSONSpecial(base, from: i, end: bytes.count) }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                return finish(raw)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in string (escape it as \\u\(hex4(UInt16(b))))") }
            i += 1
        }
        guard i < bytes.count else { throw error("unterminated string", at: open) }
        // Slow path: copy the runs between escapes in bulk. Escapes only shorten the string, so the
        // rest of the record bounds it: one allocation, written through a pointer.
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count - start)
        defer { out.deallocate() }
        // Plain runs and the common escapes, in one pass; anything else goes the careful way below.
        if let (close, written) = ByteScan.unescapeJSON(bytes.baseAddress!, from: start, end: bytes.count, to: out) {
            i = close + 1
            return finish(UnsafeBufferPointer(start: out, count: written))
        }
        var n = 0
        @inline(__always) func put(_ b: UInt8) {
            out[n] = b
            n += 1
        }
        var runStart = start
        while i < bytes.count {
            i = ByteScan.firstJSONSpecial(bytes.baseAddress!, from: i, end: bytes.count)
            guard i < bytes.count else { break }
            let b = bytes[i]
            if i > runStart {
                (out + n).initialize(from: bytes.baseAddress! + runStart, count: i - runStart)
                n += i - runStart
            }
            if b == UInt8(ascii: "\"") {
                i += 1
                return finish(UnsafeBufferPointer(start: out, count: n))
            }
            if b < 0x20 { throw error("control character in string (escape it as \\u\(hex4(UInt16(b))))") }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): put(0x22)
            case UInt8(ascii: "\\"): put(0x5C)
            case UInt8(ascii: "/"): put(0x2F)
            case UInt8(ascii: "b"): put(0x08)
            case UInt8(ascii: "f"): put(0x0C)
            case UInt8(ascii: "n"): put(0x0A)
            case UInt8(ascii: "r"): put(0x0D)
            case UInt8(ascii: "t"): put(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(try hexQuad())
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        let low = UInt32(try hexQuad())
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                            scalar = 0xFFFD
                            invalidUTF8 += 1
                        }
                    } else {
                        scalar = 0xFFFD
                        invalidUTF8 += 1
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                    invalidUTF8 += 1
                }
                // At most 4 bytes for the 6 (or 12) of the escape.
                for unit in UTF8.encode(Unicode.Scalar(scalar)!)! { put(unit) }
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'", at: i - 2)
            }
            runStart = i
        }
        throw error("unterminated string", at: open)
    }

    private func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    private mutating func hexQuad() throws(SyntaxError) -> UInt16 {
        guard i + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | UInt16(d)
            i += 1
        }
        return v
    }

    private mutating func number() throws(SyntaxError) -> JSONValue {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) else {
            throw error("invalid number", at: start)
        }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            let digits = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            if i == digits { throw error("invalid number: digits expected after '.'", at: start) }
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let digits = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            if i == digits { throw error("invalid number: digits expected in exponent", at: start) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if isInteger, let v = Int(text) { return .int(v) }
        guard let d = Double(text) else { throw error("invalid number", at: start) }
        // Infinity has no JSON form: it would be written back as null, silently changing the record.
        guard d.isFinite else { throw error("number out of range: \(text)", at: start) }
        return .double(d)
    }
}
