import ArgumentParser
import Sift

struct Pipelines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the named pipelines and their descriptions.")

    func run() throws {
        let loader = makeLoader()
        let found = loader.locator.available()
        if found.isEmpty {
            Terminal.print("No pipelines found in: \(loader.locator.searchPath.joined(separator: ", "))")
            return
        }
        var rows: [[String]] = []
        for (name, file) in found {
            do {
                let p = try loader.load(file: file, name: name)
                rows.append([name, p.description])
            } catch {
                rows.append([name, "(invalid: run 'sift check \(name)')"])
            }
        }
        Terminal.print(Terminal.table(rows))
    }
}
