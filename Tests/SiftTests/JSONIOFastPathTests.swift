import CByteScan
import SiftFuzzing
import SiftICU
import Testing

@testable import Sift

/// The JSONL reader's and writer's fast paths against the general ones: the C UTF-8 check
/// against `UTF8Text.check` and the standard library, the text decoded straight into its array
/// against the generic parser, removal labels kept once per log and escaped once per document
/// against the generic writer, and the integer writer against `String(_:)`.
@Suite struct JSONIOFastPathTests {
    /// Bytes near every UTF-8 decision: each lead byte class, the edges of the continuation
    /// ranges, ASCII runs that end at every position of a sixteen-byte block, hostile text.
    static func utf8Cases(count: Int, seed: UInt64) -> [[UInt8]] {
        var g = Generator(seed: seed)
        let interesting: [UInt8] = [0x00, 0x0A, 0x22, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        let pieces: [[UInt8]] = ["a", "hello world, ", "é", "要", "😀", "ж", "\u{10FFFF}", "\u{D7FF}", "\u{E000}", "\u{FFFD}"].map { Array($0.utf8) }
        var cases: [[UInt8]] = []
        for _ in 0..<count {
            var bytes: [UInt8] = []
            switch Int.random(in: 0..<4, using: &g) {
            case 0:
                bytes = g.bytes(maxLength: 40)
            case 1:
                bytes = Array(g.hostileText(maxProgram: 32, maxBytes: 300).utf8)
                if !bytes.isEmpty && Bool.random(using: &g) {
                    bytes[Int.random(in: 0..<bytes.count, using: &g)] = interesting.randomElement(using: &g)!
                }
            default:
                for _ in 0..<Int.random(in: 0...10, using: &g) {
                    switch Int.random(in: 0..<6, using: &g) {
                    case 0: bytes.append(interesting.randomElement(using: &g)!)
                    case 1: bytes += [UInt8](repeating: 0x61, count: Int.random(in: 0...33, using: &g))
                    default: bytes += pieces.randomElement(using: &g)!
                    }
                }
                // A truncated last character, sometimes.
                if !bytes.isEmpty && Int.random(in: 0..<5, using: &g) == 0 { bytes.removeLast() }
            }
            cases.append(bytes)
        }
        return cases
    }

    @Test func cUTF8CheckAgreesWithUTF8TextAndTheStandardLibrary() {
        var disagreements: [[UInt8]] = []
        for bytes in Self.utf8Cases(count: 60_000, seed: 0x10_C8EC) {
            let agree = bytes.withUnsafeBufferPointer { buffer -> Bool in
                let c = sift_utf8_check(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, Int64(buffer.count))
                let swift = UTF8Text.check(buffer)
                let standard = String(validating: buffer, as: UTF8.self)
                let expected: Int32 = swift.map { $0 ? 1 : 0 } ?? -1
                return c == expected && (c >= 0) == (standard != nil)
            }
            if !agree { disagreements.append(bytes) }
        }
        #expect(disagreements.isEmpty, "first: \(disagreements.prefix(3))")
    }

    /// Every sequence of one to four bytes over the bytes that matter (each lead byte class and
    /// the edges of every continuation range), alone and behind 16 and 17 bytes of ASCII (so that
    /// the sixteen-byte skip ends in every position) and before ASCII.
    @Test func cUTF8CheckAgreesOnEveryShortSequence() {
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        let continuations: [UInt8] = [0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0]
        var disagreements: [[UInt8]] = []
        func check(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { buffer in
                let c = sift_utf8_check(buffer.baseAddress!, Int64(buffer.count))
                let expected: Int32 = UTF8Text.check(buffer).map { $0 ? 1 : 0 } ?? -1
                if c != expected || (c >= 0) != (String(validating: buffer, as: UTF8.self) != nil) { disagreements.append(bytes) }
            }
        }
        for prefix in [[UInt8](), [UInt8](repeating: 0x61, count: 16), [UInt8](repeating: 0x61, count: 17)] {
            for a in interesting {
                check(prefix + [a])
                for b in interesting {
                    check(prefix + [a, b])
                    for c in interesting {
                        check(prefix + [a, b, c])
                        check(prefix + [a, b, c] + [UInt8](repeating: 0x62, count: 20))
                        if a >= 0xF0 { for d in continuations { check(prefix + [a, b, c, d]) } }
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "first: \(disagreements.prefix(5))")
    }

    /// A record's text decoded straight into its array and checked in C gives what the generic
    /// parser gives for the same string: the same text, the same count of replaced sequences, the
    /// ASCII mark right; and the same error where there is one.
    @Test func recordTextAgreesWithTheGenericParser() throws {
        var g = Generator(seed: 0x7E_C0DE)
        let escapes = [#"\n"#, #"\""#, #"\\"#, #"\/"#, #"\t"#, #"\u00e9"#, #"\u4e2d"#, #"\ud83d\ude00"#, #"\ud800"#, #"\udc00x"#,
                       #"\u0041"#, #"\x"#, "\u{1}", #"\u12"#]
        var checked = 0
        for bytes in Self.utf8Cases(count: 20_000, seed: 0x5EED) {
            // The bytes as a JSON string body: quotes and backslashes escaped, or left raw (an
            // error), and escapes of every kind put in.
            var body: [UInt8] = []
            for b in bytes {
                if b == 0x22 || b == 0x5C { if Int.random(in: 0..<50, using: &g) > 0 { body.append(0x5C) } }
                if b < 0x20 && Int.random(in: 0..<50, using: &g) > 0 { body += Array(#"\n"#.utf8); continue }
                body.append(b)
                if Int.random(in: 0..<8, using: &g) == 0 { body += Array(escapes.randomElement(using: &g)!.utf8) }
            }
            for tail in [#"}"#, #","metadata":{"a":[1,2,"\n"]}}"#, ""] {
                let line = Array(#"{"id":"x","text":""#.utf8) + body + Array(("\"" + tail).utf8)
                let generic: Result<(JSONValue, Int), JSONParser.SyntaxError> = line.withUnsafeBufferPointer { b in
                    Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(b) }
                }
                let record: Result<JSONParser.Record?, JSONParser.SyntaxError> = line.withUnsafeBufferPointer { b in
                    Result { () throws(JSONParser.SyntaxError) in try JSONParser.parseRecord(b, idKey: "id", textKey: "text") }
                }
                // The reader's way: decoded into a scratch, then copied into an array of its size.
                let scratched: Result<JSONParser.Record?, JSONParser.SyntaxError> = line.withUnsafeBufferPointer { b in
                    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: b.count)
                    defer { scratch.deallocate() }
                    return Result { () throws(JSONParser.SyntaxError) in
                        try JSONParser.parseRecord(b, keys: JSONParser.RecordKeys(idKey: "id", textKey: "text"), scratch: scratch)
                    }
                }
                switch (generic, record, scratched) {
                case (.success(let (value, invalid)), .success(let r?), .success(let s?)):
                    let text = value.objectValue?["text"]?.stringValue
                    #expect(r.textUTF8.map { String(decoding: $0.bytes, as: UTF8.self) } == text)
                    #expect(r.textUTF8.map { $0.isASCII } == text.map { $0.utf8.allSatisfy { $0 < 0x80 } })
                    #expect(r.textUTF8.map { $0.asciiPrefix } == text.map { Array($0.utf8).firstIndex { $0 >= 0x80 } ?? $0.utf8.count })
                    #expect(r.invalidUTF8 == invalid)
                    #expect(s.textUTF8?.bytes == r.textUTF8?.bytes && s.textUTF8?.asciiPrefix == r.textUTF8?.asciiPrefix && s.invalidUTF8 == invalid)
                    checked += 1
                case (.failure(let a), .failure(let b), .failure(let c)):
                    #expect(a.description == b.description && b.description == c.description)
                default:
                    Issue.record("parsers disagree on \(String(decoding: line, as: UTF8.self).debugDescription)")
                }
            }
        }
        #expect(checked > 10_000)
    }

    /// The text decoded and checked as UTF-8 in one pass (`sift_json_unescape_utf8`) against the
    /// two passes it replaces (`sift_json_unescape`, then `sift_utf8_check`): the same closing
    /// quote, the same bytes, the same ASCII mark, and a refusal exactly when either refuses;
    /// behind ASCII of every length to thirty-two, so that each byte falls at every place of a block.
    @Test func fusedTextDecoderAgreesWithUnescapeThenCheck() {
        var g = Generator(seed: 0xF05E_D)
        let escapes = [#"\n"#, #"\""#, #"\\"#, #"\/"#, #"\t"#, #"\u00e9"#, #"\u4e2d"#, #"\u0041"#, #"\u07FF"#, #"\uFFFF"#]
        let refusedEscapes = [#"\ud83d\ude00"#, #"\ud800"#, #"\x"#, "\u{1}", #"\u12"#, #"\u00zz"#, "\""]
        var decoded = 0, refused = 0
        // Bytes near every UTF-8 decision (most of them ill-formed), and well-formed hostile text.
        var texts = Self.utf8Cases(count: 20_000, seed: 0xF_0C4)
        for _ in 0..<10_000 { texts.append(Array(g.hostileText(maxProgram: 32, maxBytes: 300).utf8)) }
        for bytes in texts {
            var body: [UInt8] = []
            // Now and then a refused escape, or quotes, backslashes and controls left raw.
            let refusal = Int.random(in: 0..<6, using: &g) == 0 ? Int.random(in: 0...bytes.count, using: &g) : -1
            let raw = Int.random(in: 0..<8, using: &g) == 0
            for (k, b) in bytes.enumerated() {
                if k == refusal { body += Array(refusedEscapes.randomElement(using: &g)!.utf8) }
                if b == 0x22 || b == 0x5C { if !raw || Bool.random(using: &g) { body.append(0x5C) } }
                if b < 0x20 && (!raw || Bool.random(using: &g)) { body += Array(#"\n"#.utf8); continue }
                body.append(b)
                if Int.random(in: 0..<6, using: &g) == 0 { body += Array(escapes.randomElement(using: &g)!.utf8) }
            }
            let prefix = [UInt8](repeating: 0x61, count: Int.random(in: 0...32, using: &g))
            let tail: [UInt8] = Int.random(in: 0..<8, using: &g) == 0 ? [] : Array(#"", "x": "é\n"}"#.utf8)
            let line = prefix + body + tail
            let from = Int.random(in: 0...prefix.count, using: &g)
            line.withUnsafeBufferPointer { src in
                let base = src.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let room = max(1, line.count - from)
                let a = UnsafeMutablePointer<UInt8>.allocate(capacity: room), b = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
                defer { a.deallocate(); b.deallocate() }
                var writtenA: Int64 = 0, writtenB: Int64 = 0, prefix: Int64 = -1
                var closeA = sift_json_unescape(base, Int64(from), Int64(line.count), a, &writtenA)
                let check = closeA >= 0 ? sift_utf8_check(a, writtenA) : -1
                if check < 0 { closeA = -1 }
                let closeB = sift_json_unescape_utf8(base, Int64(from), Int64(line.count), b, &writtenB, &prefix)
                #expect(closeA == closeB, "\(line)")
                if closeA >= 0 && closeB >= 0 {
                    decoded += 1
                    // The ASCII start: to the first non-ASCII byte decoded (all when ASCII).
                    let firstHigh = UnsafeBufferPointer(start: a, count: Int(writtenA)).firstIndex { $0 >= 0x80 } ?? Int(writtenA)
                    #expect(writtenA == writtenB && Int(prefix) == firstHigh && (prefix == writtenB) == (check == 1), "\(line)")
                    #expect(Array(UnsafeBufferPointer(start: a, count: Int(writtenA))) == Array(UnsafeBufferPointer(start: b, count: Int(writtenB))), "\(line)")
                } else {
                    refused += 1
                }
            }
        }
        #expect(decoded > 5_000 && refused > 2_000, "decoded \(decoded), refused \(refused)")
    }

    /// Records whose keys are plain (compared as bytes where they stand) or escaped, non-ASCII,
    /// repeated, in any order, with ids plain or not, read as the generic parser reads the object:
    /// the same id, text, metadata, spans, other members in order, and replaced sequences.
    @Test func recordKeysAgreeWithTheGenericParser() throws {
        var g = Generator(seed: 0x4E_75)
        let keys = [#""id""#, #""text""#, #""metadata""#, #""spans""#, #""source""#, #""\u0069d""#, #""t\u0065xt""#, #""métadonnées""#,
                    #""i""#, #""idx""#, #""""#, #""tex""#, #""k""#, #""Text""#, "\"i\u{FF}d\""]
        let values = [#""page-0""#, #""a\"b""#, #""é""#, "\"\u{FF}x\"", #""x\u0041""#, "3", "-2.5e3", "null", "true", #"{"a":[1,"\n"]}"#,
                      "[]", #"[{"type":"x","start":0,"end":1}]"#, #""line\none""#, #""""#]
        let keyPairs = [("id", "text"), ("k", "k"), ("", "text"), ("metadata", "text"), ("idx", "tex"), ("id", "Text")]
        var checked = 0
        for _ in 0..<6_000 {
            let (idKey, textKey) = keyPairs.randomElement(using: &g)!
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...6, using: &g) {
                let space = [" ", "", "\t"].randomElement(using: &g)!
                members.append(keys.randomElement(using: &g)! + space + ":" + space + values.randomElement(using: &g)!)
            }
            let line = "{" + members.joined(separator: [",", ", "].randomElement(using: &g)!) + "}"
            var bytes = Array(line.utf8)
            // A broken record now and then: both parsers must refuse it alike.
            if !bytes.isEmpty && Int.random(in: 0..<10, using: &g) == 0 { bytes.remove(at: Int.random(in: 0..<bytes.count, using: &g)) }
            let generic: Result<(JSONValue, Int), JSONParser.SyntaxError> = bytes.withUnsafeBufferPointer { b in
                Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(b) }
            }
            let record: Result<JSONParser.Record?, JSONParser.SyntaxError> = bytes.withUnsafeBufferPointer { b in
                Result { () throws(JSONParser.SyntaxError) in
                    try JSONParser.parseRecord(b, keys: JSONParser.RecordKeys(idKey: idKey, textKey: textKey))
                }
            }
            switch (generic, record) {
            case (.success(let (value, invalid)), .success(let r?)):
                let object = try #require(value.objectValue)
                #expect(r.id == object[idKey] && r.textValue == object[textKey], "\(line)")
                #expect(r.metadata == object["metadata"] && r.spans == object["spans"], "\(line)")
                var rest = object
                for key in [idKey, textKey, "metadata", "spans"] { rest[key] = nil }
                #expect(r.extra == rest && r.extra.map(\.key) == rest.map(\.key), "\(line)")
                #expect(r.invalidUTF8 == invalid, "\(line)")
                checked += 1
            case (.success(let (value, _)), .success(nil)):
                #expect(value.objectValue == nil)
            case (.failure(let a), .failure(let b)):
                #expect(a.description == b.description)
            default:
                Issue.record("parsers disagree on \(line.debugDescription)")
            }
        }
        #expect(checked > 4_000)
    }

    /// Removals whose stages and reasons repeat (the same Strings, equal Strings made apart, more
    /// labels than the log compares, escapes in labels) read back and are written as the generic
    /// writer writes their records.
    @Test func removalLabelsAreKeptAndWrittenPerRemoval() {
        var g = Generator(seed: 0x1ABE1)
        let stages = ["drop-lines", "dedupe-lines", "stray\n\"x\"", "ui-lines", "a-stage-name-longer-than-fifteen"]
        let reasons = ["placeholder line", "repeated line", "r", "reason \u{3}\"\\", "中文的理由", "ui", "hashtag", "a", "b", "c"]
        for _ in 0..<400 {
            let lines = Int.random(in: 1...40, using: &g)
            var d = Document(id: "d", text: (0..<lines).map { "line \($0) é\n" }.joined(), metadata: Bool.random(using: &g) ? [:] : ["lang": "en"])
            var expected: [(String, String)] = []
            for _ in 0..<Int.random(in: 1...5, using: &g) {
                // A stage name made afresh half the time: equal, not the same storage.
                let named = stages.randomElement(using: &g)!
                let stage = Bool.random(using: &g) ? String(decoding: Array(named.utf8), as: UTF8.self) : named
                let text = Array(d.text.utf8)
                if text.isEmpty { break }
                var starts = [0]
                for (i, b) in text.enumerated() where b == 0x0A && i + 1 < text.count { starts.append(i + 1) }
                var edits: [TextEdit] = []
                for (k, s) in starts.enumerated() where Int.random(in: 0..<3, using: &g) == 0 {
                    let end = k + 1 < starts.count ? starts[k + 1] : text.count
                    let picked = reasons[min(reasons.count - 1, Int.random(in: 0..<3, using: &g) == 0 ? Int.random(in: 0..<reasons.count, using: &g) : Int.random(in: 0..<2, using: &g))]
                    let reason = Bool.random(using: &g) ? picked : String(decoding: Array(picked.utf8), as: UTF8.self)
                    edits.append(TextEdit(range: s..<end, removalReason: reason))
                    expected.append((named, picked))
                }
                d.apply(edits, stage: stage)
            }
            #expect(d.removals.map(\.stage) == expected.map(\.0))
            #expect(d.removals.map(\.reason) == expected.map(\.1))
            Self.expectWriterAgreesWithTheGenericOne(d)
        }
    }

    /// The short-string escape (`sift_json_escape_short`: overlapping words, a final line break
    /// written after them) writes what the general escape writes, for strings of every length
    /// around its words and its limit, clean or with a byte to escape anywhere, ending in a line
    /// break or not.
    @Test func shortEscapeAgreesWithTheGeneralOne() {
        var g = Generator(seed: 0xE5CA9E)
        let plain = Array("abcdefghij KLMNOP 0123 ,.;'!?".utf8) + Array("é中文".utf8)
        let special: [UInt8] = [0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x00, 0x01, 0x1F, 0x08, 0x0C]
        var checked = 0
        for n in 1...80 {
            for _ in 0..<60 {
                var bytes = (0..<n).map { _ in plain.randomElement(using: &g)! }
                switch Int.random(in: 0..<4, using: &g) {
                case 0: break
                case 1: if n > 0 { bytes[n - 1] = 0x0A }
                case 2: if n > 0 { bytes[Int.random(in: 0..<n, using: &g)] = special.randomElement(using: &g)! }
                default:
                    if n > 0 { bytes[n - 1] = 0x0A }
                    if n > 1 { bytes[Int.random(in: 0..<(n - 1), using: &g)] = special.randomElement(using: &g)! }
                }
                let short = [UInt8](unsafeUninitializedCapacity: 6 * n + 1) { out, count in
                    count = bytes.withUnsafeBufferPointer { Int(sift_json_escape_short($0.baseAddress!, Int64(n), out.baseAddress!)) }
                }
                let general = [UInt8](unsafeUninitializedCapacity: 6 * n + 1) { out, count in
                    count = bytes.withUnsafeBufferPointer { Int(sift_json_escape($0.baseAddress!, Int64(n), out.baseAddress!)) }
                }
                #expect(short == general, "\(bytes)")
                checked += 1
            }
        }
        #expect(checked == 80 * 60)
    }

    /// Labels are kept by the writing thread from record to record only when their Strings are
    /// immortal (literals, short strings held in their bits): a reason made at run time for one
    /// page, freed with it, may have the same storage address as the next page's other reason,
    /// and must be escaped again.
    @Test func labelsKeptFromRecordToRecordAreTheirOwnText() {
        var g = Generator(seed: 0x1ABE2)
        let stages = ["drop-lines", "a-stage-name-longer-than-fifteen"]
        for n in 0..<300 {
            var d = Document(id: "p\(n)", text: "one\ntwo\nthree\nfour\n", metadata: Bool.random(using: &g) ? [:] : ["lang": "en"])
            // Longer than fifteen bytes: heap storage, reused by the next page's once this one is freed.
            let made = "a reason made at run time \(Int.random(in: 0..<1_000, using: &g))"
            // Short, made at run time: held in the String's bits.
            let short = "r\(Int.random(in: 0..<10, using: &g))"
            let stage = stages.randomElement(using: &g)!
            d.apply([TextEdit(range: 0..<4, removalReason: made), TextEdit(range: 4..<8, removalReason: "placeholder line"),
                     TextEdit(range: 8..<14, removalReason: short)], stage: stage)
            d.apply([TextEdit(range: 0..<5, removalReason: "placeholder line")], stage: "drop-lines")
            Self.expectWriterAgreesWithTheGenericOne(d)
        }
    }

    /// Integers of every length and sign, written two digits at a time, read as `String(_:)` writes them.
    @Test func integersAreWrittenAsStringWritesThem() {
        var g = Generator(seed: 0x1D1)
        var values: [Int] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, Int.max, Int.min, Int.max - 1, Int.min + 1, -1, -9, -10, -100]
        var p = 1
        for _ in 0..<18 { p *= 10; values += [p - 1, p, p + 1, -p] }
        for _ in 0..<20_000 { values.append(Int(truncatingIfNeeded: g.next()) >> Int.random(in: 0..<64, using: &g)) }
        for v in values {
            let written = [UInt8](unsafeUninitializedCapacity: 24) { buffer, count in
                var w = RawJSONWriter(base: buffer.baseAddress!)
                w.int(v)
                count = w.count
            }
            #expect(String(decoding: written, as: UTF8.self) == String(v))
        }
    }

    /// A random JSON value: every kind, nested, strings with escapes, doubles of every form.
    static func randomValue(_ g: inout Generator, depth: Int = 0) -> JSONValue {
        let strings = ["", "en", "quote \" back \\ nl \n", "\u{0}\u{1F}\u{7F}", "中文", "😀 tag", "a-key-longer-than-fifteen-bytes"]
        let doubles: [Double] = [0, -0.0, 1.5, -2.25, 1e15, 1e16, 123456789012345.0, 0.1, 1e-300, -1.7976931348623157e308, 3.0, .infinity, .nan]
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .int(Int(truncatingIfNeeded: g.next()) >> Int.random(in: 0..<64, using: &g))
        case 3: return .double(Bool.random(using: &g) ? doubles.randomElement(using: &g)! : Double(bitPattern: g.next()))
        case 4: return .string(strings.randomElement(using: &g)!)
        case 5: return .array((0..<Int.random(in: 0...4, using: &g)).map { _ in randomValue(&g, depth: depth + 1) })
        default:
            var o = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &g) { o[strings.randomElement(using: &g)!] = randomValue(&g, depth: depth + 1) }
            return .object(o)
        }
    }

    /// Metadata of every shape (with and without a `removed` member, an array or not, anywhere
    /// among the others), with and without removals, is written straight into the record's buffer
    /// as the generic writer writes `outputMetadata`.
    @Test func metadataIsWrittenAsTheGenericWriterWritesIt() {
        var g = Generator(seed: 0x3E7A)
        let earlier: JSONValue = ["text": "x\n", "stage": "dedupe-lines", "reason": "repeated line", "start": 0]
        for _ in 0..<3000 {
            var metadata = JSONObject()
            for _ in 0..<Int.random(in: 0...5, using: &g) {
                switch Int.random(in: 0..<6, using: &g) {
                case 0: metadata["removed"] = [earlier, Self.randomValue(&g)]
                case 1: metadata["removed"] = Self.randomValue(&g)
                case 2: metadata["hashtags"] = .array((0..<Int.random(in: 0...6, using: &g)).map { .string("#tag\($0)") })
                default: metadata["k\(Int.random(in: 0..<4, using: &g))"] = Self.randomValue(&g)
                }
            }
            var d = Document(id: "m", text: "one\ntwo\nthree\n", metadata: metadata)
            if Bool.random(using: &g) {
                d.apply([TextEdit(range: 0..<4, removalReason: "placeholder line"), TextEdit(range: 8..<14, removalReason: "r")], stage: "drop-lines")
            }
            Self.expectWriterAgreesWithTheGenericOne(d)
        }
    }

    /// Records written in the thread's scratch memory and copied out (into an empty array, or after
    /// bytes already there), as it grows for larger records, and records too large for it
    /// (written into an array of their own), are the generic writer's, byte for byte.
    @Test func recordsOfEverySizeAreWrittenAsTheGenericWriterWritesThem() {
        var g = Generator(seed: 0x5C7A_7C4)
        // Text lengths below the scratch memory's first size, above it, and past its largest
        // (a bound of six bytes per text byte).
        let lengths = [0, 1, 100, 5_000, 20_000, 300_000, ScratchMemory.largest / 6 + 1, 10]
        for length in lengths + lengths.reversed() {
            var text: [UInt8] = []
            while text.count < length {
                switch Int.random(in: 0..<6, using: &g) {
                case 0: text += Array("line \"quoted\" \\ 中文\n".utf8)
                case 1: text.append(UInt8.random(in: 0..<0x20, using: &g))
                default: text += Array("plain words of an article ".utf8)
                }
            }
            var d = Document(id: "big\(length)", text: String(decoding: text, as: UTF8.self),
                             metadata: Bool.random(using: &g) ? [:] : ["lang": "en", "hashtags": ["a", "b\n"]])
            let utf8 = Array(d.text.utf8)
            if let nl = utf8.firstIndex(of: 0x0A) {
                d.apply([TextEdit(range: 0..<(nl + 1), removalReason: "placeholder line")], stage: "drop-lines")
            }
            let object = JSONObject(distinctKeys: [("id", .string(d.id)), ("text", .string(d.text)), ("metadata", .object(d.outputMetadata)), ("spans", [])])
            // Into an empty array, and after bytes already in the array (compared here, not
            // printed: the records are megabytes long).
            for earlier in [[], Array("earlier record\n".utf8)] {
                var fast = earlier
                DocumentWriter.appendJSON(d, to: &fast)
                var slow = earlier
                JSONWriter.append(object, to: &slow)
                let same = fast == slow
                #expect(same, "text of \(length) bytes after \(earlier.count) bytes: \(fast.count) bytes written, \(slow.count) expected")
            }
        }
    }

    /// The document's JSONL record from the fast writer against the generic JSON writer's.
    static func expectWriterAgreesWithTheGenericOne(_ d: Document, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var fast: [UInt8] = []
        DocumentWriter.appendJSON(d, to: &fast)
        let object = JSONObject(distinctKeys: [("id", .string(d.id)), ("text", .string(d.text)), ("metadata", .object(d.outputMetadata)), ("spans", [])])
        var slow: [UInt8] = []
        JSONWriter.append(object, to: &slow)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: slow, as: UTF8.self), sourceLocation: sourceLocation)
    }
}
