import Sift
import SiftFuzzing
import SiftTestSupport
import Testing

/// Replays the fuzzers' seed corpora (Fuzz/corpus) and every crash or invariant reproducer they
/// found (Tests/Fixtures/fuzz/<harness>/) through the same harnesses, and runs every stage on
/// fixed hostile texts: a megabyte line, a huge grapheme cluster, lone combining marks, bidi
/// controls, unassigned code points.
@Suite struct FuzzRegressionTests {
    static func inputs(_ harness: FuzzHarness) -> [(String, [UInt8])] {
        var found: [(String, [UInt8])] = []
        for folder in [TestSupport.packageRoot + "/Fuzz/corpus/" + harness.rawValue,
                       TestSupport.fixture("fuzz/" + harness.rawValue)] {
            for name in FileSystem.listDirectory(folder).sorted() {
                if let bytes = FileSystem.readFile(folder + "/" + name) { found.append((folder + "/" + name, bytes)) }
            }
        }
        return found
    }

    @Test(arguments: FuzzHarness.allCases)
    func corporaAndReproducersPass(_ harness: FuzzHarness) {
        FuzzHarness.pipelineSearchPath = [TestSupport.packageRoot + "/Pipelines"]
        let inputs = Self.inputs(harness)
        #expect(!inputs.isEmpty)
        for (path, bytes) in inputs {
            let problems = harness.run(bytes)
            #expect(problems.isEmpty, "\(path): \(problems.prefix(3))")
        }
    }

    static let hostileTexts: [(String, String)] = [
        ("empty", ""),
        ("one megabyte line", String(repeating: "word ", count: 200_000) + "end"),
        ("long line of CJK without spaces", String(repeating: "中文字", count: 30_000)),
        ("huge grapheme cluster", "a" + String(repeating: "\u{0301}\u{0327}\u{20DD}", count: 20_000) + " b"),
        ("lone combining marks", "\u{0301}\u{0308}\n\u{0301}start\n\u{093C}\u{094D}"),
        ("bidi controls", "\u{202E}abc\u{202C} \u{2067}שלום\u{2069} \u{200F}\u{061C}x\u{202A}\u{202B}\u{202D}"),
        ("unassigned and noncharacters", "\u{0378}\u{05FF}\u{FFFE}\u{FFFF}\u{1FFFE}\u{10FFFF}\u{E0080}\u{3FFFD}\u{F0000}"),
        ("line separators", "a\u{2028}b\u{2029}c\u{0085}d\r\ne\rf\u{000B}g\u{000C}h"),
        ("big expansions", String(repeating: "\u{FDFA}\u{3316}\u{FB03}\u{0390}", count: 3000)),
        ("only newlines", String(repeating: "\n", count: 10_000)),
        ("regional indicators and ZWJ", String(repeating: "🇫🇷🇩🇪👩🏻‍❤️‍👩🏽", count: 2000)),
        ("replacement characters", String(repeating: "\u{FFFD}?□\n", count: 1000)),
        ("controls and NUL", "a\u{0}b\u{1}\u{1B}[31mc\u{7F}\u{80}\u{9F}"),
        ("hangul jamo cluster", "\u{1100}" + String(repeating: "\u{1161}\u{11A8}", count: 5000)),
    ]

    @Test(arguments: hostileTexts.map(\.0))
    func everyStageOnHostileText(_ name: String) {
        let text = Self.hostileTexts.first { $0.0 == name }!.1
        let problems = FuzzHarness.checkAllStages(on: text)
        #expect(problems.isEmpty, "\(problems.prefix(3))")
    }

    @Test func hostileTextProgramsReachEveryInstruction() {
        let long = HostileText.text(from: [0x61, 0xB0, 0xFF, 0xB0, 0xFF, 0xB0, 0xFF, 0xB0, 0xFF, 0xB0, 0xFF])
        #expect(long.utf8.count == 1 << 20)
        #expect(!long.contains("\n"))
        let cluster = HostileText.text(from: [0x61, 0x80, 0x00, 0xA0, 0xFF])
        #expect(cluster.unicodeScalars.count == 2 + 255 * 16)
        #expect(cluster.count == 1)
        let any = HostileText.text(from: [0x90, 0x00, 0xD8, 0x00, 0x9F, 0xFF, 0xFF, 0xFF])
        #expect(any.unicodeScalars.allSatisfy { !(0xD800...0xDFFF).contains($0.value) })
    }

    /// Undoing removals in one pass per run of records gives what inserting them one by one gives
    /// (nil included), whatever the starts: runs of several stages, ties, starts past the end.
    @Test func restoringRemovalsAgreesWithInsertingOneByOne() {
        var rng = Generator(seed: 0x5E57)
        for _ in 0..<500 {
            let text = String(rng.lineText().unicodeScalars.prefix(40))
            var records: [JSONValue] = []
            var length = text.unicodeScalars.count
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                let removed = String(repeating: "x", count: Int.random(in: 0...3, using: &rng)) + "é"
                records.append(.object(["text": .string(removed), "start": .int(Int.random(in: 0...length + 2, using: &rng))]))
                length += removed.unicodeScalars.count
            }
            var oneByOne: [Unicode.Scalar]? = Array(text.unicodeScalars)
            for case .object(let o) in records.reversed() {
                let start = o["start"]!.intValue!
                guard let current = oneByOne, start <= current.count else { oneByOne = nil; break }
                oneByOne!.insert(contentsOf: o["text"]!.stringValue!.unicodeScalars, at: start)
            }
            var document = Document(id: "d", text: text)
            document.metadata["removed"] = .array(records)
            #expect(DocumentInvariants.restoringRemovals(document) == oneByOne.map { String(String.UnicodeScalarView($0)) })
        }
    }
}
