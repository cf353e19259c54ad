import Sift
import SiftTestSupport
import Testing

/// Bugs the fuzzers and property tests found in stages, kept fixed.
@Suite struct RobustnessRegressionTests {
    /// `segment` with `abbreviations` validated (locale auto) but failed on every document: ICU has
    /// no suppression data for root (or ja, th, …), and the filtered iterator could not be made.
    @Test(arguments: ["auto", "ja", "th", "en"])
    func sentenceAbbreviationsWorkForLocalesWithoutSuppressionData(_ locale: String) throws {
        let d = try TestSupport.run("stages: [ { segment: { locale: \(locale), abbreviations: [\"approx.\"] } } ]",
                                    "It costs approx. five euros. Then it stops.")
        #expect(d.spans.map { TestSupport.covered($0, in: d) } == ["It costs approx. five euros.", "Then it stops."])
    }
}

@Suite struct TransliterateLongLineTests {
    /// ICU's transliterators are quadratic in the length of what they are given: a 1 MB line took
    /// minutes. Lines are now handed over in pieces of at most 4 KiB, cut after spaces or before a
    /// new grapheme, so the result is the same as for the whole line.
    @Test func aMegabyteLineIsQuickAndTheSameAsPieceByPiece() throws {
        let yaml = #"stages: [ { transliterate: { id: "Any-Latin; Latin-ASCII" } } ]"#
        let word = "Ελληνικά кириллица 中文 éàü "
        let line = String(repeating: word, count: 1_000_000 / word.utf8.count)
        let t0 = monotonicSeconds()
        let d = try TestSupport.run(yaml, line)
        #expect(monotonicSeconds() - t0 < 60)
        let one = try TestSupport.run(yaml, word)
        #expect(d.text == String(repeating: one.text, count: 1_000_000 / word.utf8.count))
        // A cluster of thousands of marks with no space is cut between clusters, never inside one.
        let cluster = "a" + String(repeating: "\u{0301}", count: 700)
        let nfc = #"stages: [ { transliterate: { id: "NFC; Latin-ASCII" } } ]"#
        let c = try TestSupport.run(nfc, String(repeating: cluster, count: 20))
        #expect(c.text == String(repeating: try TestSupport.run(nfc, cluster).text, count: 20))
    }
}

#if canImport(Glibc)
import Glibc
#endif

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

@Suite struct UILinesLongLineTests {
    /// A long line without newlines went through Foundation's phrase search for every interface
    /// phrase and took minutes; lines too long to be interface lines now skip it.
    @Test func aLongSingleWordLineIsQuick() throws {
        let line = String(repeating: "wordsharedictionar\u{0}x", count: 15_000)
        let t0 = monotonicSeconds()
        let d = try TestSupport.run("stages: [ ui-lines ]", "Share\n" + line + "\nA real sentence that is long enough to count as prose in this document, surely.\n")
        #expect(monotonicSeconds() - t0 < 20)
        #expect(d.text.contains(line))
    }
}
