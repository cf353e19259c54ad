import ArgumentParser
import Sift

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a pipeline and explain what it does.",
        discussion: "Exit status 0 when the pipeline is valid, 1 when it is not (each problem printed as file:line:column)."
    )

    @Argument(help: "A pipeline name or a path to a .yaml file.")
    var pipeline: String

    @Flag(name: [.short, .long], help: "Print nothing when the pipeline is valid.")
    var quiet = false

    func run() throws {
        let loaded: Pipeline
        do {
            loaded = try makeLoader().load(pipeline)
        } catch {
            Terminal.note(error.description)
            let n = error.diagnostics.count
            Terminal.note("\(n) error\(n == 1 ? "" : "s") in pipeline '\(pipeline)'")
            throw ExitCode(1)
        }
        if quiet { return }
        Terminal.print("\(loaded.name): valid (\(loaded.file ?? pipeline))")
        if !loaded.description.isEmpty { Terminal.print(loaded.description) }
        for (i, step) in loaded.steps.enumerated() {
            let options = step.options.values.map { "\($0.key): \(JSONWriter.string($0.value))" }.joined(separator: ", ")
            Terminal.print("  \(i + 1). \(step.name)\(options.isEmpty ? "" : " { \(options) }")")
            Terminal.print("     \(step.descriptor.summary)")
            if step.location.file != loaded.file { Terminal.print("     (from \(step.location))") }
        }
    }
}
