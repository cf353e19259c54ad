#if canImport(Glibc)
import Glibc
#endif
import Sift
import SiftICU
@testable import SiftStages
import Testing

/// The `units` stage's lexicon cache file: written once, read back whole, and rebuilt from ICU's
/// data whenever it is missing, damaged or from other data.
@Suite struct UnitModelCacheTests {
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/sift-units-cache-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        #expect(made != nil)
        return String(cString: template)
    }

    @Test func theCacheIsWrittenThenReadAndADamagedOneIsRebuilt() throws {
        let dir = Self.temporaryDirectory()
        defer { for f in FileSystem.listDirectory(dir) { FileSystem.removeFile(dir + "/" + f) }; rmdir(dir) }
        let languages = ["en", "de"]
        let built = try UnitModel.lexicon(languages: languages, cacheDirectory: dir)
        let path = UnitModel.cacheFile(languages: languages, in: dir)
        let written = try #require(FileSystem.readFile(path))
        #expect(written.starts(with: Array("SIFTLEX".utf8)))
        let read = try UnitModel.lexicon(languages: languages, cacheDirectory: dir)
        #expect(read.forms == built.forms)
        #expect(read.foldedForms == built.foldedForms)
        #expect(read.senses(of: "Meilen")?.first?.unit == "mile")
        #expect(read.senses(of: "kilos")?.first?.unit == "kilogram")
        // A damaged file (one byte changed, or cut short) is rebuilt and written again.
        var damaged = written
        damaged[damaged.count / 2] ^= 0x55
        for bytes in [damaged, Array(written.prefix(written.count / 3)), []] {
            let out = try OutputStream.atomicFile(path, gzip: false)
            out.write(bytes)
            try out.commit()
            let again = try UnitModel.lexicon(languages: languages, cacheDirectory: dir)
            #expect(again.forms == built.forms)
            let rewritten = try #require(FileSystem.readFile(path))
            #expect(try UnitLexicon(decoding: rewritten, key: UnitModel.cacheKey(languages: languages)).forms == built.forms)
        }
        // Other languages get another file; a stale file of the same family (an older build of the
        // same executable, the same languages) is removed when a new one is written.
        #expect(UnitModel.cacheFile(languages: ["en"], in: dir) != path)
        let name = FileSystem.baseName(path)
        let stale = dir + "/" + name.prefix(upTo: name.lastIndex(of: "-")!) + "-0123456789abcdef.bin"
        let other = dir + "/units-lexicon-0123456789abcdef-0123456789abcdef.bin"
        for file in [stale, other] {
            let out = try OutputStream.atomicFile(file, gzip: false)
            out.write([1, 2, 3])
            try out.commit()
        }
        FileSystem.removeFile(path)
        _ = try UnitModel.lexicon(languages: languages, cacheDirectory: dir)
        #expect(FileSystem.listDirectory(dir).sorted() == [FileSystem.baseName(other), name].sorted())
    }

    @Test func anUnwritableCacheDirectoryStillGivesALexicon() throws {
        let lexicon = try UnitModel.lexicon(languages: ["fr"], cacheDirectory: "/proc/no-such-dir/sift")
        #expect(lexicon.senses(of: "kilomètres")?.first?.unit == "kilometer")
    }
}

@Suite struct UnitModelFilterTests {
    @Test func theNumberWordFilterLetsEveryNumberWordThrough() throws {
        let model = try UnitModel.shared(languages: UnitModel.defaultLanguages)
        var checked = 0
        for w in Array(model.numberWords.keys) + Array(model.numberWordEndings.keys) + Array(UnitContext.halfWords.keys)
        where w.utf8.allSatisfy({ $0 < 0x80 }) {
            // Written in capitals, too: the filter lower-cases ASCII itself.
            for form in [w, w.uppercased()] {
                #expect(Array(form.utf8).withUnsafeBufferPointer { model.mayBeNumberWord($0) }, "\(form)")
            }
            checked += 1
        }
        #expect(checked > 500)
        // And keeps most other words out.
        let others = ["the", "house", "running", "quickly", "window", "system", "package", "version", "debian", "library"]
        let passed = others.filter { Array($0.utf8).withUnsafeBufferPointer { model.mayBeNumberWord($0) } }
        #expect(passed.count <= 2, "\(passed)")
    }
}
