import Sift
import SiftICU

/// `normalize`: Unicode normalization through ICU, on UTF-8, with exact span carrying from ICU's edit records.
final class NormalizeStage: Stage {
    static let descriptor = StageDescriptor(
        name: "normalize", group: "Normalization",
        summary: "Unicode normalization (NFC, NFD, NFKC, NFKD, NFKC_Casefold) through ICU, on UTF-8; spans keep their exact offsets.",
        effects: [.rewritesText, .carriesSpans],
        options: [
            OptionSpec("form", .choice(NormalizationForm.allCases.map(\.rawValue)), default: "nfc",
                       help: "nfc composes, nfd decomposes; the k forms also fold compatibility characters (ﬁ→fi, ①→1, full-width→ASCII); nfkc-casefold also folds case and drops default-ignorables."),
        ],
        example: "- normalize: { form: nfkc }",
        build: { options throws(OptionError) in
            let form = NormalizationForm(rawValue: options.string("form") ?? "nfc")!
            let normalizer: Normalizer
            do { normalizer = try Normalizer(form) } catch { throw OptionError(option: "form", "\(error)") }
            return StageFactory { NormalizeStage(normalizer) }
        })

    private let normalizer: Normalizer

    init(_ normalizer: Normalizer) { self.normalizer = normalizer }

    func process(_ document: inout Document) throws -> StageOutcome {
        // Most texts are already normalized: checked on their bytes, without making a String.
        let asciiPrefix = document.asciiPrefix
        if document.withUTF8({ normalizer.isNormalized($0, asciiPrefix: asciiPrefix) }) { return .keep }
        let (text, edits) = normalizer.normalize(document.text, recordingEdits: true)
        if !edits.isEmpty {
            document.replaceText(text, byteEdits: edits.map { ($0.sourceStart, $0.oldLength, $0.newLength) })
        }
        return .keep
    }
}
