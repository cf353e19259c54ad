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

    @Test func writerRoundTrips() throws {
        let value: JSONValue = ["t": "line\n\"q\" \u{1} é", "n": 3, "d": 0.5, "a": [false, nil]]
        let text = JSONWriter.string(value)
        #expect(text == #"{"t":"line\n\"q\" \u0001 é","n":3,"d":0.5,"a":[false,null]}"#)
        #expect(try parse(text) == value)
    }
}
