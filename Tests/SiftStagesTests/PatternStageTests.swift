import Sift
import SiftICU
import SiftTestSupport
import Testing

@Suite struct PatternStageTests {
    @Test func replaceUsesGroups() throws {
        let d = try TestSupport.run(#"stages: [ { replace: { pattern: "(\\d+)\\s*km\\b", with: "$1 kilometres" } } ]"#, "Drive 5km, then 12 km.")
        #expect(d.text == "Drive 5 kilometres, then 12 kilometres.")
    }

    @Test func replaceNamedGroupsAndEscapes() throws {
        let d = try TestSupport.run(#"stages: [ { replace: { pattern: "(?<cur>USD) (?<n>\\d+)", with: "\\$${n}" } } ]"#, "Cost: USD 40")
        #expect(d.text == "Cost: $40")
    }

    @Test func replaceWithReasonRecordsRemovals() throws {
        let d = try TestSupport.run(#"stages: [ { replace: { pattern: "https?://\\S+\\s*", reason: "url" } } ]"#, "see https://example.org/x now")
        #expect(d.text == "see now")
        #expect(d.outputMetadata["removed"] == [["text": "https://example.org/x ", "stage": "replace", "reason": "url", "start": 4]])
    }

    @Test func dropLinesRecordsEachLine() throws {
        let text = "Title\nShare\nBody text.\nshare\n"
        let d = try TestSupport.run(#"stages: [ { drop-lines: { pattern: "^share$", case-insensitive: true, reason: "share button" } } ]"#, text)
        #expect(d.text == "Title\nBody text.\n")
        #expect(d.outputMetadata["removed"] == [
            ["text": "Share\n", "stage": "drop-lines", "reason": "share button", "start": 6],
            ["text": "share\n", "stage": "drop-lines", "reason": "share button", "start": 17],
        ])
    }

    @Test func dropLinesWholeAndInverted() throws {
        let whole = try TestSupport.run(#"stages: [ { drop-lines: { pattern: "[?？]", match: whole } } ]"#, "a?\n?\n？\nb\n")
        #expect(whole.text == "a?\nb\n")
        let kept = try TestSupport.run(#"stages: [ { drop-lines: { pattern: "\\p{Han}", keep-matching: true } } ]"#, "中文\nLatin\n汉字 mixed\n")
        #expect(kept.text == "中文\n汉字 mixed\n")
    }

    @Test func runawayPatternFailsTheDocumentNotTheRun() throws {
        let p = try TestSupport.pipeline(#"stages: [ { drop-lines: { pattern: "^(a+)+$", time-limit: 1 } } ]"#)
        do {
            _ = try Runner.apply(p, to: [Document(id: "x", text: String(repeating: "a", count: 40) + "b")])
            Issue.record("expected a time-out")
        } catch {
            #expect("\(error)".contains("exceeded the regex time limit"))
        }
    }

    @Test func filterDropsByLengthAndPattern() throws {
        let yaml = #"stages: [ { filter: { min-words: 3, max-chars: 40, exclude: "(?i)lorem ipsum" } } ]"#
        let docs = try TestSupport.run(yaml, ["two words", "three whole words", "Lorem ipsum dolor sit amet", String(repeating: "long ", count: 10)])
        #expect(docs.map(\.text) == ["three whole words"])
        #expect(TestSupport.diagnostics("stages: [ { filter: { min-chars: 10, max-chars: 5 } } ]") == "test.yaml:1:49: error: option 'max-chars' of 'filter': 'max-chars' (5) is below 'min-chars' (10): every document would be dropped")
    }
}
