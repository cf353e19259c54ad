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
