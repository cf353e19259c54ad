/// Text a stage took out of a document, kept so that nothing is lost: written in JSONL as one
/// object of `metadata.removed`, `{"text", "stage", "reason", "start"}`.
///
/// Records are plain values until the document is written, instead of JSON objects built and torn
/// down on every document: a page of scraped text loses a dozen lines on average.
public struct RemovalRecord: Sendable, Equatable {
    /// The removed text.
    public var text: String
    /// The stage that removed it.
    public var stage: String
    public var reason: String
    /// Where it was: the scalar offset in the text as it is once this removal (and every one
    /// before it) is applied, so undoing the records one by one, last first, restores the text.
    public var start: Int

    public init(text: String, stage: String, reason: String, start: Int) {
        self.text = text
        self.stage = stage
        self.reason = reason
        self.start = start
    }

    /// A record read back from JSON (an earlier run's output); nil when a field is missing.
    public init?(json o: JSONObject) {
        guard let text = o["text"]?.stringValue, let stage = o["stage"]?.stringValue,
              let reason = o["reason"]?.stringValue, let start = o["start"]?.intValue else { return nil }
        self.init(text: text, stage: stage, reason: reason, start: start)
    }

    public var json: JSONObject {
        JSONObject(distinctKeys: [("text", .string(text)), ("stage", .string(stage)), ("reason", .string(reason)), ("start", .int(start))])
    }

    /// The record as JSON, written straight from its fields (the same bytes as writing ``json``);
    /// with `id` first when given (the `--keep-removed` side output's form). The layout is
    /// ``RawJSONWriter/record(_:id:)``'s, the one the document writer uses too.
    public func appendJSON(id: String? = nil, to out: inout [UInt8]) {
        let bytes = [UInt8](unsafeUninitializedCapacity: RawJSONWriter.bound(of: self, id: id)) { buffer, written in
            var w = RawJSONWriter(base: buffer.baseAddress!)
            w.record(self, id: id)
            written = w.count
        }
        out.append(contentsOf: bytes)
    }
}
