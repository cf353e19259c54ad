import Sift
import SiftTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct RunnerTests {
    private func runJSONL(_ lines: [String], yaml: String, jobs: Int, onError: ErrorPolicy = .skip,
                          timeStages: Bool = true) throws -> (output: String, events: [String], summary: RunSummary) {
        let dir = "/tmp/sift-runner-\(getpid())-\(jobs)-\(lines.count)-\(timeStages)"
        try writeFile(dir + "/in.jsonl", lines.joined(separator: "\n") + "\n")
        var options = DocumentReader.Options()
        options.format = .jsonl
        let reader = DocumentReader(inputs: [dir + "/in.jsonl"], options: options)
        let out = try OutputStream.atomicFile(dir + "/out.jsonl")
        var runnerOptions = Runner.Options()
        runnerOptions.jobs = jobs
        runnerOptions.onError = onError
        runnerOptions.timeStages = timeStages
        nonisolated(unsafe) var events: [String] = []
        let summary = try Runner(pipeline: try TestSupport.pipeline(yaml), options: runnerOptions)
            .run(reader: reader, writer: DocumentWriter(format: .jsonl), output: out) { event in
                if case .failure(_, let source, let message) = event { events.append("\(source): \(message)") }
            }
        try out.commit()
        let text = String(decoding: FileSystem.readFile(dir + "/out.jsonl") ?? [], as: UTF8.self)
        return (text, events, summary)
    }

    @Test(arguments: [1, 2, 4])
    func keepsInputOrderOnAnyNumberOfJobs(jobs: Int) throws {
        let lines = (0..<500).map { #"{"id":"\#($0)","text":"\#(String(repeating: "ﬁ ", count: $0 % 37))x"}"# }
        let (output, _, summary) = try runJSONL(lines, yaml: "stages:\n  - normalize: { form: nfkc }\n", jobs: jobs)
        let ids = output.split(separator: "\n").map { $0.split(separator: "\"")[3] }
        #expect(ids == (0..<500).map { Substring(String($0)) })
        #expect(summary.documentsIn == 500 && summary.documentsOut == 500)
        #expect(summary.stages[0].documentsChanged == 500 - 500 / 37 - 1)
    }

    /// Without timing (what `sift run` does unless asked for --stats) the output and every count
    /// are the same; only the stage times stay zero.
    @Test func stagesAreTimedOnlyWhenAsked() throws {
        let lines = (0..<300).map { #"{"id":"\#($0)","text":"\#(String(repeating: "ﬁ  x\\n", count: 50 + $0 % 7))"}"# }
        let yaml = "stages:\n  - normalize: { form: nfkc }\n  - whitespace\n"
        let timed = try runJSONL(lines, yaml: yaml, jobs: 2, timeStages: true)
        let untimed = try runJSONL(lines, yaml: yaml, jobs: 2, timeStages: false)
        #expect(untimed.output == timed.output)
        #expect(timed.summary.stages.allSatisfy { $0.nanoseconds > 0 })
        #expect(untimed.summary.stages.map(\.nanoseconds) == [0, 0])
        #expect(untimed.summary.stages.map(\.documentsChanged) == timed.summary.stages.map(\.documentsChanged))
        #expect(untimed.summary.stages.map(\.changedCharacters) == timed.summary.stages.map(\.changedCharacters))
        #expect(untimed.summary.stages.map(\.bytesIn) == timed.summary.stages.map(\.bytesIn))
        #expect(timed.summary.stages[0].documentsChanged == 300)
        #expect(timed.summary.documentsOut == 300 && timed.summary.errors == 0)
    }

    @Test func malformedRecordsAreSkippedAndReported() throws {
        let (output, events, summary) = try runJSONL([#"{"id":"a","text":"x"}"#, #"{"id":"b","text":"#, #"{"id":"c","text":"z"}"#],
                                                     yaml: "stages:\n  - whitespace\n", jobs: 2)
        #expect(output == #"{"id":"a","text":"x","metadata":{},"spans":[]}"# + "\n" + #"{"id":"c","text":"z","metadata":{},"spans":[]}"# + "\n")
        #expect(events.count == 1)
        #expect(events.first?.hasSuffix("in.jsonl:2: malformed JSON: column 18: unexpected end of line, expected a value") == true)
        #expect(summary.errors == 1)
    }

    @Test func stopPolicyStopsAtTheFirstError() throws {
        let (output, _, summary) = try runJSONL([#"{"id":"a","text":"x"}"#, #"{"id":"b"}"#, #"{"id":"c","text":"z"}"#],
                                                yaml: "stages:\n  - whitespace\n", jobs: 1, onError: .stop)
        #expect(output == #"{"id":"a","text":"x","metadata":{},"spans":[]}"# + "\n")
        #expect(summary.stopped)
    }

    @Test func droppedDocumentsAreCounted() throws {
        let (output, _, summary) = try runJSONL([#"{"id":"a","text":"short"}"#, #"{"id":"b","text":"long enough text here"}"#],
                                                yaml: "stages:\n  - filter: { min-words: 3 }\n", jobs: 2)
        #expect(output.contains(#""id":"b""#) && !output.contains(#""id":"a""#))
        #expect(summary.documentsDropped == 1)
        #expect(summary.stages[0].dropped == ["fewer than 3 words": 1])
    }

    /// A sink that reads no documents in `receive` gets its outcomes without them (they are freed
    /// on the worker); one that does gets them. The summary counts the same either way.
    @Test(arguments: [false, true])
    func sinksGetTheDocumentsOnlyIfTheyReadThem(receives: Bool) throws {
        final class Source: DocumentSource {
            var n = 0
            func next() -> SourceItem? {
                guard n < 40 else { return nil }
                n += 1
                return .document(.success(Document(id: "\(n)", text: String(repeating: "é", count: n))), warnings: [], context: 0)
            }
            var nextIsReady: Bool { true }
        }
        final class Sink: RunSink {
            let receivesDocuments: Bool
            /// Documents per written outcome, in order.
            var received: [Int] = []
            init(receivesDocuments: Bool) { self.receivesDocuments = receivesDocuments }
            func receive(_ outcome: DocumentOutcome, prepared: Never?, warnings: [String]) throws(IOError) {
                if case .written(let docs, _) = outcome { received.append(docs.count) }
            }
            func marker(_ marker: SourceMarker) throws(IOError) {}
            func idle() throws(IOError) {}
        }
        let sink = Sink(receivesDocuments: receives)
        var options = Runner.Options()
        options.jobs = 2
        let summary = try Runner(pipeline: try TestSupport.pipeline("stages:\n  - whitespace\n"), options: options)
            .run(source: Source(), sink: sink)
        #expect(sink.received == Array(repeating: receives ? 1 : 0, count: 40))
        #expect(summary.documentsIn == 40 && summary.documentsOut == 40)
        #expect(summary.bytesIn == 40 * 41 && summary.bytesOut == 40 * 41)
    }

    /// What the reader thread counts toward a batch's size: a document's text bytes, nothing
    /// for an input failure or a marker.
    @Test func sourceItemsCountTheirTextBytes() {
        let doc = SourceItem.document(.success(Document(id: "a", text: "中文 ok")), warnings: ["w"], context: 3)
        let failure = SourceItem.document(.failure(InputFailure(source: "f", line: 2, message: "bad", id: nil)), warnings: [], context: 0)
        #expect(doc.textBytes == 9)
        #expect(failure.textBytes == 0)
        #expect(SourceItem.marker(SourceMarker(index: 1)).textBytes == 0)
    }

    @Test func metadataSpansAndExtraFieldsPassThrough() throws {
        let line = #"{"id":7,"text":"中文 ok","source":"web","metadata":{"url":"u"},"spans":[{"type":"w","start":3,"end":5,"lang":"en"}]}"#
        let (output, _, _) = try runJSONL([line], yaml: "stages:\n  - whitespace\n", jobs: 1)
        #expect(output == #"{"id":"7","text":"中文 ok","metadata":{"url":"u"},"spans":[{"type":"w","start":3,"end":5,"lang":"en"}],"source":"web"}"# + "\n")
    }
}
