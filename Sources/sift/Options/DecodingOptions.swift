import ArgumentParser
import Sift
import SiftICU

/// How input bytes and JSONL records become documents, and how large one may be: options shared by
/// `run` and `batch`.
struct DecodingOptions: ParsableArguments {
    @Option(name: .long, help: "Invalid UTF-8: repair (U+FFFD, counted in metadata.invalid_utf8) or reject the document.")
    var invalidUtf8: InvalidUTF8Policy = .repair

    @Option(name: .long, help: "Charset of text input (e.g. GBK, Shift_JIS, windows-1251); by default UTF-8 is checked and other charsets are detected with ICU.")
    var encoding: String?

    @Option(name: .long, help: "JSONL field holding the document id.")
    var idField = "id"

    @Option(name: .long, help: "JSONL field holding the text.")
    var textField = "text"

    @Option(name: [.customLong("max-doc-bytes"), .customLong("max-document-bytes")], help: "Refuse (as an error) any document, line, record or file larger than this many bytes; the rest goes on. Default 268435456 (256 MiB); 0 for no limit.")
    var maxDocumentBytes: Int?

    func validate() throws {
        if let maxDocumentBytes, maxDocumentBytes < 0 { throw ValidationError("--max-doc-bytes must be 0 (no limit) or more") }
        if let encoding, Charsets.canonicalName(encoding) == nil {
            throw ValidationError("ICU has no converter for charset '\(encoding)'")
        }
    }

    /// Sets the reader options these flags control.
    func apply(to reader: inout DocumentReader.Options) {
        reader.invalidUTF8 = invalidUtf8
        reader.idKey = idField
        reader.textKey = textField
        reader.encoding = encoding
        if let maxDocumentBytes { reader.maxDocumentBytes = maxDocumentBytes == 0 ? nil : maxDocumentBytes }
    }
}
