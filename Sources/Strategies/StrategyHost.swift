import CohortCore

/// Log levels a strategy writes with `ctx.log.<level>` and `print` (info).
public enum ScriptLogLevel: Int, Sendable, Comparable {
    case trace = 0, debug, info, warn, error
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// An order a script asked for, with its amounts already converted exactly.
public struct ScriptOrder: Sendable, Equatable {
    public var side: Side
    /// The venue named by the script, or `nil` for the strategy's venue.
    public var venue: String? = nil
    /// The symbol named by the script, or `nil` for the strategy's default symbol.
    public var symbol: String?
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var quantity: Quantity
    public var price: Price?
    public var reduceOnly: Bool
}

/// What a strategy's `ctx` reaches: the engine (live or backtest) implements it. Calls come from
/// inside a callback on the strategy's own executor; none may block.
public protocol StrategyHost: AnyObject {
    func now() -> Timestamp
    func log(_ level: ScriptLogLevel, _ message: String)
    /// Submits an order through the core's risk checks; returns the client order id, or the
    /// reason it was refused before reaching the venue (risk rejections also reach `on_order`).
    func place(_ order: ScriptOrder) -> Result<ClientOrderID, RejectReason>
    func cancel(_ id: ClientOrderID) -> Result<Void, RejectReason>
    func cancelAll(symbol: String?) -> Result<Int, RejectReason>
    func position(symbol: String?) -> Double
    func balance(asset: String) -> Double
    func openOrders(symbol: String?) -> Int
    func signal(symbol: String?, strength: Double, confidence: Double) -> Result<Void, RejectReason>
    /// The text of `strategies/lib/<name>.lua`, or nil.
    func module(named name: String) -> String?
    /// Schedules `on_timer(ctx, name)` after `after` (and every `after` when repeating).
    func scheduleTimer(name: String, after: Duration, repeating: Bool) -> Result<Void, RejectReason>
    /// Stored market records of an instrument, oldest first (exploration scripts).
    func history(venue: String, symbol: String, limit: Int) -> Result<[HistoryRow], RejectReason>
}

/// A stored market record as scripts see it.
public struct HistoryRow: Sendable, Equatable {
    public enum Kind: Int32, Sendable { case clear = 1, snapshot, delta, trade, quote }
    public var time: Timestamp
    public var price: Double
    public var quantity: Double
    public var kind: Kind
    /// 0 buy/bid, 1 sell/ask, 2 unknown.
    public var side: Int32
    public init(time: Timestamp, price: Double, quantity: Double, kind: Kind, side: Int32) {
        self.time = time
        self.price = price
        self.quantity = quantity
        self.kind = kind
        self.side = side
    }
}

extension StrategyHost {
    public func scheduleTimer(name: String, after: Duration, repeating: Bool) -> Result<Void, RejectReason> {
        .failure(RejectReason(.tradingHalted, "timers are not available here"))
    }
    public func history(venue: String, symbol: String, limit: Int) -> Result<[HistoryRow], RejectReason> {
        .failure(RejectReason(.unknownInstrument, "no market data here (run with --data DB)"))
    }
}
