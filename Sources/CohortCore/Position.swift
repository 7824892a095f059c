/// A net position in one instrument, built from fills.
///
/// The cost basis is kept exactly as Σ price × quantity (17 decimal places in an `Int128`), so the
/// average entry and PnL never drift; the only rounding is the pro-rata share of cost removed when
/// a position is reduced (to 10^-17 of quote currency). Long is positive, short negative; a fill
/// larger than the position closes it and opens the remainder the other way at the fill price.
public struct Position: Hashable, Sendable, Codable {
    static let costScale = Price.scale + Quantity.scale

    public let instrument: InstrumentID
    /// Signed net quantity: positive long, negative short.
    public private(set) var quantity: Quantity
    /// Signed Σ price × quantity of the open quantity, at 10^-17.
    public private(set) var costBasisRaw: Int128
    /// Realized PnL before fees, at 10^-17.
    public private(set) var realizedRaw: Int128
    /// Fees paid (negative for rebates), in quote currency.
    public private(set) var fees: Money
    public private(set) var fillCount: Int

    public init(instrument: InstrumentID) {
        self.instrument = instrument
        self.quantity = .zero
        self.costBasisRaw = 0
        self.realizedRaw = 0
        self.fees = .zero
        self.fillCount = 0
    }

    /// Restores a persisted position exactly.
    public init(instrument: InstrumentID, quantity: Quantity, costBasisRaw: Int128, realizedRaw: Int128, fees: Money,
                fillCount: Int) {
        self.instrument = instrument
        self.quantity = quantity
        self.costBasisRaw = costBasisRaw
        self.realizedRaw = realizedRaw
        self.fees = fees
        self.fillCount = fillCount
    }

    public var isFlat: Bool { quantity.isZero }

    /// The average entry price of the open quantity (nil when flat).
    public var averageEntryPrice: Price? {
        guard quantity.raw != 0 else { return nil }
        return Price(raw: Int64(clamping: roundQuotient(costBasisRaw, Int128(quantity.raw), .toNearestOrEven)))
    }

    /// Realized PnL before fees.
    public var realizedPnL: Money { Self.money(realizedRaw) }

    /// Realized PnL after fees.
    public var netRealizedPnL: Money { realizedPnL - fees }

    /// PnL of the open quantity marked at `mark`.
    public func unrealizedPnL(mark: Price) -> Money {
        Self.money(Int128(quantity.raw) * Int128(mark.raw) - costBasisRaw)
    }

    /// The absolute value of the open quantity at `mark`, in quote currency.
    public func exposure(mark: Price) -> Money {
        // The product of two Int64 values always fits in an Int128.
        Self.money(abs(Int128(quantity.raw) * Int128(mark.raw)))
    }

    /// Applies a fill; it must be for this instrument.
    public mutating func apply(_ fill: Fill) {
        precondition(fill.instrument == instrument, "fill for \(fill.instrument) applied to position in \(instrument)")
        fillCount += 1
        fees += fill.fee
        let signed = Int128(fill.side.sign) * Int128(fill.quantity.raw)
        let price = Int128(fill.price.raw)
        let held = Int128(quantity.raw)
        if held == 0 || (held > 0) == (signed > 0) {
            costBasisRaw += signed * price
            quantity = Quantity(raw: Int64(held + signed))
            return
        }
        let closing = min(signed.magnitude, held.magnitude)
        let closingQuantity = Int128(closing)
        let removedCost = roundQuotient(costBasisRaw * closingQuantity, Int128(held.magnitude), .toNearestOrEven)
        let direction: Int128 = held > 0 ? 1 : -1
        realizedRaw += direction * closingQuantity * price - removedCost
        costBasisRaw -= removedCost
        let remaining = held + signed
        if (remaining > 0) != (held > 0) && remaining != 0 {
            // Flipped through zero: the remainder opens at the fill price.
            costBasisRaw = remaining * price
        } else if remaining == 0 {
            costBasisRaw = 0
        }
        quantity = Quantity(raw: Int64(remaining))
    }

    static func money(_ raw17: Int128) -> Money {
        Money(raw: Int64(clamping: roundQuotient(raw17, Int128(powersOfTen[costScale - Money.scale]), .toNearestOrEven)))
    }
}
