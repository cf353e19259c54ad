/// A place in a pipeline file.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based line and column (columns count Unicode scalars, as YAML does).
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or just `file` when there is no position (line 0).
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// One problem found in a pipeline file, in the `file:line:column: error: message` form that
/// compilers use and editors understand.
public struct PipelineDiagnostic: Sendable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String
    /// A follow-up hint ("did you mean 'normalize'?", "valid forms: …").
    public let note: String?

    public init(_ location: SourceLocation, _ message: String, note: String? = nil) {
        self.location = location
        self.message = message
        self.note = note
    }

    public var description: String {
        var s = "\(location): error: \(message)"
        if let note { s += "\n\(location): note: \(note)" }
        return s
    }
}

/// A pipeline that cannot run, with every problem found in it.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [PipelineDiagnostic]
    public init(_ diagnostics: [PipelineDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
