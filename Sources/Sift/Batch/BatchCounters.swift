/// What a batch counts for each input, from the documents that come out of the pipeline: kept
/// in the manifest with each finished input, so a resumed batch still sums the whole corpus.
///
/// It reads only generic traces that any stage leaves: `metadata.removed` (stage, reason, text),
/// spans by type, `metadata.language` / `metadata.script`, quantities (spans of type `quantity` or
/// `duration`) and unit conversions made (quantity spans marked `original` by a conversion or
/// `appended` beside the original, or a `metadata.conversions` list or count).
public struct BatchCounters: Sendable, Equatable {
    public var documentsIn = 0
    public var documentsOut = 0
    public var bytesIn = 0
    public var bytesOut = 0
    public var errors = 0
    /// Invalid UTF-8 sequences repaired with U+FFFD (`metadata.invalid_utf8`).
    public var invalidUTF8 = 0
    /// Dropped documents by "stage: reason".
    public var dropped: [String: Int] = [:]
    /// Removed text by stage (from `metadata.removed`).
    public var removed: [String: Removal] = [:]
    /// Spans in the output by type.
    public var spans: [String: Int] = [:]
    /// Documents by `metadata.language`.
    public var languages: [String: Int] = [:]
    /// Documents by main script (`metadata.script`, or else each of `metadata.scripts`).
    public var scripts: [String: Int] = [:]
    /// Quantities found (`quantity` and `duration` spans, not counting appended conversions).
    public var quantities = 0
    /// Unit conversions made (spans with `original` or `appended`, or `metadata.conversions`).
    public var unitConversions = 0

    public struct Removal: Sendable, Equatable {
        /// Removed pieces (spans of text).
        public var spans = 0
        /// Line breaks in the removed text: whole removed lines, roughly.
        public var lines = 0
        public var characters = 0
        public var reasons: [String: Int] = [:]
        public init() {}
    }

    public init() {}

    public static let quantitySpanTypes: Set<String> = ["quantity", "duration"]

    /// Counts what one document's journey through the pipeline left behind.
    public mutating func add(_ outcome: DocumentOutcome) {
        switch outcome {
        case .written(let docs, let bytes):
            documentsIn += 1
            bytesIn += bytes
            for d in docs { count(d) }
        case .dropped(let reason, let stage, let bytes):
            documentsIn += 1
            bytesIn += bytes
            dropped["\(stage): \(reason)", default: 0] += 1
        case .failed(_, _, _, _, let bytes):
            if bytes > 0 { documentsIn += 1; self.bytesIn += bytes }
            errors += 1
        }
    }

    mutating func count(_ d: Document) {
        documentsOut += 1
        bytesOut += d.utf8Count
        let m = d.metadata
        if let n = m["invalid_utf8"]?.intValue { invalidUTF8 += n }
        for r in d.allRemovals {
            var entry = removed[r.stage] ?? Removal()
            entry.spans += 1
            entry.characters += r.text.unicodeScalars.count
            entry.lines += r.text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            entry.reasons[r.reason, default: 0] += 1
            removed[r.stage] = entry
        }
        for s in d.spans {
            spans[s.type, default: 0] += 1
            if s.attributes["original"] != nil || s.attributes["appended"]?.boolValue == true {
                unitConversions += 1
            } else if Self.quantitySpanTypes.contains(s.type) {
                quantities += 1
            }
        }
        for label in Self.labels(m["language"]) { languages[label, default: 0] += 1 }
        for label in Self.labels(m["script"] ?? m["scripts"]) { scripts[label, default: 0] += 1 }
        switch m["conversions"] {
        case .array(let a)?: unitConversions += a.count
        case .int(let n)?: unitConversions += n
        default: break
        }
    }

    /// A language or script label: a string, the strings of a list, the keys of an object, or an
    /// object's `code` / `name`.
    static func labels(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let s)?: return [s]
        case .array(let items)?: return items.flatMap { labels($0) }
        case .object(let o)?:
            if let code = o["code"]?.stringValue ?? o["name"]?.stringValue { return [code] }
            return o.keys
        default: return []
        }
    }

    public mutating func merge(_ o: BatchCounters) {
        documentsIn += o.documentsIn
        documentsOut += o.documentsOut
        bytesIn += o.bytesIn
        bytesOut += o.bytesOut
        errors += o.errors
        invalidUTF8 += o.invalidUTF8
        unitConversions += o.unitConversions
        quantities += o.quantities
        for (k, v) in o.dropped { dropped[k, default: 0] += v }
        for (k, v) in o.spans { spans[k, default: 0] += v }
        for (k, v) in o.languages { languages[k, default: 0] += v }
        for (k, v) in o.scripts { scripts[k, default: 0] += v }
        for (stage, r) in o.removed {
            var e = removed[stage] ?? Removal()
            e.spans += r.spans
            e.lines += r.lines
            e.characters += r.characters
            for (k, v) in r.reasons { e.reasons[k, default: 0] += v }
            removed[stage] = e
        }
    }

    // MARK: JSON (for the manifest and the summary)

    public var json: JSONObject {
        var o = JSONObject()
        o["documents_in"] = .int(documentsIn)
        o["documents_out"] = .int(documentsOut)
        o["bytes_in"] = .int(bytesIn)
        o["bytes_out"] = .int(bytesOut)
        o["errors"] = .int(errors)
        o["invalid_utf8"] = .int(invalidUTF8)
        o["dropped"] = Self.countsJSON(dropped)
        var r = JSONObject()
        for (stage, e) in removed.sorted(by: { $0.key < $1.key }) {
            r[stage] = .object(["spans": .int(e.spans), "lines": .int(e.lines), "characters": .int(e.characters),
                                "reasons": Self.countsJSON(e.reasons)])
        }
        o["removed"] = .object(r)
        o["spans"] = Self.countsJSON(spans)
        o["languages"] = Self.countsJSON(languages)
        o["scripts"] = Self.countsJSON(scripts)
        o["quantities"] = .int(quantities)
        o["unit_conversions"] = .int(unitConversions)
        return o
    }

    public init(json o: JSONObject) {
        documentsIn = o["documents_in"]?.intValue ?? 0
        documentsOut = o["documents_out"]?.intValue ?? 0
        bytesIn = o["bytes_in"]?.intValue ?? 0
        bytesOut = o["bytes_out"]?.intValue ?? 0
        errors = o["errors"]?.intValue ?? 0
        invalidUTF8 = o["invalid_utf8"]?.intValue ?? 0
        dropped = Self.counts(o["dropped"])
        spans = Self.counts(o["spans"])
        languages = Self.counts(o["languages"])
        scripts = Self.counts(o["scripts"])
        unitConversions = o["unit_conversions"]?.intValue ?? 0
        quantities = o["quantities"]?.intValue ?? 0
        if case .object(let r)? = o["removed"] {
            for (stage, v) in r {
                guard case .object(let e) = v else { continue }
                var removal = Removal()
                removal.spans = e["spans"]?.intValue ?? 0
                removal.lines = e["lines"]?.intValue ?? 0
                removal.characters = e["characters"]?.intValue ?? 0
                removal.reasons = Self.counts(e["reasons"])
                removed[stage] = removal
            }
        }
    }

    /// Counts as a JSON object, largest first (then by name), so the file reads well and is stable.
    static func countsJSON(_ counts: [String: Int]) -> JSONValue {
        .object(JSONObject(sortedCounts(counts).map { ($0.key, JSONValue.int($0.value)) }))
    }

    public static func sortedCounts(_ counts: [String: Int]) -> [(key: String, value: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }

    static func counts(_ value: JSONValue?) -> [String: Int] {
        guard case .object(let o)? = value else { return [:] }
        var d: [String: Int] = [:]
        for (k, v) in o { d[k] = v.intValue ?? 0 }
        return d
    }
}
