import Foundation
import Sift
import SiftFuzzing
import SiftTestSupport
import Testing

/// Inputs and outputs that try to break a run: oversized documents, huge lines, a million tiny
/// documents, a full disk, a folder that cannot be written, a file that grows while it is read,
/// runaway regexes. Each must end with a clear error and no partial output, or with bounded memory.
@Suite struct HostileInputTests {
    let tidy = TestSupport.packageRoot + "/Pipelines/tidy.yaml"

    /// Runs sift with its output discarded, sampling its peak resident memory (VmHWM) until it
    /// exits: its exit status and the peak in MiB.
    func runMeasuringPeak(_ arguments: [String]) throws -> (status: Int32, peakMiB: Double, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SiftBinary.path)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        var peak = 0.0
        while p.isRunning {
            if let status = try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kb / 1024)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, peak, stderr)
    }

    @Test func maxDocBytesSkipsAHugeJSONLRecordAndTheRunGoesOn() throws {
        let dir = try temporaryDirectory("maxdoc-jsonl")
        let input = dir.appendingPathComponent("in.jsonl").path
        let huge = String(repeating: "x", count: 3_000_000)
        let records = "{\"id\":\"a\",\"text\":\"small\"}\n{\"id\":\"b\",\"text\":\"\(huge)\"}\n{\"id\":\"c\",\"text\":\"tail\"}\n"
        try Data(records.utf8).write(to: URL(fileURLWithPath: input))
        let r = try SiftBinary.run(["run", tidy, input, "--max-doc-bytes", "100000", "--output-format", "jsonl", "--jobs", "2"])
        #expect(r.status == 1)
        #expect(r.out == "{\"id\":\"a\",\"text\":\"small\",\"metadata\":{},\"spans\":[]}\n{\"id\":\"c\",\"text\":\"tail\",\"metadata\":{},\"spans\":[]}\n")
        #expect(r.stderr == """
            \(input):2: error: line of 3000020 bytes is over the --max-doc-bytes limit of 100000; skipped
            sift: 1 record failed and was skipped

            """)
        // The same from standard input, and in a batch (where it goes to errors.jsonl).
        let s = try SiftBinary.run(["run", tidy, "--input-format", "jsonl", "--output-format", "jsonl", "--max-doc-bytes", "100000"], stdin: Data(records.utf8))
        #expect(s.status == 1)
        #expect(s.out == r.out)
        #expect(s.stderr == "<stdin>:2: error: line of 3000020 bytes is over the --max-doc-bytes limit of 100000; skipped\nsift: 1 record failed and was skipped\n")
        let out = dir.appendingPathComponent("out").path
        let b = try SiftBinary.run(["batch", tidy, input, "--out", out, "--max-doc-bytes", "100000", "-q"])
        #expect(b.status == 1)
        #expect(b.stderr == "")
        #expect(try String(contentsOfFile: out + "/in.jsonl", encoding: .utf8) == r.out)
        #expect(try String(contentsOfFile: out + "/errors.jsonl", encoding: .utf8) == """
            {"input":"in.jsonl","line":2,"id":null,"reason":"line of 3000020 bytes is over the --max-doc-bytes limit of 100000; skipped"}

            """)
    }

    @Test func maxDocBytesSkipsLargeFilesAndStandardInput() throws {
        let dir = try temporaryDirectory("maxdoc-text")
        let big = dir.appendingPathComponent("big.txt").path, ok = dir.appendingPathComponent("ok.txt").path
        try Data(String(repeating: "y", count: 5000).utf8).write(to: URL(fileURLWithPath: big))
        try Data("fine".utf8).write(to: URL(fileURLWithPath: ok))
        let r = try SiftBinary.run(["run", tidy, big, ok, "--max-doc-bytes", "1000"])
        #expect(r.status == 1)
        #expect(r.out == "fine\n")
        #expect(r.stderr == "\(big): error: file of 5000 bytes is over the --max-doc-bytes limit of 1000; skipped\nsift: 1 record failed and was skipped\n")
        // Standard input is read to its end to be counted, not kept.
        let s = try SiftBinary.run(["run", tidy, "--max-doc-bytes", "100"], stdin: Data(String(repeating: "z\n", count: 100).utf8))
        #expect(s.status == 1)
        #expect(s.out == "")
        #expect(s.stderr == "<stdin>: error: input of 199 bytes is over the --max-doc-bytes limit of 100; skipped\nsift: 1 record failed and was skipped\n")
        let under = try SiftBinary.run(["run", tidy, "--max-doc-bytes", "199"], stdin: Data(String(repeating: "z\n", count: 100).utf8))
        #expect(under.status == 0)
        #expect(under.out == String(repeating: "z\n", count: 100))
        // A device that never ends is cut at the limit, not read for ever.
        let zero = try SiftBinary.run(["run", tidy, "/dev/zero", "--max-doc-bytes", "4096"])
        #expect(zero.status == 1)
        #expect(zero.stderr == "/dev/zero: error: input of more than 4096 bytes is over the --max-doc-bytes limit of 4096; skipped\nsift: 1 record failed and was skipped\n")
        let bad = try SiftBinary.run(["run", tidy, ok, "--max-doc-bytes=-1"])
        #expect(bad.status == 64 && bad.stderr.hasPrefix("Error: --max-doc-bytes must be 0 (no limit) or more\n"), "\(bad.stderr)")
        // 0 lifts the limit; without the option, 256 MiB keeps a pathological input from filling memory.
        let unlimited = try SiftBinary.run(["run", tidy, "--max-doc-bytes", "0"], stdin: Data(String(repeating: "z\n", count: 100).utf8))
        #expect(unlimited.status == 0 && unlimited.out == String(repeating: "z\n", count: 100))
        #expect(DocumentReader.Options().maxDocumentBytes == 268_435_456)
    }

    @Test func aHugeLineIsStreamedPastInBoundedMemory() throws {
        let dir = try temporaryDirectory("huge-line")
        let input = dir.appendingPathComponent("huge.txt").path
        // 24 MB without a newline, then a short line.
        var bytes = Data(count: 24 << 20)
        bytes.resetBytes(in: 0..<bytes.count)
        bytes.withUnsafeMutableBytes { _ = memset($0.baseAddress!, 0x61, $0.count) }
        bytes.append(contentsOf: Array("\nshort line\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: input))
        let r = try SiftBinary.run(["run", tidy, input, "--input-format", "lines", "--max-doc-bytes", "65536"])
        #expect(r.status == 1)
        #expect(r.out == "short line\n")
        #expect(r.stderr == "\(input):1: error: line of 25165824 bytes is over the --max-doc-bytes limit of 65536; skipped\nsift: 1 record failed and was skipped\n")
        // The whole line never sits in memory: sift's baseline (runtime, ICU data, the reader's 1 MB
        // chunks) is about 28 MiB; holding the 24 MiB line would take it past 52.
        let m = try runMeasuringPeak(["run", tidy, input, "--input-format", "lines", "--max-doc-bytes", "65536"])
        #expect(m.status == 1)
        #expect(m.peakMiB > 0 && m.peakMiB < 40, "peak \(m.peakMiB) MiB")
    }

    @Test func manyTinyDocumentsRunInBoundedMemory() throws {
        let dir = try temporaryDirectory("tiny-docs")
        let input = dir.appendingPathComponent("tiny.txt").path
        let count = 200_000
        try Data(String(repeating: "x\n", count: count).utf8).write(to: URL(fileURLWithPath: input))
        let r = try SiftBinary.run(["run", tidy, input, "--input-format", "lines", "--jobs", "2"])
        #expect(r.status == 0)
        #expect(r.stdout.count == 2 * count)
        let m = try runMeasuringPeak(["run", tidy, input, "--input-format", "lines", "--jobs", "2"])
        #expect(m.status == 0)
        #expect(m.peakMiB > 0 && m.peakMiB < 100, "peak \(m.peakMiB) MiB")
    }

    @Test func aFullDeviceIsAClearError() throws {
        let dir = try temporaryDirectory("full")
        let input = dir.appendingPathComponent("in.txt").path
        try Data("some text".utf8).write(to: URL(fileURLWithPath: input))
        let r = try SiftBinary.run(["run", tidy, input, "-o", "/dev/full"])
        #expect(r.status == 2)
        #expect(r.out == "")
        #expect(r.stderr == "sift: /dev/full: No space left on device\n")
        let b = try SiftBinary.run(["run", tidy, input, "-o", "/dev/full", "--keep-removed", dir.appendingPathComponent("removed.jsonl").path])
        #expect(b.status == 2)
        #expect(b.stderr == "sift: /dev/full: No space left on device\n")
        // The side output is not committed when the main one fails.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("removed.jsonl").path))
    }

    @Test func aFileSizeLimitLeavesNoPartialOutput() throws {
        // `ulimit -f` stands in for a full disk: writes past it fail (EFBIG) instead of killing sift.
        let dir = try temporaryDirectory("fsize")
        let input = dir.appendingPathComponent("in.txt").path, out = dir.appendingPathComponent("out").path
        try Data(String(repeating: "a line of text\n", count: 200_000).utf8).write(to: URL(fileURLWithPath: input))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -f 64; exec \"$0\" run \"$1\" \"$2\" -o \"$3\" 2>\"$3.err\"", SiftBinary.path, tidy, input, out + "/result.txt"]
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 2)
        let err = (try? String(contentsOfFile: out + "/result.txt.err", encoding: .utf8)) ?? ""
        #expect(err.contains("File too large"), "\(err)")
        let left = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0 != "result.txt.err" }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func anUnwritableFolderIsAClearErrorBeforeAnyWork() throws {
        let dir = try temporaryDirectory("readonly")
        let input = dir.appendingPathComponent("in.txt").path
        try Data("text".utf8).write(to: URL(fileURLWithPath: input))
        // Root ignores permission bits, so root writes into /proc instead (never writable).
        let folder: String
        if getuid() == 0 {
            folder = "/proc"
        } else {
            folder = dir.appendingPathComponent("ro").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o555)
        }
        let r = try SiftBinary.run(["run", tidy, input, "-o", folder + "/out.txt"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot write \(folder)/out.txt: "), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.txt"))
        if getuid() != 0 { #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty) }
    }

    @Test(arguments: ["text", "lines"])
    func aFileThatGrowsWhileReadIsAnError(_ format: String) throws {
        let dir = try temporaryDirectory("grow-\(format)")
        let input = dir.appendingPathComponent("growing.txt").path
        // A whole file is read at once: 65 MB take long enough (tens of milliseconds) for the writer
        // to append during the read. Lines are read a chunk at a time as they are processed.
        let initialLines = format == "text" ? 5_000_000 : 5000
        try Data(String(repeating: "growing line\n", count: initialLines).utf8).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: input))
        handle.seekToEndOfFile()
        // Keep appending (1300 bytes every 50 to 100 µs: the disk is not filled) until sift is done, or 30 s.
        let chunk = Data(String(repeating: "growing line\n", count: 100).utf8)
        let stop = ManagedFlag()
        let writer = Thread {
            let t0 = Date()
            while !stop.isSet && Date().timeIntervalSince(t0) < 30 {
                handle.write(chunk)
                usleep(50)
            }
            try? handle.close()
        }
        writer.start()
        Thread.sleep(forTimeInterval: 0.2)
        let output = dir.appendingPathComponent("out.txt").path
        let r = try SiftBinary.run(["run", tidy, input, "--input-format", format, "-o", output])
        stop.set()
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[1] == "sift: 1 record failed and was skipped" && lines[2] == "", "\(r.stderr)")
        // "(it had N bytes when opened)": N is at least what was written before sift started.
        let prefix = "\(input): error: the file grew while it was being read (it had "
        let first = String(lines.first ?? "")
        #expect(first.hasPrefix(prefix) && first.hasSuffix(" bytes when opened)"), "\(r.stderr)")
        let had = Int(first.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
        #expect(had >= 13 * initialLines, "\(had)")
        let out = try String(contentsOfFile: output, encoding: .utf8)
        if format == "text" {
            // The document was not written at all, rather than cut short.
            #expect(out.isEmpty)
        } else {
            // Lines read before the growth was seen are written, none from past the size at opening.
            #expect(out.utf8.count <= had && Set(out.split(separator: "\n")).isSubset(of: ["growing line"]))
        }
    }

    @Test(arguments: [
        #"stages: [ { replace: { pattern: "(a+)+$", time-limit: 1 } } ]"#,
        #"stages: [ { filter: { exclude: "(a+)+$", time-limit: 1 } } ]"#,
        #"stages: [ { filter: { require: "^(a|aa)+$", time-limit: 1 } } ]"#,
        #"stages: [ { drop-lines: { pattern: "^(a+)+$", time-limit: 1 } } ]"#,
    ])
    func runawayRegexFailsOneDocumentAndTheRunGoesOn(_ yaml: String) throws {
        let dir = try temporaryDirectory("regex-\(abs(yaml.hashValue))")
        let pipeline = dir.appendingPathComponent("p.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: pipeline))
        let input = "{\"id\":\"evil\",\"text\":\"\(String(repeating: "a", count: 40))b\"}\n{\"id\":\"fine\",\"text\":\"b\"}\n"
        let t0 = Date()
        let r = try SiftBinary.run(["run", pipeline, "--input-format", "jsonl", "--output-format", "jsonl"], stdin: Data(input.utf8))
        #expect(Date().timeIntervalSince(t0) < 30)
        #expect(r.status == 1)
        #expect(r.stderr.contains("evil: error: stage '") && r.stderr.contains("exceeded the regex time limit"), "\(r.stderr)")
        #expect(r.out.contains("\"id\":\"fine\"") || yaml.contains("require"))
    }

    /// A pipeline of stages that split, drop and annotate, for the --jobs comparisons.
    static let jobsPipeline = """
        stages:
          - whitespace
          - drop-lines: { preset: placeholders }
          - dedupe-lines
          - segment: { unit: paragraph, split: true }
          - scripts
          - segment: { unit: word }
          - filter: { min-chars: 2 }
        """

    /// `count` JSONL records of generated text (every third hostile, of up to `maxProgram` pieces), ids `PREFIXN`.
    static func generatedRecords(_ rng: inout Generator, count: Int, idPrefix: String, maxProgram: Int = 200) -> String {
        var lines = ""
        for n in 0..<count {
            var record: [UInt8] = []
            let text = n % 3 == 0 ? rng.hostileText(maxProgram: maxProgram) : rng.lineText()
            JSONValueWriter.record(id: "\(idPrefix)\(n)", text: text, into: &record)
            lines += String(decoding: record, as: UTF8.self) + "\n"
        }
        return lines
    }

    @Test func outputIsTheSameWhateverTheJobs() throws {
        let dir = try temporaryDirectory("jobs")
        let pipeline = dir.appendingPathComponent("p.yaml").path
        try Data(Self.jobsPipeline.utf8).write(to: URL(fileURLWithPath: pipeline))
        var rng = Generator(seed: 0x51F7)
        let input = dir.appendingPathComponent("in.jsonl").path
        try Data(Self.generatedRecords(&rng, count: 600, idPrefix: "d").utf8).write(to: URL(fileURLWithPath: input))
        var outputs: [Data] = []
        for jobs in ["1", "2", "4"] {
            let r = try SiftBinary.run(["run", pipeline, input, "--output-format", "jsonl", "--jobs", jobs])
            #expect(r.status == 0, "\(r.stderr.prefix(500))")
            outputs.append(r.stdout)
        }
        #expect(outputs[0].count > 10_000)
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
    }

    // MARK: sift batch

    /// Every regular file under `root`, relative to it, sorted.
    func tree(_ root: String) -> [String] {
        var found: [String] = []
        let e = FileManager.default.enumerator(atPath: root)
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue { found.append(rel) }
        }
        return found.sorted()
    }

    /// The warnings and errors a batch printed, without the summary that ends its standard error.
    func messages(_ stderr: String) -> [String] {
        Array(stderr.split(separator: "\n").map(String.init).prefix { !$0.contains(" inputs: ") && !$0.contains(" input: ") })
    }

    @Test func batchNeverWritesOutsideOut() throws {
        let dir = try temporaryDirectory("batch-ids")
        let work = dir.appendingPathComponent("work").path, input = dir.appendingPathComponent("in").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: input + "/sub", withIntermediateDirectories: true)
        // Ids that would climb out of --out, name an absolute path, or hold a NUL, if an id ever made a path.
        let ids = ["../../x", "\(dir.path)/abs", "a\u{0}b", "..", "sub/../../../y", ""]
        var records = ""
        for (n, id) in ids.enumerated() {
            var bytes: [UInt8] = []
            JSONWriter.append(JSONValue.object(["id": .string(id), "text": .string("text  \(n)")]), to: &bytes)
            records += String(decoding: bytes, as: UTF8.self) + "\n"
        }
        try Data(records.utf8).write(to: URL(fileURLWithPath: input + "/sub/ids.jsonl"))
        try Data("a   file\n".utf8).write(to: URL(fileURLWithPath: input + "/sub/page.txt"))
        try Data("outside\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/loose.txt"))
        let before = tree(dir.path)
        #expect(before == ["in/sub/ids.jsonl", "in/sub/page.txt", "loose.txt"])
        let expectedJSONL = ids.enumerated().map { n, id in
            var bytes: [UInt8] = []
            JSONWriter.append(JSONValue.object(["id": .string(id), "text": .string("text \(n)"), "metadata": .object([:]), "spans": .array([])]), to: &bytes)
            return String(decoding: bytes, as: UTF8.self) + "\n"
        }.joined()
        #expect(expectedJSONL.contains(#""id":"a\u0000b""#))
        for format in ["jsonl", "html"] {
            // Inputs named by relative paths that climb (`../in/...`) and by absolute paths.
            let out = "out-" + format
            let r = try SiftBinary.run(["batch", tidy, "../in/sub/ids.jsonl", "../loose.txt", input, "--out", out,
                                        "--output-format", format, "--jobs", "2", "-q"], directory: work)
            #expect(r.status == 0 && r.stderr == "", "\(r.stderr)")
            let outputs = format == "jsonl" ? ["ids.jsonl", "loose.txt.jsonl", "sub/ids.jsonl", "sub/page.txt.jsonl"]
                : ["ids.html", "loose.txt.html", "sub/ids.html", "sub/page.txt.html"]
            #expect(tree(work + "/" + out) == (outputs + ["errors.jsonl", "manifest.jsonl", "summary.json"]).sorted())
            if format == "jsonl" {
                #expect(try String(contentsOfFile: work + "/" + out + "/ids.jsonl", encoding: .utf8) == expectedJSONL)
                #expect(try String(contentsOfFile: work + "/" + out + "/sub/ids.jsonl", encoding: .utf8) == expectedJSONL)
                #expect(try String(contentsOfFile: work + "/" + out + "/loose.txt.jsonl", encoding: .utf8)
                    == #"{"id":"loose.txt","text":"outside\n","metadata":{},"spans":[]}"# + "\n")
            }
        }
        // Nothing was written anywhere but under the two --out folders.
        #expect(tree(dir.path).filter { !$0.hasPrefix("work/out-") } == before)
        #expect(!FileManager.default.fileExists(atPath: "/x") && !FileManager.default.fileExists(atPath: dir.path + "/abs"))
    }

    @Test func batchOutputIsTheSameWhateverTheJobs() throws {
        let dir = try temporaryDirectory("batch-jobs")
        let pipeline = dir.appendingPathComponent("p.yaml").path
        try Data(Self.jobsPipeline.utf8).write(to: URL(fileURLWithPath: pipeline))
        let input = dir.appendingPathComponent("in").path
        var rng = Generator(seed: 0xBA7C)
        for shard in 0..<3 {
            try FileManager.default.createDirectory(atPath: input + "/s\(shard)", withIntermediateDirectories: true)
            // A malformed record in each shard: an error, in its place in errors.jsonl.
            let lines = Self.generatedRecords(&rng, count: 30, idPrefix: "s\(shard)-", maxProgram: 40) + "{\"id\": broken\n"
                + Self.generatedRecords(&rng, count: 30, idPrefix: "s\(shard)-more-", maxProgram: 40)
            try Data(lines.utf8).write(to: URL(fileURLWithPath: input + "/s\(shard)/part.jsonl"))
            for page in 0..<3 {
                // Without NUL, which makes a text file binary (an error of its own).
                let text = (0..<20).map { _ in rng.lineText() }.joined(separator: "\n").filter { $0 != "\u{0}" }
                try Data(text.utf8).write(to: URL(fileURLWithPath: input + "/s\(shard)/page\(page).txt"))
            }
        }
        var trees: [[String: Data]] = []
        var corpora: [NSDictionary] = []
        for jobs in ["1", "2", "4"] {
            let out = dir.appendingPathComponent("out\(jobs)").path
            let r = try SiftBinary.run(["batch", pipeline, input, "--out", out, "--jobs", jobs, "-q"])
            #expect(r.status == 1, "\(r.stderr.prefix(500))")
            var files: [String: Data] = [:]
            for rel in tree(out) where rel != "summary.json" { files[rel] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + rel)) }
            trees.append(files)
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
            corpora.append(summary["corpus"] as! NSDictionary)
        }
        #expect(trees[0].count == 3 * 4 + 2)
        #expect(trees[0]["s0/part.jsonl"].map { $0.count > 5_000 } == true)
        #expect(String(decoding: trees[0]["errors.jsonl"] ?? Data(), as: UTF8.self) == (0..<3).map {
            #"{"input":"s\#($0)/part.jsonl","line":31,"id":null,"reason":"malformed JSON: column 8: unexpected 'b', expected a value"}"# + "\n"
        }.joined())
        // Every output, the manifest and errors.jsonl byte for byte; the summary's corpus figures.
        #expect(trees[1] == trees[0])
        #expect(trees[2] == trees[0])
        #expect(corpora[1] == corpora[0] && corpora[2] == corpora[0])
    }

    @Test func batchDetectsSymlinkLoops() throws {
        let dir = try temporaryDirectory("batch-links")
        let input = dir.appendingPathComponent("in").path
        try FileManager.default.createDirectory(atPath: input + "/sub/deeper", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.path + "/elsewhere", withIntermediateDirectories: true)
        try Data("top\n".utf8).write(to: URL(fileURLWithPath: input + "/a.txt"))
        try Data("below\n".utf8).write(to: URL(fileURLWithPath: input + "/sub/deeper/b.txt"))
        try Data("away\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/elsewhere/c.txt"))
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: input + "/sub/deeper/up", withDestinationPath: "../..")  // the input folder
        try fm.createSymbolicLink(atPath: input + "/sub/here", withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: input + "/self", withDestinationPath: "self")
        try fm.createSymbolicLink(atPath: input + "/ping", withDestinationPath: "pong")
        try fm.createSymbolicLink(atPath: input + "/pong", withDestinationPath: "ping")
        try fm.createSymbolicLink(atPath: input + "/gone.txt", withDestinationPath: "nowhere.txt")
        try fm.createSymbolicLink(atPath: input + "/other", withDestinationPath: "../elsewhere")
        try fm.createSymbolicLink(atPath: input + "/link.txt", withDestinationPath: "a.txt")
        let out = dir.appendingPathComponent("out").path
        let r = try SiftBinary.run(["batch", tidy, input, "--out", out])
        #expect(r.status == 0)
        #expect(messages(r.stderr) == [
            "\(input)/gone.txt: warning: a broken symbolic link (No such file or directory); skipped",
            "\(input)/other: warning: a symbolic link to a folder; not followed",
            "\(input)/ping: warning: a symbolic link loop; skipped",
            "\(input)/pong: warning: a symbolic link loop; skipped",
            "\(input)/self: warning: a symbolic link loop; skipped",
            "\(input)/sub/deeper/up: warning: a symbolic link loop (to a folder that contains it); not followed",
            "\(input)/sub/here: warning: a symbolic link loop (to a folder that contains it); not followed",
        ], "\(r.stderr)")
        #expect(r.stderr.contains("3 inputs: 3 processed"), "\(r.stderr)")
        #expect(tree(out) == ["a.txt", "errors.jsonl", "link.txt", "manifest.jsonl", "sub/deeper/b.txt", "summary.json"])
        #expect(try String(contentsOfFile: out + "/link.txt", encoding: .utf8) == "top\n")
    }
}

/// A flag one thread sets and another reads.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}

/// JSONL records for generated texts (escaping through Sift's own writer).
enum JSONValueWriter {
    static func record(id: String, text: String, into out: inout [UInt8]) {
        JSONWriter.append(JSONValue.object(["id": .string(id), "text": .string(text)]), to: &out)
    }
}
