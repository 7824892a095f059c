/// One execution of (part of) an order.
public struct Fill: Hashable, Sendable, Codable {
    public var clientOrderID: ClientOrderID
    public var venueOrderID: VenueOrderID?
    /// The venue's trade id: with the instrument, the key that makes fills idempotent.
    public var tradeID: String
    public var instrument: InstrumentID
    public var side: Side
    public var price: Price
    public var quantity: Quantity
    /// The fee in the instrument's quote currency (venues charging in another asset are converted
    /// at the fill price by the venue adapter); negative for a rebate.
    public var fee: Money
    /// The asset the venue actually charged the fee in, for accounting.
    public var feeAsset: String
    public var liquidity: Liquidity
    public var venueTime: Timestamp
    public var receiveTime: Timestamp

    public init(clientOrderID: ClientOrderID, venueOrderID: VenueOrderID? = nil, tradeID: String,
                instrument: InstrumentID, side: Side, price: Price, quantity: Quantity, fee: Money = .zero,
                feeAsset: String = "", liquidity: Liquidity = .taker, venueTime: Timestamp,
                receiveTime: Timestamp? = nil) {
        self.clientOrderID = clientOrderID
        self.venueOrderID = venueOrderID
        self.tradeID = tradeID
        self.instrument = instrument
        self.side = side
        self.price = price
        self.quantity = quantity
        self.fee = fee
        self.feeAsset = feeAsset
        self.liquidity = liquidity
        self.venueTime = venueTime
        self.receiveTime = receiveTime ?? venueTime
    }
}
