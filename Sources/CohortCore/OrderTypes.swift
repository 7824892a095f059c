/// The side of an order, a fill or a book level.
public enum Side: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case buy
    case sell

    public var opposite: Side { self == .buy ? .sell : .buy }
    /// +1 for buy, −1 for sell: the sign a fill gives to a position.
    public var sign: Int64 { self == .buy ? 1 : -1 }
    public var description: String { rawValue }
}

/// How an order is priced.
public enum OrderType: String, Sendable, Codable, CaseIterable {
    case market
    case limit
}

/// How long an order lives and how it may execute.
public enum TimeInForce: String, Sendable, Codable, CaseIterable {
    /// Good till cancelled: rests on the book.
    case gtc
    /// Immediate or cancel: fills what it can at once, the rest is cancelled.
    case ioc
    /// Fill or kill: fills entirely at once or not at once.
    case fok
    /// Post only (maker only): rejected or cancelled if it would take liquidity.
    case postOnly = "post_only"
}

/// Whether a fill added liquidity (maker) or took it (taker).
public enum Liquidity: String, Sendable, Codable {
    case maker
    case taker
}
