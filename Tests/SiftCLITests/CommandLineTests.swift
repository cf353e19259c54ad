import Foundation
import SiftTestSupport
import Testing

@Suite struct CommandLineTests {
    private func pipelineFile(_ dir: URL, _ yaml: String, name: String = "p.yaml") throws -> String {
        let url = dir.appendingPathComponent(name)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func checkReportsMisspeltStageWithFileLineColumn() throws {
        let dir = try temporaryDirectory("check")
        let p = try pipelineFile(dir, "description: bad\nstages:\n  - whitespace\n  - normalise: { form: nfkc }\n", name: "bad.yaml")
        let r = try SiftBinary.run(["check", p])
        #expect(r.status == 1)
        #expect(r.stderr == "\(p):4:5: error: unknown stage 'normalise'\n\(p):4:5: note: did you mean 'normalize'?\n1 error in pipeline '\(p)'\n")
        #expect(r.out.isEmpty)
    }

    @Test func checkExplainsAValidPipeline() throws {
        let r = try SiftBinary.run(["check", "nfkc"], directory: TestSupport.packageRoot)
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("nfkc: valid ("))
        #expect(r.out.contains("  1. normalize { form: \"nfkc\" }"))
    }

    @Test func unknownPipelineNameSuggestsOne() throws {
        let r = try SiftBinary.run(["run", "nfck", "/dev/null"], directory: TestSupport.packageRoot)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no pipeline named 'nfck'"))
        #expect(r.stderr.contains("did you mean 'nfkc'?"))
    }

    @Test func invalidUTF8IsRepairedAndCounted() throws {
        let dir = try temporaryDirectory("utf8")
        let p = try pipelineFile(dir, "stages:\n  - normalize: { form: nfc }\n")
        let input = dir.appendingPathComponent("bad.txt")
        // UTF-8 ("Grüße aus Köln – ") damaged by three invalid sequences.
        var bytes = Data("Grüße aus Köln – ".utf8)
        bytes.append(contentsOf: [0xFF, 0xFE, 0x20, 0x62, 0x61, 0x64, 0x20, 0xC3, 0x28, 0x20, 0x65, 0x6E, 0x64, 0x0A])
        try bytes.write(to: input)
        let r = try SiftBinary.run(["run", p, input.path, "--output-format", "jsonl"])
        #expect(r.status == 0)
        #expect(r.out == "{\"id\":\"\(input.path)\",\"text\":\"Grüße aus Köln – \u{FFFD}\u{FFFD} bad \u{FFFD}( end\\n\",\"metadata\":{\"invalid_utf8\":3},\"spans\":[]}\n")
        #expect(r.stderr == "\(input.path): warning: replaced 3 invalid UTF-8 sequences with U+FFFD\n")
        let rejected = try SiftBinary.run(["run", p, input.path, "--invalid-utf8", "reject"])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("\(input.path): error: 3 invalid UTF-8 sequences"))
    }

    @Test(arguments: [
        ("zh-gbk.txt", "GB18030", "从下个月起，市中心图书馆"), ("zh-big5.txt", "Big5", "從下個月起，市中心圖書館"),
        ("ja-sjis.txt", "Shift_JIS", "商店街では、来月の夏祭り"), ("ru-1251.txt", "windows-1251", "Навигация на реке"),
        ("fr-1252.txt", "windows-1252", "Le café de la gare, très apprécié"), ("utf16.txt", "UTF-16LE", "Le café de la gare"),
        ("ko-euckr.txt", "EUC-KR", "도서관은 주말에도 문을 엽니다."),
    ])
    func legacyCharsetsAreDetected(file: String, charset: String, start: String) throws {
        let r = try SiftBinary.run(["run", "tidy", TestSupport.fixture("encodings/" + file), "--output-format", "jsonl"], directory: TestSupport.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        let record = try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any]
        #expect((record?["text"] as? String)?.hasPrefix(start) == true)
        #expect((record?["metadata"] as? [String: Any])?["charset"] as? String == charset)
        // --encoding overrides detection.
        let forced = try SiftBinary.run(["run", "tidy", TestSupport.fixture("encodings/zh-gbk.txt"), "--encoding", "ISO-8859-1"], directory: TestSupport.packageRoot)
        #expect(forced.out.hasPrefix("´Ó"))
    }

    @Test func malformedJSONLLineIsReportedWithItsNumber() throws {
        let dir = try temporaryDirectory("jsonl")
        let p = try pipelineFile(dir, "stages:\n  - normalize: { form: nfc }\n")
        let input = dir.appendingPathComponent("bad.jsonl")
        try "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"z\"}\n".write(to: input, atomically: true, encoding: .utf8)
        let skip = try SiftBinary.run(["run", p, input.path, "--output-format", "jsonl"])
        #expect(skip.status == 1)
        #expect(skip.out.split(separator: "\n").count == 2)
        #expect(skip.stderr == "\(input.path):2: error: malformed JSON: column 18: unexpected end of line, expected a value\nsift: 1 record failed and was skipped\n")
        let stop = try SiftBinary.run(["run", p, input.path, "--output-format", "jsonl", "--on-error", "stop"])
        #expect(stop.status == 1)
        #expect(stop.out.split(separator: "\n").count == 1)
    }

    @Test func binaryAndEmptyInputs() throws {
        let dir = try temporaryDirectory("binary")
        let p = try pipelineFile(dir, "stages:\n  - whitespace\n")
        let bin = dir.appendingPathComponent("x.bin")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x00]).write(to: bin)
        let empty = dir.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let r = try SiftBinary.run(["run", p, bin.path, empty.path, "--output-format", "jsonl"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bin.path): error: looks like a binary file"))
        #expect(r.out == "{\"id\":\"\(empty.path)\",\"text\":\"\",\"metadata\":{},\"spans\":[]}\n")
    }

    @Test func outputFileIsWrittenAtomically() throws {
        let dir = try temporaryDirectory("atomic")
        let p = try pipelineFile(dir, "stages:\n  - whitespace\n")
        let out = dir.appendingPathComponent("out.txt")
        try "previous\n".write(to: out, atomically: true, encoding: .utf8)
        // A pipeline that fails to load leaves the old output untouched and no temporary file.
        let bad = try pipelineFile(dir, "stages:\n  - nope\n", name: "bad.yaml")
        #expect(try SiftBinary.run(["run", bad, "-", "-o", out.path], stdin: Data("x\n".utf8)).status == 2)
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous\n")
        let ok = try SiftBinary.run(["run", p, "-", "-o", out.path], stdin: Data("  new   text  \n".utf8))
        #expect(ok.status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8) == "new text\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bad.yaml", "out.txt", "p.yaml"])
    }

    @Test func devicesAreWrittenInPlace() throws {
        // Renaming a temporary file over /dev/null would replace the device with a regular file.
        let r = try SiftBinary.run(["run", "tidy", "-", "-o", "/dev/null"], stdin: Data("x\n".utf8), directory: TestSupport.packageRoot)
        #expect(r.status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }

    @Test func streamsJSONLFromStandardInput() throws {
        let input = (0..<200).map { "{\"id\":\"\($0)\",\"text\":\"ﬁ \($0)\"}" }.joined(separator: "\n") + "\n"
        let r = try SiftBinary.run(["run", "nfkc", "--input-format", "jsonl", "--output-format", "jsonl", "--jobs", "2"],
                                   stdin: Data(input.utf8), directory: TestSupport.packageRoot)
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 200)
        #expect(lines[17] == "{\"id\":\"17\",\"text\":\"fi 17\",\"metadata\":{},\"spans\":[]}")
    }

    @Test func stagesListsTheRegistry() throws {
        let r = try SiftBinary.run(["stages"])
        #expect(r.status == 0)
        for name in ["normalize", "transliterate", "whitespace", "replace", "drop-lines", "filter"] {
            #expect(r.out.contains("  \(name): "))
        }
        #expect(r.out.contains("    form (nfc | nfd | nfkc | nfkd | nfkc-casefold, default \"nfc\")"))
    }

    @Test func pipelinesAreFoundOnTheSearchPath() throws {
        let dir = try temporaryDirectory("search")
        _ = try pipelineFile(dir, "description: From the env path\nstages:\n  - whitespace\n", name: "mine.yaml")
        let r = try SiftBinary.run(["pipelines"], directory: TestSupport.packageRoot, environment: ["SIFT_PIPELINE_PATH": dir.path])
        #expect(r.out.contains("mine    From the env path") || r.out.contains("mine"))
        #expect(r.out.contains("nfkc"))
        let run = try SiftBinary.run(["run", "mine", "-"], stdin: Data("a   b\n".utf8), directory: "/", environment: ["SIFT_PIPELINE_PATH": dir.path])
        #expect(run.out == "a b\n")
    }
}
