/// Serializes JSON values as compact UTF-8 (non-ASCII written as is, as datatrove and dolma do).
public enum JSONWriter {
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: JSONWriter.appendLiteral("null", to: &out)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let n): appendInt(n, to: &out)
        case .double(let d):
            if d.isFinite {
                if d.rounded() == d && abs(d) < 1e15 {
                    out.append(contentsOf: String(Int(d)).utf8)
                    JSONWriter.appendLiteral(".0", to: &out)
                } else {
                    out.append(contentsOf: d.description.utf8)
                }
            } else {
                JSONWriter.appendLiteral("null", to: &out)
            }
        case .string(let s): appendString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object): append(object, to: &out)
        }
    }

    public static func append(_ object: JSONObject, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (k, v) in object {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            append(v, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends the bytes of a literal (through its buffer: appending a String's `utf8` view costs
    /// twice as much per call, and records are written a dozen per document).
    @inline(__always)
    public static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Decimal digits of an integer, without making a String.
    public static func appendInt(_ n: Int, to out: inout [UInt8]) {
        if n >= 0 && n < 10 {
            out.append(0x30 + UInt8(n))
            return
        }
        if n == Int.min {
            out.append(contentsOf: String(n).utf8)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 19 digits
        var v = n < 0 ? -n : n
        withUnsafeMutableBytes(of: &digits) { buffer in
            var k = buffer.count
            while v > 0 {
                k -= 1
                buffer[k] = 0x30 + UInt8(v % 10)
                v /= 10
            }
            if n < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[k...]))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a JSON string literal, copying unescaped runs in bulk.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            do {
                var runStart = 0
                var i = 0
                let n = bytes.count
                while i < n {
                    i = ByteScan.firstJSONSpecial(bytes.baseAddress!, from: i, end: n)
                    guard i < n else { break }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                    appendEscape(bytes[i], to: &out)
                    i += 1
                    runStart = i
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The escape of a quote, a backslash or a control character.
    @inline(__always)
    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        escape(b) { out.append($0) }
    }

    /// The bytes of the escape of a quote, a backslash or a control character, one by one.
    @inline(__always)
    static func escape(_ b: UInt8, _ emit: (UInt8) -> Void) {
        emit(UInt8(ascii: "\\"))
        switch b {
        case 0x22: emit(0x22)
        case 0x5C: emit(0x5C)
        case 0x0A: emit(UInt8(ascii: "n"))
        case 0x0D: emit(UInt8(ascii: "r"))
        case 0x09: emit(UInt8(ascii: "t"))
        case 0x08: emit(UInt8(ascii: "b"))
        case 0x0C: emit(UInt8(ascii: "f"))
        default:
            for c in "u00".utf8 { emit(c) }
            emit(hexDigits[Int(b >> 4)])
            emit(hexDigits[Int(b & 0xF)])
        }
    }

    public static func string(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
