/// A price in quote currency per unit of base, with 9 decimal places (`raw` nano-units).
///
/// Nine places cover every venue's tick sizes (Binance and Coinbase use at most 8); the range is
/// ±9.2 × 10^9. Book levels and orders hold prices as this type, never as `Double`.
@frozen
public struct Price: FixedPointDecimal {
    public static let scale = 9
    public var raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }

    /// The notional value `self × quantity` in quote currency, exact before the final rounding
    /// to `Money`'s scale.
    @inlinable
    public func notional(_ quantity: Quantity, _ mode: RoundingMode = .toNearestOrEven) throws(DecimalError) -> Money {
        let product = Int128(raw) * Int128(quantity.raw)
        return Money(raw: try rescale(product, from: Price.scale + Quantity.scale, to: Money.scale, mode,
                                      context: "\(self) × \(quantity)", type: Money.self))
    }

    /// The midpoint of two prices, rounded with `mode` onto the price grid.
    @inlinable
    public static func midpoint(_ a: Price, _ b: Price, _ mode: RoundingMode = .toNearestOrEven) -> Price {
        Price(raw: Int64(roundQuotient(Int128(a.raw) + Int128(b.raw), 2, mode)))
    }
}

/// A quantity of an asset (an order size, a position, a balance), with 8 decimal places.
///
/// Eight places is Binance's own resolution and Kraken's and Coinbase's finest lot; the range is
/// ±9.2 × 10^10 units, enough for the largest book levels of low-priced tokens. Negative values
/// are short positions or outflows.
@frozen
public struct Quantity: FixedPointDecimal {
    public static let scale = 8
    public var raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }

    /// The smaller of two quantities.
    @inlinable public static func min(_ a: Quantity, _ b: Quantity) -> Quantity { a.raw <= b.raw ? a : b }
}

/// An amount of quote currency (notional, PnL, fees, cash balances), with 9 decimal places.
@frozen
public struct Money: FixedPointDecimal {
    public static let scale = 9
    public var raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }

    /// `self ÷ quantity` as a price (an average price from a notional), rounded with `mode`.
    public func divided(by quantity: Quantity, _ mode: RoundingMode = .toNearestOrEven) throws(DecimalError) -> Price {
        guard quantity.raw != 0 else { throw DecimalError(.overflow, input: "\(self) ÷ 0", type: Price.self) }
        // money(raw×10^-9) / qty(raw×10^-8) = price(raw×10^-9) → raw_p = raw_m × 10^8 / raw_q
        let numerator = Int128(raw) * Int128(powersOfTen[Quantity.scale])
        var denominator = Int128(quantity.raw)
        var signedNumerator = numerator
        if denominator < 0 { denominator = -denominator; signedNumerator = -numerator }
        let quotient = roundQuotient(signedNumerator, denominator, mode)
        guard let value = Int64(exactly: quotient) else {
            throw DecimalError(.outOfRange, input: "\(self) ÷ \(quantity)", type: Price.self)
        }
        return Price(raw: value)
    }
}

/// A dimensionless rate (a fee rate, a fraction, a return), with 9 decimal places:
/// `"0.001"` is 10 bps.
@frozen
public struct Rate: FixedPointDecimal {
    public static let scale = 9
    public var raw: Int64
    @inlinable public init(raw: Int64) { self.raw = raw }

    /// `amount × self`, rounded with `mode` (a fee from a notional).
    public func applied(to amount: Money, _ mode: RoundingMode = .toNearestOrEven) throws(DecimalError) -> Money {
        Money(raw: try rescale(Int128(amount.raw) * Int128(raw), from: Money.scale + Rate.scale, to: Money.scale, mode,
                               context: "\(amount) × \(self)", type: Money.self))
    }
}
