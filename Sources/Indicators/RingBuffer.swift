/// A fixed-capacity ring of doubles: the last `capacity` values, allocation-free after init.
struct RingBuffer: Sendable {
    private var storage: [Double]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        storage = [Double](repeating: 0, count: capacity)
    }

    var capacity: Int { storage.count }
    var isFull: Bool { count == storage.count }

    /// Appends a value; returns the value it pushed out when full.
    @inline(__always)
    mutating func push(_ value: Double) -> Double? {
        let evicted: Double? = isFull ? storage[head] : nil
        storage[head] = value
        head = head + 1 == storage.count ? 0 : head + 1
        if !isFull { count += 1 }
        return evicted
    }

    /// The oldest held value (the next to be evicted once full).
    var oldest: Double { storage[isFull ? head : 0] }

    /// Visits the held values, oldest first.
    func forEach(_ body: (Double) -> Void) {
        for i in 0..<count { body(storage[(head - count + i + storage.count) % storage.count]) }
    }

    /// The sum of the held values, computed exactly from scratch (for drift control).
    func sum() -> Double {
        var total = 0.0
        // Oldest first, the order a running sum would have added them.
        for i in 0..<count { total += storage[(head - count + i + storage.count) % storage.count] }
        return total
    }
}

/// A running sum over a sliding window, in TA-Lib's order: the new value is added, the window
/// total read, and only then is the oldest value subtracted (so results match TA-Lib to the last
/// bits). Recomputed from the window every 4,096 updates so it cannot drift over long runs.
struct WindowSum: Sendable {
    private var ring: RingBuffer
    /// The window's total without its oldest value (once full), as TA-Lib carries it.
    private var partial = 0.0
    private(set) var total = 0.0
    private var sinceExact = 0

    init(period: Int) { ring = RingBuffer(capacity: period) }

    var isFull: Bool { ring.isFull }
    var count: Int { ring.count }

    @inline(__always)
    mutating func add(_ value: Double) {
        total = partial + value
        _ = ring.push(value)
        sinceExact += 1
        if sinceExact == 4_096 {
            sinceExact = 0
            total = ring.sum()
        }
        partial = ring.isFull ? total - ring.oldest : total
    }
}
