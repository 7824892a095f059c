/// A name that is just text with its own type, so that a venue can never be passed where an
/// order id is expected. Encodes as a plain JSON string and orders by its text.
public protocol StringIdentifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral where StringLiteralType == String
{
    var rawValue: String { get }
    init(_ rawValue: String)
}

extension StringIdentifier {
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A venue's name as configured (`binance`, `kraken`, `coinbase`, `dydx`, `hyperliquid`, or a
/// simulator/paper venue).
public struct VenueID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// One tradable instrument on one venue: the venue and its own symbol (`binance:BTCUSDT`,
/// `kraken:BTC/USD`).
public struct InstrumentID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let venue: VenueID
    /// The venue's own symbol, exactly as the venue spells it.
    public let symbol: String

    public init(venue: VenueID, symbol: String) {
        self.venue = venue
        self.symbol = symbol
    }

    /// Parses `venue:SYMBOL`; the symbol may itself contain `:`-free text such as `BTC/USD`.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
              text.index(after: colon) != text.endIndex else { return nil }
        self.init(venue: VenueID(String(text[..<colon])), symbol: String(text[text.index(after: colon)...]))
    }

    public var description: String { "\(venue):\(symbol)" }
    public static func < (a: Self, b: Self) -> Bool { (a.venue, a.symbol) < (b.venue, b.symbol) }
}

/// The client order id Cohort assigns: unique, stable across restarts, safe to retry with.
public struct ClientOrderID: StringIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// The order id a venue assigns on acknowledgement.
public typealias VenueOrderID = String

/// A strategy instance's configured name.
public typealias StrategyID = String
