import SiftICU

/// How much evidence a letter of a script carries. A Han, kana or Hangul character stands for
/// about a word, so it weighs as much as three Latin letters: "Jane Doe的更多文章" is mostly Chinese.
enum ScriptWeights {
    static func weight(_ script: Script) -> Int {
        switch script {
        case .han, .hiragana, .katakana, .hangul: 3
        default: Script(rawValue: script.rawValue) == yi ? 3 : 1
        }
    }

    private static let yi = Script(code: "Yiii") ?? .unknown

    /// The scripts that count as a text's own when its main script is `main`: Han, kana and Hangul
    /// mix in Japanese and Korean; Bopomofo annotates Chinese.
    static func native(main: Script, kanaShare: Double) -> Set<Script> {
        switch main {
        case .han, .hiragana, .katakana:
            var set: Set<Script> = [.han, Script(code: "Bopo") ?? .han]
            if kanaShare >= 0.05 || main != .han { set.formUnion([.hiragana, .katakana]) }
            return set
        case .hangul: return [.hangul, .han]
        default: return [main]
        }
    }

    /// The language a script alone implies, where one language (nearly) owns the script.
    static func impliedLanguage(_ script: Script) -> String? {
        switch script.code {
        case "Hani", "Bopo": "zh"
        case "Hira", "Kana": "ja"
        case "Hang": "ko"
        case "Thai": "th"
        case "Grek": "el"
        case "Hebr": "he"
        case "Geor": "ka"
        case "Armn": "hy"
        case "Khmr": "km"
        case "Laoo": "lo"
        case "Mymr": "my"
        case "Sinh": "si"
        case "Tibt": "bo"
        case "Ethi": "am"
        case "Gujr": "gu"
        case "Guru": "pa"
        case "Knda": "kn"
        case "Mlym": "ml"
        case "Orya": "or"
        case "Taml": "ta"
        case "Telu": "te"
        default: nil
        }
    }
}
