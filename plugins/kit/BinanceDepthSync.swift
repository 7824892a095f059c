/// Binance Spot local order book synchronisation (diff-depth stream + REST snapshot).
///
/// Plain state machine: feed it parsed depth events and snapshots, get back actions for the
/// plugin to perform. It implements the documented procedure exactly: buffer events, drop those
/// with `u <= lastUpdateId`, require the first applied event to straddle `lastUpdateId + 1`, then
/// require `U == previous u + 1`; any gap discards the book and asks for a resync.
public struct BinanceDepthSync: Sendable {
    /// One `depthUpdate` event, prices/quantities already fixed-point.
    public struct DepthEvent: Sendable, Equatable {
        public var firstUpdateId: UInt64
        public var finalUpdateId: UInt64
        public var bids: [BookSide.Level]
        public var asks: [BookSide.Level]
        public init(firstUpdateId: UInt64, finalUpdateId: UInt64, bids: [BookSide.Level], asks: [BookSide.Level]) {
            self.firstUpdateId = firstUpdateId; self.finalUpdateId = finalUpdateId
            self.bids = bids; self.asks = asks
        }
    }

    /// A REST `/api/v3/depth` snapshot.
    public struct Snapshot: Sendable, Equatable {
        public var lastUpdateId: UInt64
        public var bids: [BookSide.Level]
        public var asks: [BookSide.Level]
        public init(lastUpdateId: UInt64, bids: [BookSide.Level], asks: [BookSide.Level]) {
            self.lastUpdateId = lastUpdateId; self.bids = bids; self.asks = asks
        }
    }

    /// What the plugin must do after an input.
    public enum Action: Sendable, Equatable {
        /// Fetch a REST snapshot (first event buffered, or the snapshot was too old).
        case requestSnapshot
        /// The book became consistent at this update id.
        case synced(lastUpdateId: UInt64)
        /// An event was applied to the in-sync book.
        case applied(firstUpdateId: UInt64, finalUpdateId: UInt64)
        /// Sync was lost; the book was cleared. Emit a resync event.
        case resync(reason: String)
    }

    /// Where the machine stands.
    public enum Phase: Sendable, Equatable {
        case waitingForEvents, waitingForSnapshot, synced
    }

    public private(set) var phase: Phase = .waitingForEvents
    public private(set) var bids = BookSide(descending: true)
    public private(set) var asks = BookSide(descending: false)
    /// `u` of the last applied event (or the snapshot's `lastUpdateId`).
    public private(set) var lastUpdateId: UInt64 = 0
    /// Update ids of buffered events dropped as older than the snapshot (diagnostics, tests).
    public private(set) var discardedFinalIds: [UInt64] = []
    private var buffer: [DepthEvent] = []
    /// Bounds memory if the snapshot never comes.
    public let maxBuffered: Int

    /// A machine that has seen nothing yet.
    public init(maxBuffered: Int = 10_000) { self.maxBuffered = maxBuffered }

    /// Feeds one diff-depth event.
    public mutating func receive(_ event: DepthEvent) -> [Action] {
        switch phase {
        case .waitingForEvents:
            buffer = [event]
            phase = .waitingForSnapshot
            return [.requestSnapshot]
        case .waitingForSnapshot:
            if buffer.count >= maxBuffered { buffer.removeFirst() }
            buffer.append(event)
            return []
        case .synced:
            if event.finalUpdateId <= lastUpdateId { return [] }
            guard event.firstUpdateId == lastUpdateId + 1 else {
                let reason = "gap: U \(event.firstUpdateId) != last u \(lastUpdateId) + 1"
                reset()
                buffer = [event]
                phase = .waitingForSnapshot
                return [.resync(reason: reason), .requestSnapshot]
            }
            apply(event)
            return [.applied(firstUpdateId: event.firstUpdateId, finalUpdateId: event.finalUpdateId)]
        }
    }

    /// Feeds the REST snapshot requested by `.requestSnapshot`.
    public mutating func receive(_ snapshot: Snapshot) -> [Action] {
        guard phase == .waitingForSnapshot, let first = buffer.first else { return [] }
        // Snapshot older than the first buffered event: it cannot bridge, fetch another.
        if snapshot.lastUpdateId < first.firstUpdateId { return [.requestSnapshot] }
        reset()
        for level in snapshot.bids { bids.set(price: level.price, quantity: level.quantity) }
        for level in snapshot.asks { asks.set(price: level.price, quantity: level.quantity) }
        lastUpdateId = snapshot.lastUpdateId
        var actions: [Action] = []
        var pending = buffer[...]
        buffer = []
        while let event = pending.first, event.finalUpdateId <= lastUpdateId {
            discardedFinalIds.append(event.finalUpdateId)
            pending = pending.dropFirst()
        }
        phase = .synced
        guard let firstLive = pending.first else {
            return [.synced(lastUpdateId: lastUpdateId)]
        }
        guard firstLive.firstUpdateId <= lastUpdateId + 1 else {
            let reason = "first event U \(firstLive.firstUpdateId) does not straddle snapshot \(lastUpdateId)"
            reset()
            buffer = Array(pending)
            phase = .waitingForSnapshot
            return [.resync(reason: reason), .requestSnapshot]
        }
        apply(firstLive)
        actions.append(.applied(firstUpdateId: firstLive.firstUpdateId, finalUpdateId: firstLive.finalUpdateId))
        for event in pending.dropFirst() {
            let result = receive(event)
            actions.append(contentsOf: result)
            if phase != .synced { return actions }
        }
        actions.insert(.synced(lastUpdateId: lastUpdateId), at: 0)
        return actions
    }

    private mutating func apply(_ event: DepthEvent) {
        for level in event.bids { bids.set(price: level.price, quantity: level.quantity) }
        for level in event.asks { asks.set(price: level.price, quantity: level.quantity) }
        lastUpdateId = event.finalUpdateId
    }

    private mutating func reset() {
        bids.removeAll()
        asks.removeAll()
        lastUpdateId = 0
    }
}
