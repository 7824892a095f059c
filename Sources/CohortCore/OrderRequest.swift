/// What a strategy asks for: an order intent before risk checks and before it is sent.
public struct OrderRequest: Hashable, Sendable, Codable {
    public var clientOrderID: ClientOrderID
    public var instrument: InstrumentID
    public var side: Side
    public var type: OrderType
    public var quantity: Quantity
    /// Required for limit orders; ignored for market orders.
    public var price: Price?
    public var timeInForce: TimeInForce
    /// May only reduce an existing position.
    public var reduceOnly: Bool
    /// The strategy that placed it (empty for operator orders).
    public var strategy: StrategyID

    public init(clientOrderID: ClientOrderID, instrument: InstrumentID, side: Side, type: OrderType,
                quantity: Quantity, price: Price? = nil, timeInForce: TimeInForce = .gtc,
                reduceOnly: Bool = false, strategy: StrategyID = "") {
        self.clientOrderID = clientOrderID
        self.instrument = instrument
        self.side = side
        self.type = type
        self.quantity = quantity
        self.price = price
        self.timeInForce = type == .market && timeInForce == .gtc ? .ioc : timeInForce
        self.reduceOnly = reduceOnly
        self.strategy = strategy
    }
}
