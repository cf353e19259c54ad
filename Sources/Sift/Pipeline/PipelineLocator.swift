#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds named pipelines: `./Pipelines`, then each folder of `SIFT_PIPELINE_PATH`, then the
/// pipelines installed beside the binary (`<prefix>/share/sift/pipelines` for `<prefix>/bin/sift`).
public struct PipelineLocator: Sendable {
    public let searchPath: [String]

    public init(searchPath: [String]) { self.searchPath = searchPath }

    /// The standard search path for this process.
    public static func standard(workingDirectory: String = FileSystem.currentDirectory) -> PipelineLocator {
        var dirs = [workingDirectory + "/Pipelines"]
        if let env = getenv("SIFT_PIPELINE_PATH") {
            dirs += String(cString: env).split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let exe = FileSystem.executablePath {
            let bin = FileSystem.directoryName(exe)
            dirs.append(FileSystem.directoryName(bin) + "/share/sift/pipelines")
        }
        // A binary run from its build folder also finds the pipelines of the source tree it was built from.
        let sourceTree = FileSystem.directoryName(FileSystem.directoryName(FileSystem.directoryName(FileSystem.directoryName(#filePath))))
        if FileSystem.isDirectory(sourceTree + "/Pipelines"), FileSystem.isFile(sourceTree + "/Package.swift") {
            dirs.append(sourceTree + "/Pipelines")
        }
        var seen = Set<String>()
        return PipelineLocator(searchPath: dirs.filter { seen.insert($0).inserted })
    }

    /// Whether `reference` names a file rather than a pipeline.
    public static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
    }

    /// The file for a pipeline name or path, or nil.
    public func resolve(_ reference: String) -> String? {
        if Self.isPath(reference) { return FileSystem.isFile(reference) ? reference : nil }
        for dir in searchPath {
            for ext in [".yaml", ".yml"] {
                let candidate = dir + "/" + reference + ext
                if FileSystem.isFile(candidate) { return candidate }
            }
        }
        return nil
    }

    /// Every named pipeline on the search path (the first of each name wins), sorted by name.
    public func available() -> [(name: String, file: String)] {
        var seen = Set<String>()
        var found: [(String, String)] = []
        for dir in searchPath {
            for entry in FileSystem.listDirectory(dir).sorted() {
                for ext in [".yaml", ".yml"] where entry.hasSuffix(ext) {
                    let name = String(entry.dropLast(ext.count))
                    if seen.insert(name).inserted { found.append((name, dir + "/" + entry)) }
                }
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }
}
