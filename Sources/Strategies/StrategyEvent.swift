import CohortCore

/// What a strategy is told about, in the engine's order.
public enum StrategyEvent: Sendable, Equatable {
    case book(venue: String, symbol: String, bid: Double, bidSize: Double, ask: Double, askSize: Double, time: Timestamp)
    case trade(symbol: String, price: Double, size: Double, side: Side?, time: Timestamp)
    case bar(symbol: String, open: Double, high: Double, low: Double, close: Double, volume: Double, time: Timestamp)
    case timer(name: String, time: Timestamp)
    /// `on_order` / `on_fill` / `on_signal` / `on_mpc_result` with their fields.
    case other(callback: String, fields: [String: ScriptValue])

    /// The callback this event goes to.
    public var callback: String {
        switch self {
        case .book: "on_book"
        case .trade: "on_trade"
        case .bar: "on_bar"
        case .timer: "on_timer"
        case .other(let callback, _): callback
        }
    }

    func deliver(to sandbox: LuaSandbox) -> ScriptOutcome {
        switch self {
        case .book(let venue, let symbol, let bid, let bidSize, let ask, let askSize, let time):
            sandbox.onBook(venue: venue, symbol: symbol, bid: bid, bidSize: bidSize, ask: ask, askSize: askSize, time: time)
        case .trade(let symbol, let price, let size, let side, let time):
            sandbox.onTrade(symbol: symbol, price: price, size: size, side: side, time: time)
        case .bar(let symbol, let open, let high, let low, let close, let volume, let time):
            sandbox.onBar(symbol: symbol, open: open, high: high, low: low, close: close, volume: volume, time: time)
        case .timer(let name, _):
            sandbox.onTimer(name: name)
        case .other(let callback, let fields):
            sandbox.onEvent(callback, fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }
}
