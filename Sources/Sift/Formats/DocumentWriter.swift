#if canImport(Glibc)
import Glibc
#endif

/// How documents are written out.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// The text of each document, each ending with a newline.
    case text
    /// One JSON object per line: `{"id", "text", "metadata", "spans", …}`, span offsets in Unicode scalars.
    case jsonl
    /// For people: per document its language and scripts, every span with line:column and an
    /// excerpt, and everything removed with the stage and reason.
    case report
    /// A self-contained HTML page: each document with its spans highlighted and a legend, and the removed text.
    case html
}

/// Writes documents to an ``OutputStream`` in one format.
public struct DocumentWriter {
    public let format: OutputFormat
    /// Side output for removed text (`--keep-removed`): one JSONL record per removal.
    public let removals: OutputStream?

    public init(format: OutputFormat, removals: OutputStream? = nil) {
        self.format = format
        self.removals = removals
    }

    public func write(_ document: Document, to out: OutputStream) {
        out.append { buffer in append(document, to: &buffer) }
        writeRemovals(document)
    }

    /// The document as written, appended to `buffer`: touches no stream, so workers can serialize
    /// documents in parallel (the side output is ``writeRemovals(_:)``'s, on the writer's thread).
    public func append(_ document: Document, to buffer: inout [UInt8]) {
        switch format {
        case .text:
            document.withUTF8 { text in
                buffer.append(contentsOf: text)
                if let last = text.last, last != 0x0A { buffer.append(0x0A) }
            }
        case .jsonl:
            Self.appendJSON(document, to: &buffer, newline: true)
        case .report:
            buffer.append(contentsOf: ReportWriter.text(document).utf8)
        case .html:
            buffer.append(contentsOf: ReportWriter.html(document).utf8)
        }
    }

    /// The removed text of `document` to the `removals` side output, if there is one.
    public func writeRemovals(_ document: Document) {
        guard let removals else { return }
        let records = document.allRemovals
        if records.isEmpty { return }
        removals.append { buffer in Self.appendRemovals(document, records: records, to: &buffer) }
    }

    /// The side output's lines for `document`: one JSON object per removal, `{"id", "text",
    /// "stage", "reason", "start"}`.
    public static func appendRemovals(_ document: Document, to buffer: inout [UInt8]) {
        appendRemovals(document, records: document.allRemovals, to: &buffer)
    }

    private static func appendRemovals(_ document: Document, records: [RemovalRecord], to buffer: inout [UInt8]) {
        for r in records {
            r.appendJSON(id: document.id, to: &buffer)
            buffer.append(0x0A)
        }
    }

    /// Written before the first document.
    public func begin(_ out: OutputStream) {
        if format == .html { out.write(ReportWriter.htmlHeader) }
    }

    /// Written after the last document.
    public func finish(_ out: OutputStream) {
        if format == .html { out.write(ReportWriter.htmlFooter) }
    }

    /// The JSONL form of a document (without the newline).
    ///
    /// Everything is escaped straight into one buffer sized for the worst case: the id, the
    /// text, the metadata (its members, with this run's removal records after an earlier run's
    /// under `removed`) and the removal records; spans and extra fields (rare, of any JSON shape)
    /// go through ``JSONWriter`` first. The bytes are those of writing ``Document/outputMetadata``
    /// with ``JSONWriter``.
    public static func appendJSON(_ d: Document, to out: inout [UInt8]) {
        appendJSON(d, to: &out, newline: false)
    }

    /// ``appendJSON(_:to:)``, with the JSONL line's newline when `newline` is set: written with
    /// the record, so that an empty `out` becomes an array of the record's size, copied from the
    /// scratch memory by code specialized for bytes (an array allocated with room to write into
    /// goes through the standard library's generic allocation, which looks up its storage type at
    /// run time, and then the newline might not fit).
    static func appendJSON(_ d: Document, to out: inout [UInt8], newline: Bool) {
        let plainMetadata = d.metadata.isEmpty
        let plainRest = d.spans.isEmpty && d.extra.isEmpty
        // Spans and extra fields, after the metadata.
        var rest: [UInt8] = []
        if !plainRest {
            JSONWriter.appendLiteral(#","spans":["#, to: &rest)
            if !d.spans.isEmpty {
                let offsets = d.withUTF8 { ScalarOffsets.scalars(forBytes: d.spans.flatMap { [$0.start, $0.end] }, in: $0) }
                for (i, s) in d.spans.enumerated() {
                    if i > 0 { rest.append(UInt8(ascii: ",")) }
                    JSONWriter.appendLiteral(#"{"type":"#, to: &rest)
                    JSONWriter.appendString(s.type, to: &rest)
                    JSONWriter.appendLiteral(#","start":"#, to: &rest)
                    JSONWriter.appendInt(offsets[2 * i], to: &rest)
                    JSONWriter.appendLiteral(#","end":"#, to: &rest)
                    JSONWriter.appendInt(offsets[2 * i + 1], to: &rest)
                    for (k, v) in s.attributes {
                        rest.append(UInt8(ascii: ","))
                        Self.appendMember(k, v, to: &rest)
                    }
                    rest.append(UInt8(ascii: "}"))
                }
            }
            rest.append(UInt8(ascii: "]"))
            for (k, v) in d.extra {
                rest.append(UInt8(ascii: ","))
                Self.appendMember(k, v, to: &rest)
            }
            rest.append(UInt8(ascii: "}"))
        }

        // The worst case: every byte of every string escaped as \u00XX.
        var bound = 6 * (d.id.utf8.count + d.utf8Count) + rest.count + 32
        // The literals around the metadata and records (`{"removed":[`, `]}`, `,"spans":[]}`).
        bound += 48
        if !plainMetadata { bound += RawJSONWriter.bound(of: d.metadata) }
        bound += RawJSONWriter.bound(of: d.removalLog)
        // The newline.
        bound += 1
        /// The record at `base`, which has room for `bound` bytes; returns its length.
        func write(to base: UnsafeMutablePointer<UInt8>, labels: WrittenLabels?) -> Int {
            var w = RawJSONWriter(base: base, labels: labels)
            w.literal(#"{"id":"#)
            w.string(d.id)
            w.literal(#","text":"#)
            d.withUTF8 { w.string(utf8: $0) }
            w.literal(#","metadata":"#)
            if plainMetadata {
                if d.removalLog.isEmpty {
                    w.literal("{}")
                } else {
                    w.literal(#"{"removed":["#)
                    w.records(d.removalLog)
                    w.literal("]}")
                }
            } else if d.removalLog.isEmpty {
                w.object(d.metadata)
            } else {
                w.metadata(d.metadata, records: d.removalLog)
            }
            if plainRest { w.literal(#","spans":[]}"#) } else { w.bytes(rest) }
            if newline { w.byte(0x0A) }
            precondition(w.count <= bound, "JSON record larger than its bound")
            return w.count
        }
        if bound <= ScratchMemory.largest {
            // Written into this thread's scratch memory (reused, so in cache and never grown
            // again), then copied out at its size: an array of the worst case's size, six
            // times the text, cost more to allocate than the copy, and stayed that big.
            let memory = ScratchMemory.current
            let scratch = memory.memory(bound)
            let written = write(to: scratch, labels: memory.labels)
            if out.isEmpty {
                out = Array(UnsafeBufferPointer(start: scratch, count: written))
            } else {
                out.append(contentsOf: UnsafeBufferPointer(start: scratch, count: written))
            }
            return
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: bound) { buffer, written in
            written = write(to: buffer.baseAddress!, labels: nil)
        }
        // A worker serializes one document into an empty buffer: hand it over without a copy.
        if out.isEmpty { out = bytes } else { out.append(contentsOf: bytes) }
    }

    /// One member of a JSON object, `"key":value` (the caller writes the commas).
    static func appendMember(_ key: String, _ value: JSONValue, to out: inout [UInt8]) {
        JSONWriter.appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONWriter.append(value, to: &out)
    }
}

/// Memory of the calling thread that a record is written into before it is copied out at its
/// size: one block per thread, grown to the largest record written so far up to ``largest``
/// (a larger record is written into an array of its own), freed when the thread ends.
final class ScratchMemory {
    /// The most bytes kept per thread.
    static let largest = 1 << 22
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    /// The removal labels this thread's records have written, kept from page to page.
    let labels = WrittenLabels()

    private init() {
        capacity = 1 << 16
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// At least `count` bytes (what they held before is lost).
    @inline(__always)
    func memory(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, 2 * capacity)
            base = .allocate(capacity: capacity)
        }
        return base
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { p in
            if let p { Unmanaged<ScratchMemory>.fromOpaque(p).release() }
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()

    /// The calling thread's scratch memory.
    static var current: ScratchMemory {
        if let p = pthread_getspecific(key) { return Unmanaged<ScratchMemory>.fromOpaque(p).takeUnretainedValue() }
        let made = ScratchMemory()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }
}

/// The escaped members of removal labels whose two Strings are immortal (literals, and strings
/// of up to fifteen bytes held in their bits), kept by a thread from record to record: equal bits
/// of such Strings are equal texts for as long as the process runs, so a label is known again
/// without a look at its text and without keeping the Strings alive. A page's labels are mostly
/// such (`drop-lines`' `placeholder line`, `dedupe-lines`' `repeated title`): ``RawJSONWriter/records(_:)``
/// escaped each once per page, now once per thread. Labels made at run time (`stray`'s, with the
/// language in them) are new Strings on every page, and are left to the page's own list.
final class WrittenLabels {
    /// The most labels kept (the first ones seen: immortal labels are few, the program's own).
    static let capacity = 16
    /// The most bytes of a kept label's members.
    static let slotBytes = 256
    /// Each label's (stage, reason) bits.
    let keys: UnsafeMutablePointer<LabelKey>
    /// Each label's members, `","stage":"…","reason":"…","start":`, in a slot of ``slotBytes``.
    let bytes: UnsafeMutablePointer<UInt8>
    let lengths: UnsafeMutablePointer<Int>
    var count = 0

    struct LabelKey {
        var stage: (UInt64, UInt64)
        var reason: (UInt64, UInt64)
    }

    init() {
        keys = .allocate(capacity: Self.capacity)
        bytes = .allocate(capacity: Self.capacity * Self.slotBytes)
        lengths = .allocate(capacity: Self.capacity)
    }

    deinit {
        keys.deallocate()
        bytes.deallocate()
        lengths.deallocate()
    }

    /// Whether a String whose raw bits are `bits` is immortal: the top bit of its object word.
    @inline(__always)
    static func isImmortal(_ bits: (UInt64, UInt64)) -> Bool { bits.1 & (1 << 63) != 0 }
}

/// Writes JSON into memory already allocated for the worst case: no capacity checks, no
/// uniqueness checks, runs of plain bytes copied with memcpy.
struct RawJSONWriter {
    let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    /// The thread's kept removal labels, if it has any (``records(_:)``).
    let labels: WrittenLabels?

    init(base: UnsafeMutablePointer<UInt8>, labels: WrittenLabels? = nil) {
        self.base = base
        self.labels = labels
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func bytes(_ p: UnsafeBufferPointer<UInt8>) {
        guard let from = p.baseAddress, !p.isEmpty else { return }
        (base + count).update(from: from, count: p.count)
        count += p.count
    }

    @inline(__always) mutating func bytes(_ a: [UInt8]) { a.withUnsafeBufferPointer { bytes($0) } }

    @inline(__always) mutating func literal(_ s: StaticString) {
        (base + count).update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        count += s.utf8CodeUnitCount
    }

    /// A JSON value, as ``JSONWriter/append(_:to:)`` writes it.
    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: literal("null")
        case .bool(let b): if b { literal("true") } else { literal("false") }
        case .int(let n): int(n)
        case .double(let d):
            // JSONWriter's forms, byte for byte.
            if d.isFinite {
                if d.rounded() == d && abs(d) < 1e15 {
                    int(Int(d))
                    literal(".0")
                } else {
                    plain(d.description)
                }
            } else {
                literal("null")
            }
        case .string(let s): string(s)
        case .array(let items):
            byte(UInt8(ascii: "["))
            items.withUnsafeBufferPointer { items in
                for k in items.indices {
                    if k > 0 { byte(UInt8(ascii: ",")) }
                    // A string item (a page's hashtags) written here: passing the item on to
                    // `value` copied it, retaining and releasing its String.
                    if case .string(let s) = items[k] { string(s) } else { value(items[k]) }
                }
            }
            byte(UInt8(ascii: "]"))
        case .object(let o): object(o)
        }
    }

    /// A JSON object, as ``JSONWriter/append(_:to:)`` writes it.
    mutating func object(_ o: JSONObject) {
        byte(UInt8(ascii: "{"))
        o.entries.withUnsafeBufferPointer { entries in
            for k in entries.indices {
                if k > 0 { byte(UInt8(ascii: ",")) }
                member(entries[k].key, entries[k].value)
            }
        }
        byte(UInt8(ascii: "}"))
    }

    /// `"key":value`.
    @inline(__always)
    mutating func member(_ key: String, _ v: JSONValue) {
        string(key)
        byte(UInt8(ascii: ":"))
        value(v)
    }

    /// A document's metadata with this run's removal records appended to its `removed` array, as
    /// ``JSONObject/append(_:toArray:)`` does: after an earlier run's records when `removed` is an
    /// array, in its place when it is something else, else as a last member.
    mutating func metadata(_ o: JSONObject, records log: RemovalLog) {
        byte(UInt8(ascii: "{"))
        var wroteRecords = false
        o.entries.withUnsafeBufferPointer { entries in
            for k in entries.indices {
                if k > 0 { byte(UInt8(ascii: ",")) }
                if !wroteRecords && entries[k].key == "removed" {
                    wroteRecords = true
                    literal(#""removed":["#)
                    if case .array(let items) = entries[k].value {
                        items.withUnsafeBufferPointer { items in
                            for item in items.indices {
                                value(items[item])
                                byte(UInt8(ascii: ","))
                            }
                        }
                    }
                    records(log)
                    byte(UInt8(ascii: "]"))
                } else {
                    member(entries[k].key, entries[k].value)
                }
            }
        }
        if !wroteRecords {
            if !o.isEmpty { byte(UInt8(ascii: ",")) }
            literal(#""removed":["#)
            records(log)
            byte(UInt8(ascii: "]"))
        }
        byte(UInt8(ascii: "}"))
    }

    /// The most bytes ``value(_:)`` writes for `v` (strings with every byte escaped).
    static func bound(of v: JSONValue) -> Int {
        switch v {
        case .null, .bool: return 5
        // 20 digits and a sign; a double's shortest form (at most 24 bytes) or 15 digits and ".0".
        case .int: return 21
        case .double: return 32
        case .string(let s): return 6 * s.utf8.count + 2
        case .array(let items):
            return items.withUnsafeBufferPointer { items in
                var n = 2 + items.count
                for k in items.indices { n += bound(of: items[k]) }
                return n
            }
        case .object(let o): return bound(of: o)
        }
    }

    /// The most bytes ``object(_:)`` writes for `o`, and ``metadata(_:records:)`` besides the
    /// records and the 16 bytes of a `,"removed":[]` of its own.
    static func bound(of o: JSONObject) -> Int {
        // The entries read in place (the object's iterator copied each key and value).
        o.entries.withUnsafeBufferPointer { entries in
            var n = 2 + 4 * entries.count
            for k in entries.indices { n += 6 * entries[k].key.utf8.count + bound(of: entries[k].value) }
            return n
        }
    }

    /// A removal record, `{"text", "stage", "reason", "start"}`, with `"id"` first when given.
    mutating func record(_ r: borrowing RemovalRecord, id: String? = nil) {
        if let id {
            literal(#"{"id":"#)
            string(id)
            literal(#","text":"#)
        } else {
            literal(#"{"text":"#)
        }
        string(r.text)
        recordEnd(stage: r.stage, reason: r.reason, start: r.start)
    }

    /// A removal record's members after its text, and the closing brace.
    @inline(__always)
    private mutating func recordEnd(stage: String, reason: String, start: Int) {
        literal(#","stage":"#)
        string(stage)
        literal(#","reason":"#)
        string(reason)
        literal(#","start":"#)
        int(start)
        byte(UInt8(ascii: "}"))
    }

    /// A document's removals, as ``record(_:id:)`` writes each, separated by commas.
    ///
    /// A page's removals repeat a few (stage, reason) labels (`drop-lines`, `placeholder line`
    /// five times a page): the first record with a label escapes its members
    /// `","stage":"…","reason":"…","start":` (from the text's closing quote on), and the next ones
    /// copy those bytes from where they were written. A label is known again by the raw bits of
    /// its two Strings (equal bits are equal Strings: a stage passes its own name and a reason it
    /// keeps), compared with the thread's kept labels (``WrittenLabels``: immortal Strings, the
    /// program's own labels, escaped once per thread) and with the last four other labels of the
    /// page; equal Strings made apart are escaped again, to the same bytes (comparing the text of
    /// unequal Strings cost as much as escaping).
    mutating func records(_ log: RemovalLog) {
        log.withParts { text, entries in
            guard let first = entries.baseAddress else { return }
            let stageOffset = Self.stageOffset, reasonOffset = Self.reasonOffset
            withUnsafeTemporaryAllocation(of: WrittenLabel.self, capacity: 4) { recent in
                let recent = recent.baseAddress!
                recent.initialize(repeating: WrittenLabel(), count: 4)
                var next = 0
                var from = 0
                for k in entries.indices {
                    if k == 0 { literal(#"{"text":""#) } else { literal(#",{"text":""#) }
                    let end = entries[k].end
                    if end > from { count += ByteScan.escapeJSONShort(UnsafeBufferPointer(rebasing: text[from..<end]), to: base + count) }
                    from = end
                    // The entry's Strings' bits, read in place (no copy, no retain).
                    let entry = UnsafeRawPointer(first + k)
                    let stage = entry.load(fromByteOffset: stageOffset, as: (UInt64, UInt64).self)
                    let reason = entry.load(fromByteOffset: reasonOffset, as: (UInt64, UInt64).self)
                    var copied = false
                    if let labels {
                        for r in 0..<labels.count where labels.keys[r].reason == reason && labels.keys[r].stage == stage {
                            let length = labels.lengths[r]
                            (base + count).update(from: labels.bytes + r * WrittenLabels.slotBytes, count: length)
                            count += length
                            copied = true
                            break
                        }
                    }
                    if !copied {
                        for r in 0..<4 where recent[r].length > 0 && recent[r].reason == reason && recent[r].stage == stage {
                            (base + count).update(from: base + recent[r].at, count: recent[r].length)
                            count += recent[r].length
                            copied = true
                            break
                        }
                    }
                    if !copied {
                        let at = count
                        literal(#"","stage":"#)
                        string(entries[k].stage)
                        literal(#","reason":"#)
                        string(entries[k].reason)
                        literal(#","start":"#)
                        let length = count - at
                        if let labels, labels.count < WrittenLabels.capacity, length <= WrittenLabels.slotBytes,
                           WrittenLabels.isImmortal(stage), WrittenLabels.isImmortal(reason) {
                            let r = labels.count
                            (labels.bytes + r * WrittenLabels.slotBytes).update(from: base + at, count: length)
                            labels.keys[r] = WrittenLabels.LabelKey(stage: stage, reason: reason)
                            labels.lengths[r] = length
                            labels.count = r + 1
                        } else {
                            recent[next] = WrittenLabel(stage: stage, reason: reason, at: at, length: count - at)
                            next = (next + 1) & 3
                        }
                    }
                    int(entries[k].start)
                    byte(UInt8(ascii: "}"))
                }
            }
        }
    }

    /// A label ``records(_:)`` wrote: its Strings' raw bits, and where its members are.
    private struct WrittenLabel {
        var stage: (UInt64, UInt64) = (0, 0)
        var reason: (UInt64, UInt64) = (0, 0)
        var at = 0
        /// 0 for a slot not used yet.
        var length = 0
    }

    private static let stageOffset = MemoryLayout<RemovalLog.Entry>.offset(of: \.stage)!
    private static let reasonOffset = MemoryLayout<RemovalLog.Entry>.offset(of: \.reason)!

    /// The most bytes ``records(_:)`` writes for `log`.
    static func bound(of log: RemovalLog) -> Int {
        log.withParts { text, entries in
            var labels = 0
            for k in entries.indices { labels += entries[k].stage.utf8.count + entries[k].reason.utf8.count }
            return 6 * (text.count + labels) + 80 * entries.count
        }
    }

    /// The most bytes ``record(_:id:)`` writes: every byte escaped as \u00XX, and room for the
    /// keys and the number.
    static func bound(of r: borrowing RemovalRecord, id: String? = nil) -> Int {
        6 * (r.text.utf8.count + r.stage.utf8.count + r.reason.utf8.count + (id?.utf8.count ?? 0)) + 80
    }

    /// "00", "01", … "99": decimal digits written two at a time.
    private static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Decimal digits (at most 20 bytes, within the bound's allowance per number): a number
    /// below 10,000 (a removal's start in a page) written here, one digit or two pairs at most,
    /// without counting its digits first; any other by ``digits(_:)``.
    @inline(__always)
    mutating func int(_ n: Int) {
        guard n >= 0 && n < 10_000 else { return digits(n) }
        let pairs = Self.digitPairs.utf8Start
        let v = Int(truncatingIfNeeded: n)
        if v < 10 {
            byte(0x30 + UInt8(truncatingIfNeeded: v))
        } else if v < 100 {
            base[count] = pairs[2 * v]
            base[count + 1] = pairs[2 * v + 1]
            count += 2
        } else {
            let high = v / 100, low = v % 100
            if high < 10 {
                base[count] = 0x30 + UInt8(truncatingIfNeeded: high)
                count += 1
            } else {
                base[count] = pairs[2 * high]
                base[count + 1] = pairs[2 * high + 1]
                count += 2
            }
            base[count] = pairs[2 * low]
            base[count + 1] = pairs[2 * low + 1]
            count += 2
        }
    }

    /// Decimal digits (at most 20 bytes), two at a time from the last: divisions by the
    /// constants 10 and 100 compile to multiplications.
    mutating func digits(_ n: Int) {
        if n < 0 { byte(UInt8(ascii: "-")) }
        var v = n.magnitude
        if v < 10 {
            byte(0x30 + UInt8(truncatingIfNeeded: v))
            return
        }
        var digits = 2
        var power: UInt = 100
        while v >= power {
            digits += 1
            if digits == 20 { break }
            power &*= 10
        }
        var k = count + digits
        count = k
        let pairs = Self.digitPairs.utf8Start
        while v >= 100 {
            let r = Int(truncatingIfNeeded: v % 100)
            v /= 100
            k -= 2
            base[k] = pairs[2 * r]
            base[k + 1] = pairs[2 * r + 1]
        }
        if v >= 10 {
            let r = Int(truncatingIfNeeded: v)
            base[k - 2] = pairs[2 * r]
            base[k - 1] = pairs[2 * r + 1]
        } else {
            base[k - 1] = 0x30 + UInt8(truncatingIfNeeded: v)
        }
    }

    /// A String's bytes as they are (a number's digits).
    mutating func plain(_ s: String) {
        var s = s
        s.withUTF8 { bytes($0) }
    }

    /// A JSON string literal: quotes, and the bytes escaped in one pass (``ByteScan/escapeJSON(_:to:)``).
    mutating func string(_ s: String) {
        // Native and small strings lend their bytes without a copy of the String (no retain).
        if s.utf8.withContiguousStorageIfAvailable({ string(utf8: $0) }) == nil {
            var s = s
            s.withUTF8 { string(utf8: $0) }
        }
    }

    /// A JSON string literal of valid UTF-8 bytes.
    mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        count += ByteScan.escapeJSONShort(text, to: base + count)
        byte(UInt8(ascii: "\""))
    }
}
