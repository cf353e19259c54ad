import Foundation
import SiftTestSupport
import Testing

@Suite struct LanguageCommandTests {
    @Test func identifiesEachLine() throws {
        let input = "The library will be closed during the summer.\nDie Bibliothek bleibt im Sommer geschlossen.\n12345\n市议会决定关闭图书馆。\n"
        let r = try SiftBinary.run(["identify-language"], stdin: Data(input.utf8), directory: "/tmp")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.out.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[0] } == ["en", "de", "und", "zh-Hans"])
        #expect(rows.map { $0[2] } == ["Latn", "Latn", "Zyyy", "Hans"])
    }

    /// `sift train-language` on a corpus folder, and a model found through SIFT_DATA_PATH before
    /// the one in the source tree.
    @Test func trainsAndFindsAModelOnTheDataPath() throws {
        let dir = try temporaryDirectory("train-language")
        for (tag, text) in [("aa", "kala mala kala sala tala kala mala"), ("bb", "zork vrok zork plok zork vrok")] {
            let folder = dir.appendingPathComponent("corpus/\(tag)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: folder.appendingPathComponent("text.txt"), atomically: true, encoding: .utf8)
        }
        let model = dir.appendingPathComponent("data/language/model.bin").path
        try FileManager.default.createDirectory(atPath: FileManager.default.temporaryDirectory.path + "/", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data/language"), withIntermediateDirectories: true)
        let t = try SiftBinary.run(["train-language", dir.appendingPathComponent("corpus").path, "-o", model])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stderr.contains("model: 2 languages"))
        let r = try SiftBinary.run(["identify-language"], stdin: Data("mala kala sala\nzork plok\n".utf8), directory: "/tmp",
                                   environment: ["SIFT_DATA_PATH": dir.appendingPathComponent("data").path])
        #expect(r.out.split(separator: "\n").map { $0.split(separator: "\t")[0] } == ["aa", "bb"])
    }
}
