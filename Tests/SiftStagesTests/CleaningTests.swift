import Sift
import SiftTestSupport
import Testing

@Suite struct CleaningTests {
    private func clean(_ path: String) throws -> Document {
        let text = String(decoding: FileSystem.readFile(TestSupport.packageRoot + "/" + path) ?? [], as: UTF8.self)
        #expect(!text.isEmpty, "\(path) is missing")
        let pipeline = try PipelineLoader(registry: .standard, locator: PipelineLocator(searchPath: [TestSupport.packageRoot + "/Pipelines"])).load("clean-scraped")
        return try Runner.apply(pipeline, to: [Document(id: path, text: text)])[0]
    }

    /// Every paragraph of the article survives byte for byte; the noise goes, and every removal is recorded.
    @Test(arguments: [
        "Corpora/scraped/en-ferry-strike.txt", "Corpora/scraped/ru-river-port.txt", "Corpora/scraped/zh-library-hours.txt",
        "Tests/Fixtures/pages/en-stadium-vote.txt", "Tests/Fixtures/pages/ja-festival.txt",
    ])
    func cleanScrapedGivesTheArticle(path: String) throws {
        let d = try clean(path)
        let name = FileSystem.baseName(path, droppingExtension: true)
        #expect(d.text == TestSupport.fixtureText("clean/\(name).expected.txt"))
        // Nothing lost: the kept text plus the recorded removals hold every non-blank line of the input.
        let input = String(decoding: FileSystem.readFile(TestSupport.packageRoot + "/" + path) ?? [], as: UTF8.self)
        let removed = (d.outputMetadata["removed"]?.arrayValue ?? []).compactMap { $0.objectValue?["text"]?.stringValue }
        for line in input.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            #expect(d.text.contains(line) || removed.contains(where: { $0.contains(line) }), "lost: \(line)")
        }
    }

    @Test func aPageWithoutNoiseIsUnchanged() throws {
        let d = try clean("Corpora/scraped/en-clean-note.txt")
        let original = String(decoding: FileSystem.readFile(TestSupport.packageRoot + "/Corpora/scraped/en-clean-note.txt") ?? [], as: UTF8.self)
        #expect(d.text == original)
        #expect(d.outputMetadata["removed"] == nil)
    }

    @Test func hashtagsGoToMetadata() throws {
        let d = try clean("Corpora/scraped/en-ferry-strike.txt")
        #expect(d.metadata["hashtags"] == ["FerryStrike", "IslandLife", "Unions", "Transport"])
        #expect(!d.text.contains("#"))
    }

    @Test func interfaceLinesInThePagesOwnLanguage() throws {
        let d = try TestSupport.run("stages:\n  - ui-lines\n", TestSupport.fixtureText("pages/en-ui-noise.txt"))
        #expect(d.text == """
            Bakery wins national bread award

            A small bakery from the harbour district has won this year's national bread award for its sourdough rye, beating more than two hundred entries from across the country.

            The owners said they would use the prize money to train two apprentices. "Bread is patient work," one of them said, "and so is teaching it."

            """)
        let reasons = (d.outputMetadata["removed"]?.arrayValue ?? []).compactMap { $0.objectValue?["reason"]?.stringValue }
        #expect(reasons == [
            "interface line ('skip to content'), score 1.6", "interface line ('home'), score 1.6", "interface line ('share'), score 1.6",
            "interface line ('tweet'), score 1.6", "interface line ('read more'), score 1.6", "interface line ('related articles'), score 1.6",
            "interface line ('cookies'), score 1.2", "interface line ('all rights reserved'), score 1.0",
        ])
    }

    @Test func mojibakeIsRepairedAndLegitimateTextSurvives() throws {
        let d = try TestSupport.run("stages:\n  - fix-mojibake\n", TestSupport.fixtureText("clean/mojibake.txt"))
        #expect(d.text == TestSupport.fixtureText("clean/mojibake.expected.txt"))
        // Portuguese, French and German text with Ã, â and ß“ is left alone.
        #expect(d.text.contains("SÃO PAULO, AÇÃO, pâté, groß“, Âge"))
        let first = d.metadata["mojibake"]?.arrayValue?.first?.objectValue
        #expect(first?["text"] == "Ã©" && first?["fixed"] == "é" && first?["cause"] == "UTF-8 read as windows-1252")
    }

    /// Each row: a name, text as found, and the text expected after repair (equal for text that
    /// must not be touched: Portuguese, French, German, Vietnamese, emoji, symbols).
    static let mojibakeCases: [(String, String, String)] = TestSupport.fixtureText("clean/mojibake-cases.tsv")
        .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (f[0], f[1], f[2])
        }

    @Test func mojibakeCases() throws {
        #expect(Self.mojibakeCases.count == 15)
        let p = try TestSupport.pipeline("stages:\n  - fix-mojibake\n")
        for (name, input, expected) in Self.mojibakeCases {
            let out = try Runner.apply(p, to: [Document(id: name, text: input)])[0]
            #expect(out.text == expected, "\(name)")
            #expect((out.metadata["mojibake"] == nil) == (input == expected), "\(name): repairs recorded only where made")
        }
    }

    @Test func dedupeKeepsTheTitleOnce() throws {
        let d = try TestSupport.run("stages:\n  - dedupe-lines\n", "Title\n\nTITLE \n\nBody line.\nBody line.\nEnd.\nTitle\n")
        #expect(d.text == "Title\n\n\nBody line.\nEnd.\nTitle\n")
        let anywhere = try TestSupport.run("stages:\n  - dedupe-lines: { anywhere: true, min-chars: 5 }\n", "Title\nA long repeated line\nx\nA long repeated line\nx\n")
        // The second "x" follows the first once the repeat between them is gone, so it goes too.
        #expect(anywhere.text == "Title\nA long repeated line\nx\n")
    }

    @Test func placeholderPreset() throws {
        let d = try TestSupport.run("stages:\n  - drop-lines: { preset: placeholders }\n", "a\n?\n？\n□\n�\n• •\n...\n👍\n(1)\nb\n")
        #expect(d.text == "a\n👍\n(1)\nb\n")
        // Lines with an astral character go to the pattern, which the stage compiles on first use:
        // U+10100 (Aegean word separator line) is punctuation, an emoji is not.
        let astral = try TestSupport.run("stages:\n  - drop-lines: { preset: placeholders }\n", "a\n\u{10100} ?\n👍 ?\n\u{10100}\nb\n")
        #expect(astral.text == "a\n👍 ?\nb\n")
    }
}

extension CleaningTests {
    /// A footer with fewer tags than min-tags stays, and gives its tags only as inline tags; the
    /// tags of a line that counts are appended once, in order, whatever the lines around them.
    @Test func hashtagsMinTagsAndInline() throws {
        let text = "Body with #Inline tag.\n#One , #Two\n#A #B #C\n  #Ünï #Zwei\n"
        let d = try TestSupport.run("stages:\n  - hashtags: { min-tags: 3 }\n", text)
        #expect(d.text == "Body with #Inline tag.\n#One , #Two\n  #Ünï #Zwei\n")
        #expect(d.metadata["hashtags"] == ["A", "B", "C"])
        let i = try TestSupport.run("stages:\n  - hashtags: { min-tags: 2, inline: true, action: keep }\n", text)
        #expect(i.text == text)
        #expect(i.metadata["hashtags"] == ["Inline", "One", "Two", "A", "B", "C", "Ünï", "Zwei"])
    }
}

extension CleaningTests {
    /// Tags are listed once, in the order first seen, after those already in metadata.hashtags,
    /// with few tags (compared one by one) and with many (hashed).
    @Test func hashtagsAreListedOnceInOrder() throws {
        var doc = Document(id: "d", text: "Body.\n#B #A #B\n#C #A\n")
        doc.metadata["hashtags"] = ["A", "Z"]
        let few = try Runner.apply(TestSupport.pipeline("stages:\n  - hashtags\n"), to: [doc])[0]
        #expect(few.text == "Body.\n")
        #expect(few.metadata["hashtags"] == ["A", "Z", "B", "C"])
        // Without tags in metadata, the page's own repeats are dropped (compared as strings).
        let own = try TestSupport.run("stages:\n  - hashtags\n", "Body.\n#B #A #B\n#C #A\n")
        #expect(own.text == "Body.\n")
        #expect(own.metadata["hashtags"] == ["B", "A", "C"])
        let many = (0..<40).map { "#T\($0 % 35)" }.joined(separator: " ")
        let d = try TestSupport.run("stages:\n  - hashtags\n", "Body.\n" + many + "\n")
        #expect(d.metadata["hashtags"] == .array((0..<35).map { .string("T\($0)") }))
    }
}
