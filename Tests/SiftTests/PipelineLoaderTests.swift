import Sift
import SiftTestSupport
import Testing

@Suite struct PipelineLoaderTests {
    @Test func loadsStagesWithDefaults() throws {
        let p = try TestSupport.pipeline("""
            description: Normalize to NFKC and tidy whitespace
            stages:
              - normalize: { form: nfkc }
              - transliterate: { id: "Any-Latin; Latin-ASCII" }
              - whitespace
            """)
        #expect(p.description == "Normalize to NFKC and tidy whitespace")
        #expect(p.steps.map(\.name) == ["normalize", "transliterate", "whitespace"])
        #expect(p.steps[2].options.int("max-blank-lines") == 1)
        #expect(p.steps[1].location == SourceLocation(file: "test.yaml", line: 4, column: 5))
    }

    @Test func misspeltStageGetsASuggestion() {
        let d = TestSupport.diagnostics("description: bad\nstages:\n  - whitespace\n  - normalise: { form: nfkc }\n", file: "bad.yaml")
        #expect(d == "bad.yaml:4:5: error: unknown stage 'normalise'\nbad.yaml:4:5: note: did you mean 'normalize'?")
    }

    @Test func optionProblemsPointAtTheOption() {
        let d = TestSupport.diagnostics("""
            stages:
              - normalize: { from: nfkc }
              - whitespace: { max-blank-lines: many }
              - filter: { min-chars: -1 }
            """)
        #expect(d == """
            test.yaml:2:18: error: unknown option 'from' for stage 'normalize'
            test.yaml:2:18: note: did you mean 'form'?
            test.yaml:3:36: error: option 'max-blank-lines' of 'whitespace' must be an integer, not 'many'
            test.yaml:4:26: error: option 'min-chars' of 'filter' must be at least 0
            """)
    }

    @Test func icuProblemsAreFoundBeforeRunning() {
        let d = TestSupport.diagnostics("""
            stages:
              - transliterate: { id: "Any-Latinn" }
              - replace: { pattern: "a(b" }
              - replace: { pattern: "(a)", with: "$2" }
            """)
        #expect(d == """
            test.yaml:2:26: error: option 'id' of 'transliterate': ICU has no transform 'Any-Latinn' (U_INVALID_ID); did you mean 'Any-Latin'?
            test.yaml:3:25: error: option 'pattern' of 'replace': invalid regular expression (mismatched paren at character 4)
            test.yaml:3:25: note: patterns use ICU regular expression syntax
            test.yaml:4:38: error: option 'with' of 'replace': the pattern has no group 2 (it has 1)
            """)
    }

    @Test func structuralMistakes() {
        #expect(TestSupport.diagnostics("stage:\n  - whitespace\n") == """
            test.yaml:1:1: error: unknown key 'stage'
            test.yaml:1:1: note: did you mean 'stages'?
            test.yaml:1:1: error: missing 'stages:' list
            """)
        #expect(TestSupport.diagnostics("stages:\n  - normalize: nfkc\n") == "test.yaml:2:16: error: options of 'normalize' must be a map, like '- normalize: { option: value }'")
        #expect(TestSupport.diagnostics("stages: [ {a: 1, b: 2} ]\n")?.hasPrefix("test.yaml:1:11: error: a stage is a one-key map") == true)
        #expect(TestSupport.diagnostics("stages:\n  - whitespace\n  bad: [\n")?.hasPrefix("test.yaml:") == true)
        #expect(TestSupport.diagnostics("") == "test.yaml:1:1: error: the pipeline file is empty\ntest.yaml:1:1: note: a pipeline needs a 'stages:' list")
    }

    @Test func includesOtherPipelines() throws {
        let p = try TestSupport.pipeline("stages:\n  - use: nfkc\n  - filter: { min-chars: 1 }\n")
        #expect(p.steps.map(\.name) == ["normalize", "whitespace", "filter"])
        #expect(TestSupport.diagnostics("stages:\n  - use: nfcк\n")?.contains("no pipeline named 'nfcк' to use") == true)
    }

    @Test func includeCyclesAreRefused() throws {
        let dir = "/tmp/sift-cycle-\(getpid())"
        _ = FileSystem.listDirectory(dir)
        try writeFile(dir + "/a.yaml", "stages:\n  - use: ./b.yaml\n")
        try writeFile(dir + "/b.yaml", "stages:\n  - use: ./a.yaml\n")
        let loader = PipelineLoader(registry: .standard, locator: PipelineLocator(searchPath: [dir]))
        do {
            _ = try loader.load(dir + "/a.yaml")
            Issue.record("expected a cycle error")
        } catch {
            #expect(error.description.contains("b.yaml:2:10: error: pipeline './a.yaml' includes itself"))
        }
    }

    @Test func aliasBombsAreRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { yaml += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1)]\n" }
        yaml += "stages:\n  - drop-lines: { pattern: x }\n"
        // Refused from libyaml's events, before Yams builds (or compares) anything.
        #expect(TestSupport.diagnostics(yaml)?.hasPrefix("test.yaml:") == true)
        #expect(TestSupport.diagnostics(yaml)?.contains("error: the pipeline file is too large: more than 20000 values once aliases are expanded") == true)
    }
}

#if canImport(Glibc)
import Glibc
#endif

func writeFile(_ path: String, _ text: String) throws {
    mkdir(FileSystem.directoryName(path), 0o755)
    let out = try OutputStream.atomicFile(path)
    out.write(text)
    try out.commit()
}
