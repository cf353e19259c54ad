import CYaml

/// A pass over libyaml's events before Yams builds the tree, refusing what would take unbounded
/// time or stack to build or walk: nesting deeper than a limit (Yams composes recursively), and
/// documents whose aliases expand to more values than a limit (an alias bomb: ten levels of
/// ten-fold aliases are 10^10 values, and Yams compares mapping keys by walking them).
///
/// Only libyaml's own event parser runs here, in constant stack and in time linear in the text.
/// Syntax errors are left for Yams to report.
enum YAMLBounds {
    struct Violation: Error {
        /// 1-based line and column.
        let line: Int
        let column: Int
        let message: String
    }

    static func check(_ yaml: String, maxDepth: Int, maxNodes: Int) -> Violation? {
        var bytes = Array(yaml.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Violation? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)

            /// Open collections: their anchor and their size so far (saturating at maxNodes + 1).
            var stack: [(anchor: String?, size: Int)] = []
            var anchors: [String: Int] = [:]
            let cap = maxNodes + 1
            func add(_ size: Int) -> Bool {
                guard !stack.isEmpty else { return size <= maxNodes }
                stack[stack.count - 1].size = min(cap, stack[stack.count - 1].size + size)
                return stack[stack.count - 1].size <= maxNodes
            }
            func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                p.map { String(cString: UnsafePointer($0)) }
            }

            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    // libyaml scans flow collections ahead and stops at its own limit (1000 levels).
                    if let problem = parser.problem, String(cString: problem).contains("nesting level") {
                        return Violation(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
                                         message: "the pipeline file is nested more than \(maxDepth) levels deep")
                    }
                    return nil
                }
                defer { yaml_event_delete(&event) }
                let mark = (line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                func tooLarge() -> Violation {
                    Violation(line: mark.line, column: mark.column,
                              message: "the pipeline file is too large: more than \(maxNodes) values once aliases are expanded")
                }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_DOCUMENT_START_EVENT:
                    stack.removeAll()
                    anchors.removeAll()
                case YAML_SCALAR_EVENT:
                    if let a = name(event.data.scalar.anchor) { anchors[a] = 1 }
                    if !add(1) { return tooLarge() }
                case YAML_ALIAS_EVENT:
                    let size = name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                    if !add(size) { return tooLarge() }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT
                        ? name(event.data.sequence_start.anchor) : name(event.data.mapping_start.anchor)
                    stack.append((anchor, 1))
                    if stack.count > maxDepth {
                        return Violation(line: mark.line, column: mark.column,
                                         message: "the pipeline file is nested more than \(maxDepth) levels deep")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let done = stack.popLast() else { return nil }
                    if let a = done.anchor { anchors[a] = done.size }
                    if !add(done.size) { return tooLarge() }
                default:
                    break
                }
            }
        }
    }
}
