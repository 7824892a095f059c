/// A change to an L2 book as a venue reported it, normalized.
///
/// A snapshot replaces the book; a delta sets absolute quantities per level (zero removes).
public struct BookUpdate: Hashable, Sendable, Codable {
    public var instrument: InstrumentID
    public var isSnapshot: Bool
    public var bids: [BookLevel]
    public var asks: [BookLevel]
    /// The venue's sequence for this change (`u` on Binance, `sequence_num` on Coinbase), if any.
    public var sequence: UInt64
    public var venueTime: Timestamp
    public var receiveTime: Timestamp

    public init(instrument: InstrumentID, isSnapshot: Bool, bids: [BookLevel], asks: [BookLevel],
                sequence: UInt64 = 0, venueTime: Timestamp, receiveTime: Timestamp) {
        self.instrument = instrument
        self.isSnapshot = isSnapshot
        self.bids = bids
        self.asks = asks
        self.sequence = sequence
        self.venueTime = venueTime
        self.receiveTime = receiveTime
    }
}

extension OrderBook {
    /// Applies a normalized update (the venue's sync logic has already decided it belongs).
    public mutating func apply(_ update: BookUpdate) {
        if update.isSnapshot {
            applySnapshot(bids: update.bids, asks: update.asks, sequence: update.sequence, at: update.venueTime)
            return
        }
        for level in update.bids { self.update(.buy, price: level.price, quantity: level.quantity) }
        for level in update.asks { self.update(.sell, price: level.price, quantity: level.quantity) }
        stamp(sequence: update.sequence, at: update.venueTime)
    }
}

/// A public trade print.
public struct Trade: Hashable, Sendable, Codable {
    public var instrument: InstrumentID
    public var price: Price
    public var quantity: Quantity
    /// The taker's side, when the venue says.
    public var aggressor: Side?
    public var tradeID: String
    public var venueTime: Timestamp
    public var receiveTime: Timestamp

    public init(instrument: InstrumentID, price: Price, quantity: Quantity, aggressor: Side?, tradeID: String,
                venueTime: Timestamp, receiveTime: Timestamp) {
        self.instrument = instrument
        self.price = price
        self.quantity = quantity
        self.aggressor = aggressor
        self.tradeID = tradeID
        self.venueTime = venueTime
        self.receiveTime = receiveTime
    }
}

/// The best bid and ask (top of book) as a venue's ticker reports them.
public struct Quote: Hashable, Sendable, Codable {
    public var instrument: InstrumentID
    public var bid: BookLevel?
    public var ask: BookLevel?
    public var venueTime: Timestamp
    public var receiveTime: Timestamp

    public init(instrument: InstrumentID, bid: BookLevel?, ask: BookLevel?, venueTime: Timestamp, receiveTime: Timestamp) {
        self.instrument = instrument
        self.bid = bid
        self.ask = ask
        self.venueTime = venueTime
        self.receiveTime = receiveTime
    }
}

/// An OHLCV bar.
public struct Bar: Hashable, Sendable, Codable {
    public var instrument: InstrumentID
    /// Bar length in seconds (60 for one-minute bars).
    public var interval: Int
    /// The bar's open time.
    public var start: Timestamp
    public var open: Price
    public var high: Price
    public var low: Price
    public var close: Price
    public var volume: Quantity

    public init(instrument: InstrumentID, interval: Int, start: Timestamp, open: Price, high: Price, low: Price,
                close: Price, volume: Quantity) {
        self.instrument = instrument
        self.interval = interval
        self.start = start
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

/// Everything market data can say, normalized across venues.
public enum MarketEvent: Hashable, Sendable, Codable {
    case book(BookUpdate)
    case trade(Trade)
    case quote(Quote)
    case bar(Bar)

    public var instrument: InstrumentID {
        switch self {
        case .book(let u): u.instrument
        case .trade(let t): t.instrument
        case .quote(let q): q.instrument
        case .bar(let b): b.instrument
        }
    }

    /// The time the engine orders events by: local receive time live, recorded time in replay.
    public var time: Timestamp {
        switch self {
        case .book(let u): u.receiveTime
        case .trade(let t): t.receiveTime
        case .quote(let q): q.receiveTime
        case .bar(let b): b.start
        }
    }
}

/// An order event with the order it belongs to.
public struct OrderEvent: Hashable, Sendable, Codable {
    public var clientOrderID: ClientOrderID
    public var kind: OrderEventKind
    public var time: Timestamp

    public init(clientOrderID: ClientOrderID, kind: OrderEventKind, time: Timestamp) {
        self.clientOrderID = clientOrderID
        self.kind = kind
        self.time = time
    }
}

/// A trading signal from a strategy or an indicator: a view on an instrument with a strength in
/// [−1, 1] (sell to buy) and a confidence in [0, 1].
public struct Signal: Hashable, Sendable, Codable {
    public var source: String
    public var instrument: InstrumentID
    public var strength: Double
    public var confidence: Double
    public var time: Timestamp

    public init(source: String, instrument: InstrumentID, strength: Double, confidence: Double, time: Timestamp) {
        self.source = source
        self.instrument = instrument
        self.strength = strength
        self.confidence = confidence
        self.time = time
    }
}
