#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Sift
import SiftICU

/// Trains a ``LanguageModel`` from a corpus folder, so that `sift train-language` is a thin wrapper.
///
/// Layout: one folder per language, named by its BCP 47 tag (`en`, `sr-Latn`, `sr-Cyrl`, …); in it,
/// any number of sources, each one file:
/// - `NAME.txt`: running text (any UTF-8 text; words are runs of letters and marks);
/// - `NAME.tsv`: a word list, `word<TAB>frequency` per line (frequency in any unit).
///
/// Each source counts as much as any other of its language (its word counts are normalized to the
/// same mass), so a large source cannot drown a small one. Each language's counts are then its
/// words' features weighted by the words' shares: multinomial naive Bayes over the features of
/// ``LanguageFeatures`` with additive smoothing over a global vocabulary per order, keeping each
/// language's most frequent features of each order.
public struct LanguageTrainer {
    public struct Options: Sendable {
        /// Additive smoothing, in units of the per-language mass.
        public var alpha: Double = 0.05
        /// Word tokens a language's data stands for.
        public var mass: Double = 1_000_000
        /// Features kept per language for each order (0: words, 1...5: n-grams).
        public var keep: [Int] = [20_000, 2_000, 20_000, 20_000, 20_000, 20_000]
        /// Weight of each order in the score.
        public var weights: [Float] = [4, 1, 1, 1, 1, 1]
        /// Source weights by file name without extension ("cldr") or tag and name ("hr/wordfreq");
        /// others weigh 1. A `weights.tsv` in the corpus folder adds to these.
        public var sourceWeights: [String: Double] = [:]
        /// Lines read per running-text source, at most (coverage matters more than amount).
        public var maxCharactersPerSource = 400_000
        /// Running-text sources with fewer words weigh proportionally less.
        public var fullSourceWords = 40_000.0
        public init() {}
    }

    public struct Report: Sendable {
        public var languages: [(tag: String, script: String, sources: [String], words: Int)] = []
    }

    public let options: Options
    public init(options: Options = Options()) { self.options = options }

    public struct TrainingError: Error, CustomStringConvertible {
        public let description: String
    }

    public func train(corpus: String, progress: (String) -> Void = { _ in }) throws -> (LanguageModel, Report) {
        let tags = FileSystem.listDirectory(corpus).filter { FileSystem.isDirectory(corpus + "/" + $0) }.sorted()
        guard !tags.isEmpty else { throw TrainingError(description: "no language folders in \(corpus)") }
        guard tags.count < 256 else { throw TrainingError(description: "at most 255 languages") }
        var report = Report()
        // Optional weights.tsv: "source<TAB>weight" for every language, "tag/source<TAB>weight" for one.
        var weights = options.sourceWeights
        if let bytes = FileSystem.readFile(corpus + "/weights.tsv") {
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                let parts = line.split(separator: "\t")
                if parts.count == 2, let w = Double(parts[1]) { weights[String(parts[0])] = w }
            }
        }
        let orders = LanguageFeatures.orders
        // Per language: kept features per order (key → count) and totals per order.
        var kept: [[[UInt32: Double]]] = []
        var totals: [[Double]] = []
        var scripts: [String] = []
        for tag in tags {
            let dir = corpus + "/" + tag
            var words: [[UInt32]: Double] = [:]
            var sources: [String] = []
            for file in FileSystem.listDirectory(dir).sorted() {
                let isList = file.hasSuffix(".tsv")
                guard isList || file.hasSuffix(".txt") else { continue }
                guard let bytes = FileSystem.readFile(dir + "/" + file) else { throw TrainingError(description: "cannot read \(dir)/\(file)") }
                let name = String(file.dropLast(4))
                let counts = isList ? Self.wordList(bytes) : Self.runningText(bytes, limit: options.maxCharactersPerSource)
                let total = counts.values.reduce(0, +)
                guard total > 0 else { continue }
                // A short running text counts less than a full one: its few words would be overweighted.
                let size = isList ? 1 : min(1, total / options.fullSourceWords)
                let scale = (weights[tag + "/" + name] ?? weights[name] ?? 1) * size / total
                for (w, c) in counts { words[w, default: 0] += c * scale }
                sources.append(name)
            }
            guard !words.isEmpty else { progress("\(tag): no data, skipped"); continue }
            let sum = words.values.reduce(0, +)
            var features = [[UInt32: Double]](repeating: [:], count: orders)
            var orderTotals = [Double](repeating: 0, count: orders)
            var scriptLetters: [Int32: Double] = [:]
            for (w, c) in words {
                let count = c / sum * options.mass
                for u in w.prefix(3) {
                    let s = Script.of(Unicode.Scalar(u) ?? " ")
                    if !s.isNeutral { scriptLetters[s.rawValue, default: 0] += count }
                }
                w.withUnsafeBufferPointer { wb in
                    LanguageFeatures.forEachFeature(word: wb) { order, key in
                        features[order][key, default: 0] += count
                        orderTotals[order] += count
                    }
                }
            }
            var script = scriptLetters.max { $0.value < $1.value }.map { Script(rawValue: $0.key).code } ?? "Zyyy"
            let subtags: [Substring] = tag.split(separator: "-")
            if let forced = subtags.dropFirst().first(where: { $0.count == 4 }) { script = String(forced) }
            for o in 0..<orders where features[o].count > options.keep[o] {
                // Ties broken by key, so that the same corpus gives the same model.
                let top = features[o].sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(options.keep[o])
                features[o] = Dictionary(uniqueKeysWithValues: top.map { ($0.key, $0.value) })
            }
            kept.append(features)
            totals.append(orderTotals)
            scripts.append(script)
            report.languages.append((tag, script, sources, words.count))
            progress("\(tag) [\(script)]: \(words.count) words from \(sources.joined(separator: ", "))")
        }
        let languages = report.languages.map(\.tag)
        // Global vocabulary per order.
        var vocabulary = [Int](repeating: 0, count: orders)
        for o in 0..<orders {
            var all = Set<UInt32>()
            for l in kept.indices { all.formUnion(kept[l][o].keys) }
            vocabulary[o] = all.count
        }
        let alpha = options.alpha
        var floors = [Float](repeating: 0, count: languages.count * orders)
        for l in languages.indices {
            for o in 0..<orders {
                floors[l * orders + o] = Float(log(alpha / (totals[l][o] + alpha * Double(vocabulary[o]))))
            }
        }
        // log((c + α)/α) above the floor, quantized to a byte.
        var maxDelta = 0.0
        for l in kept.indices { for o in 0..<orders { for c in kept[l][o].values { maxDelta = max(maxDelta, log((c + alpha) / alpha)) } } }
        let step = Float(maxDelta / 255)
        var table: [UInt32: [UInt16]] = [:]
        for l in kept.indices {
            for o in 0..<orders where options.weights[o] != 0 {
                for (key, c) in kept[l][o] {
                    let q = min(255, Int((Float(log((c + alpha) / alpha)) / step).rounded()))
                    if q == 0 { continue }
                    table[key, default: []].append(UInt16(l) << 8 | UInt16(q))
                }
            }
        }
        let keys = table.keys.sorted()
        var starts: [UInt32] = [0]
        var postings: [UInt16] = []
        for k in keys {
            var p = table[k]!
            // Keys shared by two orders of one language (a hash collision) keep the larger value.
            p.sort()
            var last = -1
            for v in p where Int(v >> 8) != last {
                postings.append(v)
                last = Int(v >> 8)
            }
            starts.append(UInt32(postings.count))
        }
        progress("model: \(languages.count) languages, \(keys.count) features, \(postings.count) postings")
        let model = LanguageModel(languages: languages, scripts: scripts, floors: floors, orderWeights: options.weights,
                                  step: step, keys: keys, starts: starts, postings: postings)
        return (model, report)
    }

    /// Word counts of running text.
    static func runningText(_ bytes: [UInt8], limit: Int) -> [[UInt32]: Double] {
        var counts: [[UInt32]: Double] = [:]
        let slice = bytes.count > limit * 2 ? Array(bytes[0..<(limit * 2)]) : bytes
        slice.withUnsafeBufferPointer { b in
            var folded = [UInt32](repeating: 0, count: b.count + 2)
            let n = folded.withUnsafeMutableBufferPointer { LanguageSupport.fold(b, into: $0) }
            folded.withUnsafeBufferPointer { f in
                LanguageFeatures.forEachWord(UnsafeBufferPointer(rebasing: f[0..<n])) { w in counts[Array(w), default: 0] += 1 }
            }
        }
        return counts
    }

    /// A `word<TAB>frequency` list; each entry is folded and split like running text.
    static func wordList(_ bytes: [UInt8]) -> [[UInt32]: Double] {
        var counts: [[UInt32]: Double] = [:]
        bytes.withUnsafeBufferPointer { b in
            b.forEachLine { line in
                let l = UnsafeBufferPointer(rebasing: b[line.content])
                guard let tab = l.firstIndex(of: 0x09) else { return }
                let word = UnsafeBufferPointer(rebasing: l[l.startIndex..<tab])
                let freq = Double(String(decoding: UnsafeBufferPointer(rebasing: l[(tab + 1)...]), as: UTF8.self)) ?? 0
                guard freq > 0, !word.isEmpty else { return }
                var folded = [UInt32](repeating: 0, count: word.count + 2)
                let n = folded.withUnsafeMutableBufferPointer { LanguageSupport.fold(word, into: $0) }
                folded.withUnsafeBufferPointer { f in
                    LanguageFeatures.forEachWord(UnsafeBufferPointer(rebasing: f[0..<n])) { w in counts[Array(w), default: 0] += freq }
                }
            }
        }
        return counts
    }
}
