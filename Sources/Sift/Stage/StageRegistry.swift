/// The list of every stage Sift knows. The core knows no stage by name; `SiftStages` supplies the list.
public struct StageRegistry: Sendable {
    public let descriptors: [StageDescriptor]

    public init(_ descriptors: [StageDescriptor]) {
        self.descriptors = descriptors
        var seen = Set<String>()
        for d in descriptors { precondition(seen.insert(d.name).inserted, "stage \(d.name) registered twice") }
    }

    public func descriptor(named name: String) -> StageDescriptor? { descriptors.first { $0.name == name } }

    public var names: [String] { descriptors.map(\.name) }
}

/// "Did you mean …?" for misspelt names.
public enum Suggestion {
    /// The candidate nearest to `word` by edit distance, if it is near enough to be a plausible typo.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)? = nil
        for c in candidates {
            let d = distance(w, Array(c.lowercased().unicodeScalars))
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let (name, d) = best else { return nil }
        let limit = max(1, min(3, (w.count + 2) / 3))
        return d <= limit ? name : nil
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
