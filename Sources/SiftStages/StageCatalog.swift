import Sift

extension StageRegistry {
    /// Every stage Sift ships, in the order `sift stages` lists them. Adding a stage means adding
    /// its descriptor here; validation, `sift stages` and the reference docs follow from it.
    public static let standard = StageRegistry([
        NormalizeStage.descriptor,
        TransliterateStage.descriptor,
        WhitespaceStage.descriptor,
        ReplaceStage.descriptor,
        DropLinesStage.descriptor,
        FilterStage.descriptor,
        FixMojibakeStage.descriptor,
        HashtagsStage.descriptor,
        DedupeLinesStage.descriptor,
        UILinesStage.descriptor,
        ScriptsStage.descriptor,
        LanguageStage.descriptor,
        StrayStage.descriptor,
        SegmentStage.descriptor,
        UnitsStage.descriptor,
    ])
}
