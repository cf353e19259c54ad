#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sift

/// Writing to standard error (messages) and standard output (results), in the usual conventions.
enum Terminal {
    static func error(_ message: String) { write(2, "sift: \(message)\n") }

    static func note(_ message: String) { write(2, "\(message)\n") }

    static func print(_ message: String) { write(1, "\(message)\n") }

    /// Standard error as is (no newline added), for a progress line.
    static func raw(_ text: String) { write(2, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// Pads a table's columns; the first row is the header.
    static func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { row in
            row.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// The `--stats` table.
    static func statistics(_ summary: RunSummary) -> String {
        var rows: [[String]] = [["stage", "docs in", "docs out", "dropped", "errors", "changed docs", "changed chars", "CPU ms", "MB/s per core"]]
        for s in summary.stages {
            rows.append([
                s.name, String(s.documentsIn), String(s.documentsOut), String(s.dropped.values.reduce(0, +)), String(s.errors),
                String(s.documentsChanged), String(s.changedCharacters), fixed(Double(s.nanoseconds) / 1e6, 1), fixed(s.megabytesPerSecond, 1),
            ])
        }
        var text = table(rows, rightAligned: Set(1..<9))
        let seconds = Double(summary.wallNanoseconds) / 1e9
        text += "\n\(summary.documentsIn) documents in (\(fixed(Double(summary.bytesIn) / 1e6, 2)) MB), \(summary.documentsOut) out (\(fixed(Double(summary.bytesOut) / 1e6, 2)) MB), \(summary.documentsDropped) dropped, \(summary.errors) errors in \(fixed(seconds, 2)) s"
        if seconds > 0 { text += " (\(fixed(Double(summary.bytesIn) / 1e6 / seconds, 1)) MB/s)" }
        for s in summary.stages where !s.dropped.isEmpty {
            for (reason, n) in s.dropped.sorted(by: { $0.value > $1.value }) { text += "\n  \(s.name) dropped \(n): \(reason)" }
        }
        return text
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var s = String(rounded)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: s.index(after: dot), to: s.endIndex)
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        } else if digits > 0 {
            s += "." + String(repeating: "0", count: digits)
        }
        return s
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
