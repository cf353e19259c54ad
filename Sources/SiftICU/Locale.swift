import CICUBridge

/// Locale identifiers checked against ICU's data.
public enum ICULocale {
    /// The canonical ICU ID for a BCP 47 tag or ICU locale ID (`en-US` → `en_US`), or nil when
    /// ICU has no data for its language (`xx`, `englsh`).
    public static func canonical(_ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 160)
        var status: Int32 = 0
        let known = sift_locale_canonical(name, &buffer, 160, &status)
        guard status <= 0, known == 1 else { return nil }
        return String(cCharacters: buffer)
    }
}
