import SiftICU

/// Bytes of unknown provenance to text: UTF-8 when they are UTF-8 (BOM aware), otherwise the
/// charset ICU's detector names (GBK, Shift_JIS, Big5, windows-1251, windows-1252, …), with what
/// was decided recorded in metadata. Never fails: undecodable bytes become U+FFFD and are counted.
public enum TextDecoding {
    public struct Result {
        public var text: String
        /// The charset used, when it was not UTF-8 (or was given).
        public var charset: String?
        /// The detector's confidence in it (0–1), when detected.
        public var confidence: Double?
        /// Bytes that could not be decoded and became U+FFFD.
        public var invalid: Int
    }

    /// Decodes `bytes`; `declared` (from `--encoding`) overrides detection.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, declared: String? = nil) -> Result {
        var body = bytes
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
            body = UnsafeBufferPointer(rebasing: body[3...])
        }
        if declared == nil, bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let charset = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            if let (text, subs) = Charsets.decode(UnsafeBufferPointer(rebasing: bytes[2...]), from: charset, strict: false) {
                return Result(text: text, charset: charset, confidence: 1, invalid: subs)
            }
        }
        if let declared {
            if let (text, subs) = Charsets.decode(body, from: declared, strict: false) {
                return Result(text: text, charset: declared, confidence: nil, invalid: subs)
            }
        }
        if let valid = String(validating: body, as: UTF8.self) {
            return Result(text: valid, charset: declared == nil ? nil : "UTF-8", confidence: nil, invalid: 0)
        }
        // Mostly UTF-8 with a few damaged bytes stays UTF-8: reading it as a legacy charset would
        // turn every correct character into mojibake.
        let census = utf8Census(body)
        if census.multibyte >= census.invalid && census.multibyte > 0 || declared != nil {
            let decoded = UTF8Decoding.decode(body)
            return Result(text: decoded.text, charset: nil, confidence: nil, invalid: decoded.invalidSequences)
        }
        for match in Charsets.detect(body) where match.confidence >= 10 && match.name != "UTF-8" {
            if let (text, _) = Charsets.decode(body, from: match.name, strict: true) {
                return Result(text: text, charset: match.name, confidence: Double(match.confidence) / 100, invalid: 0)
            }
        }
        let decoded = UTF8Decoding.decode(body)
        return Result(text: decoded.text, charset: nil, confidence: nil, invalid: decoded.invalidSequences)
    }

    /// Whether the bytes start with a UTF-16 byte order mark (such text has NUL bytes but is not binary).
    public static func hasUTF16BOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
    }

    /// Valid multi-byte UTF-8 sequences and invalid bytes in a buffer.
    static func utf8Census(_ b: UnsafeBufferPointer<UInt8>) -> (multibyte: Int, invalid: Int) {
        var i = 0, multibyte = 0, invalid = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0
            if n == 0 || i + n > b.count || !(1..<n).allSatisfy({ b[i + $0] & 0xC0 == 0x80 }) {
                invalid += 1
                i += 1
                continue
            }
            multibyte += 1
            i += n
        }
        return (multibyte, invalid)
    }
}
