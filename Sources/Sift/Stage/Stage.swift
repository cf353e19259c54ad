/// What a stage does with one document.
public enum StageOutcome: Sendable {
    /// Pass the (possibly changed) document on.
    case keep
    /// Remove the document from the output; the reason is counted in the statistics.
    case drop(reason: String)
    /// Replace the document with these documents (segments, chunks), in order.
    case split([Document])
}

/// A configured stage at work: one instance per worker thread, so instances may hold ICU objects
/// (break iterators, transliterators, regexes) that are not thread-safe.
///
/// Stages only transform documents: they never print, read files or know about the command line.
public protocol Stage: AnyObject {
    func process(_ document: inout Document) throws -> StageOutcome
}

/// Builds the per-worker instances of one configured stage. Immutable data (compiled patterns,
/// lexicons, models) is built once, when the pipeline is validated, and shared by every instance.
public struct StageFactory: Sendable {
    private let make: @Sendable () throws -> any Stage

    public init(_ make: @escaping @Sendable () throws -> any Stage) { self.make = make }

    public func makeStage() throws -> any Stage { try make() }
}

/// A failure of a stage on one document (a regex time-out, an ICU error). The runner records it and,
/// depending on `--on-error`, skips the document or stops.
public struct StageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
