/// An L2 order book for one instrument: aggregated quantity per price level on each side.
///
/// Each side is one contiguous array sorted so that the best level is the **last** element:
/// reading the top of book is one load, and the updates that dominate real feeds (near the top)
/// move only the few levels above them. Updates carry absolute quantities; zero removes a level.
/// A removed level below the top stays in place as a tombstone (quantity zero) so that deep
/// updates of 1,000-level books do not shift the array; re-adding that price reuses its slot, the
/// top of each side is never a tombstone, and a side is compacted when tombstones exceed half.
/// The book knows nothing of venues' sequence numbers: the venue's book-sync state machine decides
/// when a snapshot or delta applies, and uses ``health(now:maxAge:)`` as a resync signal.
public struct OrderBook: Sendable {
    public let instrument: InstrumentID
    /// Bids, ascending by price (best bid last).
    @usableFromInline var bids: ContiguousArray<BookLevel>
    /// Asks, descending by price (best ask last).
    @usableFromInline var asks: ContiguousArray<BookLevel>
    /// Tombstones (zero-quantity slots) in each side.
    @usableFromInline var bidTombstones = 0
    @usableFromInline var askTombstones = 0
    /// The venue sequence of the last applied change (0 when the venue has none).
    public var sequence: UInt64
    /// The venue time of the last applied change.
    public var lastUpdate: Timestamp

    public init(instrument: InstrumentID, capacity: Int = 64) {
        self.instrument = instrument
        bids = []
        asks = []
        bids.reserveCapacity(capacity)
        asks.reserveCapacity(capacity)
        sequence = 0
        lastUpdate = .zero
    }

    // MARK: Reading

    @inlinable public var bestBid: BookLevel? { bids.last }
    @inlinable public var bestAsk: BookLevel? { asks.last }
    @inlinable public var bidCount: Int { bids.count - bidTombstones }
    @inlinable public var askCount: Int { asks.count - askTombstones }
    @inlinable public var isEmpty: Bool { bidCount == 0 && askCount == 0 }

    /// The midpoint of best bid and best ask, rounded to nearest-even on the price grid.
    @inlinable public var mid: Price? {
        guard let bid = bids.last, let ask = asks.last else { return nil }
        return Price.midpoint(bid.price, ask.price)
    }

    @inlinable public var spread: Price? {
        guard let bid = bids.last, let ask = asks.last else { return nil }
        return ask.price - bid.price
    }

    /// The best `n` levels of a side, best first.
    public func depth(_ side: Side, _ n: Int) -> [BookLevel] {
        let levels = side == .buy ? bids : asks
        var result: [BookLevel] = []
        result.reserveCapacity(min(max(n, 0), levels.count))
        var index = levels.count - 1
        while index >= 0 && result.count < n {
            if levels[index].quantity.raw != 0 { result.append(levels[index]) }
            index -= 1
        }
        return result
    }

    /// The quantity resting at exactly `price` on a side (zero when there is no level).
    public func quantity(_ side: Side, at price: Price) -> Quantity {
        let levels = side == .buy ? bids : asks
        let (index, found) = Self.search(levels, price, isBid: side == .buy)
        return found ? levels[index].quantity : .zero  // a tombstone holds zero
    }

    /// What taking `quantity` from the book would cost: a buy walks the asks, a sell the bids.
    public func costToFill(_ side: Side, quantity: Quantity) -> FillEstimate {
        let levels = side == .buy ? asks : bids
        var remaining = quantity.raw
        var notional: Int128 = 0
        var index = levels.count - 1
        var worst: Price?
        while remaining > 0 && index >= 0 {
            let level = levels[index]
            if level.quantity.raw == 0 {
                index -= 1
                continue
            }
            let take = min(remaining, level.quantity.raw)
            notional += Int128(take) * Int128(level.price.raw)
            remaining -= take
            worst = level.price
            index -= 1
        }
        let filled = Quantity(raw: quantity.raw - remaining)
        return FillEstimate(requested: quantity, filled: filled, notional: Position.money(notional), worstPrice: worst)
    }

    public enum Health: Equatable, Sendable {
        case ok
        case empty
        /// Best bid at or above best ask: an update was missed.
        case crossed(bid: Price, ask: Price)
        /// No update for longer than allowed.
        case stale(age: Duration)
    }

    /// Whether the book can be trusted; anything but `.ok` is a signal to resync.
    public func health(now: Timestamp, maxAge: Duration) -> Health {
        if let bid = bids.last, let ask = asks.last, bid.price >= ask.price {
            return .crossed(bid: bid.price, ask: ask.price)
        }
        if bidCount == 0 && askCount == 0 { return .empty }
        let age = now.duration(since: lastUpdate)
        return age > maxAge ? .stale(age: age) : .ok
    }

    // MARK: Writing

    /// Replaces both sides. Levels may come in any order; zero quantities are dropped; duplicates
    /// keep the last quantity given.
    public mutating func applySnapshot(bids newBids: some Sequence<BookLevel>, asks newAsks: some Sequence<BookLevel>,
                                       sequence: UInt64 = 0, at time: Timestamp) {
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        bidTombstones = 0
        askTombstones = 0
        for level in newBids { update(.buy, price: level.price, quantity: level.quantity) }
        for level in newAsks { update(.sell, price: level.price, quantity: level.quantity) }
        self.sequence = sequence
        lastUpdate = time
    }

    /// Sets the absolute quantity at a price; zero removes the level.
    @inlinable
    public mutating func update(_ side: Side, price: Price, quantity: Quantity) {
        if side == .buy {
            Self.set(&bids, &bidTombstones, price, quantity, isBid: true)
        } else {
            Self.set(&asks, &askTombstones, price, quantity, isBid: false)
        }
    }

    /// Marks the venue time and sequence of the change just applied.
    @inlinable
    public mutating func stamp(sequence: UInt64, at time: Timestamp) {
        self.sequence = sequence
        lastUpdate = time
    }

    /// Removes every level (e.g. before a resync).
    public mutating func clear() {
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        bidTombstones = 0
        askTombstones = 0
        sequence = 0
    }

    @inlinable
    static func set(_ levels: inout ContiguousArray<BookLevel>, _ tombstones: inout Int, _ price: Price, _ quantity: Quantity,
                    isBid: Bool) {
        let (index, found) = search(levels, price, isBid: isBid)
        if found {
            let wasTombstone = levels[index].quantity.raw == 0
            if quantity.raw != 0 {
                levels[index].quantity = quantity
                if wasTombstone { tombstones -= 1 }
            } else if !wasTombstone {
                if index == levels.count - 1 {
                    // The top is never a tombstone: drop it and any tombstones it uncovers.
                    levels.removeLast()
                    while let last = levels.last, last.quantity.raw == 0 {
                        levels.removeLast()
                        tombstones -= 1
                    }
                } else {
                    levels[index].quantity = .zero
                    tombstones += 1
                }
            }
        } else if quantity.raw != 0 {
            if tombstones > 32 && tombstones * 2 > levels.count {
                compact(&levels, &tombstones)
                let (at, _) = search(levels, price, isBid: isBid)
                levels.insert(BookLevel(price: price, quantity: quantity), at: at)
            } else {
                levels.insert(BookLevel(price: price, quantity: quantity), at: index)
            }
        }
    }

    @usableFromInline
    static func compact(_ levels: inout ContiguousArray<BookLevel>, _ tombstones: inout Int) {
        levels.removeAll { $0.quantity.raw == 0 }
        tombstones = 0
    }

    /// The index of `price` in a side, or where it would be inserted. Sides sort best-last:
    /// bids ascending, asks descending; the search starts at the top of book, where most updates land.
    @inlinable
    static func search(_ levels: ContiguousArray<BookLevel>, _ price: Price, isBid: Bool) -> (Int, Bool) {
        let key = isBid ? price.raw : -price.raw
        return levels.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            // Linear probe of the top 8 levels, then binary search below them.
            var i = count - 1
            let stop = max(count - 8, 0)
            while i >= stop {
                let k = isBid ? buffer[i].price.raw : -buffer[i].price.raw
                if k == key { return (i, true) }
                if k < key { return (i + 1, false) }
                i -= 1
            }
            var low = 0
            var high = stop
            while low < high {
                let middle = (low + high) >> 1
                let k = isBid ? buffer[middle].price.raw : -buffer[middle].price.raw
                if k < key { low = middle + 1 } else { high = middle }
            }
            if low < count {
                let k = isBid ? buffer[low].price.raw : -buffer[low].price.raw
                if k == key { return (low, true) }
            }
            return (low, false)
        }
    }
}

/// The outcome of walking a book for a quantity.
public struct FillEstimate: Hashable, Sendable {
    public let requested: Quantity
    /// What the visible book could fill (less than requested when the book is too thin).
    public let filled: Quantity
    /// Σ price × quantity over the levels taken.
    public let notional: Money
    /// The last (worst) price level touched.
    public let worstPrice: Price?

    public var isComplete: Bool { filled == requested }
    public var averagePrice: Price? { filled.isZero ? nil : try? notional.divided(by: filled) }
}
