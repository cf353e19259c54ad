import Foundation
import Testing

/// Every line of Unicode's NormalizationTest.txt (Debian's unicode-data package) through `sift run`
/// with a one-stage pipeline, for each of NFC, NFD, NFKC and NFKD.
@Suite struct NormalizationConformanceTests {
    static let candidates = ["/usr/share/unicode/NormalizationTest.txt", "/usr/share/unicode/NormalizationTest.txt.bz2",
                             "/usr/share/unicode-data/NormalizationTest.txt"]

    /// The test cases: columns c1…c5 of each data line, with the line number.
    static func cases() throws -> [(line: Int, columns: [String])] {
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw TestFailure("NormalizationTest.txt not found: install Debian's unicode-data package (apt-get install unicode-data)")
        }
        var text: String
        if path.hasSuffix(".bz2") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bzcat")
            p.arguments = [path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = try String(contentsOfFile: path, encoding: .utf8)
        }
        var out: [(Int, [String])] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let first = line.first, first != "#", first != "@" else { continue }
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).prefix(5)
            let columns = fields.map { field in
                String(String.UnicodeScalarView(field.split(separator: " ").map { Unicode.Scalar(UInt32($0, radix: 16)!)! }))
            }
            out.append((n + 1, columns))
        }
        return out
    }

    @Test(arguments: [("nfc", 1), ("nfd", 2), ("nfkc", 3), ("nfkd", 4)])
    func everyLineThroughSiftRun(form: String, column: Int) throws {
        let cases = try Self.cases()
        #expect(cases.count > 19_000)
        let dir = try temporaryDirectory("normtest-\(form)")
        var jsonl = Data()
        for (i, c) in cases.enumerated() {
            jsonl.append(try JSONSerialization.data(withJSONObject: ["id": String(i), "text": c.columns[0]]))
            jsonl.append(0x0A)
        }
        try jsonl.write(to: dir.appendingPathComponent("in.jsonl"))
        try "description: one stage\nstages:\n  - normalize: { form: \(form) }\n".write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let result = try SiftBinary.run([dir.appendingPathComponent("p.yaml").path, dir.appendingPathComponent("in.jsonl").path,
                                         "--input-format", "jsonl", "--output-format", "jsonl"].withRun)
        #expect(result.status == 0, "\(result.stderr)")
        var got: [String: String] = [:]
        for line in result.stdout.split(separator: 0x0A) {
            let o = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            got[o["id"] as! String] = (o["text"] as! String)
        }
        var failures: [String] = []
        for (i, c) in cases.enumerated() where got[String(i)]?.unicodeScalars.elementsEqual(c.columns[column].unicodeScalars) != true {
            failures.append("line \(c.line)")
        }
        #expect(failures.isEmpty, "\(form): \(failures.count) of \(cases.count) lines differ, first: \(failures.prefix(5))")
        #expect(got.count == cases.count)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension Array where Element == String {
    /// Prefixes the `run` subcommand.
    var withRun: [String] { ["run"] + self }
}
