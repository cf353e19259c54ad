#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CByteScan
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

    /// Separators between the tags of a footer: spaces, commas, semicolons, bars, middle dots.
    private static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x2C, 0x3B, 0x7C, 0xB7, 0xA0, 0x3000, 0xFF0C, 0x3001: true
        default: false
        }
    }

    /// The tags of a line if it is made only of hashtags and separators, else nil.
    static func tagLine(_ line: Substring) -> [String]? {
        // Cheap rejection: a hashtag line starts with '#' or '＃' once leading spaces are skipped.
        guard let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }), first == UInt8(ascii: "#") || first == 0xEF else { return nil }
        if case .some(.some(let tags)) = line.utf8.withContiguousStorageIfAvailable({ asciiTagLine($0) }) { return tags }
        var tags: [String] = []
        var token = String.UnicodeScalarView()
        for s in line.unicodeScalars {
            if isSeparator(s) {
                if !token.isEmpty {
                    guard let tag = hashtag(token) else { return nil }
                    tags.append(tag)
                    token = String.UnicodeScalarView()
                }
            } else {
                token.append(s)
            }
        }
        if !token.isEmpty {
            guard let tag = hashtag(token) else { return nil }
            tags.append(tag)
        }
        return tags.isEmpty ? nil : tags
    }

    /// ``tagLine(_:)`` for an ASCII line, on its bytes (letters are A–Z and a–z there, digits 0–9,
    /// and the separators the ASCII ones); nil for a line with any other byte, which takes the
    /// general path, and `.some(nil)` for an ASCII line that is not a hashtag line.
    static func asciiTagLine(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]?? {
        var tags: [String] = []
        switch asciiTagLine(bytes, appendingTo: &tags) {
        case nil: return nil
        case 0: return .some(nil)
        default: return .some(tags)
        }
    }

    /// ``asciiTagLine(_:)`` appending the tags to `tags` (no array per line): the number of tags
    /// appended (0 for an ASCII line that is not a hashtag line, `tags` then unchanged), nil for a
    /// line with a non-ASCII byte.
    static func asciiTagLine(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo tags: inout [String]) -> Int? {
        if !ASCIIScan.isASCII(bytes) { return nil }
        guard let p = bytes.baseAddress else { return 0 }
        let before = tags.count
        var i = 0
        let n = bytes.count
        while i < n {
            let b = p[i]
            if isTagSeparator(b) {
                i &+= 1
                continue
            }
            // A token: '#', a letter, then letters, digits and underscores up to a separator.
            guard b == UInt8(ascii: "#"), i &+ 1 < n, isASCIILetter(p[i &+ 1]) else {
                tags.removeSubrange(before...)
                return 0
            }
            var j = i &+ 2
            while j < n, isTagWordByte(p[j]) { j &+= 1 }
            guard j == n || isTagSeparator(p[j]) else {
                tags.removeSubrange(before...)
                return 0
            }
            tags.append(UTF8Text.string(validUTF8: UnsafeBufferPointer(start: p + i + 1, count: j - i - 1), isASCII: true))
            i = j
        }
        return tags.count - before
    }

    /// Space, tab, comma, semicolon, bar: the ASCII separators of a footer (`b` is ASCII), as bits
    /// of two masks.
    @inline(__always)
    private static func isTagSeparator(_ b: UInt8) -> Bool {
        let low: UInt64 = 1 << 0x09 | 1 << 0x20 | 1 << 0x2C | 1 << 0x3B, high: UInt64 = 1 << (0x7C - 64)
        return (b < 64 ? low &>> UInt64(b) : high &>> UInt64(b & 63)) & 1 != 0
    }

    /// A letter, digit or underscore (`b` is ASCII).
    @inline(__always)
    private static func isTagWordByte(_ b: UInt8) -> Bool {
        let low: UInt64 = 0x3FF << 0x30, high: UInt64 = 0x3FF_FFFF << 1 | 1 << (0x5F - 64) | 0x3FF_FFFF << 33
        return (b < 64 ? low &>> UInt64(b) : high &>> UInt64(b & 63)) & 1 != 0
    }

    @inline(__always)
    private static func isASCIILetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    /// "#KimJongUn" → "KimJongUn"; nil for "#", "#1" or a token with other characters.
    static func hashtag(_ token: String.UnicodeScalarView) -> String? {
        guard let hash = token.first, hash == "#" || hash == "＃" else { return nil }
        let body = token.dropFirst()
        guard let first = body.first, first.properties.isAlphabetic else { return nil }
        for s in body where !(s.properties.isAlphabetic || s.properties.numericType != nil || s == "_" || s.properties.generalCategory == .nonspacingMark) {
            return nil
        }
        return String(String.UnicodeScalarView(body))
    }

    static func hashtag(_ token: Substring) -> String? { hashtag(token.unicodeScalars.reduce(into: String.UnicodeScalarView()) { $0.append($1) }) }

    /// The edits and tags of a document, kept from document to document (no allocation per
    /// document). Only `process` touches them, and a stage instance serves one worker: no
    /// exclusivity checks (a dynamic check on a class's stored property costs more than a hundred
    /// instructions).
    @exclusivity(unchecked) private var editBuffer: [TextEdit] = []
    @exclusivity(unchecked) private var tagBuffer: [String] = []

    func process(_ document: inout Document) throws -> StageOutcome {
        var edits = editBuffer, tags = tagBuffer
        editBuffer = []
        tagBuffer = []
        defer {
            // Pages without tags leave both empty (`removeAll` is a generic call even then).
            if !edits.isEmpty { edits.removeAll(keepingCapacity: true) }
            if !tags.isEmpty { tags.removeAll(keepingCapacity: true) }
            editBuffer = edits
            tagBuffer = tags
        }
        let isASCII = document.isKnownASCII, remove = remove, inline = inline, minTags = minTags
        document.withUTF8 { bytes in
            if inline {
                bytes.forEachLine {
                    Self.examine($0, in: bytes, isASCII: isASCII, minTags: minTags, remove: remove, inline: true, tags: &tags, edits: &edits)
                }
            } else {
                // Only lines whose first byte after spaces and tabs is '#' (or 0xEF, which starts '＃')
                // can be hashtag lines: found in one pass in C, most texts have one or none.
                guard let base = bytes.baseAddress else { return }
                let n = bytes.count
                var from = 0
                while from < n {
                    let start = Int(sift_lines_next_hash_line(base, Int64(from), Int64(n)))
                    if start >= n { break }
                    let line = Self.line(at: start, in: bytes)
                    Self.examine(line, in: bytes, isASCII: isASCII, minTags: minTags, remove: remove, inline: false, tags: &tags, edits: &edits)
                    from = line.whole.upperBound
                }
            }
        }
        if tags.isEmpty { return .keep }
        // First occurrences, in order (a page has a handful of tags: no hashing needed).
        var existing = document.metadata["hashtags"]?.arrayValue ?? []
        existing.reserveCapacity(existing.count + tags.count)
        if existing.isEmpty && tags.count <= 32 {
            // The usual case: the tags of this page only, compared as strings.
            for (i, t) in tags.enumerated() where !tags[..<i].contains(t) { existing.append(.string(t)) }
        } else if tags.count <= 32 {
            // A tag already listed (from an earlier line or an earlier stage) is skipped.
            for t in tags where !existing.contains(.string(t)) { existing.append(.string(t)) }
        } else {
            var seen = Set<String>()
            for t in tags where seen.insert(t).inserted && !existing.contains(.string(t)) { existing.append(.string(t)) }
        }
        document.metadata["hashtags"] = .array(existing)
        document.apply(edits, stage: "hashtags")
        return .keep
    }

    /// Looks at one line: a hashtag line gives its tags (and its removal, if `remove`), another
    /// line its inline tags if they are wanted.
    private static func examine(_ line: LineRange, in bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool, minTags: Int, remove: Bool, inline: Bool,
                                tags: inout [String], edits: inout [TextEdit]) {
        let before = tags.count
        if let appended = asciiTagLine(UnsafeBufferPointer(rebasing: bytes[line.content]), appendingTo: &tags) {
            if appended > 0 && appended < minTags { tags.removeSubrange(before...) }
        } else if let found = tagLine(text(of: line.content, in: bytes, isASCII: isASCII)), found.count >= minTags {
            tags += found
        }
        if tags.count > before {
            if remove { edits.append(TextEdit(range: line.whole, removalReason: "hashtag line")) }
        } else if inline {
            let text = text(of: line.content, in: bytes, isASCII: isASCII)
            for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let trimmed = token.prefix { !",.;:!?)".contains($0) }
                if let t = hashtag(Substring(trimmed)) { tags.append(t) }
            }
        }
    }

    /// A line's text, as ``Document/text(of:)`` gives it (lines start and end on scalar boundaries).
    private static func text(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> Substring {
        Substring(UTF8Text.string(validUTF8: UnsafeBufferPointer(rebasing: bytes[range]), isASCII: isASCII ? true : nil))
    }

    /// The starts of the lines whose first byte other than a space or tab is '#' or 0xEF, in order.
    static func candidateLines(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts: [Int] = []
        candidateLines(bytes, into: &starts)
        return starts
    }

    /// ``candidateLines(_:)`` into `starts` (emptied first), as `process` finds them
    /// (`sift_lines_next_hash_line`, thirty-two bytes a step with AVX2); `bytewise` with the
    /// one-byte-a-step search instead (for tests).
    static func candidateLines(_ bytes: UnsafeBufferPointer<UInt8>, into starts: inout [Int], bytewise: Bool = false) {
        starts.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var from = 0
        while from < n {
            let start = Int(bytewise ? sift_lines_next_hash_line_bytes(base, Int64(from), Int64(n))
                                     : sift_lines_next_hash_line(base, Int64(from), Int64(n)))
            if start >= n { break }
            starts.append(start)
            from = line(at: start, in: bytes).whole.upperBound
        }
    }

    /// The line starting at `start`.
    static func line(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> LineRange {
        let n = bytes.count
        var end = start
        if let base = bytes.baseAddress, let lf = memchr(base + start, 0x0A, n - start) {
            end = base.distance(to: lf.assumingMemoryBound(to: UInt8.self))
        } else {
            end = n
        }
        let contentEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
        return LineRange(content: start..<contentEnd, whole: start..<(end < n ? end + 1 : n))
    }
}
