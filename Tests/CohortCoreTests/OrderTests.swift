import CohortCore
import Testing

@Suite("Orders follow their lifecycle and refuse illegal transitions")
struct OrderTests {
    let btc = InstrumentID(venue: "binance", symbol: "BTCUSDT")

    func limitBuy(_ quantity: String = "1") throws -> Order {
        let request = OrderRequest(clientOrderID: "c1", instrument: btc, side: .buy, type: .limit,
                                   quantity: try Quantity(quantity), price: try Price("100"))
        return Order(request, createdAt: .zero)
    }

    func fill(_ id: String, _ quantity: String, at price: String = "100") throws -> OrderEventKind {
        .filled(Fill(clientOrderID: "c1", tradeID: id, instrument: btc, side: .buy, price: try Price(price),
                     quantity: try Quantity(quantity), fee: try Money("0.01"), venueTime: .zero))
    }

    @Test func aLimitOrderGoesFromNewToFilledThroughPartialFills() throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: Timestamp(nanoseconds: 1))
        try order.apply(.acknowledged(venueOrderID: "v1"), at: Timestamp(nanoseconds: 2))
        try order.apply(try fill("t1", "0.4", at: "100"), at: Timestamp(nanoseconds: 3))
        #expect(order.status == .partiallyFilled)
        try order.apply(try fill("t2", "0.6", at: "101"), at: Timestamp(nanoseconds: 4))
        #expect(order.status == .filled)
        #expect(order.filledQuantity == (try Quantity("1")))
        #expect(order.averageFillPrice == (try Price("100.6")))
        #expect(order.fees == (try Money("0.02")))
        #expect(order.updatedAt == Timestamp(nanoseconds: 4))
    }

    @Test func aRepeatedFillIsANoOpNotADoubleCount() throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: .zero)
        #expect(try order.apply(try fill("t1", "0.5"), at: .zero))
        #expect(try order.apply(try fill("t1", "0.5"), at: .zero) == false)
        #expect(order.filledQuantity == (try Quantity("0.5")))
    }

    @Test func aFillBeforeTheAcknowledgementIsAccepted() throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: .zero)
        try order.apply(try fill("t1", "1"), at: .zero)
        #expect(order.status == .filled)
    }

    @Test func anOverfillIsRefusedAndLeavesTheOrderUnchanged() throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: .zero)
        try order.apply(try fill("t1", "0.7"), at: .zero)
        let before = order
        #expect(throws: OrderTransitionError.self) { try order.apply(try fill("t2", "0.4"), at: .zero) }
        #expect(order == before)
    }

    @Test(arguments: [OrderStatus.filled, .cancelled, .rejected, .expired])
    func terminalOrdersAcceptNoFills(terminal: OrderStatus) throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: .zero)
        switch terminal {
        case .filled: try order.apply(try fill("t1", "1"), at: .zero)
        case .cancelled: try order.apply(.cancelled, at: .zero)
        case .rejected: try order.apply(.rejected(RejectReason(.venueRejected, "no")), at: .zero)
        default: try order.apply(.expired, at: .zero)
        }
        #expect(order.status == terminal)
        #expect {
            try order.apply(try fill("t9", "0.1"), at: .zero)
        } throws: { error in
            (error as! OrderTransitionError).description.contains("already \(terminal.rawValue)")
        }
    }

    @Test func aRefusedCancelReturnsToThePreviousState() throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: .zero)
        try order.apply(.acknowledged(venueOrderID: "v1"), at: .zero)
        try order.apply(try fill("t1", "0.5"), at: .zero)
        try order.apply(.cancelRequested, at: .zero)
        #expect(order.status == .cancelPending)
        try order.apply(.cancelRejected(RejectReason(.unknownOrder, "too late")), at: .zero)
        #expect(order.status == .partiallyFilled)
    }

    @Test func aFillWhileCancelPendingCanCompleteTheOrder() throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: .zero)
        try order.apply(.cancelRequested, at: .zero)
        try order.apply(try fill("t1", "1"), at: .zero)
        #expect(order.status == .filled)
    }

    @Test func aNewOrderCannotBeAcknowledgedBeforeItIsSent() throws {
        var order = try limitBuy()
        #expect(throws: OrderTransitionError.self) { try order.apply(.acknowledged(venueOrderID: "v"), at: .zero) }
        #expect(order.status == .new)
    }

    @Test func aSecondVenueOrderIDIsRefused() throws {
        var order = try limitBuy()
        try order.apply(.submitted, at: .zero)
        try order.apply(.acknowledged(venueOrderID: "v1"), at: .zero)
        #expect(throws: OrderTransitionError.self) { try order.apply(.acknowledged(venueOrderID: "v2"), at: .zero) }
    }

    @Test func marketOrdersDefaultToImmediateOrCancel() throws {
        let request = OrderRequest(clientOrderID: "m", instrument: btc, side: .sell, type: .market, quantity: try Quantity("1"))
        #expect(request.timeInForce == .ioc)
    }
}

@Suite("Instrument rules validate orders with typed reasons")
struct InstrumentTests {
    let instrument = Instrument(
        id: InstrumentID(venue: "binance", symbol: "BTCUSDT"), base: "BTC", quote: "USDT",
        tickSize: try! Price("0.01"), lotSize: try! Quantity("0.00001"), minQuantity: try! Quantity("0.0001"),
        maxQuantity: try! Quantity("9000"), minNotional: try! Money("5"))

    func order(_ type: OrderType = .limit, quantity: String, price: String? = "60000") throws -> OrderRequest {
        OrderRequest(clientOrderID: "x", instrument: instrument.id, side: .buy, type: type,
                     quantity: try Quantity(quantity), price: try price.map { try Price($0) })
    }

    @Test func aValidOrderHasNoReasons() throws {
        #expect(instrument.validate(try order(quantity: "0.001")).isEmpty)
        #expect(instrument.priceDecimals == 2 && instrument.quantityDecimals == 5)
    }

    @Test func everyBrokenRuleIsReported() throws {
        let codes = instrument.validate(try order(quantity: "0.000015", price: "0.005")).map(\.code)
        #expect(codes == [.quantityOffLot, .quantityBelowMinimum, .priceOffTick, .notionalBelowMinimum])
    }

    @Test func marketOrdersCheckNotionalAgainstTheReferencePrice() throws {
        let market = try order(.market, quantity: "0.0001", price: nil)
        #expect(instrument.validate(market).isEmpty)
        #expect(instrument.validate(market, referencePrice: try Price("40000")).map(\.code) == [.notionalBelowMinimum])
    }

    @Test func aLimitOrderWithoutPriceIsRejected() throws {
        #expect(instrument.validate(try order(quantity: "1", price: nil)).map(\.code) == [.missingPrice])
        #expect(instrument.validate(try order(quantity: "10000")).map(\.code) == [.quantityAboveMaximum])
    }

    @Test func reasonsSayWhatExactly() throws {
        let reason = instrument.validate(try order(quantity: "1", price: "100.005"))[0]
        #expect(reason.description == "price_off_tick: price 100.005 is not a multiple of tick 0.01")
    }
}
