import Foundation
import SiftTestSupport
import Testing

/// `sift batch` and the streaming filter, through the built binary, as a user would run them.
@Suite struct BatchCommandTests {
    static let pipelineYAML = """
        stages:
          - normalize: { form: nfc }
          - whitespace
          - drop-lines: { pattern: "^[?□]+$", reason: placeholder line }

        """

    private func write(_ dir: URL, _ relative: String, _ bytes: [UInt8]) throws {
        let url = dir.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    private func write(_ dir: URL, _ relative: String, _ text: String) throws { try write(dir, relative, Array(text.utf8)) }

    private func gzip(_ url: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-n", "-f", url.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    private func gunzip(_ url: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    private func text(_ url: URL) -> String? {
        (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every regular file under `dir`, relative, sorted.
    private func files(_ dir: URL) -> [String] {
        let e = FileManager.default.enumerator(atPath: dir.path)
        var found: [String] = []
        while let rel = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(rel).path, isDirectory: &isDir), !isDir.boolValue {
                found.append(rel)
            }
        }
        return found.sorted()
    }

    /// A temporary folder holding the test pipeline (`p.yaml`), and the path of its input folder `in`.
    private func workspace(_ name: String) throws -> (dir: URL, input: URL, pipeline: URL) {
        let dir = try temporaryDirectory(name)
        let p = dir.appendingPathComponent("p.yaml")
        try Self.pipelineYAML.write(to: p, atomically: true, encoding: .utf8)
        return (dir, dir.appendingPathComponent("in"), p)
    }

    private func summary(_ dir: URL, _ name: String = "summary.json") throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as! [String: Any]
    }

    @Test func folderTreeWithMixedEncodingsCorruptAndEmptyFiles() throws {
        let (dir, input, p) = try workspace("batch-tree")
        try write(input, "en/plain.txt", "Hello   world\n\n\n\n?\nBye\n")
        try write(input, "en/bom-crlf.txt", [0xEF, 0xBB, 0xBF] + Array("Café  au lait\r\nline two\r\n?\r\n".utf8))
        try write(input, "fr/latin1.txt", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x63, 0x72, 0xE8, 0x6D, 0x65, 0x0A])
        try write(input, "mixed/nfd.txt", "Cafe\u{301} \u{1E9B}\u{323} 文字\n")
        try write(input, "bin/image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48])
        try write(input, "empty.txt", [UInt8]())
        try write(input, "shards/a.jsonl", "{\"id\":\"a1\",\"text\":\"one  two\"}\n{\"id\":\"a2\",\"text\":\n{\"id\":\"a3\",\"text\":\"x\\n□\\ny\"}\n")
        try write(input, "shards/b.jsonl", "{\"id\":\"b1\",\"text\":\"gz  one\",\"source\":\"web\"}\n{\"id\":\"b2\",\"text\":\"gz two\"}\n")
        try gzip(input.appendingPathComponent("shards/b.jsonl"))
        try write(input, "skip/ignored.log", "not selected\n")

        let out = dir.appendingPathComponent("out")
        let r = try SiftBinary.run(["batch", p.path, input.path, "--out", out.path, "--exclude", "*.log", "--jobs", "2", "--report", "html"])
        #expect(r.status == 1, "a corrupt file and a malformed record make the exit status 1")
        #expect(r.stderr.contains("bin/image.png: error: looks like a binary file"))
        #expect(r.stderr.contains("fr/latin1.txt: warning: replaced") && !r.stderr.contains(input.path))
        #expect(r.stderr.contains("shards/a.jsonl:2: error: malformed JSON"))
        #expect(r.stderr.contains("8 inputs: 8 processed"))

        #expect(files(out) == ["empty.txt", "en/bom-crlf.txt", "en/plain.txt", "errors.jsonl", "fr/latin1.txt", "manifest.jsonl",
                               "mixed/nfd.txt", "report.html", "shards/a.jsonl", "shards/b.jsonl.gz", "summary.json"])
        #expect(text(out.appendingPathComponent("en/plain.txt")) == "Hello world\n\nBye\n")
        #expect(text(out.appendingPathComponent("en/bom-crlf.txt")) == "Café au lait\nline two\n")
        #expect(text(out.appendingPathComponent("mixed/nfd.txt")) == "Café \u{1E9B}\u{323} 文字\n")
        #expect(text(out.appendingPathComponent("empty.txt")) == "")
        // Invalid UTF-8 (Latin-1 here) is repaired, not refused: one output, no error.
        #expect(text(out.appendingPathComponent("fr/latin1.txt"))?.hasPrefix("Caf") == true)
        #expect(text(out.appendingPathComponent("shards/a.jsonl")) == """
            {"id":"a1","text":"one two","metadata":{},"spans":[]}
            {"id":"a3","text":"x\\ny","metadata":{"removed":[{"text":"□\\n","stage":"drop-lines","reason":"placeholder line","start":2}]},"spans":[]}

            """)
        #expect(try gunzip(out.appendingPathComponent("shards/b.jsonl.gz")) == """
            {"id":"b1","text":"gz one","metadata":{},"spans":[],"source":"web"}
            {"id":"b2","text":"gz two","metadata":{},"spans":[]}

            """)
        #expect(text(out.appendingPathComponent("errors.jsonl")) == """
            {"input":"bin/image.png","id":null,"reason":"looks like a binary file (it contains NUL bytes); skipped"}
            {"input":"shards/a.jsonl","line":2,"id":null,"reason":"malformed JSON: column 19: unexpected end of line, expected a value"}

            """)

        let s = try summary(out)
        let inputs = s["inputs"] as! [String: Any]
        #expect(inputs["selected"] as? Int == 8 && inputs["processed"] as? Int == 8 && inputs["with_errors"] as? Int == 2)
        let docs = s["documents"] as! [String: Any]
        #expect(docs["in"] as? Int == 9 && docs["out"] as? Int == 9 && docs["errors"] as? Int == 2)
        let removed = (s["corpus"] as! [String: Any])["removed"] as! [String: Any]
        let dropLines = removed["drop-lines"] as! [String: Any]
        #expect(dropLines["spans"] as? Int == 3 && dropLines["lines"] as? Int == 3)
        #expect((s["stages"] as! [[String: Any]]).map { $0["name"] as! String } == ["normalize", "whitespace", "drop-lines"])

        let html = try #require(text(out.appendingPathComponent("report.html")))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("<table") && html.contains("drop-lines: placeholder line"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))

        // Run again: nothing to redo, the same outcome and exit status.
        let again = try SiftBinary.run(["batch", p.path, input.path, "--out", out.path, "--exclude", "*.log", "-q"])
        #expect(again.status == 1)
        let s2 = try summary(out)
        #expect((s2["inputs"] as! [String: Any])["resumed"] as? Int == 8)
        #expect(text(out.appendingPathComponent("errors.jsonl"))?.split(separator: "\n").count == 2)
    }

    /// A corpus big enough that a batch on one job runs for a while.
    private func makeCorpus(_ input: URL, files: Int) throws {
        let template = """
            Ferry  timetable   for the  week
            ?
            The crossing to the island leaves at 07:40 and 18:15; tickets cost 12 EUR.
            □
            Passengers with bicycles should arrive early.\u{00A0}Cafe\u{301} on board.


            Share this page  #ferry #island
            """
        for i in 0..<files {
            var body = ""
            for j in 0..<(20 + i % 13) { body += template.replacingOccurrences(of: "week", with: "week \(i)-\(j)") + "\n" }
            try write(input, "site-\(i % 5)/page-\(i).txt", body)
        }
        var lines = ""
        for i in 0..<3000 { lines += "{\"id\":\"r\(i)\",\"text\":\"record  \(i)\\n?\\nwith   text \(String(repeating: "x ", count: i % 50))\"}\n" }
        try write(input, "shards/big.jsonl", lines)
        try gzip(input.appendingPathComponent("shards/big.jsonl"))
        try write(input, "shards/plain.jsonl", lines)
    }

    /// `--keep-removed`: each input's removed text beside the outputs, under removed/, committed
    /// with the output; none for an input that lost nothing; a name clash is refused up front.
    @Test func keepRemovedWritesEachInputsRemovalsUnderRemoved() throws {
        let (dir, input, p) = try workspace("batch-removed")
        try write(input, "pages/a.txt", "Title\n?\nBody\n□\n")
        try write(input, "pages/clean.txt", "Nothing to remove.\n")
        try write(input, "shard.jsonl", "{\"id\":\"s1\",\"text\":\"x\\n?\\ny\"}\n{\"id\":\"s2\",\"text\":\"z\"}\n")
        try gzip(input.appendingPathComponent("shard.jsonl"))

        let out = dir.appendingPathComponent("out")
        let r = try SiftBinary.run(["batch", p.path, input.path, "--out", out.path, "--keep-removed", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(files(out) == ["errors.jsonl", "manifest.jsonl", "pages/a.txt", "pages/clean.txt", "removed/pages/a.txt.jsonl",
                               "removed/shard.jsonl", "shard.jsonl.gz", "summary.json"])
        #expect(text(out.appendingPathComponent("removed/pages/a.txt.jsonl")) == """
            {"id":"pages/a.txt","text":"?\\n","stage":"drop-lines","reason":"placeholder line","start":6}
            {"id":"pages/a.txt","text":"□\\n","stage":"drop-lines","reason":"placeholder line","start":11}

            """)
        #expect(text(out.appendingPathComponent("removed/shard.jsonl")) == """
            {"id":"s1","text":"?\\n","stage":"drop-lines","reason":"placeholder line","start":2}

            """)

        // The option is part of the settings: dropping it redoes every input.
        let again = try SiftBinary.run(["batch", p.path, input.path, "--out", out.path])
        #expect(again.stderr.contains("3 inputs: 3 processed"), "\(again.stderr)")

        // An input whose output would land in removed/ is refused before anything runs.
        try write(input, "removed/x.txt", "?\n")
        let clash = try SiftBinary.run(["batch", p.path, input.path, "--out", dir.appendingPathComponent("out2").path, "--keep-removed"])
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("inside the folder --keep-removed writes to (removed/)"), "\(clash.stderr)")
    }

    @Test func killedBatchResumesToByteIdenticalOutput() throws {
        let (dir, input, p) = try workspace("batch-kill")
        try makeCorpus(input, files: 400)
        let full = dir.appendingPathComponent("full")
        let uninterrupted = try SiftBinary.run(["batch", p.path, input.path, "--out", full.path, "--jobs", "2", "-q"])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")

        // Start the same batch on one job and kill -9 it once some inputs are done.
        let resumed = dir.appendingPathComponent("resumed")
        let manifest = resumed.appendingPathComponent("manifest.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SiftBinary.path)
        process.arguments = ["batch", p.path, input.path, "--out", resumed.path, "--jobs", "1", "-q"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let done = text(manifest)?.split(separator: "\n").count ?? 0
            if done >= 40 { break }
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the batch was killed midway, not finished")
        let finishedBeforeKill = text(manifest)?.split(separator: "\n").count ?? 0
        #expect(finishedBeforeKill >= 40 && finishedBeforeKill < 402)

        let second = try SiftBinary.run(["batch", p.path, input.path, "--out", resumed.path, "--jobs", "2", "-q"])
        #expect(second.status == 0, "\(second.stderr)")
        let s = try summary(resumed)
        let inputs = s["inputs"] as! [String: Any]
        #expect(inputs["selected"] as? Int == 402)
        #expect((inputs["resumed"] as? Int ?? 0) >= finishedBeforeKill - 1)
        #expect((inputs["processed"] as? Int ?? 0) + (inputs["resumed"] as? Int ?? 0) == 402)

        // Byte for byte what the uninterrupted batch wrote, and no leftover temporary file.
        let expected = files(full).filter { $0 != "manifest.jsonl" && $0 != "summary.json" }
        #expect(files(resumed).filter { $0 != "manifest.jsonl" && $0 != "summary.json" } == expected)
        var differing: [String] = []
        for f in expected where try Data(contentsOf: full.appendingPathComponent(f)) != Data(contentsOf: resumed.appendingPathComponent(f)) {
            differing.append(f)
        }
        #expect(differing.isEmpty)
        #expect(expected.count == 403)  // 402 outputs and errors.jsonl
        let fullSummary = try summary(full)
        #expect((fullSummary["corpus"] as! NSDictionary) == (s["corpus"] as! NSDictionary))
    }

    @Test func shardsCoverEveryInputExactlyOnce() throws {
        let dir = try temporaryDirectory("batch-shard")
        let input = dir.appendingPathComponent("in")
        var all: [String] = []
        for i in 0..<60 {
            let rel = "d\(i % 4)/sub\(i % 3)/f\(i).txt"
            try write(input, rel, "file  \(i)\n")
            all.append(rel)
        }
        let out = dir.appendingPathComponent("out")
        var seen: [String: Int] = [:]
        for k in 0..<3 {
            let r = try SiftBinary.run(["batch", "tidy", input.path, "--out", out.path, "--shard", "\(k)/3", "-q"], directory: TestSupport.packageRoot)
            #expect(r.status == 0, "\(r.stderr)")
            let manifest = try #require(text(out.appendingPathComponent("manifest.\(k)-of-3.jsonl")))
            let names = manifest.split(separator: "\n").map {
                (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["input"] as! String
            }
            #expect(names.count > 5, "shard \(k) has a fair share")
            for n in names { seen[n, default: 0] += 1 }
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.\(k)-of-3.json").path))
        }
        #expect(seen.keys.sorted() == all.sorted())
        #expect(seen.values.allSatisfy { $0 == 1 })
        let outputs = files(out).filter { $0.hasSuffix(".txt") }
        #expect(outputs == all.sorted())
        #expect(text(out.appendingPathComponent("d1/sub1/f1.txt")) == "file 1\n")

        let bad = try SiftBinary.run(["batch", "tidy", input.path, "--out", out.path, "--shard", "3/3"], directory: TestSupport.packageRoot)
        #expect(bad.status == 64 || bad.status == 2)
        #expect(bad.stderr.contains("0 <= K < N"))
    }

    @Test func streamingFilterKeepsOrderAndCountWithBadRecords() throws {
        var input = ""
        var good: [String] = []
        var badLines: [Int] = []
        for i in 0..<300 {
            switch i % 11 {
            case 3: input += "{\"id\":\"\(i)\",\"text\":\n"; badLines.append(i + 1)
            case 7: input += "[\"not\", \"an object\"]\n"; badLines.append(i + 1)
            case 9: input += "{\"id\":\"\(i)\"}\n"; badLines.append(i + 1)
            default:
                input += "{\"id\":\"\(i)\",\"text\":\"ﬁ   \(i)\"}\n"
                good.append(String(i))
            }
        }
        let r = try SiftBinary.run(["run", "nfkc", "--input-format", "jsonl", "--output-format", "jsonl", "--jobs", "2"],
                                   stdin: Data(input.utf8), directory: TestSupport.packageRoot)
        #expect(r.status == 1)
        let out = r.out.split(separator: "\n")
        #expect(out.count == good.count)
        let ids = out.map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! String }
        #expect(ids == good)
        #expect(out[1] == "{\"id\":\"1\",\"text\":\"fi 1\",\"metadata\":{},\"spans\":[]}")
        let errorLines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("<stdin>:") }
        #expect(errorLines.map { Int($0.dropFirst(8).prefix { $0.isNumber })! } == badLines)

        // Machine-readable error records, and exit 0 for engines that fail a task otherwise.
        let j = try SiftBinary.run(["run", "nfkc", "--input-format", "jsonl", "--output-format", "jsonl", "--error-format", "jsonl", "--allow-errors"],
                                   stdin: Data(input.utf8), directory: TestSupport.packageRoot)
        #expect(j.status == 0)
        #expect(j.out == r.out)
        let records = j.stderr.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(records.count == badLines.count)
        #expect(records.map { $0["source"] as! String } == badLines.map { "<stdin>:\($0)" })
    }

    @Test func streamingFilterAnswersEachRecordBeforeTheNextArrives() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SiftBinary.path)
        process.arguments = ["run", "nfkc", "--input-format", "jsonl", "--output-format", "jsonl", "--jobs", "2"]
        process.currentDirectoryURL = URL(fileURLWithPath: TestSupport.packageRoot)
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        // A watchdog: if a record never comes back, end the process so the test fails, not hangs.
        let watchdog = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        var pending = Data()
        func nextLine() -> String? {
            while true {
                if let nl = pending.firstIndex(of: 0x0A) {
                    let line = pending[pending.startIndex..<nl]
                    pending = Data(pending[(nl + 1)...])
                    return String(decoding: line, as: UTF8.self)
                }
                let chunk = outPipe.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                pending.append(chunk)
            }
        }
        var answers: [String] = []
        for i in 0..<5 {
            // Only one record is in flight: its answer must come back while stdin stays open.
            if i == 2 { inPipe.fileHandleForWriting.write(Data("{\"id\":\"bad\",\"text\":\n".utf8)) }
            inPipe.fileHandleForWriting.write(Data("{\"id\":\"\(i)\",\"text\":\"ﬀ\(i)\"}\n".utf8))
            guard let line = nextLine() else { break }
            answers.append(line)
        }
        try inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        watchdog.cancel()
        #expect(answers == (0..<5).map { "{\"id\":\"\($0)\",\"text\":\"ff\($0)\",\"metadata\":{},\"spans\":[]}" })
        let err = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(err.contains("<stdin>:3: error: malformed JSON"))
        #expect(process.terminationStatus == 1)
    }
}
