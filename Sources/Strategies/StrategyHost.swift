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
}
