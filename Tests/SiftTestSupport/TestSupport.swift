import Sift
import SiftStages

/// Helpers shared by the test targets.
public enum TestSupport {
    /// The package root, found from this file's path.
    public static let packageRoot: String = {
        var path = #filePath
        for _ in 0..<3 { path = FileSystem.directoryName(path) }
        return path
    }()

    public static func fixture(_ name: String) -> String { packageRoot + "/Tests/Fixtures/" + name }

    public static func fixtureText(_ name: String) -> String {
        String(decoding: FileSystem.readFile(fixture(name)) ?? [], as: UTF8.self)
    }

    /// A pipeline from YAML text, validated against the standard stages.
    public static func pipeline(_ yaml: String, file: String = "test.yaml") throws -> Pipeline {
        try PipelineLoader(registry: .standard, locator: PipelineLocator(searchPath: [packageRoot + "/Pipelines"]))
            .load(yaml: yaml, file: file, name: "test")
    }

    /// The diagnostics a pipeline gets, as printed.
    public static func diagnostics(_ yaml: String, file: String = "test.yaml") -> String? {
        do {
            _ = try pipeline(yaml, file: file)
            return nil
        } catch let error as PipelineError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    /// Runs a one-off pipeline on texts in memory.
    public static func run(_ yaml: String, _ texts: [String]) throws -> [Document] {
        let p = try pipeline(yaml)
        return try Runner.apply(p, to: texts.enumerated().map { Document(id: "d\($0.offset)", text: $0.element) })
    }

    public static func run(_ yaml: String, _ text: String) throws -> Document {
        let docs = try run(yaml, [text])
        precondition(docs.count == 1, "expected one document")
        return docs[0]
    }

    /// The text a span covers.
    public static func covered(_ span: Span, in document: Document) -> String {
        String(document.text(of: span.range))
    }
}
