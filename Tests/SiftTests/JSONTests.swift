@testable import Sift
import Testing

@Suite struct JSONTests {
    private func parse(_ s: String) throws -> JSONValue {
        var s = s
        return try s.withUTF8 { try JSONParser.parse($0).value }
    }

    private func parseError(_ s: String) -> String? {
        do {
            _ = try parse(s)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func parsesRecordsKeepingKeyOrder() throws {
        let v = try parse(#"{"id":"a","text":"x\ny","metadata":{"z":1,"a":[true,null,2.5,-3e2]}}"#)
        let o = try #require(v.objectValue)
        #expect(o.keys == ["id", "text", "metadata"])
        #expect(o["text"] == "x\ny")
        #expect(o["metadata"]?.objectValue?.keys == ["z", "a"])
        #expect(o["metadata"]?.objectValue?["a"] == [true, nil, 2.5, -300.0])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""\u00e9\ud83d\ude00\t\"\\\/""#) == "é😀\t\"\\/")
        // A lone surrogate becomes U+FFFD rather than an error.
        #expect(try parse(#""a\ud800b""#) == "a\u{FFFD}b")
    }

    @Test func errorsSayWhere() {
        #expect(parseError(#"{"id":"b","text":"#) == "column 18: unexpected end of line, expected a value")
        #expect(parseError(#"{"a" 1}"#) == "column 6: expected ':' after key, found '1'")
        #expect(parseError(#"{"a":1} x"#) == "column 9: unexpected 'x' after the value")
        #expect(parseError(#"{"a":tru}"#) == "column 6: invalid literal, expected 'true'")
        #expect(parseError("[" + String(repeating: "[", count: 600)) == "column 513: nesting deeper than 512 levels")
    }

    /// The sixteen-byte scan finds the same first special byte as a byte loop, wherever it falls
    /// (every offset of a block, every kind, none at all).
    @Test func specialByteScanAgreesWithAByteLoop() {
        var generator = SystemRandomNumberGenerator()
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x0A, 0x1F]
        for length in 0..<70 {
            for _ in 0..<40 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0x20...0xFF, using: &generator) }.map { $0 == 0x22 || $0 == 0x5C ? 0x41 : $0 }
                if length > 0 && Bool.random(using: &generator) {
                    bytes[Int.random(in: 0..<length, using: &generator)] = specials.randomElement(using: &generator)!
                }
                let from = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
                let expected = (from..<length).first { bytes[$0] == 0x22 || bytes[$0] == 0x5C || bytes[$0] < 0x20 } ?? length
                let found = bytes.withUnsafeBufferPointer { b in
                    b.baseAddress.map { ByteScan.firstJSONSpecial($0, from: from, end: length) } ?? 0
                }
                #expect(found == expected, "\(bytes) from \(from)")
            }
        }
    }

    /// Random strings of every length up to a few blocks, rich in bytes that need escapes.
    private func hostileStrings(count: Int) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = ["\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}", "/", "a", "Z", " ", "é", "中", "😀"]
        return (0..<count).map { n in
            let length = n % 90
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length {
                scalars.append(Bool.random(using: &generator) ? pool.randomElement(using: &generator)! : "x")
            }
            return String(scalars)
        }
    }

    /// The one-pass escaper (blocks of sixteen, words of eight, single bytes) writes what the
    /// generic writer writes, for every length and wherever the escapes fall.
    @Test func rawWriterEscapesAsTheGenericWriter() {
        for s in hostileStrings(count: 3000) {
            var expected: [UInt8] = []
            JSONWriter.appendString(s, to: &expected)
            let written = [UInt8](unsafeUninitializedCapacity: 6 * s.utf8.count + 16) { buffer, count in
                var w = RawJSONWriter(base: buffer.baseAddress!)
                w.string(s)
                count = w.count
            }
            #expect(written == expected, "\(s.debugDescription)")
        }
    }

    /// Strings with escapes anywhere (short ones, `\u` ones, surrogate pairs) decode to the text
    /// they were written from, whichever decoder takes them.
    @Test func escapedStringsDecodeToTheirText() throws {
        for s in hostileStrings(count: 3000) {
            var json: [UInt8] = []
            JSONWriter.appendString(s, to: &json)
            #expect(try json.withUnsafeBufferPointer { try JSONParser.parse($0).value } == .string(s), "\(s.debugDescription)")
            // The same text with every non-ASCII scalar written as a `\u` escape (pairs above the BMP).
            var escaped = "\""
            for scalar in s.unicodeScalars {
                switch scalar.value {
                case 0x22: escaped += "\\\""
                case 0x5C: escaped += "\\\\"
                case 0..<0x20, 0x80...:
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16)
                        escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    }
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            escaped += "\""
            #expect(try parse(escaped) == .string(s), "\(escaped)")
        }
    }

    @Test func errorsAfterEscapesSayWhere() throws {
        #expect(parseError(#""a\nb\x""#) == "column 6: invalid escape '\\x'")
        #expect(parseError("\"a\\nb\u{1}\"") == "column 6: control character in string (escape it as \\u0001)")
        #expect(parseError(#"["a\nb"#) == "column 2: unterminated string")
        #expect(parseError(#""a\u00e9\u12G4""#) == "column 13: invalid hex digit in \\u escape")
        #expect(parseError(#""\n\u12"#) == "column 6: incomplete \\u escape")
        #expect(try parse(#""x\n\udc00y\u00e9""#) == "x\n\u{FFFD}yé")
    }

    /// A record's top level read straight into its fields gives what looking the keys up in the
    /// parsed object gives (repeated keys: the last value, in the first one's place), and the
    /// same errors.
    @Test func recordFieldsAreTheObjectsFields() throws {
        let lines = [
            #"{"id":"a","text":"x\ny","metadata":{"k":[1,2.5]},"spans":[],"source":"web"}"#,
            #" { "text" : "t" , "id" : 3 } "#,
            #"{"id":"a","extra":1,"id":"b","extra":2,"more":null,"text":"t"}"#,
            #"{}"#,
            #"{"text":7}"#,
            #"{"text":"é\u00e9\ud83d\ude00 中","text":"last"}"#,
            #"{"text":"first","text":{"not":"a string"}}"#,
            #"{"text":"\udc00 lone"}"#,
        ]
        for line in lines {
            var bytes = Array(line.utf8)
            let record = try #require(try bytes.withUnsafeMutableBufferPointer { try JSONParser.parseRecord(UnsafeBufferPointer($0), idKey: "id", textKey: "text") })
            let object = try #require(try parse(line).objectValue)
            #expect(record.id == object["id"] && record.textValue == object["text"])
            // A string text is read as bytes, marked ASCII exactly when it is.
            if let t = record.textUTF8 {
                #expect(record.text == nil && t.isASCII == t.bytes.allSatisfy { $0 < 0x80 }, "\(line)")
            }
            #expect(record.metadata == object["metadata"] && record.spans == object["spans"])
            var rest = object
            for key in ["id", "text", "metadata", "spans"] { rest[key] = nil }
            #expect(record.extra == rest, "\(line)")
        }
        // A key that is both the id and the text (odd options) is both.
        var both = Array(#"{"k":"v","text":"t"}"#.utf8)
        let aliased = try #require(try both.withUnsafeMutableBufferPointer { try JSONParser.parseRecord(UnsafeBufferPointer($0), idKey: "k", textKey: "k") })
        #expect(aliased.id == "v" && aliased.textValue == "v" && aliased.extra == ["text": "t"])
        // Invalid UTF-8 in the text: replaced and counted, as in any string.
        var invalid = Array(#"{"text":"a"#.utf8) + [0xFF, 0x62] + Array(#""}"#.utf8)
        let replaced = try #require(try invalid.withUnsafeMutableBufferPointer { try JSONParser.parseRecord(UnsafeBufferPointer($0), idKey: "id", textKey: "text") })
        #expect(replaced.textValue == "a\u{FFFD}b" && replaced.invalidUTF8 == 1 && replaced.textUTF8?.isASCII == false)
        for bad in [#"{"id":"b","text":"#, #"{"a":1} x"#, #"{"a" 1}"#, #"{"a":1,}"#, #"[1]"#, #""s""#, #"{"a":"\q"}"#] {
            var bytes = Array(bad.utf8)
            let recordError: String?
            do {
                let record = try bytes.withUnsafeMutableBufferPointer { try JSONParser.parseRecord(UnsafeBufferPointer($0), idKey: "id", textKey: "text") }
                recordError = record == nil ? "not an object" : nil
            } catch {
                recordError = "\(error)"
            }
            let generic = parseError(bad) ?? ((try? parse(bad))?.objectValue == nil ? "not an object" : nil)
            #expect(recordError == generic, "\(bad)")
        }
    }

    @Test func writerRoundTrips() throws {
        let value: JSONValue = ["t": "line\n\"q\" \u{1} é", "n": 3, "d": 0.5, "a": [false, nil]]
        let text = JSONWriter.string(value)
        #expect(text == #"{"t":"line\n\"q\" \u0001 é","n":3,"d":0.5,"a":[false,null]}"#)
        #expect(try parse(text) == value)
    }
}
