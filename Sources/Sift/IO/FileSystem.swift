#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls Sift needs, on POSIX directly (no Foundation in the core).
public enum FileSystem {
    public static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cCharacters: buffer)
    }

    /// The running executable's path (Linux: /proc/self/exe).
    public static var executablePath: String? {
        realPath("/proc/self/exe") ?? CommandLine.arguments.first.flatMap { realPath($0) }
    }

    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    public static func isFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The size of a regular file, or nil.
    public static func fileSize(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// Every regular file under `root` (following symbolic links to files, never to folders), as
    /// paths relative to it, in byte order of the path so the list is the same on every machine.
    /// Hidden files and folders (names starting with `.`) are left out unless `hidden` is set.
    /// Each symbolic link left out (to a folder, in a loop, or broken) is passed to `skipped` with
    /// its relative path and why.
    public static func walk(_ root: String, hidden: Bool = false,
                            skipped: (_ relativePath: String, _ reason: String) -> Void = { _, _ in }) -> [String] {
        var found: [String] = []
        func visit(_ relative: String) {
            let dir = relative.isEmpty ? root : root + "/" + relative
            for name in listDirectory(dir).sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            where hidden || !name.hasPrefix(".") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + rel
                var st = stat()
                guard lstat(full, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR: visit(rel)
                case S_IFREG: found.append(rel)
                case S_IFLNK:
                    if let reason = unfollowedLink(full) { skipped(rel, reason) } else { found.append(rel) }
                default: continue
                }
            }
        }
        visit("")
        return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Why a walk does not follow the symbolic link at `path`, or nil when it leads to a file.
    static func unfollowedLink(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else {
            return errno == ELOOP ? "a symbolic link loop; skipped" : "a broken symbolic link (\(errorMessage)); skipped"
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR:
            // A link to the folder it is in, or to one above it, would be walked for ever.
            if let target = realPath(path), let here = realPath(directoryName(path)),
               here == target || target == "/" || here.hasPrefix(target + "/") {
                return "a symbolic link loop (to a folder that contains it); not followed"
            }
            return "a symbolic link to a folder; not followed"
        default: return "a symbolic link to something that is not a file; skipped"
        }
    }

    /// Creates a folder and its parents (like `mkdir -p`).
    public static func makeDirectories(_ path: String) throws(IOError) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = directoryName(path)
        if parent != path && parent != "." && parent != "/" { try makeDirectories(parent) }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw IOError(path: path, reason: errorMessage)
        }
    }

    public static func removeFile(_ path: String) { unlink(path) }

    /// Names in a directory (not `.` or `..`); empty if it cannot be read.
    public static func listDirectory(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func baseName(_ path: String, droppingExtension: Bool = false) -> String {
        var name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        if droppingExtension, let dot = name.lastIndex(of: "."), dot != name.startIndex {
            name = String(name[..<dot])
        }
        return name
    }

    /// The whole file, or nil if it cannot be read. With `limit`, at most `limit + 1` bytes of it
    /// (so a caller can tell it is larger than `limit`): safe on files that never end
    /// (`/dev/zero`) or lie about their size (`/proc`).
    public static func readFile(_ path: String, atMost limit: Int? = nil) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let cap = limit.map { $0 + 1 } ?? Int.max
        var st = stat()
        var result: [UInt8] = []
        if fstat(fd, &st) == 0, st.st_size > 0 { result.reserveCapacity(min(Int(st.st_size), cap)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while result.count < cap {
            let want = min(chunk.count, cap - result.count)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }

    /// The system's message for the current `errno`.
    public static var errorMessage: String { String(cString: strerror(errno)) }
}

extension String {
    /// Decodes a NUL-terminated C character buffer as UTF-8.
    init(cCharacters buffer: [CChar]) {
        self = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
