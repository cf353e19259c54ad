#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex and condition variable, the two primitives the runner's queues are built from.
final class Monitor: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    func locked<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    /// Waits (with the lock held by the caller inside `locked`) until signalled.
    func wait() { pthread_cond_wait(&condition, &mutex) }
    func broadcast() { pthread_cond_broadcast(&condition) }
}

/// A bounded first-in first-out queue between threads; `pop` returns nil once closed and drained.
final class BlockingQueue<Element>: @unchecked Sendable {
    private let monitor = Monitor()
    /// Taken slots are set to nil at once: a consumed element (a batch of documents) must not stay
    /// alive until the array is compacted.
    private var items: [Element?] = []
    private var head = 0
    private let capacity: Int
    private var closed = false

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds an element, waiting while the queue is full; false if the queue was closed.
    /// The element is moved in, so a consumer can find itself the only owner of what it pops.
    @discardableResult
    func push(_ element: consuming Element) -> Bool {
        var slot: Element? = consume element
        return monitor.locked {
            while items.count - head >= capacity && !closed { monitor.wait() }
            if closed { return false }
            items.append(slot.take()!)
            monitor.broadcast()
            return true
        }
    }

    func pop() -> Element? {
        monitor.locked {
            while items.count == head && !closed { monitor.wait() }
            if items.count == head { return nil }
            let e = items[head].take()!
            head += 1
            if head > 1024 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            monitor.broadcast()
            return e
        }
    }

    /// No more pushes; waiting consumers drain what is left, then get nil.
    func close() {
        monitor.locked {
            closed = true
            monitor.broadcast()
        }
    }
}

/// A joinable POSIX thread running a closure.
final class WorkerThread {
    private var thread: pthread_t? = nil

    init(_ body: @escaping () -> Void) {
        final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        // Deep ICU and regex work wants more than the default stack of secondary threads.
        pthread_attr_setstacksize(&attributes, 16 << 20)
        var t = pthread_t()
        let rc = pthread_create(&t, &attributes, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        precondition(rc == 0, "cannot start a worker thread")
        thread = t
    }

    func join() {
        if let t = thread { pthread_join(t, nil) }
        thread = nil
    }
}

/// CPU time of the calling thread in nanoseconds: what a stage costs, whatever else the machine
/// is doing (wall-clock time on a shared machine measures the scheduler as much as the code).
@inline(__always)
func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Monotonic time in nanoseconds.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Number of processors this process may use.
public var availableProcessors: Int {
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
