import ArgumentParser
import Sift
import SiftStages

@main
struct SiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sift",
        abstract: "Clean, segment and annotate multilingual text with declarative pipelines built on ICU.",
        discussion: """
            A pipeline is a YAML file of stages, found by name in ./Pipelines, in the folders of \
            SIFT_PIPELINE_PATH, or among the pipelines installed with sift; or given as a path.
            """,
        version: "0.1.0",
        subcommands: [Run.self, BatchCommand.self, Check.self, Stages.self, Pipelines.self, Units.self, TrainLanguage.self, IdentifyLanguage.self]
    )
}

/// The loader every subcommand uses: the standard stages and the standard search path.
func makeLoader() -> PipelineLoader {
    PipelineLoader(registry: .standard, locator: .standard())
}

/// The named or given pipeline, or its diagnostics on standard error and exit status 2 (the
/// run could not start): for the commands that run a pipeline.
func loadPipelineOrExit(_ pipeline: String) throws -> Pipeline {
    do {
        return try makeLoader().load(pipeline)
    } catch {
        Terminal.note(error.description)
        throw ExitCode(2)
    }
}
