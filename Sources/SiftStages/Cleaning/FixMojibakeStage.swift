import Sift

/// `fix-mojibake`: repairs text decoded with the wrong charset and records each repair.
final class FixMojibakeStage: Stage {
    static let descriptor = StageDescriptor(
        name: "fix-mojibake", group: "Cleaning",
        summary: "Repairs mojibake (UTF-8 read as windows-1252/latin-1/windows-1251, GBK/Big5/Shift_JIS/EUC-KR/windows-1251 read as latin-1) with ICU converters, keeping a repair only where the result is clearly real text; each repair is recorded in metadata.mojibake.",
        effects: [.rewritesText, .carriesSpans],
        options: [
            OptionSpec("record", .boolean, default: true, help: "Record each repair (original, fixed, explanation) in metadata.mojibake."),
        ],
        example: "- fix-mojibake",
        build: { options throws(OptionError) in
            let record = options.bool("record")
            let repair = MojibakeRepair()
            return StageFactory { FixMojibakeStage(repair: repair, record: record) }
        })

    private let repair: MojibakeRepair
    private let record: Bool

    init(repair: MojibakeRepair, record: Bool) {
        self.repair = repair
        self.record = record
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        let asciiPrefix = document.asciiPrefix
        let fixes = document.withUTF8 { repair.fixes(in: $0, asciiPrefix: asciiPrefix) }
        if fixes.isEmpty { return .keep }
        if record {
            for f in fixes {
                document.metadata.append(["text": .string(f.original), "fixed": .string(f.fixed), "cause": .string(f.explanation)], toArray: "mojibake")
            }
        }
        document.apply(fixes.map { TextEdit(range: $0.range, replacement: $0.fixed) }, stage: "fix-mojibake")
        return .keep
    }
}
