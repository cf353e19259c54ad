@testable import Sift
import Testing

@Suite struct QueueTests {
    final class Payload: Sendable {}

    /// A consumed element is released at once, not when the queue's storage is compacted: with
    /// batches of a megabyte each, keeping a thousand of them alive cost a gigabyte.
    @Test func poppedElementsAreReleased() {
        let queue = BlockingQueue<Payload>(capacity: 8)
        weak var first: Payload?
        do {
            let p = Payload()
            first = p
            queue.push(p)
        }
        queue.push(Payload())
        _ = queue.pop()
        #expect(first == nil)
        #expect(queue.pop() != nil)
    }
}
