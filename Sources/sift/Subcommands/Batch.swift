import ArgumentParser
import Sift
import SiftICU

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run a pipeline over a corpus of files, folders and JSONL shards into a folder that mirrors it.",
        discussion: """
            Each input file gives one output file with the same relative path under --out (a JSONL \
            shard gives a shard; .jsonl.gz stays compressed). Folders are walked recursively. Outputs \
            are written under temporary names and renamed when complete, and DIR/manifest.jsonl records \
            each finished input: run the same command again after an interruption (even kill -9) and \
            only unfinished or changed inputs are redone. Failed documents and files are listed in \
            DIR/errors.jsonl; the figures go to DIR/summary.json (and DIR/report.html with --report html). \
            Exit status: 0 when nothing failed, 1 when some document or file failed, 2 when the batch \
            could not run.
            """
    )

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case html }

    @Argument(help: "A pipeline name or a path to a .yaml file.")
    var pipeline: String

    @Argument(help: "Input files, folders and .jsonl / .jsonl.gz shards.")
    var inputs: [String] = []

    @Option(name: .long, help: "The output folder (created if needed).")
    var out: String

    @Option(name: .long, help: "Only files (in folders) whose name, or path if the glob has a '/', matches this glob. Repeatable.")
    var include: [String] = []

    @Option(name: .long, help: "Skip files (in folders) matching this glob. Repeatable.")
    var exclude: [String] = []

    @Option(name: .long, help: "How files become documents: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")). auto reads .jsonl, .ndjson and .jsonl.gz as JSONL and the rest as text.")
    var inputFormat: InputFormat = .auto

    @Option(name: .long, help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: each input's own: JSONL for shards, text for text files).")
    var outputFormat: OutputFormat?

    @Option(name: [.short, .long], help: "Worker threads (default: every core).")
    var jobs: Int?

    @Option(name: .long, help: "Process only the K-th (from 0) of N parts of the inputs, chosen by a stable hash of each relative path (K/N).")
    var shard: String?

    @Option(name: .long, help: "Stop once more than this many documents or files have failed (default: never stop).")
    var maxErrors: Int?


    @OptionGroup var decoding: DecodingOptions

    @Flag(name: .long, help: "Also write the removed text (metadata.removed) of each input to DIR/removed/OUTPUT.jsonl, one {\"id\", \"text\", \"stage\", \"reason\", \"start\"} per line (none for an input that lost nothing).")
    var keepRemoved = false

    @Option(name: .long, help: "Also write DIR/report.html: the summary as tables and charts.")
    var report: ReportFormat?

    @Flag(name: .long, help: "fsync every output and manifest line (survives a power cut; slower).")
    var fsync = false

    @Flag(name: .long, help: "Show the progress line even when standard error is not a terminal.")
    var progress = false

    @Flag(name: [.short, .long], help: "Print nothing but errors that stop the batch.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxErrors, maxErrors < 0 { throw ValidationError("--max-errors must be 0 or more") }
        if inputs.isEmpty { throw ValidationError("name at least one input file or folder") }
    }

    func run() throws {
        let loaded = try loadPipelineOrExit(pipeline)
        var options = BatchOptions()
        if let jobs { options.jobs = jobs }
        options.maxErrors = maxErrors
        options.sync = fsync
        options.htmlReport = report == .html
        options.keepRemoved = keepRemoved
        decoding.apply(to: &options.reader)
        options.planner.include = include
        options.planner.exclude = exclude
        options.planner.inputFormat = inputFormat
        options.planner.outputFormat = outputFormat
        if let shard {
            do { options.planner.shard = try Shard(parsing: shard) } catch {
                throw ValidationError(error.message)
            }
        }

        let line = ProgressLine(enabled: !quiet && (progress || Terminal.standardErrorIsTerminal),
                                terminal: Terminal.standardErrorIsTerminal)
        let quiet = self.quiet
        var shown = 0
        let batch = Batch(pipeline: loaded, inputs: inputs, outputDirectory: out, options: options)
        let summary: BatchSummary
        do {
            summary = try batch.run(progress: { line.update($0) }, event: { event in
                guard !quiet else { return }
                switch event {
                case .warning(let message):
                    line.print(message)
                case .failure(let input, let lineNumber, let id, let message):
                    shown += 1
                    if shown <= 20 {
                        let place = lineNumber.map { "\(input):\($0)" } ?? input
                        let who = id.map { $0 == input ? "" : " (id \($0))" } ?? ""
                        line.print("\(place)\(who): error: \(message)")
                    } else if shown == 21 {
                        line.print("(more errors: see \(out)/errors.jsonl)")
                    }
                }
            })
        } catch let error as BatchError {
            line.finish()
            Terminal.error(error.message)
            throw ExitCode(2)
        } catch let error as IOError {
            line.finish()
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
        line.finish()
        if !quiet { Terminal.note(summary.text) }
        if summary.failed { throw ExitCode(1) }
    }
}
