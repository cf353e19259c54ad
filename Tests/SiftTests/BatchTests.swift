import Sift
import SiftTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct BatchTests {
    private func folder(_ name: String) -> String {
        let dir = "/tmp/sift-batch-\(name)-\(getpid())"
        FileSystem.walk(dir, hidden: true).forEach { FileSystem.removeFile(dir + "/" + $0) }
        try? FileSystem.makeDirectories(dir)
        return dir
    }

    private func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
        try FileSystem.makeDirectories(FileSystem.directoryName(path))
        let out = try OutputStream.atomicFile(path, gzip: false)
        out.write(bytes)
        try out.commit()
    }

    @Test func plannerWalksFoldersWithGlobsAndMirrorsPaths() throws {
        let dir = folder("plan")
        for f in ["a.txt", "b.md", "news/2024/c.txt", "news/d.jsonl", "news/e.jsonl.gz", "skip/f.txt"] {
            try writeBytes("\(dir)/in/\(f)", Array("x\n".utf8))
        }
        var planner = BatchPlanner()
        planner.exclude = ["skip/*", "*.md"]
        let inputs = try planner.plan(["\(dir)/in"], outputDirectory: "\(dir)/out")
        #expect(inputs.map(\.relativePath) == ["a.txt", "news/2024/c.txt", "news/d.jsonl", "news/e.jsonl.gz"])
        #expect(inputs.map(\.outputPath) == ["a.txt", "news/2024/c.txt", "news/d.jsonl", "news/e.jsonl.gz"])
        #expect(inputs.map(\.format) == [.text, .text, .jsonl, .jsonl])

        planner.exclude = []
        planner.include = ["news/*.txt"]
        #expect(try planner.plan(["\(dir)/in"], outputDirectory: "\(dir)/out").map(\.relativePath) == ["news/2024/c.txt"])

        planner.include = ["*.txt"]
        planner.outputFormat = .jsonl
        #expect(try planner.plan(["\(dir)/in"], outputDirectory: "\(dir)/out").map(\.outputPath) == ["a.txt.jsonl", "news/2024/c.txt.jsonl", "skip/f.txt.jsonl"])

        // The output folder inside an input folder is not read back.
        try writeBytes("\(dir)/in/out/old.txt", Array("y\n".utf8))
        planner = BatchPlanner()
        #expect(try !planner.plan(["\(dir)/in"], outputDirectory: "\(dir)/in/out").contains { $0.relativePath.hasPrefix("out/") })

        // Two inputs that would share an output are refused before anything runs.
        #expect(throws: BatchError.self) { try planner.plan(["\(dir)/in/a.txt", "\(dir)/in/a.txt"], outputDirectory: "\(dir)/out") }
    }

    @Test func shardsCoverEveryPathExactlyOnce() throws {
        let paths = (0..<500).map { "site-\($0 % 7)/page-\($0).txt" }
        for n in 1...5 {
            var owners = [Int](repeating: 0, count: paths.count)
            for k in 0..<n {
                let shard = try Shard(index: k, count: n)
                for (i, p) in paths.enumerated() where shard.contains(p) { owners[i] += 1 }
            }
            #expect(owners.allSatisfy { $0 == 1 })
        }
        // Balanced enough, and stable across runs and machines (FNV-1a of the path).
        let sizes = (0..<4).map { k in paths.filter { try! Shard(index: k, count: 4).contains($0) }.count }
        #expect(sizes.allSatisfy { $0 > 90 })
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(throws: BatchError.self) { try Shard(parsing: "4/4") }
        #expect(throws: BatchError.self) { try Shard(parsing: "x") }
        #expect(try Shard(parsing: "1/3") == Shard(index: 1, count: 3))
    }

    @Test func gzipRoundTripsAcrossMembersAndIsDeterministic() throws {
        let dir = folder("gzip")
        let lines = (0..<5000).map { "{\"id\":\"\($0)\",\"text\":\"line \($0) ∑ 文字\"}" }
        // Written with two different flush patterns: the same compressed bytes.
        for (name, flushEvery) in [("a", 1), ("b", 997)] {
            let out = try OutputStream.atomicFile("\(dir)/\(name).jsonl.gz")
            for (i, l) in lines.enumerated() {
                out.write(l + "\n")
                if i % flushEvery == 0 { try out.flush() }
            }
            try out.commit()
        }
        let a = try #require(FileSystem.readFile("\(dir)/a.jsonl.gz"))
        #expect(a == FileSystem.readFile("\(dir)/b.jsonl.gz"))
        #expect(a.count < lines.joined().utf8.count / 3)
        #expect(Array(a.prefix(2)) == [0x1F, 0x8B])

        var read: [String] = []
        let reader = try LineReader(path: "\(dir)/a.jsonl.gz")
        while let line = try reader.nextLine({ String(decoding: $0, as: UTF8.self) }) { read.append(line) }
        #expect(read == lines)

        // Concatenated members read as one stream (`cat a.gz b.gz`).
        try writeBytes("\(dir)/two.jsonl.gz", a + a)
        let twice = try LineReader(path: "\(dir)/two.jsonl.gz")
        var count = 0
        while try twice.nextLine({ _ in 0 }) != nil { count += 1 }
        #expect(count == 10000)

        // A truncated or corrupt file is an error, not a silent end.
        try writeBytes("\(dir)/cut.jsonl.gz", Array(a.prefix(a.count / 2)))
        let cut = try LineReader(path: "\(dir)/cut.jsonl.gz")
        #expect(throws: IOError.self) { while try cut.nextLine({ _ in 0 }) != nil {} }
        try writeBytes("\(dir)/bad.jsonl.gz", Array("not gzip at all\n".utf8))
        let bad = try LineReader(path: "\(dir)/bad.jsonl.gz")
        #expect(throws: IOError.self) { while try bad.nextLine({ _ in 0 }) != nil {} }
    }

    @Test func countersReadGenericTraces() throws {
        var c = BatchCounters()
        var doc = Document(id: "a", text: "keep\nnoise\nmore", metadata: ["language": "en", "script": "Latn", "scripts": ["Latn": 0.9, "Cyrl": 0.1], "conversions": [1, 2]])
        doc.apply([TextEdit(range: 5..<11, replacement: "", removalReason: "noise line")], stage: "drop-lines")
        doc.spans = [Span(type: "quantity", start: 0, end: 4), Span(type: "sentence", start: 0, end: 4),
                     Span(type: "quantity", start: 0, end: 4, attributes: ["original": "4 mi"]),
                     Span(type: "quantity", start: 0, end: 4, attributes: ["appended": true])]
        c.add(.written([doc], bytesIn: 15))
        c.add(.dropped(reason: "too short", stage: "filter", bytesIn: 3))
        c.add(.failed(id: nil, source: "x", line: 2, message: "bad", bytesIn: 0))
        #expect(c.documentsIn == 2 && c.documentsOut == 1 && c.errors == 1 && c.bytesIn == 18)
        #expect(c.removed["drop-lines"] == { var r = BatchCounters.Removal(); r.spans = 1; r.lines = 1; r.characters = 6; r.reasons = ["noise line": 1]; return r }())
        #expect(c.languages == ["en": 1] && c.scripts == ["Latn": 1])
        #expect(c.spans == ["quantity": 3, "sentence": 1])
        #expect(c.quantities == 1 && c.unitConversions == 4)
        // Without metadata.script, the scripts of metadata.scripts.
        var other = BatchCounters()
        other.add(.written([Document(id: "b", text: "x", metadata: ["scripts": ["Cyrl": 1.0]])], bytesIn: 1))
        #expect(other.scripts == ["Cyrl": 1])
        #expect(c.dropped == ["filter: too short": 1])
        // Through the manifest's JSON and back.
        #expect(BatchCounters(json: c.json) == c)
    }

    @Test func batchResumesAndRedoesChangedInputs() throws {
        let dir = folder("resume")
        for i in 0..<6 { try writeBytes("\(dir)/in/p\(i).txt", Array("page  \(i)\n\n\n\nend\n".utf8)) }
        let pipeline = try TestSupport.pipeline("stages:\n  - whitespace\n")
        var options = BatchOptions()
        options.jobs = 2
        let first = try Batch(pipeline: pipeline, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options).run()
        #expect(first.inputsProcessed == 6 && first.inputsResumed == 0 && !first.failed)
        #expect(FileSystem.readFile("\(dir)/out/p3.txt") == Array("page 3\n\nend\n".utf8))

        let again = try Batch(pipeline: pipeline, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options).run()
        #expect(again.inputsProcessed == 0 && again.inputsResumed == 6)
        #expect(again.corpus == first.corpus)

        // A changed input is redone; so is one whose output went missing.
        try writeBytes("\(dir)/in/p1.txt", Array("changed   page\n".utf8))
        FileSystem.removeFile("\(dir)/out/p4.txt")
        let third = try Batch(pipeline: pipeline, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options).run()
        #expect(third.inputsProcessed == 2 && third.inputsResumed == 4)
        #expect(FileSystem.readFile("\(dir)/out/p1.txt") == Array("changed page\n".utf8))
        #expect(FileSystem.readFile("\(dir)/out/p4.txt") == Array("page 4\n\nend\n".utf8))

        // Temporary files a killed run left for this batch's outputs go; others (another shard's) stay.
        try writeBytes("\(dir)/out/.p2.txt.sift-Ab12Cd", Array("partial".utf8))
        try writeBytes("\(dir)/out/.elsewhere.txt.sift-Ab12Cd", Array("partial".utf8))
        try writeBytes("\(dir)/in/.hidden.txt", Array("not an input".utf8))
        let fourthRun = try Batch(pipeline: pipeline, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options).run()
        #expect(fourthRun.inputsSelected == 6)
        #expect(FileSystem.fileSize("\(dir)/out/.p2.txt.sift-Ab12Cd") == nil)
        #expect(FileSystem.fileSize("\(dir)/out/.elsewhere.txt.sift-Ab12Cd") == 7)

        // A changed pipeline redoes everything.
        let other = try TestSupport.pipeline("stages:\n  - normalize: { form: nfkc }\n  - whitespace\n")
        let fourth = try Batch(pipeline: other, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options).run()
        #expect(fourth.inputsProcessed == 6)
    }

    @Test func maxErrorsStopsTheBatchAndErrorsAreRecorded() throws {
        let dir = folder("maxerrors")
        for i in 0..<8 { try writeBytes("\(dir)/in/f\(i).txt", i % 2 == 0 ? [0x41, 0x00, 0x42] : Array("ok \(i)\n".utf8)) }
        var options = BatchOptions()
        options.jobs = 1
        options.maxErrors = 1
        let pipeline = try TestSupport.pipeline("stages:\n  - whitespace\n")
        nonisolated(unsafe) var events: [String] = []
        let summary = try Batch(pipeline: pipeline, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options)
            .run(event: { if case .failure(let input, _, _, _) = $0 { events.append(input) } })
        #expect(summary.stopped && summary.failed)
        #expect(events == ["f0.txt", "f2.txt"])
        let errors = String(decoding: FileSystem.readFile("\(dir)/out/errors.jsonl") ?? [], as: UTF8.self)
        #expect(errors.split(separator: "\n").count == 2)
        #expect(FileSystem.readFile("\(dir)/out/f1.txt") == Array("ok 1\n".utf8))
        #expect(FileSystem.fileSize("\(dir)/out/f3.txt") == nil)

        // Without the limit the batch goes on to the end; a binary file leaves no output.
        options.maxErrors = nil
        let all = try Batch(pipeline: pipeline, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options).run()
        #expect(!all.stopped && all.corpus.errors == 4 && all.inputsWithErrors == 4)
        #expect(FileSystem.readFile("\(dir)/out/f7.txt") == Array("ok 7\n".utf8))
        #expect(FileSystem.fileSize("\(dir)/out/f6.txt") == nil)
        let summaryText = String(decoding: FileSystem.readFile("\(dir)/out/summary.json") ?? [], as: UTF8.self)
        #expect(summaryText.contains("\"with_errors\": 4"))
    }

    @Test func htmlOutputGetsOnePagePerInput() throws {
        let dir = folder("html")
        try writeBytes("\(dir)/in/a.txt", Array("one  page\n".utf8))
        try writeBytes("\(dir)/in/s.jsonl", Array("{\"id\":\"x\",\"text\":\"rec  one\"}\n{\"id\":\"y\",\"text\":\"rec two\"}\n".utf8))
        var options = BatchOptions()
        options.planner.outputFormat = .html
        let pipeline = try TestSupport.pipeline("stages:\n  - whitespace\n")
        let summary = try Batch(pipeline: pipeline, inputs: ["\(dir)/in"], outputDirectory: "\(dir)/out", options: options).run()
        #expect(summary.corpus.documentsOut == 3 && !summary.failed)
        for name in ["a.txt.html", "s.html"] {
            let page = String(decoding: FileSystem.readFile("\(dir)/out/\(name)") ?? [], as: UTF8.self)
            #expect(page.contains("<html") && page.hasSuffix("</body></html>\n") && page.contains("rec") == (name == "s.html"))
        }
    }
}
