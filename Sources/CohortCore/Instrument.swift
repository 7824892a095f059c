/// A tradable instrument with the venue's rules for orders on it.
///
/// Venues publish these rules (`exchangeInfo` filters on Binance, `AssetPairs` on Kraken); the core
/// enforces them before an order is sent, so a venue rejection for a rule violation is a bug.
public struct Instrument: Hashable, Sendable, Codable {
    public var id: InstrumentID
    public var base: String
    public var quote: String
    /// Prices must be multiples of this.
    public var tickSize: Price
    /// Quantities must be multiples of this.
    public var lotSize: Quantity
    public var minQuantity: Quantity
    public var maxQuantity: Quantity?
    /// Minimum order value in quote currency (price × quantity); zero if none.
    public var minNotional: Money
    public var maxNotional: Money?
    /// Decimals the venue shows for prices and quantities (Kraken's checksum formats with these).
    public var priceDecimals: Int
    public var quantityDecimals: Int

    public init(id: InstrumentID, base: String, quote: String, tickSize: Price, lotSize: Quantity,
                minQuantity: Quantity? = nil, maxQuantity: Quantity? = nil, minNotional: Money = .zero,
                maxNotional: Money? = nil, priceDecimals: Int? = nil, quantityDecimals: Int? = nil) {
        self.id = id
        self.base = base
        self.quote = quote
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minQuantity = minQuantity ?? lotSize
        self.maxQuantity = maxQuantity
        self.minNotional = minNotional
        self.maxNotional = maxNotional
        self.priceDecimals = priceDecimals ?? Self.decimals(of: tickSize)
        self.quantityDecimals = quantityDecimals ?? Self.decimals(of: lotSize)
    }

    /// Every rule the order breaks, in a fixed order (empty when the order is valid).
    ///
    /// Market orders are checked for minimum notional against `referencePrice` (the side of the
    /// book they would take) when one is given.
    public func validate(_ order: OrderRequest, referencePrice: Price? = nil) -> [RejectReason] {
        var reasons: [RejectReason] = []
        if order.instrument != id {
            reasons.append(RejectReason(.unknownInstrument, "order is for \(order.instrument), rules are for \(id)"))
            return reasons
        }
        let quantity = order.quantity
        if quantity.raw <= 0 {
            reasons.append(RejectReason(.nonPositiveQuantity, "quantity \(quantity) must be positive"))
        } else {
            if !quantity.isMultiple(of: lotSize) {
                reasons.append(RejectReason(.quantityOffLot, "quantity \(quantity) is not a multiple of lot \(lotSize)"))
            }
            if quantity < minQuantity {
                reasons.append(RejectReason(.quantityBelowMinimum, "quantity \(quantity) is below the minimum \(minQuantity)"))
            }
            if let maxQuantity, quantity > maxQuantity {
                reasons.append(RejectReason(.quantityAboveMaximum, "quantity \(quantity) is above the maximum \(maxQuantity)"))
            }
        }
        var pricing = referencePrice
        switch order.type {
        case .limit:
            guard let price = order.price else {
                reasons.append(RejectReason(.missingPrice, "a limit order needs a price"))
                return reasons
            }
            if price.raw <= 0 {
                reasons.append(RejectReason(.nonPositivePrice, "price \(price) must be positive"))
                return reasons
            }
            if !price.isMultiple(of: tickSize) {
                reasons.append(RejectReason(.priceOffTick, "price \(price) is not a multiple of tick \(tickSize)"))
            }
            pricing = price
        case .market:
            if order.timeInForce == .postOnly {
                reasons.append(RejectReason(.unsupportedOrderType, "a market order cannot be post-only"))
            }
        }
        if let pricing, quantity.raw > 0 {
            if let notional = try? pricing.notional(quantity) {
                if notional < minNotional {
                    reasons.append(RejectReason(.notionalBelowMinimum, "notional \(notional) \(quote) is below the minimum \(minNotional)"))
                }
                if let maxNotional, notional > maxNotional {
                    reasons.append(RejectReason(.notionalAboveMaximum, "notional \(notional) \(quote) is above the maximum \(maxNotional)"))
                }
            } else {
                reasons.append(RejectReason(.notionalAboveMaximum, "notional of \(quantity) at \(pricing) overflows"))
            }
        }
        return reasons
    }

    /// The number of decimals needed to write `value` exactly (`0.010` → 2).
    public static func decimals<T: FixedPointDecimal>(of value: T) -> Int {
        let text = value.description
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: point, to: text.endIndex) - 1
    }
}
