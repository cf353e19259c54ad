#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sift
import SiftICU
@testable import SiftStages
import SiftTestSupport
import Testing

@Suite struct LanguageIdentifierTests {
    let id = LanguageIdentifier.shared

    @Test func findsTheShippedModel() throws {
        #expect(id.model != nil, "Models/language/model.bin must be found from the source tree")
        #expect((id.model?.languages.count ?? 0) >= 40)
    }

    /// Sentences written for these tests, one per language.
    static let sentences: [(String, String)] = [
        ("en", "The committee will publish its final report next Tuesday morning."),
        ("de", "Die Sitzung wurde wegen des starken Schneefalls auf Donnerstag verschoben."),
        ("fr", "Nous avons reçu votre demande et nous vous répondrons dans les plus brefs délais."),
        ("es", "El ayuntamiento ha decidido cerrar la biblioteca durante las obras del verano."),
        ("pt", "A câmara municipal decidiu fechar a biblioteca durante as obras de verão."),
        ("gl", "O concello decidiu pechar a biblioteca durante as obras deste verán."),
        ("it", "Il comune ha deciso di chiudere la biblioteca durante i lavori estivi."),
        ("ca", "L'ajuntament ha decidit tancar la biblioteca durant les obres d'aquest estiu."),
        ("nl", "De gemeente heeft besloten de bibliotheek deze zomer te sluiten voor een verbouwing."),
        ("af", "Die munisipaliteit het besluit om die biblioteek nie gedurende die somer te sluit nie."),
        ("sv", "Kommunen har beslutat att stänga biblioteket under sommarens ombyggnad."),
        ("da", "Kommunen har besluttet at lukke biblioteket, mens det bliver ombygget i sommer."),
        ("nb", "Kommunen har bestemt seg for å stenge biblioteket mens det bygges om i sommer."),
        ("nn", "Kommunen har bestemt seg for å stengje biblioteket medan det vert bygd om i sommar, og eg veit ikkje kvifor."),
        ("fi", "Kunta on päättänyt sulkea kirjaston kesän remontin ajaksi."),
        ("et", "Vallavalitsus otsustas raamatukogu suveks remondi ajaks sulgeda."),
        ("pl", "Rada miasta postanowiła zamknąć bibliotekę na czas letniego remontu."),
        ("cs", "Městská rada se rozhodla zavřít knihovnu po dobu letní rekonstrukce."),
        ("sk", "Mestské zastupiteľstvo sa rozhodlo zatvoriť knižnicu počas letnej rekonštrukcie."),
        ("hu", "A városi tanács úgy döntött, hogy a nyári felújítás idejére bezárja a könyvtárat."),
        ("ro", "Consiliul local a hotărât să închidă biblioteca pe durata lucrărilor din această vară."),
        ("tr", "Belediye meclisi yaz boyunca süren tadilat nedeniyle kütüphaneyi kapatmaya karar verdi."),
        ("id", "Pemerintah kota memutuskan untuk menutup perpustakaan selama renovasi musim panas. Silakan unduh berkasnya."),
        ("ms", "Majlis bandaraya telah memutuskan untuk menutup perpustakaan semasa kerja-kerja pengubahsuaian. Sila muat turun fail itu."),
        ("hr", "Gradsko vijeće odlučilo je zatvoriti knjižnicu tijekom ljetne obnove, što je razočaralo mnoge čitatelje."),
        ("sr-Latn", "Gradsko veće je odlučilo da zatvori biblioteku tokom letnje rekonstrukcije, što je razočaralo mnoge čitaoce."),
        ("sr-Cyrl", "Градско веће је одлучило да затвори библиотеку током летње реконструкције."),
        ("ru", "Городской совет решил закрыть библиотеку на время летнего ремонта."),
        ("uk", "Міська рада вирішила закрити бібліотеку на час літнього ремонту."),
        ("bg", "Общинският съвет реши да затвори библиотеката по време на летния ремонт."),
        ("be", "Гарадскі савет вырашыў зачыніць бібліятэку на час летняга рамонту."),
        ("ar", "قرر المجلس البلدي إغلاق المكتبة خلال أعمال الترميم في الصيف."),
        ("fa", "شورای شهر تصمیم گرفت کتابخانه را در طول تعمیرات تابستانی ببندد."),
        ("ur", "شہر کی کونسل نے گرمیوں کی مرمت کے دوران لائبریری بند کرنے کا فیصلہ کیا ہے۔"),
        ("hi", "नगर परिषद ने गर्मियों में मरम्मत के दौरान पुस्तकालय को बंद करने का फैसला किया है।"),
        ("mr", "नगर परिषदेने उन्हाळ्यातील दुरुस्तीच्या काळात ग्रंथालय बंद ठेवण्याचा निर्णय घेतला आहे."),
        ("el", "Το δημοτικό συμβούλιο αποφάσισε να κλείσει τη βιβλιοθήκη το καλοκαίρι."),
        ("he", "מועצת העיר החליטה לסגור את הספרייה במהלך השיפוץ בקיץ."),
        ("ko", "시의회는 여름 보수 공사 기간 동안 도서관을 닫기로 결정했다."),
        ("ja", "市議会は夏の改修工事の間、図書館を閉鎖することを決めた。"),
        ("zh-Hans", "市议会决定在夏季维修期间关闭图书馆。"),
        ("zh-Hant", "市議會決定在夏季維修期間關閉圖書館。"),
        ("th", "สภาเมืองตัดสินใจปิดห้องสมุดในช่วงการซ่อมแซมฤดูร้อน"),
        ("ka", "საქალაქო საბჭომ გადაწყვიტა ბიბლიოთეკის დახურვა."),
        ("hy", "Քաղաքային խորհուրդը որոշեց փակել գրադարանը ամռանը։"),
    ]

    @Test(arguments: sentences)
    func identifiesSentences(_ expected: String, _ text: String) {
        let g = id.identify(text)
        #expect(g.language == expected, "\(text) → \(g) alternatives \(g.alternatives)")
        #expect(g.confidence > 0.3 && g.confidence <= 1)
    }

    @Test func scriptsAreReported() {
        #expect(id.identify("市議會決定在夏季維修期間關閉圖書館。").script.code == "Hant")
        #expect(id.identify("市议会决定在夏季维修期间关闭图书馆。").script.code == "Hans")
        #expect(id.identify("図書館を閉鎖することを決めた").script.code == "Jpan")
        #expect(id.identify("도서관을 닫기로 결정했다").script.code == "Hang")
        #expect(id.identify("Городской совет решил закрыть библиотеку").script == .cyrillic)
        #expect(id.identify("The library is closed").script == .latin)
    }

    @Test func thinEvidenceIsUndetermined() {
        let numbers = id.identify("12345")
        #expect(numbers.language == "und")
        #expect(numbers.script == .common)
        #expect(numbers.confidence == 0)
        let ok = id.identify("OK")
        #expect(ok.language == "und")
        #expect(ok.script == .latin)
        #expect(id.identify("").language == "und")
        #expect(id.identify("!!! ... ???").language == "und")
        // One letter of a script that decides a language is still too little.
        let hangul = id.identify("가")
        #expect(hangul.language == "und")
        #expect(hangul.script == .hangul)
    }

    @Test func hanKanaAndHangulSeparateChineseJapaneseKorean() {
        #expect(id.identify("ファイルを開く").language == "ja")
        #expect(id.identify("ファイル").language == "ja")
        #expect(id.identify("打开文件").language == "zh-Hans")
        #expect(id.identify("開啟檔案").language == "zh-Hant")
        #expect(id.identify("파일 열기").language == "ko")
        // A Chinese line with a Latin name in it is still Chinese.
        #expect(id.identify("Prakash Thakur的更多文章").language == "zh-Hans")
    }

    /// The script runs of `script` in `text`, joined by spaces (what `stray` names).
    private static func runs(of script: Script, in text: String) -> (text: String, letters: Int) {
        let bytes = Array(text.utf8)
        let runs = ScriptRuns.runs(in: text).filter { $0.script == script }
        let joined = runs.map { String(decoding: bytes[$0.range], as: UTF8.self) }.joined(separator: " ")
        return (joined, runs.reduce(0) { $0 + $1.letters })
    }

    @Test(arguments: [
        ("打开文件", Script.han), ("開啟檔案", .han), ("中", .han), ("下载 App 查看更多", .han), ("Sam Lee的更多文章", .han),
        ("市議會決定在夏季維修期間關閉圖書館。", .han), ("ログインしてコメントする", .katakana), ("ログインしてコメントする", .hiragana),
        ("シ", .katakana), ("로그인하여 댓글 달기", .hangul), ("가", .hangul), ("가나", .hangul), ("Σύνδεση για σχόλια", Script(code: "Grek")!),
        ("Ρ", Script(code: "Grek")!), ("αβ", Script(code: "Grek")!), ("เข้าสู่ระบบ", Script(code: "Thai")!), ("התחברו כדי להגיב", Script(code: "Hebr")!),
    ])
    func identifyingByScriptAloneAgreesWithIdentify(_ text: String, _ script: Script) {
        // What stray asks: the language of the runs of one script of a unit, from their letter count
        // and the unit's bytes, without runs or model.
        let scriptOnly = LanguageIdentifier(model: nil)
        let (joined, letters) = Self.runs(of: script, in: text)
        let expected = scriptOnly.identify(joined)
        var t = text
        let fast = t.withUTF8 { scriptOnly.identifyByScript($0, script: script, letters: letters) }
        #expect(fast?.language == expected.language, "\(text)")
        #expect(fast?.confidence == expected.confidence, "\(text)")
        // The model is consulted before the script only where the script does not decide.
        #expect(id.identify(joined).language == expected.language)
    }

    @Test func identifyingByScriptIsUndeterminedExactlyWithoutConfidence() {
        // `stray` tells an undetermined answer by its confidence of 0, without comparing strings.
        let scriptOnly = LanguageIdentifier(model: nil)
        let texts: [(String, Script)] = [
            ("中", .han), ("中文", .han), ("開啟檔案", .han), ("们們这這说說国國语語", .han), ("們這說國語", .han), ("シ", .katakana), ("ロ", .hiragana),
            ("ログイン", .katakana), ("가", .hangul), ("가나다", .hangul), ("Ρ", Script(code: "Grek")!), ("Σύνδεση", Script(code: "Grek")!),
            ("ก", Script(code: "Thai")!), ("เข้าสู่ระบบ", Script(code: "Thai")!), ("ה", Script(code: "Hebr")!),
        ]
        var answers = 0, undetermined = 0
        for (text, script) in texts {
            var t = text
            for letters in 0...12 {
                guard let answer = t.withUTF8({ scriptOnly.identifyByScript($0, script: script, letters: letters) }) else { continue }
                #expect((answer.language == "und") == (answer.confidence == 0), "\(text) \(letters)")
                answers += 1
                if answer.language == "und" { undetermined += 1 }
            }
        }
        #expect(answers > 100)
        #expect(undetermined > 10)
    }

    @Test func identifyingByScriptLeavesModelScriptsToTheModel() {
        let scriptOnly = LanguageIdentifier(model: nil)
        var t = "Войдите, чтобы оставить комментарий"
        #expect(t.withUTF8 { scriptOnly.identifyByScript($0, script: .cyrillic, letters: 30) } == nil)
        t = "Log in to comment"
        #expect(t.withUTF8 { scriptOnly.identifyByScript($0, script: .latin, letters: 14) } == nil)
        // Bengali needs a look at its letters (ৰ and ৱ are Assamese).
        t = "অসমীয়া ৰাজ্য"
        #expect(t.withUTF8 { scriptOnly.identifyByScript($0, script: Script(code: "Beng")!, letters: 10) } == nil)
    }

    @Test func cyrillicLanguagesAreTold() {
        #expect(id.identify("Не удалось открыть файл").language == "ru")
        #expect(id.identify("Не вдалося відкрити файл").language == "uk")
        #expect(id.identify("Файлът не може да бъде отворен").language == "bg")
        #expect(id.identify("Датотека није пронађена").language == "sr-Cyrl")
    }

    @Test func arabicScriptLanguagesAreTold() {
        #expect(id.identify("لا يمكن فتح الملف المطلوب").language == "ar")
        #expect(id.identify("نمی‌توان پرونده را باز کرد").language == "fa")
        #expect(id.identify("فائل کھولی نہیں جا سکتی").language == "ur")
    }

    @Test func closeLanguages() {
        #expect(id.identify("Ik weet niet waar het bestand is opgeslagen.").language == "nl")
        #expect(id.identify("Ek weet nie waar die lêer gestoor is nie.").language == "af")
        #expect(id.identify("Jeg ved ikke, hvor filen er gemt.").language == "da")
        #expect(id.identify("Eg veit ikkje kvar fila er lagra.").language == "nn")
        #expect(id.identify("No sé dónde se guardó el archivo.").language == "es")
        #expect(id.identify("Não sei onde o arquivo foi guardado.").language == "pt")
        #expect(id.identify("Non sei onde se gardou o ficheiro.").language == "gl")
    }

    @Test func alternativesAreRankedProbabilities() {
        let g = id.identify("Kommunen har besluttet at lukke biblioteket")
        var last = g.confidence
        for (_, p) in g.alternatives {
            #expect(p <= last)
            last = p
        }
        #expect(g.confidence + g.alternatives.map(\.1).reduce(0, +) <= 1.0001)
    }

    @Test func identifiesBytesInPlace() {
        var text = "Der Zug fährt heute nicht."
        let g = text.withUTF8 { id.identify($0) }
        #expect(g.language == "de")
    }

    @Test func modelRoundTripsThroughItsFileFormat() throws {
        let model = try #require(id.model)
        let copy = try LanguageModel(bytes: model.serialized())
        #expect(copy.languages == model.languages)
        #expect(copy.featureCount == model.featureCount)
        let other = LanguageIdentifier(model: copy)
        #expect(other.identify("Die Sitzung wurde verschoben.").language == "de")
    }

    /// A key's postings come back the same whether the table holds them in the slot (one posting),
    /// as a list (a few) or as a dense row (many).
    @Test func postingsSurviveEveryLayout() {
        let languages = (0..<9).map { "l\($0)" }
        let many: [UInt16] = (0..<8).map { UInt16($0) << 8 | UInt16(10 + $0) }
        let model = LanguageModel(languages: languages, scripts: Array(repeating: "Latn", count: 9),
                                  floors: Array(repeating: -10, count: 9 * 6), orderWeights: [4, 1, 1, 1, 1, 1], step: 0.1,
                                  keys: [5, 9, 12, 0xFFFF_FFF0], starts: [0, 1, 3, 11, 12],
                                  postings: [0x0010, 0x0020, 0x0130] + many + [0x08FF])
        #expect(model.postings(of: 5) == [0x0010])
        #expect(model.postings(of: 9) == [0x0020, 0x0130])
        #expect(model.postings(of: 12) == many)
        #expect(model.postings(of: 0xFFFF_FFF0) == [0x08FF])
        #expect(model.postings(of: 7) == [])
    }

    /// The identifier's fast scoring (postings in the slot, in lists and in dense rows; text read
    /// in spread chunks) gives the confidences of a plain naive Bayes over the same postings.
    @Test(arguments: ["Die Sitzung wurde verschoben", "The committee will publish its final report next Tuesday morning",
                      "Kommunen har besluttet at lukke biblioteket", "Il comune ha deciso di chiudere la biblioteca"])
    func scoresAsPlainNaiveBayes(_ text: String) throws {
        let model = try #require(id.model)
        var settings = LanguageIdentifier.Settings()
        settings.decisiveMargin = .infinity
        let fast = LanguageIdentifier(model: model, settings: settings).identify(text)
        // The plain way: every feature's postings looked up one by one.
        let languages = id.candidates[Script.latin.rawValue]!
        let orders = LanguageFeatures.orders
        var scores = [Float](repeating: 0, count: model.languages.count)
        var counts = [Float](repeating: 0, count: orders)
        var folded = [UInt32](repeating: 0, count: text.utf8.count + 2)
        var t = text
        let n = t.withUTF8 { b in folded.withUnsafeMutableBufferPointer { LanguageSupport.fold(b, into: $0) } }
        folded.withUnsafeBufferPointer { f in
            LanguageFeatures.forEachWord(UnsafeBufferPointer(rebasing: f[0..<n])) { word in
                LanguageFeatures.forEachFeature(word: word) { order, key in
                    counts[order] += 1
                    for e in model.postings(of: key) { scores[Int(e >> 8)] += model.orderWeights[order] * model.step * Float(e & 0xFF) }
                }
            }
        }
        let totals = languages.map { l in
            (0..<orders).reduce(scores[l]) { s, o in s + counts[o] * model.orderWeights[o] * model.floors[l * orders + o] }
        }
        let temperature = id.settings.temperature * max(1, counts.reduce(0, +) / 100).squareRoot()
        let best = totals.max()!
        let weights = totals.map { exp(Double(($0 - best) / temperature)) }
        let top = weights.firstIndex(of: 1)!
        #expect(fast.language == model.languages[languages[top]])
        #expect(abs(fast.confidence - 1 / weights.reduce(0, +)) < 1e-4)
    }

    /// ASCII text skips ICU for its script runs, with the same runs.
    @Test(arguments: ["", "12345", "!!! ... ???", "OK", "  Open the file, then save it (Ctrl+S).  ", "x", "a\tb\nc"])
    func asciiRunsAreICUs(_ text: String) {
        var t = text
        t.withUTF8 { b in #expect(LanguageIdentifier.asciiRuns(b) == ScriptRuns.runs(in: b)) }
        var other = text + "é"
        other.withUTF8 { b in #expect(LanguageIdentifier.asciiRuns(b) == nil) }
    }

    /// Paragraphs written for these tests: long enough that the identifier is sure before the end.
    static let paragraphs: [(String, String)] = [
        ("en", """
            The council met on Tuesday evening to discuss the state of the roads after the winter. Several members \
            complained that the repairs promised last year had still not begun, and that the potholes on the main \
            street were now dangerous for cyclists. The mayor answered that the contractor had gone bankrupt and \
            that a new tender would be published within a month, but few people in the room believed him.
            """),
        ("de", """
            Der Gemeinderat hat am Dienstagabend über den Zustand der Straßen nach dem Winter beraten. Mehrere \
            Mitglieder beklagten, dass die im letzten Jahr versprochenen Reparaturen noch immer nicht begonnen \
            hätten und dass die Schlaglöcher in der Hauptstraße für Radfahrer inzwischen gefährlich seien.
            """),
        ("fr", """
            Le conseil municipal s'est réuni mardi soir pour parler de l'état des routes après l'hiver. Plusieurs \
            élus se sont plaints que les travaux promis l'année dernière n'aient toujours pas commencé et que les \
            nids-de-poule de la grand-rue soient devenus dangereux pour les cyclistes.
            """),
        ("ru", """
            Во вторник вечером городской совет обсуждал состояние дорог после зимы. Несколько депутатов \
            пожаловались, что обещанный в прошлом году ремонт так и не начался, а ямы на главной улице стали \
            опасны для велосипедистов. Мэр ответил, что подрядчик обанкротился.
            """),
    ]

    @Test(arguments: paragraphs)
    func stopsReadingOnceTheLeaderIsDecisive(_ expected: String, _ text: String) throws {
        let model = try #require(id.model)
        var everything = LanguageIdentifier.Settings()
        everything.decisiveMargin = .infinity
        let full = LanguageIdentifier(model: model, settings: everything)
        var t = text
        let (early, partial) = t.withUTF8 { b in
            let runs = ScriptRuns.runs(in: b)
            let script = runs.max { $0.letters < $1.letters }!.script
            let languages = id.candidates[script.rawValue]!
            return (id.score(model, text: b, runs: runs, script: script, languages: languages),
                    full.score(model, text: b, runs: runs, script: script, languages: languages))
        }
        #expect(early.guess.language == expected)
        #expect(partial.guess.language == expected)
        #expect(early.features < partial.features, "read \(early.features) of \(partial.features) features")
        #expect(early.features >= id.settings.minimumFeaturesToStop)
        #expect(early.guess.confidence > 0.99 && partial.guess.confidence > 0.99)
    }

    /// Stopping early reads a sample spread over the text: a foreign line at the top of a long
    /// document does not decide its language.
    @Test func aForeignFirstLineDoesNotDecideALongDocument() {
        let english = Self.paragraphs[0].1
        let text = "Le conseil municipal s'est réuni mardi soir pour parler des routes.\n" + english + "\n" + english
        #expect(id.identify(text).language == "en")
    }

    @Test func shortTextIsReadInFull() throws {
        let model = try #require(id.model)
        var t = "Die Sitzung wurde verschoben."
        let read = t.withUTF8 { b in
            id.score(model, text: b, runs: ScriptRuns.runs(in: b), script: .latin, languages: id.candidates[Script.latin.rawValue]!).features
        }
        // Words of 3, 7, 5 and 10 letters: the word itself, its letters, and every n-gram of orders
        // 2 to 5 of " word ".
        let perWord = { (m: Int) in 1 + m + (2 ... 5).map { n in m + 3 - n }.reduce(0, +) }
        #expect(read == [3, 7, 5, 10].map(perWord).reduce(0, +))
    }

    @Test func trainsASmallModel() throws {
        let dir = "/tmp/sift-language-train-\(getpid())"
        for (tag, text) in [("aa", "kala mala kala sala tala kala mala"), ("bb", "zork vrok zork plok zork vrok")] {
            try TestFiles.write(dir + "/" + tag + "/text.txt", text)
        }
        try TestFiles.write(dir + "/bb/words.tsv", "plonk\t10\nzonk\t5\n")
        let (model, report) = try LanguageTrainer().train(corpus: dir)
        #expect(model.languages == ["aa", "bb"])
        #expect(report.languages.map(\.sources) == [["text"], ["text", "words"]])
        let small = LanguageIdentifier(model: model)
        #expect(small.identify("mala kala").language == "aa")
        #expect(small.identify("zonk plok").language == "bb")
    }
}

@Suite struct LanguageStageTests {
    @Test func setsDocumentMetadata() throws {
        let doc = try TestSupport.run("stages:\n  - language\n", "Die Sitzung wurde wegen des Schneefalls verschoben.")
        #expect(doc.metadata["language"] == "de")
        #expect(doc.metadata["language_script"] == "Latn")
        #expect((doc.metadata["language_confidence"]?.doubleValue ?? 0) > 0.5)
        #expect(doc.spans.isEmpty)
    }

    @Test func marksLines() throws {
        let text = "The ferry strike ended this morning after talks between the union and the operator.\n\n要查看或添加评论,请登录\nOK\nDie Sitzung wurde verschoben.\nServices will run to the usual timetable from Monday.\n"
        let doc = try TestSupport.run("stages:\n  - language: { unit: line, min-chars: 5 }\n", text)
        #expect(doc.metadata["language"] == "en")
        let found = doc.spans.map { ($0.attributes["language"]?.stringValue ?? "", TestSupport.covered($0, in: doc)) }
        #expect(found.map(\.0) == ["en", "zh-Hans", "de", "en"])
        #expect(found.map(\.1) == ["The ferry strike ended this morning after talks between the union and the operator.",
                                   "要查看或添加评论,请登录", "Die Sitzung wurde verschoben.",
                                   "Services will run to the usual timetable from Monday."])
        #expect(doc.spans.allSatisfy { $0.type == "language" && $0.attributes["script"] != nil })
    }

    @Test func marksSentencesAndParagraphs() throws {
        let text = "The talks ended late. Les négociations ont pris fin tard dans la nuit.\n\nZweiter Absatz, auf Deutsch geschrieben."
        let sentences = try TestSupport.run("stages:\n  - language: { unit: sentence }\n", text)
        #expect(sentences.spans.compactMap { $0.attributes["language"]?.stringValue } == ["en", "fr", "de"])
        let paragraphs = try TestSupport.run("stages:\n  - language: { unit: paragraph }\n", text)
        #expect(paragraphs.spans.count == 2)
        #expect(paragraphs.spans.last?.attributes["language"] == "de")
    }

    @Test func rejectsAMissingModel() {
        let d = TestSupport.diagnostics("stages:\n  - language: { model: /nonexistent/model.bin }\n")
        #expect(d?.contains("cannot load language model") == true)
    }
}

enum TestFiles {
    static func write(_ path: String, _ text: String) throws {
        let dir = FileSystem.directoryName(path)
        _ = mkdirP(dir)
        let out = try OutputStream.atomicFile(path)
        out.write(text)
        try out.commit()
    }

    private static func mkdirP(_ dir: String) -> Bool {
        if FileSystem.isDirectory(dir) { return true }
        _ = mkdirP(FileSystem.directoryName(dir))
        return mkdir(dir, 0o755) == 0
    }
}
