#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a batch runs.
public struct BatchOptions: Sendable {
    /// Worker threads.
    public var jobs = availableProcessors
    /// Stop once more than this many documents or inputs have failed (nil: never stop).
    public var maxErrors: Int? = nil
    /// How inputs become documents (the format comes from the planner, per input).
    public var reader = DocumentReader.Options()
    public var planner = BatchPlanner()
    /// fsync each output and manifest line (survives a power cut; a killed process is safe without).
    public var sync = false
    /// Also write the HTML report.
    public var htmlReport = false
    /// Also write each input's removed text (`metadata.removed`, one JSONL record per removal) to
    /// ``BatchFiles/removedPath(for:)``, committed with its output.
    public var keepRemoved = false
    public init() {}
}

/// Live figures for a progress line.
public struct BatchProgress: Sendable {
    public var inputsTotal = 0
    public var inputsDone = 0
    /// Inputs found finished by an earlier run.
    public var inputsResumed = 0
    public var documents = 0
    public var errors = 0
    /// Bytes of input files done in this run, and to do in all.
    public var bytesDone = 0
    public var bytesTotal = 0
    public var elapsedNanoseconds: UInt64 = 0

    public var megabytesPerSecond: Double {
        elapsedNanoseconds == 0 ? 0 : Double(bytesDone) / 1e6 / (Double(elapsedNanoseconds) / 1e9)
    }

    /// Seconds left at the current rate, if it can be told.
    public var secondsLeft: Double? {
        guard bytesDone > 0, elapsedNanoseconds > 0 else { return nil }
        return Double(max(0, bytesTotal - bytesDone)) / (Double(bytesDone) / (Double(elapsedNanoseconds) / 1e9))
    }
}

/// Something to tell the user while a batch runs.
public enum BatchEvent: Sendable {
    case warning(String)
    /// A document or input that failed (also recorded in errors.jsonl).
    case failure(input: String, line: Int?, id: String?, message: String)
}

/// `sift batch`: runs a pipeline over a corpus of files and folders into an output folder that
/// mirrors it, on every core, resumably.
///
/// Each output is written under a temporary name and renamed when complete; then a line in the
/// manifest records the input's size and CRC-32 and the hash of the settings. A batch started
/// again (after a crash, a `kill -9`, or a change) skips the inputs the manifest shows finished
/// and unchanged, and redoes the rest: the folder ends as an uninterrupted run leaves it.
public final class Batch {
    public let pipeline: Pipeline
    public let inputs: [String]
    public let outputDirectory: String
    public let options: BatchOptions

    public init(pipeline: Pipeline, inputs: [String], outputDirectory: String, options: BatchOptions) {
        self.pipeline = pipeline
        self.inputs = inputs
        var out = outputDirectory
        while out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        self.outputDirectory = out
        self.options = options
    }

    /// The hash of everything that shapes an output: the stages and their options, the formats
    /// and the reader's settings. A change means every input is redone.
    public func settingsHash(for input: BatchInput) -> String {
        var text = "sift-batch 1\n"
        for step in pipeline.steps {
            var bytes: [UInt8] = []
            JSONWriter.append(step.options.values, to: &bytes)
            text += step.name + " " + String(decoding: bytes, as: UTF8.self) + "\n"
        }
        let r = options.reader
        if options.keepRemoved { text += "keep-removed\n" }
        text += "in=\(input.format.rawValue) out=\(input.outputFormat.rawValue) utf8=\(r.invalidUTF8.rawValue) id=\(r.idKey) text=\(r.textKey) max=\(r.maxDocumentBytes.map(String.init) ?? "-") encoding=\(r.encoding ?? "-")\n"
        return StableHash.hex(StableHash.fnv1a64(text))
    }

    /// Runs the batch. Throws ``BatchError`` for problems found before anything runs and
    /// ``IOError`` when the output folder cannot be written.
    public func run(progress: @escaping (BatchProgress) -> Void = { _ in },
                    event: @escaping (BatchEvent) -> Void = { _ in }) throws -> BatchSummary {
        let start = monotonicNanoseconds()
        do { try FileSystem.makeDirectories(outputDirectory) } catch {
            throw BatchError("cannot create the output folder: \(error)")
        }
        let planned = try options.planner.plan(inputs, outputDirectory: outputDirectory, keepRemoved: options.keepRemoved) { event(.warning($0)) }
        let files = BatchFiles(directory: outputDirectory, shard: options.planner.shard)
        Self.removeLeftoverTemporaries(in: outputDirectory, of: Set(planned.map(\.outputPath) + files.reservedNames
            + (options.keepRemoved ? planned.map { BatchFiles.removedPath(for: $0.outputPath) } : [])))
        let manifest = try Manifest(path: files.manifest, sync: options.sync)

        // What an earlier run finished, unchanged, stays: its figures and error records are taken
        // from the manifest now, so that memory holds no per-input record beyond the plan.
        var todo: [BatchInput] = []
        var todoPlanIndex: [Int] = []
        var settings: [String] = []
        var totals = BatchCounters()
        var errors: [(Int, JSONObject)] = []
        var inputsResumed = 0
        var inputsWithErrors = 0
        for (planIndex, input) in planned.enumerated() {
            let hash = settingsHash(for: input)
            if let entry = manifest.entries[input.relativePath], entry.settings == hash, entry.size == input.size,
               entry.output == (entry.outputSize == nil ? nil : input.outputPath),
               entry.outputSize.map({ FileSystem.fileSize(files.path(input.outputPath)) == $0 }) ?? true,
               let now = ContentHash.crc32(ofFile: input.path), now.size == entry.size, now.crc == entry.crc32 {
                inputsResumed += 1
                totals.merge(entry.counters)
                errors += entry.errors.map { (planIndex, $0) }
                if entry.counters.errors > 0 { inputsWithErrors += 1 }
            } else {
                todo.append(input)
                todoPlanIndex.append(planIndex)
                settings.append(hash)
            }
        }
        manifest.releaseEntries()

        let sink = BatchSink(todo: todo, settings: settings, files: files, manifest: manifest, sync: options.sync,
                             keepRemoved: options.keepRemoved, progress: progress, event: event)
        sink.progressState.inputsTotal = planned.count
        sink.progressState.inputsResumed = inputsResumed
        sink.progressState.bytesTotal = todo.reduce(0) { $0 + $1.size }
        sink.started = start

        var runSummary = RunSummary()
        if !todo.isEmpty {
            var runnerOptions = Runner.Options()
            runnerOptions.jobs = options.jobs
            runnerOptions.maxErrors = options.maxErrors
            let runner = Runner(pipeline: pipeline, options: runnerOptions)
            runSummary = try runner.run(source: BatchSource(todo: todo, options: options.reader), sink: sink)
        }
        sink.finishProgress()

        // The whole corpus's figures: inputs finished earlier and in this run (and an input cut
        // short by --max-errors: its errors still go on record).
        totals.merge(sink.finishedCounters)
        inputsWithErrors += sink.finishedWithErrors
        errors += sink.finishedErrors.map { (todoPlanIndex[$0.0], $0.1) }
        if runSummary.stopped {
            totals.merge(sink.counters)
            errors += sink.errors.map { (todoPlanIndex[min(sink.currentIndex, todo.count - 1)], $0) }
            if sink.counters.errors > 0 { inputsWithErrors += 1 }
        }
        // In input order (a stable sort keeps each input's own order).
        let orderedErrors = errors.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map { $0.element.1 }

        var summary = BatchSummary()
        summary.pipeline = pipeline.name
        summary.pipelineFile = pipeline.file
        summary.outputDirectory = outputDirectory
        summary.shard = options.planner.shard
        summary.jobs = max(1, options.jobs)
        summary.inputsSelected = planned.count
        summary.inputsResumed = inputsResumed
        summary.inputsProcessed = sink.finishedCount
        summary.inputsWithErrors = inputsWithErrors
        summary.inputBytes = planned.reduce(0) { $0 + $1.size }
        summary.runInputBytes = sink.finishedBytes
        summary.corpus = totals
        summary.run = sink.runCounters
        summary.stages = runSummary.stages.isEmpty ? pipeline.steps.map { StageStatistics(name: $0.name) } : runSummary.stages
        summary.stopped = runSummary.stopped
        summary.wallNanoseconds = monotonicNanoseconds() - start

        try Self.writeErrors(orderedErrors, to: files.errors, sync: options.sync)
        try Self.write(summary.json.prettyJSON + "\n", to: files.summary, sync: options.sync)
        if options.htmlReport { try Self.write(BatchReport.html(summary), to: files.report, sync: options.sync) }
        return summary
    }

    static func writeErrors(_ errors: [JSONObject], to path: String, sync: Bool) throws(IOError) {
        let out = try OutputStream.atomicFile(path)
        out.syncOnCommit = sync
        for e in errors {
            out.append { buffer in
                JSONWriter.append(e, to: &buffer)
                buffer.append(0x0A)
            }
        }
        try out.commit()
    }

    static func write(_ text: String, to path: String, sync: Bool) throws(IOError) {
        let out = try OutputStream.atomicFile(path)
        out.syncOnCommit = sync
        out.write(text)
        try out.commit()
    }

    /// Temporary files (`.NAME.sift-XXXXXX`) that a killed run left for the outputs in `targets`
    /// (relative paths); those of other shards sharing the folder are not touched.
    static func removeLeftoverTemporaries(in directory: String, of targets: Set<String>) {
        for rel in FileSystem.walk(directory, hidden: true) {
            let name = FileSystem.baseName(rel)
            guard name.hasPrefix("."), name.count > 13, name.suffix(12).hasPrefix(".sift-") else { continue }
            let targetName = String(name.dropFirst().dropLast(12))
            let folder = rel.contains("/") ? FileSystem.directoryName(rel) + "/" : ""
            if targets.contains(folder + targetName) { FileSystem.removeFile(directory + "/" + rel) }
        }
    }
}

/// Reads the inputs to do, one after the other, with a marker after each (its size and CRC-32).
final class BatchSource: DocumentSource {
    let todo: [BatchInput]
    let options: DocumentReader.Options
    private var index = 0
    private var reader: DocumentReader? = nil

    init(todo: [BatchInput], options: DocumentReader.Options) {
        self.todo = todo
        self.options = options
    }

    var nextIsReady: Bool { true }

    func next() -> SourceItem? {
        guard index < todo.count else { return nil }
        let input = todo[index]
        if reader == nil {
            var o = options
            o.format = input.format
            reader = DocumentReader(inputs: [input.path], options: o)
        }
        if var item = reader!.next() {
            if input.format == .text, case .success(var doc) = item {
                doc.id = input.relativePath
                item = .success(doc)
            }
            let warnings = reader!.takeWarnings().map { w in
                w.hasPrefix(input.path) ? input.relativePath + w.dropFirst(input.path.count) : w
            }
            return .document(item, warnings: warnings, context: index)
        }
        reader = nil
        index += 1
        let hash = ContentHash.crc32(ofFile: input.path)
        return .marker(SourceMarker(index: index - 1, info: [
            "size": .int(hash?.size ?? input.size), "crc32": .int(Int(hash?.crc ?? 0)),
        ]))
    }
}

/// Receives documents in input order and writes each input's output file, its manifest line and
/// its counters.
final class BatchSink: RunSink {
    let todo: [BatchInput]
    let settings: [String]
    let files: BatchFiles
    let manifest: Manifest
    let sync: Bool
    let keepRemoved: Bool
    let progress: (BatchProgress) -> Void
    let event: (BatchEvent) -> Void

    /// The input now being written (documents arrive in input order).
    private var current = 0
    private var out: OutputStream? = nil
    /// The current input's removed-text side output, opened at its first removal.
    private var removedOut: OutputStream? = nil
    /// The current input's figures and error records.
    private(set) var counters = BatchCounters()
    private(set) var errors: [JSONObject] = []
    /// This run's figures.
    private(set) var runCounters = BatchCounters()
    /// Inputs finished in this run: how many, their bytes, figures and error records (by todo index).
    private(set) var finishedCount = 0
    private(set) var finishedBytes = 0
    private(set) var finishedCounters = BatchCounters()
    private(set) var finishedWithErrors = 0
    private(set) var finishedErrors: [(Int, JSONObject)] = []
    var currentIndex: Int { current }
    var progressState = BatchProgress()
    var started: UInt64 = 0
    private var lastProgress: UInt64 = 0

    init(todo: [BatchInput], settings: [String], files: BatchFiles, manifest: Manifest, sync: Bool, keepRemoved: Bool,
         progress: @escaping (BatchProgress) -> Void, event: @escaping (BatchEvent) -> Void) {
        self.todo = todo
        self.settings = settings
        self.files = files
        self.manifest = manifest
        self.sync = sync
        self.keepRemoved = keepRemoved
        self.progress = progress
        self.event = event
    }

    private func openOutput() throws(IOError) -> OutputStream {
        if let out { return out }
        let input = todo[current]
        let path = files.path(input.outputPath)
        try FileSystem.makeDirectories(FileSystem.directoryName(path))
        let stream = try OutputStream.atomicFile(path)
        stream.syncOnCommit = sync
        DocumentWriter(format: input.outputFormat).begin(stream)
        out = stream
        return stream
    }

    private func openRemoved() throws(IOError) -> OutputStream {
        if let removedOut { return removedOut }
        let path = files.path(BatchFiles.removedPath(for: todo[current].outputPath))
        try FileSystem.makeDirectories(FileSystem.directoryName(path))
        let stream = try OutputStream.atomicFile(path)
        stream.syncOnCommit = sync
        removedOut = stream
        return stream
    }

    /// What workers do for the sink: serialize the documents (and their removals, with
    /// `--keep-removed`) and count them.
    struct Prepared: Sendable {
        let bytes: [UInt8]
        let removed: [UInt8]
        let counters: BatchCounters
    }

    func prepare(_ outcome: DocumentOutcome, context: Int) -> Prepared? {
        var counters = BatchCounters()
        counters.add(outcome)
        var bytes: [UInt8] = []
        var removed: [UInt8] = []
        if case .written(let docs, _) = outcome {
            let writer = DocumentWriter(format: todo[context].outputFormat)
            for d in docs {
                writer.append(d, to: &bytes)
                if keepRemoved { DocumentWriter.appendRemovals(d, to: &removed) }
            }
        }
        return Prepared(bytes: bytes, removed: removed, counters: counters)
    }

    /// Everything `receive` needs is in ``Prepared``: the documents are freed on the workers.
    var receivesDocuments: Bool { false }

    func receive(_ outcome: DocumentOutcome, prepared: Prepared?, warnings: [String]) throws(IOError) {
        for w in warnings { event(.warning(w)) }
        guard let prepared else { preconditionFailure("BatchSink.prepare returns a value for every outcome") }
        counters.merge(prepared.counters)
        runCounters.merge(prepared.counters)
        switch outcome {
        case .written:
            let stream = try openOutput()
            stream.write(prepared.bytes)
            if !prepared.removed.isEmpty { try openRemoved().write(prepared.removed) }
        case .dropped:
            break
        case .failed(let id, _, let line, let message, _):
            let input = todo[current]
            var record: JSONObject = ["input": .string(input.relativePath)]
            if let line { record["line"] = .int(line) }
            record["id"] = id.map { .string(input.format == .text && $0 == input.path ? input.relativePath : $0) } ?? .null
            record["reason"] = .string(message)
            errors.append(record)
            event(.failure(input: input.relativePath, line: line, id: record["id"]?.stringValue, message: message))
        }
        progressState.documents += 1
        if case .failed = outcome { progressState.errors += 1 }
        tick()
    }

    func marker(_ marker: SourceMarker) throws(IOError) {
        precondition(marker.index == current, "inputs out of order")
        let input = todo[current]
        // An input that failed as a whole (unreadable, binary) leaves no output file.
        let failedWhole = counters.documentsIn == 0 && counters.errors > 0
        var outputSize: Int? = nil
        if !failedWhole {
            let stream = try openOutput()
            DocumentWriter(format: input.outputFormat).finish(stream)
            try stream.commit()
            outputSize = FileSystem.fileSize(files.path(input.outputPath)) ?? 0
        } else {
            out = nil
        }
        out = nil
        // The removed text is committed before the manifest line, like the output; an input that
        // removed nothing leaves no side file (nor the one an earlier run may have left).
        if keepRemoved {
            if let removedOut, !failedWhole {
                try removedOut.commit()
            } else if !failedWhole {
                FileSystem.removeFile(files.path(BatchFiles.removedPath(for: input.outputPath)))
            }
            removedOut = nil
        }
        let entry = ManifestEntry(
            input: input.relativePath, output: failedWhole ? nil : input.outputPath,
            size: marker.info["size"]?.intValue ?? input.size,
            crc32: UInt32(truncatingIfNeeded: marker.info["crc32"]?.intValue ?? 0),
            settings: settings[current], outputSize: outputSize, counters: counters, errors: errors)
        try manifest.append(entry)
        finishedCount += 1
        finishedBytes += entry.size
        finishedCounters.merge(counters)
        if counters.errors > 0 { finishedWithErrors += 1 }
        finishedErrors += errors.map { (current, $0) }
        counters = BatchCounters()
        errors = []
        current += 1
        progressState.inputsDone += 1
        progressState.bytesDone += input.size
        tick(force: current == todo.count)
    }

    func idle() throws(IOError) {
        try out?.flush()
        try removedOut?.flush()
    }

    private func tick(force: Bool = false) {
        let now = monotonicNanoseconds()
        guard force || now - lastProgress >= 100_000_000 else { return }
        lastProgress = now
        var p = progressState
        p.elapsedNanoseconds = now - started
        if current < todo.count { p.bytesDone += min(counters.bytesIn, todo[current].size) }
        progress(p)
    }

    func finishProgress() { tick(force: true) }
}
