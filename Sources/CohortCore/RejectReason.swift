/// Why an order was refused: by instrument rules, the risk engine, the order manager or the venue.
///
/// `code` is stable (strategies see it in `on_order`, metrics label rejects with it); `detail` says
/// what exactly, e.g. `price 100.005 is not a multiple of tick 0.01`.
public struct RejectReason: Hashable, Sendable, Codable, CustomStringConvertible, Error {
    public enum Code: String, Sendable, Codable, CaseIterable {
        // Instrument rules
        case unknownInstrument = "unknown_instrument"
        case missingPrice = "missing_price"
        case nonPositivePrice = "non_positive_price"
        case nonPositiveQuantity = "non_positive_quantity"
        case priceOffTick = "price_off_tick"
        case quantityOffLot = "quantity_off_lot"
        case quantityBelowMinimum = "quantity_below_minimum"
        case quantityAboveMaximum = "quantity_above_maximum"
        case notionalBelowMinimum = "notional_below_minimum"
        case notionalAboveMaximum = "notional_above_maximum"
        case unsupportedOrderType = "unsupported_order_type"
        // Risk engine
        case maxOrderQuantity = "max_order_quantity"
        case maxOrderNotional = "max_order_notional"
        case maxPosition = "max_position"
        case maxVenuePosition = "max_venue_position"
        case maxGrossExposure = "max_gross_exposure"
        case maxNetExposure = "max_net_exposure"
        case priceCollar = "price_collar"
        case noReferencePrice = "no_reference_price"
        case orderRate = "order_rate"
        case maxOpenOrders = "max_open_orders"
        case dailyLossLimit = "daily_loss_limit"
        case drawdownKillSwitch = "drawdown_kill_switch"
        case tradingHalted = "trading_halted"
        case reduceOnly = "reduce_only"
        case insufficientBalance = "insufficient_balance"
        case strategySuspended = "strategy_suspended"
        case notReconciled = "not_reconciled"
        // Order manager and venue
        case duplicateClientOrderID = "duplicate_client_order_id"
        case bookOutOfSync = "book_out_of_sync"
        case rateLimited = "rate_limited"
        case postOnlyWouldCross = "post_only_would_cross"
        case wouldNotFillCompletely = "would_not_fill_completely"
        case venueRejected = "venue_rejected"
        case venueUnavailable = "venue_unavailable"
        case venueTimeout = "venue_timeout"
        case unknownOrder = "unknown_order"
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
