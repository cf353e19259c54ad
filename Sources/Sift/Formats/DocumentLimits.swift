#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DocumentReader {
    /// The failure for a line or record over `--max-doc-bytes`.
    func oversized(_ length: Int, line: Int) -> Result<Document, InputFailure>? {
        .failure(InputFailure(source: currentPathForLimits, line: line,
                              message: "line of \(length) bytes is over the --max-doc-bytes limit of \(maxDocumentBytesForLimits ?? 0); skipped"))
    }

    enum WholeRead {
        case bytes([UInt8])
        case failure(String)
    }

    /// A whole file, never reading more than `limit + 1` bytes of it, nor more than a regular
    /// file's size when opened (one that grows while being read is an error, not an endless read).
    static func readWhole(_ path: String, limit: Int?) -> WholeRead {
        var st = stat()
        guard stat(path, &st) == 0 else { return .failure(FileSystem.errorMessage) }
        let regular = (st.st_mode & S_IFMT) == S_IFREG
        let size = Int(st.st_size)
        if regular, let limit, size > limit {
            return .failure("file of \(size) bytes is over the --max-doc-bytes limit of \(limit); skipped")
        }
        let cap = regular ? size : (limit ?? Int.max - 1)
        guard let bytes = FileSystem.readFile(path, atMost: cap) else { return .failure(FileSystem.errorMessage) }
        if bytes.count > cap {
            if regular { return .failure("the file grew while it was being read (it had \(size) bytes when opened); skipped") }
            return .failure("input of more than \(cap) bytes is over the --max-doc-bytes limit of \(cap); skipped")
        }
        return .bytes(bytes)
    }
}
