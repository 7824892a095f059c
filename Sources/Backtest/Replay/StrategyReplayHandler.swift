import CohortCore
import Strategies

/// Delivers a replay to a Lua strategy: one callback per venue message, the same `Strategy`
/// (sandbox, failure accounting) as live trading.
public final class StrategyReplayHandler: ReplayHandler {
    public let strategy: Strategy
    let venues: [String]
    let symbols: [String]
    public private(set) var failures = 0

    public init(strategy: Strategy, instruments: [InstrumentID]) {
        self.strategy = strategy
        venues = instruments.map(\.venue.rawValue)
        symbols = instruments.map(\.symbol)
    }

    public func book(_ index: Int, _ book: OrderBook, time: Timestamp) {
        guard let bid = book.bestBid, let ask = book.bestAsk else { return }
        let outcome = strategy.deliver(.book(venue: venues[index], symbol: symbols[index], bid: bid.price.doubleValue,
                                             bidSize: bid.quantity.doubleValue, ask: ask.price.doubleValue,
                                             askSize: ask.quantity.doubleValue, time: time))
        if !outcome.isOK { failures += 1 }
    }

    public func trade(_ index: Int, price: Price, quantity: Quantity, aggressor: Side?, time: Timestamp) {
        let outcome = strategy.deliver(.trade(symbol: symbols[index], price: price.doubleValue, size: quantity.doubleValue,
                                              side: aggressor, time: time))
        if !outcome.isOK { failures += 1 }
    }
}
