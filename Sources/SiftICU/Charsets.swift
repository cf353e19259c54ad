import CICUBridge

/// ICU's charset detection and converters.
public enum Charsets {
    /// One guess of ICU's charset detector.
    public struct Match: Equatable, Sendable {
        /// ICU's name for the charset ("UTF-8", "windows-1252", "GB18030", "Shift_JIS", …).
        public let name: String
        /// 0–100.
        public let confidence: Int
        /// The language the detector associates with the match, if any ("zh", "ru").
        public let language: String?
    }

    /// The detector's matches for raw bytes, best first.
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        var buffer = [CChar](repeating: 0, count: 4096)
        var status: Int32 = 0
        let n = sift_charset_detect(base, Int64(bytes.count), &buffer, 4096, &status)
        guard status <= 0, n > 0 else { return [] }
        return String(cCharacters: buffer).split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 2, let c = Int(f[1]) else { return nil }
            return Match(name: String(f[0]), confidence: c, language: f.count > 2 && !f[2].isEmpty ? String(f[2]) : nil)
        }
    }

    /// ICU's canonical name for a charset name or alias ("latin1" → "ISO-8859-1"), or nil if unknown.
    public static func canonicalName(_ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 128)
        return sift_charset_canonical(name, &buffer, 128) == 1 ? String(cCharacters: buffer) : nil
    }

    /// Decodes bytes from `charset`. Strict decoding returns nil at the first illegal or unmappable
    /// sequence; lenient decoding substitutes U+FFFD and counts the substitutions.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from charset: String, strict: Bool) -> (text: String, substitutions: Int)? {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var subs: Int64 = 0
        var status: Int32 = 0
        let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        sift_charset_decode(charset, base, Int64(bytes.count), strict ? 1 : 0, &out, &length, &subs, &status)
        defer { sift_free(out) }
        guard status <= 0 else { return nil }
        guard let out else { return ("", 0) }
        return (String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self), Int(subs))
    }

    /// Encodes text into `charset`, or nil if it has a character the charset cannot represent.
    public static func encode(_ text: String, to charset: String) -> [UInt8]? {
        var t = text
        return t.withUTF8 { src -> [UInt8]? in
            var out: UnsafeMutablePointer<UInt8>? = nil
            var length: Int64 = 0
            var status: Int32 = 0
            let base = src.baseAddress ?? UnsafePointer(bitPattern: 1)!
            sift_charset_encode(charset, base, Int64(src.count), &out, &length, &status)
            defer { sift_free(out) }
            guard status <= 0, let out else { return status <= 0 ? [] : nil }
            return Array(UnsafeBufferPointer(start: out, count: Int(length)))
        }
    }
}
