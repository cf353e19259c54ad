import CICUBridge

/// A Unicode normalization form, as ICU implements it.
public enum NormalizationForm: String, CaseIterable, Sendable {
    case nfc, nfd, nfkc, nfkd
    /// NFKC followed by case folding and removal of default-ignorable code points (UTS #46 style).
    case nfkcCasefold = "nfkc-casefold"

    var icuCode: Int32 {
        switch self {
        case .nfc: 0
        case .nfd: 1
        case .nfkc: 2
        case .nfkd: 3
        case .nfkcCasefold: 4
        }
    }
}

/// One changed region of a rewrite, in UTF-8 bytes of the source and the result.
public struct ByteEdit: Equatable, Sendable {
    /// Start of the changed region in the source text (bytes).
    public var sourceStart: Int
    /// Length of the region in the source (bytes).
    public var oldLength: Int
    /// Length of its replacement (bytes).
    public var newLength: Int

    public init(sourceStart: Int, oldLength: Int, newLength: Int) {
        self.sourceStart = sourceStart
        self.oldLength = oldLength
        self.newLength = newLength
    }
}

/// ICU's normalizer working directly on UTF-8 (`Normalizer2::normalizeUTF8`): no UTF-16 round trip,
/// and already-normalized text is returned as is after a quick check.
///
/// ICU's normalizer instances are immutable singletons, so a `Normalizer` is freely shared across threads.
public struct Normalizer: @unchecked Sendable {
    public let form: NormalizationForm
    private let handle: OpaquePointer

    public init(_ form: NormalizationForm) throws(ICUError) {
        var status: Int32 = 0
        guard let h = sift_norm_get(form.icuCode, &status), status <= 0 else {
            throw ICUError(code: status, context: "loading the \(form.rawValue) normalizer")
        }
        self.form = form
        self.handle = h
    }

    /// Where ICU's check of valid UTF-8 `bytes` must start, or `bytes.count` when they are in this
    /// form for certain. A screen in the bridge passes over the characters whose quick check is Yes
    /// and whose combining class is 0 (ASCII sixteen bytes a step; most of the BMP's letters,
    /// CJK included, by a bit table): a text of those alone is in the form, and each has a
    /// normalization boundary before it, so the check starts at the last one before the first
    /// other character (which may compose with it). NFKC_Casefold changes ASCII: checked whole.
    /// The first `asciiPrefix` bytes, known to be ASCII, pass the screen unread.
    func checkStart(_ bytes: UnsafeBufferPointer<UInt8>, asciiPrefix: Int = 0) -> Int {
        guard form != .nfkcCasefold, let base = bytes.baseAddress else { return 0 }
        let n = bytes.count
        let skipped = min(max(asciiPrefix, 0), n)
        let prefix = skipped + Int(sift_norm_quick_yes_prefix_utf8(form.icuCode, base + skipped, Int64(n - skipped)))
        if prefix >= n { return n }
        var from = prefix
        if from > 0 {
            from -= 1
            while from > 0 && base[from] & 0xC0 == 0x80 { from -= 1 }
        }
        return from
    }

    /// Whether `text` is already in this form.
    public func isNormalized(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            var status: Int32 = 0
            return sift_norm_is_normalized_utf8(handle, buffer.baseAddress, Int64(buffer.count), &status) == 1
        }
    }

    /// Whether UTF-8 `bytes` (valid UTF-8) are already in this form, without making a String:
    /// only the text from ``checkStart(_:asciiPrefix:)`` on goes to ICU's check. `asciiPrefix`:
    /// how many bytes at the start are known to be ASCII (those are not screened again).
    public func isNormalized(_ bytes: UnsafeBufferPointer<UInt8>, asciiPrefix: Int = 0) -> Bool {
        let from = checkStart(bytes, asciiPrefix: asciiPrefix)
        if from == bytes.count { return true }
        var status: Int32 = 0
        return sift_norm_is_normalized_utf8(handle, bytes.baseAddress.map { $0 + from }, Int64(bytes.count - from), &status) == 1 && status <= 0
    }

    /// The text in this normalization form.
    public func normalize(_ text: String) -> String {
        normalize(text, recordingEdits: false).text
    }

    /// The text in this normalization form and, if asked, the byte regions that changed
    /// (ICU's coarse edits: each maps a source range to a result range, in order).
    public func normalize(_ text: String, recordingEdits: Bool) -> (text: String, edits: [ByteEdit]) {
        var source = text
        return source.withUTF8 { src -> (String, [ByteEdit]) in
            var status: Int32 = 0
            // Only the text from `checkStart` on needs ICU's check.
            let from = checkStart(src)
            if from == src.count { return (text, []) }
            if sift_norm_is_normalized_utf8(handle, src.baseAddress.map { $0 + from }, Int64(src.count - from), &status) == 1 {
                return (text, [])
            }
            var capacity = src.count + src.count / 2 + 16
            while true {
                var editsPointer: UnsafeMutablePointer<Int64>? = nil
                var editCount: Int64 = 0
                var needed: Int64 = 0
                let result = String(unsafeUninitializedCapacity: capacity) { dst -> Int in
                    status = 0
                    needed = withUnsafeMutablePointer(to: &editsPointer) { ep in
                        sift_norm_normalize_utf8(
                            handle, src.baseAddress, Int64(src.count), dst.baseAddress, Int64(dst.count),
                            recordingEdits ? ep : nil, &editCount, &status)
                    }
                    return needed >= 0 && needed <= Int64(dst.count) ? Int(needed) : 0
                }
                if status > 0 {
                    // Only invalid input can fail, and Swift Strings are valid UTF-8.
                    return (text, [])
                }
                if needed > Int64(capacity) {
                    capacity = Int(needed)
                    continue
                }
                var edits: [ByteEdit] = []
                if let p = editsPointer {
                    edits.reserveCapacity(Int(editCount))
                    for i in 0..<Int(editCount) {
                        edits.append(ByteEdit(sourceStart: Int(p[3 * i]), oldLength: Int(p[3 * i + 1]), newLength: Int(p[3 * i + 2])))
                    }
                    sift_free(p)
                }
                return (result, edits)
            }
        }
    }
}
