import Sift
import SiftFuzzing
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LineReaderTests {
    /// Every line as text, or `<skipped N>` for a line over the limit.
    func lines(_ text: String, chunk: Int, step: Int = .max, max: Int = .max) throws -> [String] {
        let reader = LineReader(source: MemoryByteSource(Array(text.utf8), step: step), path: "mem", chunkSize: chunk)
        reader.maxLineBytes = max
        var found: [String] = []
        while let line = try reader.nextLine({ bytes in
            reader.skippedLineBytes.map { "<skipped \($0)>" } ?? String(decoding: bytes, as: UTF8.self)
        }) {
            found.append("\(reader.lineNumber) \(line)")
        }
        return found
    }

    @Test func overLongLinesAreCountedAndSkippedWhateverTheChunks() throws {
        let text = "ab\r\n" + String(repeating: "x", count: 10) + "\r\ncd\n" + String(repeating: "y", count: 9) + "\nlast-long"
        let expected = ["1 ab", "2 <skipped 10>", "3 cd", "4 <skipped 9>", "5 <skipped 9>"]
        for chunk in [1, 2, 3, 4, 5, 7, 13, 64] {
            #expect(try lines(text, chunk: chunk, max: 5) == expected, "chunk \(chunk)")
            #expect(try lines(text, chunk: 64, step: chunk, max: 5) == expected, "step \(chunk)")
        }
        // A `\r` at the very end of a chunk, before the `\n` that starts the next one.
        #expect(try lines("1234567\r\nok", chunk: 8, max: 3) == ["1 <skipped 7>", "2 ok"])
        #expect(try lines("1234567\r\nok", chunk: 4, max: 3) == ["1 <skipped 7>", "2 ok"])
        // At the limit is not over it, even when the `\r` of its `\r\n` arrives before the `\n`
        // (found by the reader fuzzer: the line was skipped as over the limit, with its exact length).
        #expect(try lines("123456\r\n", chunk: 1, max: 6) == ["1 123456"])
        #expect(try lines("123456\r\n", chunk: 7, max: 6) == ["1 123456"])
        #expect(try lines("1234567\r", chunk: 7, max: 6) == ["1 <skipped 8>"], "a `\\r` at the end of the input is part of the line")
        #expect(try lines("12345\n123456\n", chunk: 4, max: 5) == ["1 12345", "2 <skipped 6>"])
        #expect(try lines(text, chunk: 4) == ["1 ab", "2 xxxxxxxxxx", "3 cd", "4 yyyyyyyyy", "5 last-long"])
    }

    @Test func aFileThatGrowsWhileReadIsAnError() throws {
        let path = "/tmp/sift-linereader-grow-\(getpid()).txt"
        defer { unlink(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = write(fd, "one\ntwo\n", 8)
        let reader = try LineReader(path: path)
        _ = write(fd, "three\n", 6)
        close(fd)
        do {
            _ = try reader.nextLine { String(decoding: $0, as: UTF8.self) }
            Issue.record("a file that grew was read without an error")
        } catch let error as IOError {
            #expect(error.description == "\(path): the file grew while it was being read (it had 8 bytes when opened)")
        }
    }
}
