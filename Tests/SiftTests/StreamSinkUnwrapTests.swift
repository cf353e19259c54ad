@testable import Sift
import Testing

/// `StreamSink.receive` takes its prepared bytes out of their existential by a comparison of
/// types (``StreamSink/unwrap(_:)``), not by a dynamic cast.
@Suite struct StreamSinkUnwrapTests {
    @Test func streamSinkTakesItsPreparedBytesOutWithoutACast() {
        let prepared = StreamSink.Prepared(bytes: [1, 2, 3], removed: [4])
        let some: any Sendable = prepared
        let back = StreamSink.unwrap(some)
        #expect(back?.bytes == [1, 2, 3])
        #expect(back?.removed == [4])
        let other: any Sendable = [UInt8]([1, 2, 3])
        #expect(StreamSink.unwrap(other) == nil)
    }
}
