import CICUBridge

/// An ICU transform (`Any-Latin; Latin-ASCII`, `Hex-Any`, or inline rules).
///
/// ICU transliterators keep state while they run and are not thread-safe: give each thread its
/// own through ``copy()``.
public final class Transliterator {
    /// The ID or, for inline rules, a description.
    public let id: String
    private let handle: OpaquePointer

    /// Opens a transform by ID. Throws with ICU's reason when the ID names no installed transform.
    public convenience init(id: String, reverse: Bool = false) throws(ICUError) {
        try self.init(id: id, rules: nil, reverse: reverse)
    }

    /// Compiles inline transform rules (`a > b; ::Lower;`). Errors name the failing rule.
    public convenience init(rules: String, reverse: Bool = false) throws(ICUError) {
        try self.init(id: "sift-inline", rules: rules, reverse: reverse)
    }

    private init(id: String, rules: String?, reverse: Bool) throws(ICUError) {
        var status: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        var idBytes = Array(id.utf8)
        var ruleBytes = rules.map { Array($0.utf8) }
        let h: OpaquePointer? = idBytes.withUnsafeMutableBufferPointer { idp in
            if ruleBytes != nil {
                return ruleBytes!.withUnsafeMutableBufferPointer { rp in
                    sift_trans_open(idp.baseAddress, Int64(idp.count), rp.baseAddress ?? UnsafeMutablePointer(mutating: idp.baseAddress), Int64(rp.count),
                                    reverse ? 1 : 0, &message, 256, &status)
                }
            }
            return sift_trans_open(idp.baseAddress, Int64(idp.count), nil, 0, reverse ? 1 : 0, &message, 256, &status)
        }
        guard let h, status <= 0 else {
            let what = rules == nil ? "opening transform '\(id)'" : "compiling transform rules"
            throw ICUError(code: status, context: what, detail: message[0] == 0 ? nil : String(cCharacters: message))
        }
        self.id = id
        self.handle = h
    }

    private init(id: String, handle: OpaquePointer) {
        self.id = id
        self.handle = handle
    }

    deinit { sift_trans_close(handle) }

    /// An independent copy for another thread.
    public func copy() throws(ICUError) -> Transliterator {
        var status: Int32 = 0
        guard let h = sift_trans_clone(handle, &status), status <= 0 else {
            throw ICUError(code: status, context: "cloning transform '\(id)'")
        }
        return Transliterator(id: id, handle: h)
    }

    /// Transforms `text`. Call it on lines or short passages: ICU's cost grows badly on huge buffers.
    public func transliterate(_ text: String) throws(ICUError) -> String {
        var text = text
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        text.withUTF8 { src in
            sift_trans_utf8(handle, src.baseAddress, Int64(src.count), &out, &length, &status)
        }
        defer { sift_free(out) }
        try ICUError.check(status, "transliterating with '\(id)'")
        guard let out else { return "" }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self)
    }

    /// The IDs of every transform ICU has installed.
    public static var availableIDs: [String] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var length: Int64 = 0
        var status: Int32 = 0
        sift_trans_available_ids(&out, &length, &status)
        defer { sift_free(out) }
        guard let out else { return [] }
        let all = String(decoding: UnsafeBufferPointer(start: out, count: Int(length)), as: UTF8.self)
        return all.split(separator: "\n").map(String.init)
    }
}
