import Sift
import SiftICU

/// `hashtags`: finds lines made only of hashtags (the "#Tag , #Other" footers of social and news
/// pages), moves the tags to metadata.hashtags and removes the lines (recorded).
final class HashtagsStage: Stage {
    static let descriptor = StageDescriptor(
        name: "hashtags", group: "Cleaning",
        summary: "Extracts hashtag footer lines (lines of only #tags and separators) into metadata.hashtags and removes them, or keeps them.",
        effects: [.rewritesText, .carriesSpans, .removesText],
        options: [
            OptionSpec("action", .choice(["remove", "keep"]), default: "remove", help: "remove: delete hashtag lines (recorded in metadata.removed); keep: only collect the tags."),
            OptionSpec("inline", .boolean, default: false, help: "Also collect hashtags that appear inside ordinary lines (they are never removed)."),
            OptionSpec("min-tags", .integer(min: 1, max: nil), default: 1, help: "Fewest tags for a line to count as a hashtag line."),
        ],
        example: "- hashtags: { action: remove }",
        build: { options throws(OptionError) in
            let remove = options.string("action") == "remove"
            let inline = options.bool("inline"), minTags = options.int("min-tags") ?? 1
            return StageFactory { HashtagsStage(remove: remove, inline: inline, minTags: minTags) }
        })

    private let remove: Bool
    private let inline: Bool
    private let minTags: Int

    init(remove: Bool, inline: Bool, minTags: Int) {
        self.remove = remove
        self.inline = inline
        self.minTags = minTags
    }

    /// The tags of a line if it is made only of hashtags and separators, else nil.
    static func tagLine(_ line: Substring) -> [String]? {
        var tags: [String] = []
        for token in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" || $0 == "|" || $0 == "·" || $0 == "，" || $0 == "、" }) {
            guard let tag = hashtag(token) else { return nil }
            tags.append(tag)
        }
        return tags.isEmpty ? nil : tags
    }

    /// "#KimJongUn" → "KimJongUn"; nil for "#", "#1" or a token with other characters.
    static func hashtag(_ token: Substring) -> String? {
        guard token.first == "#" || token.first == "＃" else { return nil }
        let body = token.dropFirst()
        guard let first = body.unicodeScalars.first, first.properties.isAlphabetic else { return nil }
        for s in body.unicodeScalars where !(s.properties.isAlphabetic || s.properties.numericType != nil || s == "_" || s.properties.generalCategory == .nonspacingMark) {
            return nil
        }
        return String(body)
    }

    func process(_ document: inout Document) throws -> StageOutcome {
        var tags: [String] = []
        var edits: [TextEdit] = []
        for line in document.lineRanges {
            let text = document.text(of: line.content)
            if let found = Self.tagLine(text), found.count >= minTags {
                tags += found
                if remove { edits.append(TextEdit(range: line.whole, removalReason: "hashtag line")) }
            } else if inline {
                for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                    let trimmed = token.drop { _ in false }.prefix { !",.;:!?)".contains($0) }
                    if let t = Self.hashtag(Substring(trimmed)) { tags.append(t) }
                }
            }
        }
        if tags.isEmpty { return .keep }
        var seen = Set<String>()
        let unique = tags.filter { seen.insert($0).inserted }
        var existing = document.metadata["hashtags"]?.arrayValue ?? []
        for t in unique where !existing.contains(.string(t)) { existing.append(.string(t)) }
        document.metadata["hashtags"] = .array(existing)
        document.apply(edits, stage: "hashtags")
        return .keep
    }
}
