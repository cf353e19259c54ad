import ArgumentParser
import Sift
import SiftICU

extension InputFormat: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension ErrorPolicy: ExpressibleByArgument {}
extension InvalidUTF8Policy: ExpressibleByArgument {}

enum ErrorFormat: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline over files or standard input.",
        discussion: """
            Each text file is one document (its path is the id); with --input-format lines each line \
            is one; with jsonl each line is a {"id", "text", "metadata"} record. Results go to \
            standard output, or atomically to the file given with -o. Documents keep their input \
            order on any number of --jobs. As a filter (no INPUT, or -), records are written and \
            flushed as soon as they are ready, so sift runs under Spark's RDD.pipe or Hadoop Streaming.
            """
    )

    @Argument(help: "A pipeline name (from ./Pipelines, SIFT_PIPELINE_PATH or the installed ones) or a path to a .yaml file.")
    var pipeline: String

    @Argument(help: "Input files; '-' or nothing reads standard input.")
    var inputs: [String] = []

    @Option(name: .long, help: "How input becomes documents: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")). auto reads .jsonl files as JSONL and others as text.")
    var inputFormat: InputFormat = .auto

    @Option(name: .long, help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var outputFormat: OutputFormat = .text

    @Option(name: [.short, .customLong("output")], help: "Write to this file (atomically: complete or not at all) instead of standard output.")
    var output: String?

    @Option(name: [.short, .long], help: "Worker threads (default: every core).")
    var jobs: Int?

    @Option(name: .long, help: "On a malformed record or a failing document: skip it (reported on standard error) or stop.")
    var onError: ErrorPolicy = .skip

    @OptionGroup var decoding: DecodingOptions


    @Option(name: .long, help: "How failed records are reported on standard error: text (FILE:LINE: error: ...) or jsonl ({\"error\", \"source\", \"line\", \"id\"} per line).")
    var errorFormat: ErrorFormat = .text

    @Flag(name: .long, help: "Exit 0 even when records failed and were skipped (for Hadoop Streaming and engines that fail a task on a non-zero exit); the errors are still reported.")
    var allowErrors = false

    @Option(name: .long, help: "Also write every removed line or span (from metadata.removed) to this JSONL file: {\"id\", \"stage\", \"reason\", \"text\", \"start\"} per removal, atomically.")
    var keepRemoved: String?

    @Flag(name: .long, help: "Print per-stage statistics (documents in and out, characters changed, time) to standard error.")
    var stats = false

    @Flag(name: [.short, .long], help: "Do not print warnings.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let loaded = try loadPipelineOrExit(pipeline)
        var readerOptions = DocumentReader.Options()
        readerOptions.format = inputFormat
        decoding.apply(to: &readerOptions)
        let reader = DocumentReader(inputs: inputs, options: readerOptions)

        let out: OutputStream
        if let output, output != "-" {
            do { out = try OutputStream.atomicFile(output) } catch {
                Terminal.error("cannot write \(error)")
                throw ExitCode(2)
            }
        } else {
            out = .standardOutput()
        }
        var runnerOptions = Runner.Options()
        if let jobs { runnerOptions.jobs = jobs }
        runnerOptions.onError = onError
        runnerOptions.timeStages = stats
        let removedOut: OutputStream?
        if let keepRemoved {
            do { removedOut = try OutputStream.atomicFile(keepRemoved) } catch {
                Terminal.error("cannot write \(error)")
                throw ExitCode(2)
            }
        } else {
            removedOut = nil
        }
        let writer = DocumentWriter(format: outputFormat, removals: removedOut)
        let runner = Runner(pipeline: loaded, options: runnerOptions)
        let quiet = self.quiet
        let errorFormat = self.errorFormat
        let summary: RunSummary
        do {
            summary = try runner.run(reader: reader, writer: writer, output: out) { event in
                switch event {
                case .warning(let message):
                    if !quiet { Terminal.note(message) }
                case .failure(let id, let source, let message) where errorFormat == .jsonl:
                    var record: JSONObject = ["error": .string(message), "source": .string(source)]
                    if let id { record["id"] = .string(id) }
                    var bytes: [UInt8] = []
                    JSONWriter.append(record, to: &bytes)
                    Terminal.note(String(decoding: bytes, as: UTF8.self))
                case .failure(let id, let source, let message):
                    let who = id.map { $0 == source ? source : "\(source) (id \($0))" } ?? source
                    Terminal.note("\(who): error: \(message)")
                }
            }
            if summary.stopped {
                Terminal.error("stopped at the first error (--on-error stop); \(summary.documentsOut) documents written before it")
                if output != nil { try out.commit() }
                try removedOut?.commit()
                throw ExitCode(1)
            }
            try out.commit()
            try removedOut?.commit()
        } catch let error as IOError {
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
        if stats { Terminal.note(Terminal.statistics(summary)) }
        if summary.errors > 0 {
            if allowErrors {
                if !quiet && errorFormat == .text { Terminal.error("\(summary.errors) record\(summary.errors == 1 ? "" : "s") failed and \(summary.errors == 1 ? "was" : "were") skipped") }
                return
            }
            if !quiet && errorFormat == .text { Terminal.error("\(summary.errors) record\(summary.errors == 1 ? "" : "s") failed and \(summary.errors == 1 ? "was" : "were") skipped") }
            throw ExitCode(1)
        }
    }
}
