#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Sift
import SiftStages

struct TrainLanguage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-language",
        abstract: "Train the language-identification model from a corpus folder.",
        discussion: """
            CORPUS holds one folder per language, named by its BCP 47 tag (en, sr-Latn, sr-Cyrl, …), \
            each with sources: NAME.txt (running text) or NAME.tsv (word<TAB>frequency). \
            scripts/train-language-model builds that folder from openly licensed Debian and PyPI data \
            and runs this command.
            """)

    @Argument(help: "The corpus folder.") var corpus: String
    @Option(name: .shortAndLong, help: "Where to write the model.") var output = "Models/language/model.bin"
    @Option(help: "Additive smoothing.") var alpha = 0.05
    @Option(help: "Character n-grams kept per language and order.") var keep = 20_000
    @Option(help: "Words kept per language.") var keepWords = 20_000
    @Option(help: "Weight of whole-word features against character n-grams.") var wordWeight: Float = 4
    @Option(help: "Weights of the character n-gram orders 1 to 5, comma-separated (0 leaves an order out).") var gramWeights = "1,1,1,1,1"
    @Option(help: "Characters read per running-text source, at most.") var maxCharacters = 400_000

    func run() throws {
        var options = LanguageTrainer.Options()
        options.alpha = alpha
        options.keep = [keepWords, 2_000, keep, keep, keep, keep]
        options.weights[0] = wordWeight
        let grams = gramWeights.split(separator: ",").compactMap { Float($0) }
        guard grams.count == 5 else { throw ValidationError("--gram-weights needs five numbers") }
        for (i, w) in grams.enumerated() { options.weights[i + 1] = w }
        options.maxCharactersPerSource = maxCharacters
        let (model, _) = try LanguageTrainer(options: options).train(corpus: corpus) { Terminal.note($0) }
        let out = try OutputStream.atomicFile(output)
        out.write(model.serialized())
        try out.commit()
        Terminal.note("wrote \(output)")
    }
}

struct IdentifyLanguage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify-language",
        abstract: "Print the language of each input line: tag, confidence and script, tab-separated.")

    @Argument(help: "Files to read (standard input when none).") var files: [String] = []
    @Option(help: "A model file instead of the installed one.") var model: String?
    @Flag(help: "Also print the alternatives.") var alternatives = false
    @Option(help: "Temperature of the confidences (for calibration).") var temperature: Float?
    @Option(help: "Stop reading a line once the leader is this far ahead (tempered log-likelihood; inf reads everything; for calibration).")
    var decisiveMargin: Float?
    @Flag(help: "Print only the throughput (lines per second of identification) to standard error.") var timing = false

    func run() throws {
        var identifier = try model.map { try LanguageIdentifier(modelAt: $0) } ?? LanguageIdentifier.shared
        if temperature != nil || decisiveMargin != nil {
            var settings = identifier.settings
            if let temperature { settings.temperature = temperature }
            if let decisiveMargin { settings.decisiveMargin = decisiveMargin }
            identifier = LanguageIdentifier(model: identifier.model, modelPath: identifier.modelPath, settings: settings)
        }
        if identifier.model == nil { Terminal.error("no language model found (SIFT_DATA_PATH, <prefix>/share/sift, ./Models); only script-decided languages") }
        let out = OutputStream.standardOutput()
        var lines = 0
        var seconds = 0.0
        let readers: [LineReader] = files.isEmpty ? [LineReader(fd: 0, path: "<stdin>", ownsDescriptor: false)] : try files.map { try LineReader(path: $0) }
        for reader in readers {
            while try reader.nextLine({ line -> Bool in
                let t0 = Clock.now
                let g = identifier.identify(line)
                seconds += Clock.now - t0
                lines += 1
                if !timing {
                    var row = "\(g.language)\t\(String(format3: g.confidence))\t\(g.script.code)"
                    if alternatives { row += "\t" + g.alternatives.map { "\($0.0):\(String(format3: $0.1))" }.joined(separator: " ") }
                    out.write(row + "\n")
                }
                return true
            }) != nil {}
        }
        try out.flush()
        if timing { Terminal.note("\(lines) lines in \(seconds) s: \(Int(Double(lines) / max(seconds, 1e-9))) lines/s") }
    }
}

private enum Clock {
    static var now: Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

private extension String {
    init(format3 v: Double) {
        let r = (v * 1000).rounded() / 1000
        self = "\(r)"
    }
}
