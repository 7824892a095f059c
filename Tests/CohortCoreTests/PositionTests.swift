import CohortCore
import PropertyBased
import Testing

@Suite("Positions track average entry and PnL exactly through flips")
struct PositionTests {
    let id = InstrumentID(venue: "kraken", symbol: "BTC/USD")

    func fill(_ side: Side, _ quantity: String, _ price: String, fee: String = "0") throws -> Fill {
        Fill(clientOrderID: "c", tradeID: "t", instrument: id, side: side, price: try Price(price),
             quantity: try Quantity(quantity), fee: try Money(fee), venueTime: .zero)
    }

    @Test func buyingTwiceAveragesTheEntry() throws {
        var position = Position(instrument: id)
        position.apply(try fill(.buy, "1", "100"))
        position.apply(try fill(.buy, "3", "200"))
        #expect(position.quantity == (try Quantity("4")))
        #expect(position.averageEntryPrice == (try Price("175")))
        #expect(position.unrealizedPnL(mark: try Price("180")) == (try Money("20")))
    }

    @Test func sellingPartRealizesPnLIncludingFees() throws {
        var position = Position(instrument: id)
        position.apply(try fill(.buy, "2", "100", fee: "0.2"))
        position.apply(try fill(.sell, "0.5", "110", fee: "0.055"))
        #expect(position.realizedPnL == (try Money("5")))
        #expect(position.fees == (try Money("0.255")))
        #expect(position.netRealizedPnL == (try Money("4.745")))
        #expect(position.averageEntryPrice == (try Price("100")))
    }

    @Test func aFillThroughZeroFlipsAtTheFillPrice() throws {
        var position = Position(instrument: id)
        position.apply(try fill(.buy, "1", "100"))
        position.apply(try fill(.sell, "3", "90"))
        #expect(position.quantity == (try Quantity("-2")))
        #expect(position.realizedPnL == (try Money("-10")))
        #expect(position.averageEntryPrice == (try Price("90")))
        #expect(position.unrealizedPnL(mark: try Price("80")) == (try Money("20")))
        position.apply(try fill(.buy, "2", "85"))
        #expect(position.isFlat)
        #expect(position.realizedPnL == (try Money("0")))
        #expect(position.averageEntryPrice == nil)
    }

    /// Against a naive model in exact integer arithmetic: total PnL (realized + unrealized) equals
    /// cash flow plus the marked value of what is held, whatever the fill sequence.
    @Test func totalPnLEqualsCashFlowPlusMarkedHoldings() async {
        let fills = zip(Gen.bool, Gen.int64(in: 1 ... 500_000_000), Gen.int64(in: 1_000_000_000 ... 2_000_000_000_000))
            .array(of: 1 ... 40)
        await propertyCheck(count: 300, input: fills, Gen.int64(in: 1_000_000_000 ... 2_000_000_000_000)) { trades, mark in
            var position = Position(instrument: id)
            var cash: Int128 = 0
            var held: Int128 = 0
            for (isBuy, q, p) in trades {
                let side: Side = isBuy ? .buy : .sell
                position.apply(Fill(clientOrderID: "c", tradeID: "t", instrument: id, side: side, price: Price(raw: p),
                                    quantity: Quantity(raw: q), venueTime: .zero))
                cash -= Int128(side.sign) * Int128(q) * Int128(p)
                held += Int128(side.sign) * Int128(q)
            }
            #expect(Int128(position.quantity.raw) == held)
            let modelTotal = cash + held * Int128(mark)  // at 1e-17
            let total = position.realizedRaw + (Int128(position.quantity.raw) * Int128(mark) - position.costBasisRaw)
            // Pro-rata cost removal rounds to 1e-17 once per reducing fill.
            #expect(abs(total - modelTotal) <= Int128(trades.count))
        }
    }
}

