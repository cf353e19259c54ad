/// What to do when an input record or a document fails.
public enum ErrorPolicy: String, CaseIterable, Sendable {
    /// Report it and go on without it.
    case skip
    /// Report it and stop the run (documents before it are written).
    case stop
}

/// Something the user should hear about during a run.
public enum RunEvent: Sendable {
    case warning(String)
    /// A record or document that was not written, and why.
    case failure(id: String?, source: String, message: String)
}

/// What a run's source hands the runner: a document (or an input that failed to become one), or
/// a marker that reaches the sink in order between the documents around it (the end of one input
/// file in a batch, say).
public enum SourceItem: Sendable {
    /// `context` is handed back to ``RunSink/prepare(_:context:)`` (a batch's input number, say).
    case document(Result<Document, InputFailure>, warnings: [String], context: Int)
    case marker(SourceMarker)

    /// The UTF-8 bytes of a document's text (0 for an input failure and a marker), read in place:
    /// binding the document in a pattern copied the whole item, through the runtime's generic
    /// copy of a `Result`.
    public var textBytes: Int {
        switch self {
        case .document(let input, _, _):
            switch input {
            case .success(let document): document.utf8Count
            case .failure: 0
            }
        case .marker: 0
        }
    }
}

/// Where a run's documents come from (read on the runner's reader thread).
public protocol DocumentSource {
    /// The next document or marker; nil at the end.
    func next() -> SourceItem?
    /// Whether `next()` can answer without waiting (on standard input, say): the runner batches
    /// items while this holds and hands a batch on as soon as the input would block.
    var nextIsReady: Bool { get }
}

/// `sift run`'s source: one ``DocumentReader``.
struct ReaderSource: DocumentSource {
    let reader: DocumentReader
    init(_ reader: DocumentReader) { self.reader = reader }
    func next() -> SourceItem? {
        guard let item = reader.next() else { return nil }
        return .document(item, warnings: reader.takeWarnings(), context: 0)
    }
    var nextIsReady: Bool { reader.nextIsReady }
}

/// An opaque place in the source's order; `index` and `info` mean what the source means by them.
public struct SourceMarker: Sendable {
    public let index: Int
    public let info: JSONObject
    public init(index: Int, info: JSONObject = JSONObject()) {
        self.index = index
        self.info = info
    }
}

/// The fate of one input document, handed to the sink in input order.
public enum DocumentOutcome: Sendable {
    /// The pipeline kept it (more than one document if a stage split it).
    case written([Document], bytesIn: Int)
    case dropped(reason: String, stage: String, bytesIn: Int)
    /// A stage failed on it, or the input could not become a document (`source` is the file or
    /// the document id, `line` the record's line when there is one).
    case failed(id: String?, source: String, line: Int?, message: String, bytesIn: Int)
}

/// Where a run's results go. Called on the thread that called ``Runner/run(source:sink:)``, in
/// input order.
public protocol RunSink: AnyObject {
    /// What ``prepare(_:context:)`` makes of an outcome (serialized bytes, counts): a concrete
    /// type, so that handing it from the worker to the sink copies no existential box.
    associatedtype Prepared: Sendable = Never
    /// Per-document work that can run in parallel (serializing, counting), called on a worker
    /// thread right after the pipeline; it must read only immutable state. What it returns is
    /// handed to ``receive(_:prepared:warnings:)`` with the outcome.
    func prepare(_ outcome: DocumentOutcome, context: Int) -> Prepared?
    /// One input document's outcome (documents to write, or why there are none), in input order.
    func receive(_ outcome: DocumentOutcome, prepared: Prepared?, warnings: [String]) throws(IOError)
    /// A marker from the source, after every document before it.
    func marker(_ marker: SourceMarker) throws(IOError)
    /// Nothing is ready right now (and once at the end): a good moment to flush.
    func idle() throws(IOError)
    /// Whether ``receive(_:prepared:warnings:)`` reads the documents of a `.written` outcome.
    /// When it does not, the runner lets them go on the worker thread right after
    /// ``prepare(_:context:)`` and `receive` gets the outcome without them: a page's strings and
    /// arrays are freed by the thread that made them, instead of every release pulling a cache
    /// line over to the writer's core.
    var receivesDocuments: Bool { get }
}

extension RunSink {
    public func prepare(_ outcome: DocumentOutcome, context: Int) -> Prepared? { nil }
    public var receivesDocuments: Bool { true }
}

extension Array {
    /// The element at `index`, moved out (no copy, no retain: the caller is its only owner) and
    /// replaced by `placeholder`.
    @inline(__always)
    mutating func take(at index: Int, leaving placeholder: Element) -> Element {
        withUnsafeMutableBufferPointer { buffer in
            let slot = buffer.baseAddress! + index
            let element = slot.move()
            slot.initialize(to: placeholder)
            return element
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

/// The sink of `sift run`: one output stream, events reported as they come.
final class StreamSink: RunSink {
    let writer: DocumentWriter
    let output: OutputStream
    let report: (RunEvent) -> Void

    init(writer: DocumentWriter, output: OutputStream, report: @escaping (RunEvent) -> Void) {
        self.writer = writer
        self.output = output
        self.report = report
    }

    /// The documents as written, and their removal records for the `--keep-removed` side output.
    struct Prepared: Sendable {
        var bytes: [UInt8] = []
        var removed: [UInt8] = []
    }

    func prepare(_ outcome: DocumentOutcome, context: Int) -> Prepared? {
        guard case .written(let docs, _) = outcome else { return nil }
        var prepared = Prepared()
        // Read in place (`for d in docs` copied each document, retaining and releasing its parts).
        for k in docs.indices {
            writer.append(docs[k], to: &prepared.bytes)
            if writer.removals != nil { DocumentWriter.appendRemovals(docs[k], to: &prepared.removed) }
        }
        return prepared
    }

    var receivesDocuments: Bool { false }

    func receive(_ outcome: DocumentOutcome, prepared: Prepared?, warnings: [String]) throws(IOError) {
        for w in warnings { report(.warning(w)) }
        switch outcome {
        case .written:
            if let prepared {
                // Handed over, not copied: the stream writes the arrays as they are.
                output.write(taking: prepared.bytes)
                if let removals = writer.removals, !prepared.removed.isEmpty { removals.write(taking: prepared.removed) }
            }
        case .dropped:
            break
        case .failed(let id, let source, let line, let message, _):
            report(.failure(id: id, source: line.map { "\(source):\($0)" } ?? source, message: message))
        }
    }

    func marker(_ marker: SourceMarker) throws(IOError) {}

    func idle() throws(IOError) { try output.flush() }
}

/// Streams documents through a pipeline on several threads, keeping input order.
///
/// A reader thread fills a bounded queue; `jobs` workers, each with its own stage instances, run
/// the pipeline; the calling thread writes results in input order and flushes whenever it would
/// otherwise wait, so a streaming consumer sees each record as soon as it is ready. At most
/// `maxInFlight` documents are in memory at once, whatever the size of the corpus.
public final class Runner {
    public struct Options: Sendable {
        public var jobs = availableProcessors
        public var onError: ErrorPolicy = .skip
        /// Batches (of up to 256 documents or 1 MB) between the reader and the writer.
        public var maxInFlight: Int? = nil
        /// Stop once more than this many documents or inputs have failed.
        public var maxErrors: Int? = nil
        /// Time each stage (`RunSummary.stages[i].nanoseconds`). Two clock reads per stage and
        /// document; a run that prints no statistics turns it off. Counts are kept either way.
        public var timeStages = true
        public init() {}
    }

    public let pipeline: Pipeline
    public let options: Options

    public init(pipeline: Pipeline, options: Options = Options()) {
        self.pipeline = pipeline
        self.options = options
    }

    /// The result of running the pipeline on one input document.
    enum Outcome {
        case documents([Document])
        case dropped(reason: String, stage: String)
        case failed(id: String, message: String)
        case inputFailure(InputFailure)
    }

    /// A batch of consecutive source items: handing documents between threads one by one costs
    /// more than processing small ones, so the reader groups what is already at hand.
    struct WorkItem {
        let sequence: Int
        var inputs: [SourceItem]
    }

    /// What fills the slot of an item moved out of a batch.
    static let placeholderMarker = SourceMarker(index: -1)

    /// Largest batch, in documents and in bytes of text.
    static let batchDocuments = 256
    static let batchBytes = 1 << 20

    enum WorkResult<Prepared> {
        /// `documentsOut` and `bytesOut` count what a `.written` outcome held when it was prepared
        /// (the documents themselves may be gone: ``RunSink/receivesDocuments``).
        case document(DocumentOutcome, prepared: Prepared?, warnings: [String], inputFailed: Bool,
                      documentsOut: Int, bytesOut: Int)
        case marker(SourceMarker)
    }

    /// Runs every document `reader` yields, writes the results with `writer`, reports events to `report`.
    public func run(reader: DocumentReader, writer: DocumentWriter, output: OutputStream,
                    report: @escaping (RunEvent) -> Void) throws -> RunSummary {
        let sink = StreamSink(writer: writer, output: output, report: report)
        writer.begin(output)
        let summary = try run(source: ReaderSource(reader), sink: sink)
        writer.finish(output)
        try output.flush()
        return summary
    }

    /// The general form: documents and markers from `source` (read on a reader thread), results
    /// to `sink` in source order (on the calling thread).
    public func run<Sink: RunSink>(source: some DocumentSource, sink: Sink) throws -> RunSummary {
        let start = monotonicNanoseconds()
        let jobs = max(1, options.jobs)
        let maxInFlight = options.maxInFlight ?? max(4, jobs * 4)
        // Stage instances are made up front so that a failing factory stops the run before any output.
        var workerStages: [[any Stage]] = []
        for _ in 0..<jobs { workerStages.append(try pipeline.makeStages()) }

        let queue = BlockingQueue<WorkItem>(capacity: jobs * 2)
        let results = ReorderBuffer<[WorkResult<Sink.Prepared>]>(maxInFlight: maxInFlight)
        var workerStats = [[StageStatistics]](repeating: [], count: jobs)
        let statsMonitor = Monitor()

        let readerThread = WorkerThread {
            var sequence = 0
            var batch: [SourceItem] = []
            var batchBytes = 0
            func handOver() -> Bool {
                guard !batch.isEmpty else { return true }
                guard results.acquireSlot() else { return false }
                // The batch is handed over, not shared: the worker takes its items out without a
                // copy only if its array is the one reference.
                var full: [SourceItem] = []
                full.reserveCapacity(batch.count)
                swap(&full, &batch)
                queue.push(WorkItem(sequence: sequence, inputs: consume full))
                sequence += 1
                batchBytes = 0
                return true
            }
            while let item = source.next() {
                batchBytes += item.textBytes
                batch.append(item)
                if batch.count >= Self.batchDocuments || batchBytes >= Self.batchBytes || !source.nextIsReady {
                    if !handOver() { break }
                }
            }
            _ = handOver()
            results.finish(total: sequence)
            queue.close()
        }
        var workers: [WorkerThread] = []
        let pipeline = self.pipeline
        let timed = options.timeStages
        for w in 0..<jobs {
            let stages = workerStages[w]
            workers.append(WorkerThread {
                var stats = pipeline.steps.map { StageStatistics(name: $0.name) }
                let keepDocuments = sink.receivesDocuments
                while var item = queue.pop() {
                  // Stages are timed with the monotonic clock (a vDSO read); the thread's CPU time is
                  // read once per batch (a system call of about a microsecond, more than many
                  // stages take on a small document) and the stage times are scaled to it.
                  let timedBefore = timed ? stats.map(\.nanoseconds) : []
                  let cpu0 = timed ? threadCPUNanoseconds() : 0, wall0 = timed ? monotonicNanoseconds() : 0
                  defer {
                      if timed {
                          Self.scaleToCPU(&stats, since: timedBefore, cpu: threadCPUNanoseconds() - cpu0, wall: monotonicNanoseconds() - wall0)
                      }
                  }
                  // The batch's items are moved out of it one by one, so each document is owned by
                  // the pipeline alone: no copy-on-write when a stage changes it, and it is freed
                  // here as soon as it is written.
                  var inputs: [SourceItem] = []
                  swap(&inputs, &item.inputs)
                  var done: [WorkResult<Sink.Prepared>] = []
                  done.reserveCapacity(inputs.count)
                  for k in inputs.indices {
                    let sourceItem = inputs.take(at: k, leaving: .marker(Self.placeholderMarker))
                    switch consume sourceItem {
                    case .document(let input, let warnings, let context):
                        var outcome: DocumentOutcome
                        var inputFailed = false
                        switch consume input {
                        case .success(let doc):
                            let bytesIn = doc.utf8Count
                            switch Self.process(doc, stages: stages, steps: pipeline.steps, stats: &stats, timed: timed) {
                            case .documents(let docs): outcome = .written(docs, bytesIn: bytesIn)
                            case .dropped(let reason, let stage): outcome = .dropped(reason: reason, stage: stage, bytesIn: bytesIn)
                            case .failed(let id, let message): outcome = .failed(id: id, source: id, line: nil, message: message, bytesIn: bytesIn)
                            case .inputFailure(let f): outcome = .failed(id: f.id, source: f.source, line: f.line, message: f.message, bytesIn: 0)
                            }
                        case .failure(let f):
                            inputFailed = true
                            outcome = .failed(id: f.id, source: f.source, line: f.line, message: f.message, bytesIn: 0)
                        }
                        // Per-document work of the sink (serializing, counting) runs here, in parallel.
                        let prepared = sink.prepare(outcome, context: context)
                        var documentsOut = 0, bytesOut = 0
                        if case .written(let docs, let bytesIn) = outcome {
                            documentsOut = docs.count
                            for d in docs { bytesOut += d.utf8Count }
                            if !keepDocuments { outcome = .written([], bytesIn: bytesIn) }
                        }
                        done.append(.document(outcome, prepared: prepared, warnings: warnings, inputFailed: inputFailed,
                                              documentsOut: documentsOut, bytesOut: bytesOut))
                    case .marker(let marker):
                        done.append(.marker(marker))
                    }
                  }
                  results.put(item.sequence, done)
                }
                statsMonitor.locked { workerStats[w] = stats }
            })
        }

        var summary = RunSummary()
        var writeError: IOError? = nil
        batches: while var batch = results.take(whileWaiting: { if writeError == nil { do throws(IOError) { try sink.idle() } catch { writeError = error } } }) {
          // Moved out one by one (not copied), as the workers do.
          for k in batch.indices {
            let result = batch.take(at: k, leaving: .marker(Self.placeholderMarker))
            var stop = false
            do throws(IOError) {
                switch consume result {
                case .marker(let marker):
                    try sink.marker(marker)
                case .document(let outcome, let prepared, let warnings, let inputFailed, let documentsOut, let bytesOut):
                    switch outcome {
                    case .written(_, let bytesIn):
                        summary.documentsIn += 1
                        summary.bytesIn += bytesIn
                        summary.documentsOut += documentsOut
                        summary.bytesOut += bytesOut
                    case .dropped(_, _, let bytesIn):
                        summary.documentsIn += 1
                        summary.bytesIn += bytesIn
                        summary.documentsDropped += 1
                    case .failed(_, _, _, _, let bytesIn):
                        if !inputFailed {
                            summary.documentsIn += 1
                            summary.bytesIn += bytesIn
                        }
                        summary.errors += 1
                        stop = options.onError == .stop || options.maxErrors.map { summary.errors > $0 } == true
                    }
                    try sink.receive(outcome, prepared: prepared, warnings: warnings)
                }
            } catch {
                writeError = error
            }
            if stop || writeError != nil {
                summary.stopped = true
                results.cancel()
                queue.close()
                break batches
            }
          }
          results.releaseSlot()
        }
        for w in workers { w.join() }
        if !summary.stopped { readerThread.join() }
        if writeError == nil { try sink.idle() }
        if let writeError { throw writeError }

        summary.stages = pipeline.steps.map { StageStatistics(name: $0.name) }
        statsMonitor.locked {
            for stats in workerStats {
                for (i, s) in stats.enumerated() { summary.stages[i].merge(s) }
            }
        }
        summary.wallNanoseconds = monotonicNanoseconds() - start
        return summary
    }

    /// Scales the stage times a batch added since `before` (monotonic clock) by the share of the
    /// batch's wall-clock time the thread spent on a CPU, turning them into CPU time.
    static func scaleToCPU(_ stats: inout [StageStatistics], since before: [UInt64], cpu: UInt64, wall: UInt64) {
        guard wall > 0, cpu < wall else { return }
        let ratio = Double(cpu) / Double(wall)
        for i in stats.indices where i < before.count && stats[i].nanoseconds > before[i] {
            stats[i].nanoseconds = before[i] + UInt64(Double(stats[i].nanoseconds - before[i]) * ratio)
        }
    }

    /// Runs the stages from `first` on, following splits, and records per-stage statistics.
    ///
    /// The clock is read once between two stages (the end of one is the start of the next), not
    /// twice per stage: the few bookkeeping instructions between them count as the next stage's.
    static func process(_ doc: consuming Document, stages: [any Stage], steps: [PipelineStep],
                        stats: inout [StageStatistics], timed: Bool = true, from first: Int = 0) -> Outcome {
        // The document is edited where it was handed in (a consumed parameter), never copied.
        var i = first
        var t0 = timed && i < stages.count ? monotonicNanoseconds() : 0
        while i < stages.count {
            stats[i].documentsIn += 1
            stats[i].bytesIn += doc.utf8Count
            let changedBefore = doc.changedScalars
            let outcome: StageOutcome
            do {
                outcome = try stages[i].process(&doc)
            } catch {
                if timed { stats[i].nanoseconds += monotonicNanoseconds() - t0 }
                stats[i].errors += 1
                return .failed(id: doc.id, message: "stage '\(steps[i].name)' (\(steps[i].location)): \(error)")
            }
            if timed {
                let t1 = monotonicNanoseconds()
                stats[i].nanoseconds += t1 - t0
                t0 = t1
            }
            let changed = doc.changedScalars - changedBefore
            if changed > 0 {
                stats[i].changedCharacters += changed
                stats[i].documentsChanged += 1
            }
            switch outcome {
            case .keep:
                stats[i].documentsOut += 1
            case .drop(let reason):
                stats[i].dropped[reason, default: 0] += 1
                return .dropped(reason: reason, stage: steps[i].name)
            case .split(let parts):
                stats[i].documentsOut += parts.count
                var out: [Document] = []
                for part in parts {
                    switch process(part, stages: stages, steps: steps, stats: &stats, timed: timed, from: i + 1) {
                    case .documents(let d): out += d
                    case .dropped: continue
                    case let failure: return failure
                    }
                }
                return out.isEmpty ? .dropped(reason: "all parts dropped", stage: steps[i].name) : .documents(out)
            }
            i += 1
        }
        return .documents([doc])
    }

    /// Runs the pipeline on documents in memory, on the calling thread (for tests and embedding).
    public static func apply(_ pipeline: Pipeline, to documents: [Document]) throws -> [Document] {
        let stages = try pipeline.makeStages()
        var stats = pipeline.steps.map { StageStatistics(name: $0.name) }
        var out: [Document] = []
        for d in documents {
            switch process(d, stages: stages, steps: pipeline.steps, stats: &stats) {
            case .documents(let docs): out += docs
            case .dropped: break
            case .failed(_, let message): throw StageError(message)
            case .inputFailure(let f): throw f
            }
        }
        return out
    }
}

/// Results keyed by input sequence number, handed out strictly in order; also bounds how many
/// documents are between the reader and the writer.
final class ReorderBuffer<Value>: @unchecked Sendable {
    private let monitor = Monitor()
    private var ready: [Int: Value] = [:]
    private var next = 0
    private var total: Int? = nil
    private var inFlight = 0
    private let maxInFlight: Int
    private var cancelled = false

    init(maxInFlight: Int) { self.maxInFlight = maxInFlight }

    /// Called by the reader before it hands out a document; false once the run is cancelled.
    func acquireSlot() -> Bool {
        monitor.locked {
            while inFlight >= maxInFlight && !cancelled { monitor.wait() }
            if cancelled { return false }
            inFlight += 1
            return true
        }
    }

    func releaseSlot() {
        monitor.locked {
            inFlight -= 1
            monitor.broadcast()
        }
    }

    func put(_ sequence: Int, _ value: Value) {
        monitor.locked {
            ready[sequence] = value
            monitor.broadcast()
        }
    }

    func finish(total: Int) {
        monitor.locked {
            self.total = total
            monitor.broadcast()
        }
    }

    func cancel() {
        monitor.locked {
            cancelled = true
            monitor.broadcast()
        }
    }

    /// The next result in order, or nil when all are taken. `whileWaiting` runs (unlocked) before
    /// blocking, which is where the writer flushes.
    func take(whileWaiting: () -> Void) -> Value? {
        var notified = false
        while true {
            let value: Value?? = monitor.locked {
                if let v = ready.removeValue(forKey: next) {
                    next += 1
                    return .some(v)
                }
                if let total, next >= total { return .some(nil) }
                if notified {
                    monitor.wait()
                    if let v = ready.removeValue(forKey: next) {
                        next += 1
                        return .some(v)
                    }
                    if let total, next >= total { return .some(nil) }
                }
                return nil
            }
            if let v = value { return v }
            if !notified {
                whileWaiting()
                notified = true
            }
        }
    }
}
