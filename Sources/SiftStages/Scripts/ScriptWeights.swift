import SiftICU

/// How much evidence a letter of a script carries. A Han, kana or Hangul character stands for
/// about a word, so it weighs as much as three Latin letters: "Jane Doe的更多文章" is mostly Chinese.
enum ScriptWeights {
    @inline(__always)
    static func weight(_ script: Script) -> Int {
        switch script.rawValue {
        case Script.han.rawValue, Script.hiragana.rawValue, Script.katakana.rawValue, Script.hangul.rawValue: 3
        default: script.rawValue == yi ? 3 : 1
        }
    }

    /// ICU's code of Yi (`USCRIPT_YI`, fixed in its API): a constant rather than a lookup, which
    /// every letter weighed would read through an accessor (a test checks it against ICU).
    static var yi: Int32 { 41 }
    private static let bopomofo = Script(code: "Bopo") ?? .han

    /// The scripts that count as a text's own when its main script is `main`, as ICU codes into
    /// `native`: Han, kana and Hangul mix in Japanese and Korean; Bopomofo annotates Chinese.
    static func native(main: Script, kanaShare: Double, into native: inout [Int32]) {
        // Most texts have one script of their own: written over the last text's, without the
        // generic removal (half of this function's cost).
        if native.count == 1, !main.isCJKOrHangul {
            native[0] = main.rawValue
            return
        }
        native.removeAll(keepingCapacity: true)
        switch main {
        case .han, .hiragana, .katakana:
            native.append(contentsOf: [Script.han.rawValue, bopomofo.rawValue])
            if kanaShare >= 0.05 || main != .han { native.append(contentsOf: [Script.hiragana.rawValue, Script.katakana.rawValue]) }
        case .hangul: native.append(contentsOf: [Script.hangul.rawValue, Script.han.rawValue])
        default: native.append(main.rawValue)
        }
    }

    /// The language a script alone implies, where one language (nearly) owns the script.
    static func impliedLanguage(_ script: Script) -> String? { implied[script.rawValue] }

    private static let implied: [Int32: String] = Dictionary(
        [
            ("Hani", "zh"), ("Bopo", "zh"), ("Hira", "ja"), ("Kana", "ja"), ("Hang", "ko"), ("Thai", "th"),
            ("Grek", "el"), ("Hebr", "he"), ("Geor", "ka"), ("Armn", "hy"), ("Khmr", "km"), ("Laoo", "lo"),
            ("Mymr", "my"), ("Sinh", "si"), ("Tibt", "bo"), ("Ethi", "am"), ("Gujr", "gu"), ("Guru", "pa"),
            ("Knda", "kn"), ("Mlym", "ml"), ("Orya", "or"), ("Taml", "ta"), ("Telu", "te"),
        ].compactMap { code, language in Script(code: code).map { ($0.rawValue, language) } },
        uniquingKeysWith: { a, _ in a })
}

extension Script {
    /// Han, kana or Hangul: the main scripts whose texts own more than one script.
    @inline(__always)
    fileprivate var isCJKOrHangul: Bool {
        switch rawValue {
        case Script.han.rawValue, Script.hiragana.rawValue, Script.katakana.rawValue, Script.hangul.rawValue: true
        default: false
        }
    }
}
