import Sift

/// The live progress line of `sift batch` on standard error: rewritten in place on a terminal
/// (at most a few times a second), one line per update otherwise (with --progress).
final class ProgressLine {
    let enabled: Bool
    let terminal: Bool
    private var shown = false
    private var lastPlain: UInt64 = 0

    init(enabled: Bool, terminal: Bool) {
        self.enabled = enabled
        self.terminal = terminal
    }

    func update(_ p: BatchProgress) {
        guard enabled else { return }
        var text = "\(p.inputsDone + p.inputsResumed)/\(p.inputsTotal) files · \(p.documents) docs · "
        text += "\(BatchSummary.fixed(Double(p.bytesDone) / 1e6, 1))/\(BatchSummary.fixed(Double(p.bytesTotal) / 1e6, 1)) MB · "
        text += "\(BatchSummary.fixed(p.megabytesPerSecond, 1)) MB/s"
        if let left = p.secondsLeft, p.bytesDone < p.bytesTotal { text += " · ETA \(Self.duration(left))" }
        text += " · \(p.errors) error\(p.errors == 1 ? "" : "s")"
        if terminal {
            Terminal.raw("\r\u{1B}[K" + text)
            shown = true
        } else {
            // Plain log lines: one every 5 seconds at most.
            if p.elapsedNanoseconds - lastPlain >= 5_000_000_000 || p.bytesDone >= p.bytesTotal {
                lastPlain = p.elapsedNanoseconds
                Terminal.note(text)
            }
        }
    }

    /// A message above the progress line.
    func print(_ message: String) {
        if shown { Terminal.raw("\r\u{1B}[K") }
        Terminal.note(message)
    }

    func finish() {
        if shown { Terminal.raw("\r\u{1B}[K") }
        shown = false
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format2: (s % 3600) / 60))m" }
        return "\(s / 60):\(String(format2: s % 60))"
    }
}

extension String {
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : String(n) }
}
