extension Array {
    /// Runs `body` on this array, emptied, and empties it again afterwards, keeping its capacity:
    /// a stage instance's scratch buffer (its edits, say) that is allocated once, not once per
    /// document. `body` must not reach the array through anything but its argument.
    @inline(__always)
    mutating func reusing<R>(_ body: (inout [Element]) throws -> R) rethrows -> R {
        // `removeAll` costs a call into the generic `replaceSubrange` even on an empty array.
        if !isEmpty { removeAll(keepingCapacity: true) }
        defer { if !isEmpty { removeAll(keepingCapacity: true) } }
        return try body(&self)
    }
}
