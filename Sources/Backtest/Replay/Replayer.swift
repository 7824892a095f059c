import CohortCore
import Storage

/// Receives a replay, one call per venue message.
public protocol ReplayHandler: AnyObject {
    /// A depth message or a quote changed instrument `index`'s book.
    func book(_ index: Int, _ book: OrderBook, time: Timestamp)
    func trade(_ index: Int, price: Price, quantity: Quantity, aggressor: Side?, time: Timestamp)
    /// The venue's own top of book (a ticker), when recorded; the L2 book is unaffected.
    func quote(_ index: Int, bid: BookLevel, ask: BookLevel, book: OrderBook, time: Timestamp)
}

extension ReplayHandler {
    public func quote(_ index: Int, bid: BookLevel, ask: BookLevel, book: OrderBook, time: Timestamp) {}
}

/// What a replay went through.
public struct ReplayStatistics: Sendable, Equatable {
    /// Records read (depth level rows, trades, quotes, snapshot markers).
    public var records = 0
    /// Venue messages delivered (one handler call each).
    public var messages = 0
    public var trades = 0
    /// Book messages that left a crossed book (a data problem, reported, not delivered).
    public var crossed = 0

    public init() {}
}

/// Replays stored market data in time order through the core's order books.
///
/// The same `OrderBook` type serves live trading; records apply exactly as the venue sent them
/// (snapshot, then absolute level updates), and each venue message ends with one handler call.
/// A book left crossed is counted and not delivered: a strategy never sees an impossible book.
public final class Replayer {
    public let instruments: [InstrumentID]
    // A replay runs on one executor; the books are updated for every record, so the dynamic
    // exclusivity checks are switched off for them and the statistics.
    @exclusivity(unchecked) public private(set) var books: [OrderBook]
    @exclusivity(unchecked) public private(set) var statistics = ReplayStatistics()

    public init(instruments: [InstrumentID]) {
        self.instruments = instruments
        books = instruments.map { OrderBook(instrument: $0, capacity: 2_048) }
    }

    /// Runs until the reader is exhausted (or `limit` messages were delivered).
    public func run(_ reader: MarketDataReader, handler: ReplayHandler, limit: Int = .max) throws {
        var pendingBid: [BookLevel?] = Array(repeating: nil, count: instruments.count)
        while statistics.messages < limit, let (index, record) = try reader.next() {
            statistics.records += 1
            let time = Timestamp(nanoseconds: record.localTime)
            switch record.kind {
            case .bookClear:
                books[index].clear()
            case .snapshotLevel, .deltaLevel:
                books[index].update(record.side == 0 ? .buy : .sell, price: Price(raw: record.price), quantity: Quantity(raw: record.quantity))
                if record.isEndOfMessage {
                    books[index].stamp(sequence: 0, at: Timestamp(nanoseconds: record.exchangeTime))
                    if let bid = books[index].bestBid, let ask = books[index].bestAsk, bid.price >= ask.price {
                        statistics.crossed += 1
                        continue
                    }
                    statistics.messages += 1
                    handler.book(index, books[index], time: time)
                }
            case .trade:
                statistics.messages += 1
                statistics.trades += 1
                handler.trade(index, price: Price(raw: record.price), quantity: Quantity(raw: record.quantity),
                              aggressor: record.side == 0 ? .buy : record.side == 1 ? .sell : nil, time: time)
            case .quote:
                // Ticker quotes are the venue's own top of book: passed along, the L2 book untouched.
                let level = BookLevel(price: Price(raw: record.price), quantity: Quantity(raw: record.quantity))
                if record.side == 0 {
                    pendingBid[index] = level
                } else if let bid = pendingBid[index] {
                    handler.quote(index, bid: bid, ask: level, book: books[index], time: time)
                    pendingBid[index] = nil
                }
            }
        }
    }
}
