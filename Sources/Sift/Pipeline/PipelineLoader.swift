import SiftICU
import Yams

/// Reads pipeline files and validates them against the stage registry before anything runs.
///
/// Every problem is reported at its `file:line:column`, all at once: unknown stages and options
/// (with the nearest valid name), wrong types, bad ICU regexes, transforms and locales, include
/// cycles, and stages that would leave spans stale.
public struct PipelineLoader: Sendable {
    public let registry: StageRegistry
    public let locator: PipelineLocator

    /// Larger YAML structures are refused (an alias bomb expands without bound when walked).
    public static let maxNodes = 20_000
    public static let maxIncludeDepth = 16
    /// Deeper YAML is refused before it is built (a pipeline file needs four or five levels).
    public static let maxDepth = 64
    /// Larger pipeline files are refused unread.
    public static let maxFileBytes = 1 << 20

    public init(registry: StageRegistry, locator: PipelineLocator = .standard()) {
        self.registry = registry
        self.locator = locator
    }

    /// Loads a pipeline by name (searched on the locator's path) or by path to a `.yaml` file.
    public func load(_ reference: String) throws(PipelineError) -> Pipeline {
        guard let file = locator.resolve(reference) else {
            let here = SourceLocation(file: reference, line: 1, column: 1)
            if PipelineLocator.isPath(reference) {
                throw PipelineError([PipelineDiagnostic(here, "no such pipeline file")])
            }
            let names = locator.available().map(\.name)
            let note = Suggestion.nearest(to: reference, in: names).map { "did you mean '\($0)'?" }
                ?? (names.isEmpty ? "no pipelines found in \(locator.searchPath.joined(separator: ", "))"
                    : "available pipelines: \(names.joined(separator: ", "))")
            throw PipelineError([PipelineDiagnostic(SourceLocation(file: "sift", line: 0, column: 0),
                                                    "no pipeline named '\(reference)'", note: note)])
        }
        let name = PipelineLocator.isPath(reference) ? FileSystem.baseName(file, droppingExtension: true) : reference
        return try load(file: file, name: name)
    }

    /// Loads the pipeline in `file`.
    public func load(file: String, name: String? = nil) throws(PipelineError) -> Pipeline {
        guard let bytes = FileSystem.readFile(file, atMost: Self.maxFileBytes) else {
            throw PipelineError([PipelineDiagnostic(SourceLocation(file: file, line: 1, column: 1), "cannot read the pipeline file")])
        }
        if bytes.count > Self.maxFileBytes {
            throw PipelineError([PipelineDiagnostic(SourceLocation(file: file, line: 1, column: 1), "the pipeline file is larger than \(Self.maxFileBytes >> 20) MiB")])
        }
        let text = bytes.withUnsafeBufferPointer { UTF8Decoding.decode($0).text }
        return try load(yaml: text, file: file, name: name ?? FileSystem.baseName(file, droppingExtension: true))
    }

    /// Loads a pipeline from YAML text; `file` is used in messages and to resolve includes.
    public func load(yaml: String, file: String, name: String) throws(PipelineError) -> Pipeline {
        var context = Context(file: file)
        let (description, steps) = context.pipeline(yaml: yaml, file: file, loader: self, includeChain: [file])
        context.checkSpanOrder(steps)
        if !context.diagnostics.isEmpty { throw PipelineError(context.diagnostics) }
        return Pipeline(name: name, description: description, file: file, steps: steps)
    }

    /// Collects diagnostics while walking one pipeline and its includes.
    struct Context {
        var diagnostics: [PipelineDiagnostic] = []
        var nodes = 0
        let rootFile: String

        init(file: String) { rootFile = file }

        mutating func fail(_ file: String, _ mark: Mark?, _ message: String, note: String? = nil) {
            diagnostics.append(PipelineDiagnostic(
                SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1), message, note: note))
        }

        mutating func pipeline(yaml: String, file: String, loader: PipelineLoader, includeChain: [String])
            -> (String, [PipelineStep])
        {
            if let v = YAMLBounds.check(yaml, maxDepth: PipelineLoader.maxDepth, maxNodes: PipelineLoader.maxNodes) {
                diagnostics.append(PipelineDiagnostic(SourceLocation(file: file, line: v.line, column: v.column), v.message))
                return ("", [])
            }
            let root: Node
            do {
                guard let node = try Yams.compose(yaml: yaml) else {
                    fail(file, nil, "the pipeline file is empty", note: "a pipeline needs a 'stages:' list")
                    return ("", [])
                }
                root = node
            } catch let error as YamlError {
                let (mark, problem) = Self.describe(error)
                fail(file, mark, "invalid YAML: \(problem)")
                return ("", [])
            } catch {
                fail(file, nil, "invalid YAML: \(error)")
                return ("", [])
            }
            guard case .mapping(let top) = root else {
                fail(file, root.mark, "a pipeline file is a mapping with 'description' and 'stages'")
                return ("", [])
            }
            var description = ""
            var stagesNode: Node? = nil
            for (key, value) in top {
                let k = key.string ?? ""
                switch k {
                case "description":
                    guard let s = value.scalar?.string else {
                        fail(file, value.mark, "'description' must be a string")
                        continue
                    }
                    description = s
                case "stages":
                    stagesNode = value
                default:
                    let near = Suggestion.nearest(to: k, in: ["description", "stages"])
                    fail(file, key.mark, "unknown key '\(k)'",
                         note: near.map { "did you mean '\($0)'?" } ?? "a pipeline file has 'description' and 'stages'")
                }
            }
            guard let stagesNode else {
                fail(file, root.mark, "missing 'stages:' list")
                return (description, [])
            }
            guard case .sequence(let list) = stagesNode else {
                fail(file, stagesNode.mark, "'stages' must be a list (each item '- name' or '- name: { options }')")
                return (description, [])
            }
            var steps: [PipelineStep] = []
            for item in list {
                steps += stage(item, file: file, loader: loader, includeChain: includeChain)
            }
            return (description, steps)
        }

        mutating func stage(_ item: Node, file: String, loader: PipelineLoader, includeChain: [String]) -> [PipelineStep] {
            nodes += 1
            let nameNode: Node
            var optionsNode: Node? = nil
            switch item {
            case .scalar:
                nameNode = item
            case .mapping(let m):
                guard m.count == 1, let first = m.first else {
                    fail(file, item.mark, "a stage is a one-key map from its name to its options",
                         note: "write '- normalize: { form: nfkc }', one stage per list item")
                    return []
                }
                nameNode = first.key
                optionsNode = first.value
            default:
                fail(file, item.mark, "a stage is a name or a one-key map from its name to its options")
                return []
            }
            let name = nameNode.string ?? ""
            if name == "use" {
                return include(optionsNode, at: nameNode.mark, file: file, loader: loader, includeChain: includeChain)
            }
            guard let descriptor = loader.registry.descriptor(named: name) else {
                let near = Suggestion.nearest(to: name, in: loader.registry.names + ["use"])
                fail(file, nameNode.mark, "unknown stage '\(name)'",
                     note: near.map { "did you mean '\($0)'?" } ?? "'sift stages' lists every stage")
                return []
            }
            let location = SourceLocation(file: file, line: nameNode.mark?.line ?? 1, column: nameNode.mark?.column ?? 1)
            var given: [(key: Node, value: Node)] = []
            switch optionsNode {
            case nil: break
            case .scalar(let s)? where s.string.isEmpty || s.tag.description == "tag:yaml.org,2002:null": break
            case .mapping(let m)?: given = Array(m)
            case let other?:
                fail(file, other.mark, "options of '\(name)' must be a map, like '- \(name): { option: value }'")
                return []
            }
            var values = JSONObject()
            var marks: [String: Mark] = [:]
            var ok = true
            var givenNames = Set<String>()
            for (key, value) in given {
                let optionName = key.string ?? ""
                givenNames.insert(optionName)
                guard let spec = descriptor.option(named: optionName) else {
                    let near = Suggestion.nearest(to: optionName, in: descriptor.options.map(\.name))
                    let valid = descriptor.options.isEmpty ? "'\(name)' takes no options"
                        : "options of '\(name)': \(descriptor.options.map(\.name).joined(separator: ", "))"
                    fail(file, key.mark, "unknown option '\(optionName)' for stage '\(name)'",
                         note: near.map { "did you mean '\($0)'?" } ?? valid)
                    ok = false
                    continue
                }
                marks[optionName] = value.mark
                if let v = check(value, against: spec, stage: name, file: file) {
                    values[optionName] = v
                } else {
                    ok = false
                }
            }
            for spec in descriptor.options where values[spec.name] == nil && !givenNames.contains(spec.name) {
                if spec.required {
                    fail(file, nameNode.mark, "stage '\(name)' needs option '\(spec.name)' (\(spec.type.label))", note: spec.help)
                    ok = false
                } else if let d = spec.defaultValue {
                    values[spec.name] = d
                }
            }
            guard ok else { return [] }
            do throws(OptionError) {
                let factory = try descriptor.build(StageOptions(values))
                return [PipelineStep(descriptor: descriptor, options: StageOptions(values), factory: factory, location: location)]
            } catch {
                let mark = error.option.flatMap { marks[$0] } ?? nameNode.mark
                let prefix = error.option.map { "option '\($0)' of '\(name)': " } ?? "stage '\(name)': "
                fail(file, mark, prefix + error.message)
                return []
            }
        }

        /// `- use: other-pipeline` (or a path): the other pipeline's stages, in place.
        mutating func include(_ node: Node?, at mark: Mark?, file: String, loader: PipelineLoader, includeChain: [String])
            -> [PipelineStep]
        {
            guard let reference = node?.scalar?.string, !reference.isEmpty else {
                fail(file, node?.mark ?? mark, "'use' takes the name of a pipeline or a path to one")
                return []
            }
            let resolved: String?
            if PipelineLocator.isPath(reference), !reference.hasPrefix("/") {
                // Relative paths are relative to the including file.
                resolved = loader.locator.resolve(FileSystem.directoryName(file) + "/" + reference)
            } else {
                resolved = loader.locator.resolve(reference)
            }
            guard let target = resolved else {
                let near = Suggestion.nearest(to: reference, in: loader.locator.available().map(\.name))
                fail(file, node?.mark, "no pipeline named '\(reference)' to use", note: near.map { "did you mean '\($0)'?" })
                return []
            }
            let canonical = FileSystem.realPath(target) ?? target
            if includeChain.contains(where: { (FileSystem.realPath($0) ?? $0) == canonical }) {
                fail(file, node?.mark, "pipeline '\(reference)' includes itself",
                     note: "include chain: " + (includeChain + [target]).joined(separator: " → "))
                return []
            }
            if includeChain.count >= PipelineLoader.maxIncludeDepth {
                fail(file, node?.mark, "pipelines nested more than \(PipelineLoader.maxIncludeDepth) deep")
                return []
            }
            guard let bytes = FileSystem.readFile(target, atMost: PipelineLoader.maxFileBytes), bytes.count <= PipelineLoader.maxFileBytes else {
                fail(file, node?.mark, "cannot read pipeline file \(target) (or it is larger than \(PipelineLoader.maxFileBytes >> 20) MiB)")
                return []
            }
            let yaml = bytes.withUnsafeBufferPointer { UTF8Decoding.decode($0).text }
            return pipeline(yaml: yaml, file: target, loader: loader, includeChain: includeChain + [target]).1
        }

        /// Converts an option's YAML value to JSON, checking it against the option's type.
        mutating func check(_ node: Node, against spec: OptionSpec, stage: String, file: String) -> JSONValue? {
            let what = "option '\(spec.name)' of '\(stage)'"
            func scalarString() -> String? { node.scalar?.string }
            switch spec.type {
            case .string:
                guard let s = scalarString() else { fail(file, node.mark, "\(what) must be a string"); return nil }
                return .string(s)
            case .regex:
                guard let s = scalarString() else { fail(file, node.mark, "\(what) must be a regular expression string"); return nil }
                do { _ = try ICURegex(s) } catch {
                    fail(file, node.mark, "\(what): \(error)", note: "patterns use ICU regular expression syntax")
                    return nil
                }
                return .string(s)
            case .locale:
                guard let s = scalarString() else { fail(file, node.mark, "\(what) must be a locale such as 'en' or 'zh-Hant'"); return nil }
                if s == "auto" { return .string(s) }
                guard let canonical = ICULocale.canonical(s) else {
                    fail(file, node.mark, "\(what): ICU has no data for locale '\(s)'")
                    return nil
                }
                return .string(canonical)
            case .boolean:
                if let b = node.bool { return .bool(b) }
                fail(file, node.mark, "\(what) must be true or false, not '\(scalarString() ?? "a collection")'")
                return nil
            case .integer(let lo, let hi):
                guard let i = node.int else {
                    fail(file, node.mark, "\(what) must be an integer, not '\(scalarString() ?? "a collection")'")
                    return nil
                }
                if let lo, i < lo { fail(file, node.mark, "\(what) must be at least \(lo)"); return nil }
                if let hi, i > hi { fail(file, node.mark, "\(what) must be at most \(hi)"); return nil }
                return .int(i)
            case .number(let lo, let hi):
                guard let d = node.float ?? node.int.map(Double.init) else {
                    fail(file, node.mark, "\(what) must be a number, not '\(scalarString() ?? "a collection")'")
                    return nil
                }
                if let lo, d < lo { fail(file, node.mark, "\(what) must be at least \(lo)"); return nil }
                if let hi, d > hi { fail(file, node.mark, "\(what) must be at most \(hi)"); return nil }
                return .double(d)
            case .choice(let words):
                guard let s = scalarString() else { fail(file, node.mark, "\(what) must be one of: \(words.joined(separator: ", "))"); return nil }
                let lowered = s.lowercased()
                if words.contains(lowered) { return .string(lowered) }
                let near = Suggestion.nearest(to: s, in: words)
                fail(file, node.mark, "\(what) is '\(s)', which is not one of: \(words.joined(separator: ", "))",
                     note: near.map { "did you mean '\($0)'?" })
                return nil
            case .strings:
                if let s = scalarString() { return .array([.string(s)]) }
                guard case .sequence(let seq) = node else { fail(file, node.mark, "\(what) must be a list of strings"); return nil }
                var out: [JSONValue] = []
                for item in seq {
                    nodes += 1
                    if nodes > PipelineLoader.maxNodes {
                        fail(file, item.mark, "the pipeline file is too large (more than \(PipelineLoader.maxNodes) values)")
                        return nil
                    }
                    guard let s = item.scalar?.string else { fail(file, item.mark, "\(what) must hold only strings"); return nil }
                    out.append(.string(s))
                }
                return .array(out)
            }
        }

        /// Spans added by one stage must survive every later stage: a later rewrite that cannot
        /// carry spans would leave them pointing at the wrong text.
        mutating func checkSpanOrder(_ steps: [PipelineStep]) {
            var annotator: PipelineStep? = nil
            for step in steps {
                let e = step.descriptor.effects
                if let a = annotator, e.contains(.rewritesText), !e.contains(.carriesSpans) {
                    diagnostics.append(PipelineDiagnostic(
                        step.location,
                        "stage '\(step.name)' rewrites the text without carrying spans, but '\(a.name)' (\(a.location)) annotated it earlier",
                        note: "move '\(step.name)' before '\(a.name)'"))
                }
                if e.contains(.annotates) { annotator = step }
            }
        }

        static func describe(_ error: YamlError) -> (Mark?, String) {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                return (mark, problem + (context.map { " (\($0.text))" } ?? ""))
            case .duplicatedKeysInMapping(let duplicates, let context):
                return (context.mark, "duplicate key \(duplicates.joined(separator: ", "))")
            default:
                return (nil, "\(error)")
            }
        }
    }
}
