/// Where an order is in its life. Terminal states accept no further events.
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    /// Created and accepted by pre-trade checks, not yet sent.
    case new
    /// Sent to the venue, no answer yet.
    case submitted
    /// The venue accepted it and it rests (or is working).
    case acknowledged
    case partiallyFilled = "partially_filled"
    case filled
    /// A cancel was sent, no answer yet.
    case cancelPending = "cancel_pending"
    case cancelled
    case rejected
    case expired

    public var isTerminal: Bool {
        switch self {
        case .filled, .cancelled, .rejected, .expired: true
        default: false
        }
    }

    /// Whether the order may still trade on the venue (or might, while unanswered).
    public var isOpen: Bool { !isTerminal && self != .new }
}

/// What happened to an order, from the engine (submit, cancel request) or the venue.
public enum OrderEventKind: Hashable, Sendable, Codable {
    case submitted
    case acknowledged(venueOrderID: VenueOrderID)
    case filled(Fill)
    case cancelRequested
    /// The venue refused the cancel (e.g. the order was already filled); the order stays as it was.
    case cancelRejected(RejectReason)
    case cancelled
    case rejected(RejectReason)
    case expired
}

/// An illegal order transition, e.g. a fill for a cancelled order or an overfill.
public struct OrderTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let clientOrderID: ClientOrderID
    public let from: OrderStatus
    public let event: String
    public let reason: String

    public var description: String {
        "order \(clientOrderID): cannot apply \(event) in state \(from.rawValue): \(reason)"
    }
}

/// An order and its lifecycle: a value-type state machine.
///
/// `apply` refuses illegal transitions with a typed error and leaves the order unchanged, so a
/// confused venue stream can never corrupt it. Fills are idempotent by trade id.
public struct Order: Hashable, Sendable, Codable {
    public let request: OrderRequest
    public private(set) var status: OrderStatus
    public private(set) var venueOrderID: VenueOrderID?
    public private(set) var filledQuantity: Quantity
    /// Sum of price × quantity over fills, in quote currency.
    public private(set) var filledNotional: Money
    public private(set) var fees: Money
    public private(set) var rejectReason: RejectReason?
    public private(set) var tradeIDs: [String]
    public let createdAt: Timestamp
    public private(set) var updatedAt: Timestamp
    /// The state to return to when a cancel is refused.
    private var statusBeforeCancel: OrderStatus?

    public init(_ request: OrderRequest, createdAt: Timestamp) {
        self.request = request
        self.status = .new
        self.filledQuantity = .zero
        self.filledNotional = .zero
        self.fees = .zero
        self.tradeIDs = []
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    public var clientOrderID: ClientOrderID { request.clientOrderID }
    public var remainingQuantity: Quantity { request.quantity - filledQuantity }

    /// The volume-weighted average fill price, if anything filled.
    public var averageFillPrice: Price? {
        filledQuantity.isZero ? nil : try? filledNotional.divided(by: filledQuantity)
    }

    /// Applies an event; returns whether it changed the order (a repeated fill or acknowledgement
    /// is a no-op, not an error).
    @discardableResult
    public mutating func apply(_ event: OrderEventKind, at time: Timestamp) throws(OrderTransitionError) -> Bool {
        func refuse(_ reason: String) -> OrderTransitionError {
            OrderTransitionError(clientOrderID: request.clientOrderID, from: status, event: Self.name(of: event), reason: reason)
        }
        switch (status, event) {
        case (.new, .submitted):
            status = .submitted
        case (.new, .rejected(let reason)), (.submitted, .rejected(let reason)):
            status = .rejected
            rejectReason = reason
        case (.submitted, .acknowledged(let id)):
            venueOrderID = id
            status = .acknowledged
        case (.acknowledged, .acknowledged(let id)), (.partiallyFilled, .acknowledged(let id)),
             (.cancelPending, .acknowledged(let id)):
            guard venueOrderID == nil || venueOrderID == id else {
                throw refuse("acknowledged again with another venue order id \(id)")
            }
            if venueOrderID == id { return false }
            venueOrderID = id
        case (.submitted, .filled(let fill)), (.acknowledged, .filled(let fill)),
             (.partiallyFilled, .filled(let fill)), (.cancelPending, .filled(let fill)):
            if tradeIDs.contains(fill.tradeID) { return false }
            guard fill.clientOrderID == request.clientOrderID, fill.instrument == request.instrument,
                  fill.side == request.side else { throw refuse("fill \(fill.tradeID) belongs to another order") }
            guard fill.quantity.raw > 0 else { throw refuse("fill quantity \(fill.quantity) is not positive") }
            let newFilled = filledQuantity + fill.quantity
            guard newFilled <= request.quantity else {
                throw refuse("fill of \(fill.quantity) would overfill: \(filledQuantity) of \(request.quantity) already filled")
            }
            let notional: Money
            do { notional = try fill.price.notional(fill.quantity) + filledNotional } catch {
                throw refuse("fill notional overflows")
            }
            filledQuantity = newFilled
            filledNotional = notional
            fees += fill.fee
            tradeIDs.append(fill.tradeID)
            if venueOrderID == nil { venueOrderID = fill.venueOrderID }
            if newFilled == request.quantity {
                status = .filled
                statusBeforeCancel = nil
            } else if status != .cancelPending {
                status = .partiallyFilled
            } else {
                statusBeforeCancel = .partiallyFilled
            }
        case (.submitted, .cancelRequested), (.acknowledged, .cancelRequested), (.partiallyFilled, .cancelRequested):
            statusBeforeCancel = status
            status = .cancelPending
        case (.cancelPending, .cancelRequested):
            return false
        case (.cancelPending, .cancelRejected):
            status = statusBeforeCancel ?? .acknowledged
            statusBeforeCancel = nil
        case (.submitted, .cancelled), (.acknowledged, .cancelled), (.partiallyFilled, .cancelled),
             (.cancelPending, .cancelled):
            status = .cancelled
        case (.submitted, .expired), (.acknowledged, .expired), (.partiallyFilled, .expired), (.cancelPending, .expired):
            status = .expired
        case (.cancelled, .cancelled), (.expired, .expired), (.rejected, .rejected):
            return false
        case (.filled, .filled(let fill)) where tradeIDs.contains(fill.tradeID):
            return false
        default:
            throw refuse(status.isTerminal ? "the order is already \(status.rawValue)" : "not a legal transition")
        }
        updatedAt = time
        return true
    }

    private static func name(of event: OrderEventKind) -> String {
        switch event {
        case .submitted: "submitted"
        case .acknowledged: "acknowledged"
        case .filled(let fill): "fill \(fill.tradeID) (\(fill.quantity) @ \(fill.price))"
        case .cancelRequested: "cancel request"
        case .cancelRejected: "cancel rejection"
        case .cancelled: "cancelled"
        case .rejected: "rejected"
        case .expired: "expired"
        }
    }
}
