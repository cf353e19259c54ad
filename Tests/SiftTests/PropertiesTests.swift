import Foundation
import Sift
import SiftFuzzing
import SiftICU
import SiftStages
import SiftTestSupport
import Testing

/// Properties checked on generated input (seeded, so every failure names a seed that replays it).
/// These are the fast versions; the fuzzers (Fuzz/run) check the same invariants for hours.
@Suite struct PropertiesTests {
    static let cases = 250

    // MARK: normalization

    @Test(arguments: NormalizationForm.allCases)
    func normalizationIsIdempotentAndAgreesWithICU(_ form: NormalizationForm) throws {
        let normalizer = try Normalizer(form)
        let pipeline = try TestSupport.pipeline("stages: [ { normalize: { form: \(form.rawValue) } } ]")
        for seed in 0..<UInt64(Self.cases) {
            var rng = Generator(seed: seed)
            let text = seed % 2 == 0 ? rng.hostileText(maxProgram: 80) : rng.lineText()
            let once = try Runner.apply(pipeline, to: [Document(id: "n", text: text)])[0]
            let twice = try Runner.apply(pipeline, to: [once])[0]
            #expect(once.text == normalizer.normalize(text), "seed \(seed)")
            #expect(twice.text == once.text, "seed \(seed): not idempotent")
            #expect(normalizer.isNormalized(once.text), "seed \(seed)")
            #expect(DocumentInvariants.violations(once).isEmpty, "seed \(seed)")
            // An independent implementation (Foundation's), on characters both Unicode versions know.
            let known = String(String.UnicodeScalarView(text.unicodeScalars.filter {
                guard let age = $0.properties.age else { return false }
                return age.major < 15 && !$0.properties.isNoncharacterCodePoint
            }))
            let reference: String? = switch form {
            case .nfc: known.precomposedStringWithCanonicalMapping
            case .nfd: known.decomposedStringWithCanonicalMapping
            case .nfkc: known.precomposedStringWithCompatibilityMapping
            case .nfkd: known.decomposedStringWithCompatibilityMapping
            case .nfkcCasefold: nil
            }
            if let reference {
                #expect(Array(normalizer.normalize(known).unicodeScalars) == Array(reference.unicodeScalars), "seed \(seed)")
            }
        }
    }

    // MARK: spans and removals through random pipelines

    @Test func invariantsHoldAfterEveryStageOfRandomPipelines() {
        let n = FuzzHarness.stageConfigurations.count
        var loaded = 0
        for seed in 0..<UInt64(Self.cases * 2) {
            var rng = Generator(seed: seed &* 7919)
            let chain = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 0..<n, using: &rng) }
            let texts = [rng.lineText(), rng.hostileText(maxProgram: 100), rng.lineText(maxLines: 30) + rng.hostileText(maxProgram: 20)]
            guard let problems = FuzzHarness.checkChain(chain, on: texts) else { continue }
            loaded += 1
            #expect(problems.isEmpty, "seed \(seed), chain \(chain.map { FuzzHarness.stageConfigurations[$0].yaml }): \(problems.prefix(3))")
        }
        #expect(loaded > Self.cases)
    }

    @Test func undoingRecordedRemovalsRestoresTheInput() {
        let restorable = FuzzHarness.stageConfigurations.indices.filter { FuzzHarness.stageConfigurations[$0].restorable }
        for seed in 0..<UInt64(Self.cases * 2) {
            var rng = Generator(seed: seed &+ 1_000_003)
            let chain = (0..<Int.random(in: 1...4, using: &rng)).map { _ in restorable.randomElement(using: &rng)! }
            guard let problems = FuzzHarness.checkChain(chain, on: [rng.lineText(maxLines: 25), rng.lineText()]) else { continue }
            #expect(problems.isEmpty, "seed \(seed), chain \(chain.map { FuzzHarness.stageConfigurations[$0].yaml }): \(problems.prefix(3))")
        }
    }

    /// Spans carried through deletions cover exactly their old text with the deleted parts cut out.
    @Test(arguments: ["segment: { unit: word }", "segment", "scripts: { neutral: true }", "segment: { unit: grapheme }"])
    func spansCarriedThroughDeletionsCoverTheirTextMinusWhatWasRemoved(_ annotator: String) throws {
        let deleters = ["drop-lines: { pattern: \"(?i)share|\\\\p{Han}|^$\", blank: true }", "dedupe-lines: { anywhere: true, min-chars: 1 }",
                        "ui-lines", "replace: { pattern: \"\\\\p{Mn}+|[aeiou]|\\\\s+\", reason: r }", "hashtags",
                        "stray: { unit: run, action: remove, min-letters: 1 }"]
        let annotate = try TestSupport.pipeline("stages: [ { \(annotator) } ]")
        for (d, deleter) in deleters.enumerated() {
            let delete = try TestSupport.pipeline("stages: [ { \(deleter) } ]")
            for seed in 0..<UInt64(Self.cases / 2) {
                var rng = Generator(seed: seed &* 31 &+ UInt64(d))
                let text = seed % 3 == 0 ? rng.hostileText(maxProgram: 60) : rng.lineText()
                let before = try Runner.apply(annotate, to: [Document(id: "p", text: text)])[0]
                guard let after = try Runner.apply(delete, to: [before]).first else { continue }
                let expected = Self.expectedCoveredTexts(before: before, after: after)
                let actual = after.spans.filter { $0.start < $0.end || true }.map { String(after.text(of: $0.range)) }
                #expect(actual == expected, "\(deleter), seed \(seed): \(text.debugDescription)")
            }
        }
    }

    /// What each span of `before` should cover after the removals recorded in `after`.
    static func expectedCoveredTexts(before: Document, after: Document) -> [String] {
        let old = Array(before.text.unicodeScalars)
        // Removal starts are positions in the text after earlier removals; turn them into old ranges.
        var removedMask = [Bool](repeating: false, count: old.count)
        var shift = 0
        for case .object(let o) in after.outputMetadata["removed"]?.arrayValue ?? [] {
            let start = o["start"]!.intValue!, length = o["text"]!.stringValue!.unicodeScalars.count
            for i in (start + shift)..<(start + shift + length) { removedMask[i] = true }
            shift += length
        }
        let byteOffsets = before.spans.flatMap { [$0.start, $0.end] }
        let scalar = ScalarOffsets.scalars(forBytes: byteOffsets, in: before.text)
        var out: [String] = []
        for i in before.spans.indices {
            let a = scalar[2 * i], b = scalar[2 * i + 1]
            let kept = (a..<b).filter { !removedMask[$0] }.map { old[$0] }
            if kept.isEmpty && a < b { continue }  // removed entirely: the span goes
            out.append(String(String.UnicodeScalarView(kept)))
        }
        return out
    }

    // MARK: validation versus run

    static let stringValues = ["x", "Any-Latin", "", "ß > ss;", "Latin-ASCII", "::Null;", "foo bar", "$1", "\\", "${x}",
                               "a > b; b > a;", "[:^L:] > ;", "Any-Null", "Hex-Any/Java", "Greek-Latin/UNGEGN", "(", "::NFD; ::[:Mn:] Remove;"]
    static let regexValues = ["a+", "(?i)share", "\\p{Han}", "(", "[a-", "(?<n>x)", "^$", "", "\\b\\w+\\b", "(a|b)*c", "x{2,}?",
                              "(?m)^\\s*$", "(?<=a)b", "\\", "[[:alpha:]--[a]]", "(?x) a # c", "\\N{LATIN SMALL LETTER A}"]
    static let localeValues = ["en", "th", "zh-Hant", "auto", "xx", "en_US_POSIX", "@calendar=x", "", "root", "sr-Latn", "ja", "de-u-co-phonebk", "123"]

    static func randomValue(_ spec: OptionSpec, _ rng: inout Generator) -> String {
        func q(_ s: String) -> String { JSONWriter.string(.string(s)) }
        if Int.random(in: 0..<8, using: &rng) == 0 {
            return ["\"nonsense\"", "[1, [2]]", "{a: 1}", "-1", "1e400", "~", "true"].randomElement(using: &rng)!
        }
        switch spec.type {
        case .string: return q(stringValues.randomElement(using: &rng)!)
        case .regex: return q(regexValues.randomElement(using: &rng)!)
        case .locale: return q(localeValues.randomElement(using: &rng)!)
        case .boolean: return Bool.random(using: &rng) ? "true" : "false"
        case .integer(let lo, let hi):
            let low = (lo ?? -5) - 1, high = min(hi ?? 60, (lo ?? 0) + 60) + 1
            return String(Int.random(in: low...high, using: &rng))
        case .number(let lo, let hi):
            return String(Double.random(in: (lo ?? -2) - 0.5...(hi ?? 4) + 0.5, using: &rng))
        case .choice(let words): return q(Bool.random(using: &rng) ? words.randomElement(using: &rng)! : "nope")
        case .strings: return "[" + (0..<Int.random(in: 0...3, using: &rng)).map { _ in q(stringValues.randomElement(using: &rng)!) }.joined(separator: ", ") + "]"
        }
    }

    @Test func validationNeverAcceptsWhatTheRunThenRejects() {
        let registry = StageRegistry.standard
        var accepted = 0
        for seed in 0..<UInt64(Self.cases * 3) {
            var rng = Generator(seed: seed &+ 77)
            var yaml = "stages:\n"
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let d = registry.descriptors.randomElement(using: &rng)!
                var options: [String] = []
                for spec in d.options where Int.random(in: 0..<3, using: &rng) == 0 || (spec.required && Int.random(in: 0..<8, using: &rng) != 0) {
                    options.append("\(spec.name): \(Self.randomValue(spec, &rng))")
                }
                if Int.random(in: 0..<20, using: &rng) == 0 { options.append("bogus: 1") }
                yaml += "  - \(d.name): { \(options.joined(separator: ", ")) }\n"
            }
            let pipeline: Pipeline
            do {
                pipeline = try TestSupport.pipeline(yaml)
            } catch let error as PipelineError {
                #expect(!error.diagnostics.isEmpty && error.description.hasPrefix("test.yaml:"), "seed \(seed)")
                continue
            } catch {
                Issue.record("seed \(seed): \(error)")
                continue
            }
            accepted += 1
            let texts = ["Title\nShare\nBody text, with a https://example.org/x link. Second sentence.\n#tag #more\n",
                         rng.lineText(), rng.hostileText(maxProgram: 60)]
            let problems = FuzzHarness.checkPipeline(pipeline, on: texts)
            #expect(problems.isEmpty, "seed \(seed):\n\(yaml)\(problems.prefix(3))")
        }
        #expect(accepted > Self.cases / 4)
    }
}
