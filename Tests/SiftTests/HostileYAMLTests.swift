#if canImport(Glibc)
import Glibc
#endif
import Sift
import SiftStages
import SiftTestSupport
import Testing

/// Pipeline files written to hurt: alias bombs, deep nesting, huge files. Each must be refused
/// quickly (well under a second here) with a diagnostic that says what is wrong and where.
@Suite struct HostileYAMLTests {
    /// Seconds spent loading `yaml`, and the diagnostics (nil when it loaded).
    func timedDiagnostics(_ yaml: String) -> (seconds: Double, diagnostics: String?) {
        let t0 = monotonicSeconds()
        let d = TestSupport.diagnostics(yaml)
        return (monotonicSeconds() - t0, d)
    }

    /// Ten levels of ten-fold aliases: 10^10 nodes once expanded.
    static let bomb: String = {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<10 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(i): &a\(i) [\(refs)]\n"
        }
        return yaml
    }()

    @Test func aliasBombAsOptionValueIsRefusedQuickly() {
        let (seconds, d) = timedDiagnostics("stages:\n  - ui-lines: { phrases: *a9 }\n" + Self.bomb)
        #expect(seconds < 1, "took \(seconds) s")
        #expect(d?.contains("error:") == true)
        let (s2, d2) = timedDiagnostics(Self.bomb + "stages:\n  - ui-lines: { phrases: *a9 }\n")
        #expect(s2 < 1, "took \(s2) s")
        #expect(d2?.contains("error:") == true)
    }

    @Test func aliasBombAsStageListIsRefusedQuickly() {
        let (seconds, d) = timedDiagnostics(Self.bomb + "stages: *a9\n")
        #expect(seconds < 1, "took \(seconds) s")
        #expect(d?.contains("error:") == true)
    }

    @Test func aliasBombAsMappingKeyIsRefusedQuickly() {
        // Yams compares mapping keys for duplicates: expanding two bomb keys would take for ever.
        let (seconds, d) = timedDiagnostics(Self.bomb + "? *a9\n: 1\n? [*a9]\n: 2\nstages: [whitespace]\n")
        #expect(seconds < 1, "took \(seconds) s")
        #expect(d?.contains("test.yaml") == true)
    }

    @Test func aliasBombAsStageNameIsRefusedQuickly() {
        let (seconds, d) = timedDiagnostics(Self.bomb + "stages:\n  - *a9\n  - { *a9 : x }\n  - whitespace: *a9\n")
        #expect(seconds < 1, "took \(seconds) s")
        #expect(d?.contains("error:") == true)
    }

    enum Nesting: String, CaseIterable, Sendable {
        case flowSequences, flowMappings, blockSequences, blockMappings, compactSequences

        func yaml(depth n: Int) -> String {
            switch self {
            case .flowSequences: String(repeating: "[", count: n) + String(repeating: "]", count: n)
            case .flowMappings: String(repeating: "{a: ", count: n) + "x" + String(repeating: "}", count: n)
            case .blockSequences: (0..<n).map { String(repeating: " ", count: $0) + "-\n" }.joined() + String(repeating: " ", count: n) + "x\n"
            case .blockMappings: (0..<n).map { String(repeating: " ", count: $0) + "k:\n" }.joined() + String(repeating: " ", count: n) + "x\n"
            case .compactSequences: String(repeating: "- ", count: n) + "x\n"
            }
        }
    }

    @Test(arguments: Nesting.allCases)
    func deepNestingIsRefusedQuickly(_ kind: Nesting) {
        // Block nesting needs quadratic text (each level indents further), so it stops at 3 000.
        let depths = [.blockSequences, .blockMappings].contains(kind) ? [100, 3_000] : [100, 5_000, 100_000]
        for depth in depths {
            let (seconds, d) = timedDiagnostics(kind.yaml(depth: depth))
            #expect(seconds < 2, "\(kind), depth \(depth): took \(seconds) s")
            #expect(d?.contains("error:") == true, "\(kind), depth \(depth)")
            if depth > 1_000 {
                #expect(d?.contains("nested more than") == true, "\(kind), depth \(depth): \(d?.prefix(300) ?? "loaded")")
            }
        }
    }

    @Test func hugePipelineFileIsRefused() throws {
        let dir = "/tmp/sift-hostile-yaml-\(getpid())"
        mkdir(dir, 0o755)
        defer { unlink(dir + "/big.yaml"); rmdir(dir) }
        // 30 000 one-word stages: more than the loader's node limit.
        let yaml = "stages:\n" + String(repeating: "  - whitespace\n", count: 30_000)
        try writeFile(dir + "/big.yaml", yaml)
        let t0 = monotonicSeconds()
        do {
            _ = try PipelineLoader(registry: .standard, locator: PipelineLocator(searchPath: [])).load(file: dir + "/big.yaml")
            Issue.record("a 30 000-stage pipeline loaded")
        } catch {
            #expect(error.description.contains("too large"), "\(error.description.prefix(300))")
        }
        #expect(monotonicSeconds() - t0 < 5)
    }

    @Test func nonUTF8AndBinaryPipelinesGetDiagnostics() {
        for yaml in ["\u{0}\u{1}\u{2}stages", "stages: [\u{FFFD}\u{FFFD}]", "\u{FEFF}stages:\n\t- whitespace", "stages: !!binary AAAA", "%YAML 9.9\n---\nstages: []"] {
            let d = TestSupport.diagnostics(yaml)
            #expect(d?.contains("test.yaml:") == true, "\(yaml.debugDescription): \(d ?? "loaded")")
        }
    }
}

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
