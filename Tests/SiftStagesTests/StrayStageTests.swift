import Sift
import SiftTestSupport
import Testing

@Suite struct StrayStageTests {
    private func strays(_ fixture: String, _ options: String = "") throws -> (Document, [String]) {
        let text = TestSupport.fixtureText("pages/" + fixture)
        #expect(!text.isEmpty)
        let d = try TestSupport.run("stages:\n  - stray\(options.isEmpty ? "" : ": { \(options) }")\n", text)
        let found = d.spans.filter { $0.type == "stray" }.map {
            "\($0.attributes["language"]?.stringValue ?? "?")/\($0.attributes["script"]?.stringValue ?? "?"): \(TestSupport.covered($0, in: d))"
        }
        return (d, found)
    }

    @Test func chineseFooterUnderEnglishArticle() throws {
        let (d, found) = try strays("en-stadium-vote.txt")
        // Every footer line, with exact boundaries; nothing in the body (Ana Ruiz, CityRail, 30,000, March 2025).
        #expect(found == ["zh-Hans/Hani: 要查看或添加评论,请登录", "zh-Hans/Hani: Sam Lee的更多文章", "zh-Hans/Hani: 查看全部", "zh-Hans/Hani: 推荐内容"])
        let footer = d.text.utf8.count - "要查看或添加评论,请登录\n\nSam Lee的更多文章\n\n查看全部\n\n推荐内容\n".utf8.count
        #expect(d.spans.allSatisfy { $0.start >= footer })
    }

    @Test func englishUIInAJapanesePage() throws {
        let (_, found) = try strays("ja-festival.txt")
        // Kanji, hiragana and katakana (コーヒー) are all the page's own; the English UI lines are not.
        #expect(found.map { $0.split(separator: " ", maxSplits: 1)[1] } == ["Log in to comment", "Share"])
    }

    @Test func eachScriptNamesItsLanguage() throws {
        // Han (simplified and traditional), kana, Hangul, Greek, Thai and Hebrew are named by their
        // script alone, Cyrillic by the model; a lone Han character is too little at the default.
        let expected = [
            "zh-Hant/Hani: 登入以發表評論", "ja/Kana: ログインしてコメントする", "ja/Kana: シェア", "ko/Hang: 로그인하여 댓글 달기", "ko/Hang: 공유",
            "el/Grek: Σύνδεση για σχόλια", "th/Thai: เข้าสู่ระบบเพื่อแสดงความคิดเห็น", "he/Hebr: התחברו כדי להגיב",
            "zh-Hans/Hani: 下载 App 查看更多", "ru/Cyrl: Войдите, чтобы оставить комментарий",
        ]
        let (d, found) = try strays("en-world-ui.txt")
        #expect(found == expected)
        #expect(d.spans.map { $0.attributes["confidence"]?.doubleValue ?? 0 } == [1, 0.99, 1, 1, 1, 1, 1, 1, 0.898, 1])
        let (_, one) = try strays("en-world-ui.txt", "min-letters: 1, check: script")
        #expect(one == Array(expected[..<8]) + ["zh/Hani: 中"] + expected[8...])
    }

    @Test func removeRecordsEachLine() throws {
        let (d, _) = try strays("en-stadium-vote.txt", "action: remove")
        #expect(!d.text.contains("要查看"))
        #expect(d.text.hasSuffix("#Stadium , #CityCouncil , #Vote\n\n\n\n\n"))
        let removed = d.outputMetadata["removed"]?.arrayValue?.compactMap { $0.objectValue?["text"]?.stringValue }
        #expect(removed == ["要查看或添加评论,请登录\n", "Sam Lee的更多文章\n", "查看全部\n", "推荐内容\n"])
        #expect(d.outputMetadata["removed"]?.arrayValue?.first?.objectValue?["reason"] == "stray zh-Hans line (Hani, other script)")
    }

    @Test func namesTagsAndHomoglyphsAreNotStray() throws {
        // Lines dominated by Latin with a few Han names, a Han URL, e-mail, handle and hashtag, and
        // Greek and Cyrillic homoglyphs inside Latin words.
        let (_, found) = try strays("en-mixed-scripts.txt")
        #expect(found.isEmpty)
        let (_, runs) = try strays("en-mixed-scripts.txt", "unit: run, min-letters: 1")
        // In run mode foreign names are found, but never inside URLs, e-mail addresses, handles or hashtags.
        #expect(runs == ["el/Grek: Ρ", "und/Cyrl: А", "zh-Hans/Hani: 北京", "zh/Hani: 陈"])
    }

    @Test func sentencesInAnotherScript() throws {
        let text = "The sign at the station entrance was clear. 禁止吸烟，违者罚款。 Nobody paid any attention to it, and the guards did not care either. 谢谢合作。"
        let d = try TestSupport.run("stages:\n  - stray: { unit: sentence }\n", text)
        #expect(d.spans.map { TestSupport.covered($0, in: d) } == ["禁止吸烟，违者罚款。", "谢谢合作。"])
    }
}

@Suite struct SameScriptStrayTests {
    @Test func aFrenchParagraphInAnEnglishPage() throws {
        let text = """
            The council met on Tuesday to discuss the new budget for the public library and the swimming pool.

            Le conseil municipal a décidé de prolonger les horaires d'ouverture de la bibliothèque pendant l'été.

            Members agreed to publish the minutes of the meeting on the city website next week.

            """
        let d = try TestSupport.run("stages:\n  - language\n  - stray\n", text)
        #expect(d.metadata["language"] == "en")
        let strays = d.spans.filter { $0.type == "stray" }
        #expect(strays.map { TestSupport.covered($0, in: d) } == ["Le conseil municipal a décidé de prolonger les horaires d'ouverture de la bibliothèque pendant l'été."])
        #expect(strays.first?.attributes["language"] == "fr")
        #expect(strays.first?.attributes["reason"] == "other language")
    }

    @Test func aGermanQuoteSurvivesCleaningOfAnEnglishPage() throws {
        // clean-scraped removes only other-script lines: a quote in another Latin-script language stays.
        let text = "Officials said the bridge would reopen in May after repairs to its main cables were finished.\n\n„Wir sind sehr zufrieden mit dem Fortschritt der Arbeiten an der Brücke“, sagte die Bürgermeisterin.\n"
        let pipeline = try PipelineLoader(registry: .standard, locator: PipelineLocator(searchPath: [TestSupport.packageRoot + "/Pipelines"])).load("clean-scraped")
        let d = try Runner.apply(pipeline, to: [Document(id: "x", text: text)])[0]
        #expect(d.text == text)
    }
}
