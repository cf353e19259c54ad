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
        case dropped(String)
        case failed(id: String, message: String)
        case inputFailure(InputFailure)
    }

    /// A batch of consecutive inputs: handing documents between threads one by one costs more
    /// than processing small ones, so the reader groups what is already at hand.
    struct WorkItem {
        let sequence: Int
        let inputs: [(Result<Document, InputFailure>, [String])]
    }

    /// Largest batch, in documents and in bytes of text.
    static let batchDocuments = 256
    static let batchBytes = 1 << 20

    /// Runs every document `reader` yields, writes the results with `writer`, reports events to `report`.
    public func run(reader: DocumentReader, writer: DocumentWriter, output: OutputStream,
                    report: @escaping (RunEvent) -> Void) throws -> RunSummary {
        let start = monotonicNanoseconds()
        let jobs = max(1, options.jobs)
        let maxInFlight = options.maxInFlight ?? max(4, jobs * 4)
        // Stage instances are made up front so that a failing factory stops the run before any output.
        var workerStages: [[any Stage]] = []
        for _ in 0..<jobs { workerStages.append(try pipeline.makeStages()) }

        let queue = BlockingQueue<WorkItem>(capacity: jobs * 2)
        let results = ReorderBuffer<[(Outcome, [String], Int)]>(maxInFlight: maxInFlight)
        var workerStats = [[StageStatistics]](repeating: [], count: jobs)
        let statsMonitor = Monitor()

        let readerThread = WorkerThread {
            var sequence = 0
            var batch: [(Result<Document, InputFailure>, [String])] = []
            var batchBytes = 0
            func handOver() -> Bool {
                guard !batch.isEmpty else { return true }
                guard results.acquireSlot() else { return false }
                queue.push(WorkItem(sequence: sequence, inputs: batch))
                sequence += 1
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
                return true
            }
            while let item = reader.next() {
                if case .success(let d) = item { batchBytes += d.text.utf8.count }
                batch.append((item, reader.takeWarnings()))
                if batch.count >= Self.batchDocuments || batchBytes >= Self.batchBytes || !reader.nextIsReady {
                    if !handOver() { break }
                }
            }
            _ = handOver()
            results.finish(total: sequence)
            queue.close()
        }
        var workers: [WorkerThread] = []
        let pipeline = self.pipeline
        for w in 0..<jobs {
            let stages = workerStages[w]
            workers.append(WorkerThread {
                var stats = pipeline.steps.map { StageStatistics(name: $0.name) }
                while let item = queue.pop() {
                    var outcomes: [(Outcome, [String], Int)] = []
                    outcomes.reserveCapacity(item.inputs.count)
                    for (input, warnings) in item.inputs {
                        switch input {
                        case .success(let doc):
                            let bytes = doc.text.utf8.count
                            outcomes.append((Self.process(doc, stages: stages, steps: pipeline.steps, stats: &stats), warnings, bytes))
                        case .failure(let f):
                            outcomes.append((.inputFailure(f), warnings, 0))
                        }
                    }
                    results.put(item.sequence, outcomes)
                }
                statsMonitor.locked { workerStats[w] = stats }
            })
        }

        var summary = RunSummary()
        var writeError: IOError? = nil
        writer.begin(output)
        batches: while let batch = results.take(whileWaiting: { if writeError == nil { do throws(IOError) { try output.flush() } catch { writeError = error } } }) {
            for (outcome, warnings, bytesIn) in batch {
                for w in warnings { report(.warning(w)) }
                var stop = false
                switch outcome {
                case .documents(let docs):
                    summary.documentsIn += 1
                    summary.bytesIn += bytesIn
                    for d in docs {
                        writer.write(d, to: output)
                        summary.documentsOut += 1
                        summary.bytesOut += d.text.utf8.count
                    }
                case .dropped:
                    summary.documentsIn += 1
                    summary.bytesIn += bytesIn
                    summary.documentsDropped += 1
                case .failed(let id, let message):
                    summary.documentsIn += 1
                    summary.bytesIn += bytesIn
                    summary.errors += 1
                    report(.failure(id: id, source: id, message: message))
                    stop = options.onError == .stop
                case .inputFailure(let f):
                    summary.errors += 1
                    report(.failure(id: f.id, source: f.line.map { "\(f.source):\($0)" } ?? f.source, message: f.message))
                    stop = options.onError == .stop
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
        writer.finish(output)
        try output.flush()
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

    /// Runs the stages from `first` on, following splits, and records per-stage statistics.
    static func process(_ document: Document, stages: [any Stage], steps: [PipelineStep],
                        stats: inout [StageStatistics], from first: Int = 0) -> Outcome {
        var doc = document
        var i = first
        while i < stages.count {
            stats[i].documentsIn += 1
            stats[i].bytesIn += doc.text.utf8.count
            let changedBefore = doc.changedScalars
            let t0 = monotonicNanoseconds()
            let outcome: StageOutcome
            do {
                outcome = try stages[i].process(&doc)
            } catch {
                stats[i].nanoseconds += monotonicNanoseconds() - t0
                stats[i].errors += 1
                return .failed(id: doc.id, message: "stage '\(steps[i].name)' (\(steps[i].location)): \(error)")
            }
            stats[i].nanoseconds += monotonicNanoseconds() - t0
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
                return .dropped(reason)
            case .split(let parts):
                stats[i].documentsOut += parts.count
                var out: [Document] = []
                for part in parts {
                    switch process(part, stages: stages, steps: steps, stats: &stats, from: i + 1) {
                    case .documents(let d): out += d
                    case .dropped: continue
                    case let failure: return failure
                    }
                }
                return out.isEmpty ? .dropped("all parts dropped") : .documents(out)
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
