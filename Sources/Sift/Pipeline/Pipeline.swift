/// One stage of a loaded pipeline, configured and validated.
public struct PipelineStep: Sendable {
    public let descriptor: StageDescriptor
    public let options: StageOptions
    public let factory: StageFactory
    /// Where the stage was declared (in an included pipeline, that file).
    public let location: SourceLocation

    public var name: String { descriptor.name }
}

/// A validated chain of stages, ready to run. Loading it (``PipelineLoader``) has already compiled
/// every regex, transform and locale it names, so a run never fails on configuration.
public struct Pipeline: Sendable {
    public let name: String
    public let description: String
    /// The file it came from, if any.
    public let file: String?
    public let steps: [PipelineStep]

    public init(name: String, description: String, file: String?, steps: [PipelineStep]) {
        self.name = name
        self.description = description
        self.file = file
        self.steps = steps
    }

    /// A fresh set of stage instances for one worker thread.
    public func makeStages() throws -> [any Stage] {
        try steps.map { try $0.factory.makeStage() }
    }
}
