/// What one stage did over a run.
public struct StageStatistics: Sendable {
    public let name: String
    public var documentsIn = 0
    public var documentsOut = 0
    /// Dropped documents by reason.
    public var dropped: [String: Int] = [:]
    public var errors = 0
    /// Unicode scalars of text the stage replaced or removed.
    public var changedCharacters = 0
    /// Documents whose text the stage changed.
    public var documentsChanged = 0
    /// CPU time spent in the stage: its monotonic-clock time, scaled per batch by the share of
    /// the time the worker thread was on a CPU (see ``Runner``).
    public var nanoseconds: UInt64 = 0
    /// Bytes of text the stage saw.
    public var bytesIn = 0

    public init(name: String) { self.name = name }

    mutating func merge(_ other: StageStatistics) {
        documentsIn += other.documentsIn
        documentsOut += other.documentsOut
        for (k, v) in other.dropped { dropped[k, default: 0] += v }
        errors += other.errors
        changedCharacters += other.changedCharacters
        documentsChanged += other.documentsChanged
        nanoseconds += other.nanoseconds
        bytesIn += other.bytesIn
    }

    /// Throughput of the stage alone, in MB/s of input text.
    public var megabytesPerSecond: Double {
        nanoseconds == 0 ? 0 : Double(bytesIn) / 1e6 / (Double(nanoseconds) / 1e9)
    }
}

/// The figures of a whole run.
public struct RunSummary: Sendable {
    public var documentsIn = 0
    public var documentsOut = 0
    public var documentsDropped = 0
    /// Inputs or documents that failed (malformed records, stage errors).
    public var errors = 0
    public var bytesIn = 0
    public var bytesOut = 0
    public var stages: [StageStatistics] = []
    public var wallNanoseconds: UInt64 = 0
    /// True when the run stopped early at an error (`--on-error stop`).
    public var stopped = false
}
