import CohortCore
import PropertyBased
import Testing

@Suite("The L2 book matches a naive model and flags crossed or stale states")
struct OrderBookTests {
    let id = InstrumentID(venue: "binance", symbol: "BTCUSDT")

    func level(_ price: String, _ quantity: String) throws -> BookLevel {
        BookLevel(price: try Price(price), quantity: try Quantity(quantity))
    }

    @Test func snapshotThenUpdatesGiveBestPricesMidAndSpread() throws {
        var book = OrderBook(instrument: id)
        book.applySnapshot(bids: [try level("99", "1"), try level("100", "2"), try level("98", "0")],
                           asks: [try level("102", "1"), try level("101", "3")], sequence: 7, at: Timestamp(nanoseconds: 5))
        #expect(book.bestBid == (try level("100", "2")))
        #expect(book.bestAsk == (try level("101", "3")))
        #expect(book.mid == (try Price("100.5")))
        #expect(book.spread == (try Price("1")))
        #expect(book.bidCount == 2 && book.sequence == 7)
        book.update(.buy, price: try Price("100"), quantity: .zero)
        book.update(.sell, price: try Price("100.5"), quantity: try Quantity("4"))
        #expect(book.bestBid?.price == (try Price("99")))
        #expect(book.depth(.sell, 5) == [try level("100.5", "4"), try level("101", "3"), try level("102", "1")])
        #expect(book.quantity(.sell, at: try Price("101")) == (try Quantity("3")))
        #expect(book.quantity(.sell, at: try Price("103")) == .zero)
    }

    @Test func costToFillWalksTheBook() throws {
        var book = OrderBook(instrument: id)
        book.applySnapshot(bids: [], asks: [try level("101", "1"), try level("102", "2")], at: .zero)
        let estimate = book.costToFill(.buy, quantity: try Quantity("2"))
        #expect(estimate.isComplete)
        #expect(estimate.notional == (try Money("203")))
        #expect(estimate.averagePrice == (try Price("101.5")))
        #expect(estimate.worstPrice == (try Price("102")))
        let thin = book.costToFill(.buy, quantity: try Quantity("5"))
        #expect(!thin.isComplete)
        #expect(thin.filled == (try Quantity("3")))
    }

    @Test func aCrossedBookIsASignalToResync() throws {
        var book = OrderBook(instrument: id)
        book.applySnapshot(bids: [try level("100", "1")], asks: [try level("101", "1")], at: .zero)
        #expect(book.health(now: .zero, maxAge: .seconds(5)) == .ok)
        book.update(.buy, price: try Price("101"), quantity: try Quantity("1"))
        let crossed = OrderBook.Health.crossed(bid: try Price("101"), ask: try Price("101"))
        #expect(book.health(now: .zero, maxAge: .seconds(5)) == crossed)
    }

    @Test func aBookWithoutUpdatesGoesStale() throws {
        var book = OrderBook(instrument: id)
        book.applySnapshot(bids: [try level("100", "1")], asks: [try level("101", "1")], at: .zero)
        #expect(book.health(now: Timestamp(nanoseconds: 6_000_000_000), maxAge: .seconds(5)) == .stale(age: .seconds(6)))
        #expect(OrderBook(instrument: id).health(now: .zero, maxAge: .seconds(1)) == .empty)
    }

    /// Random snapshots and absolute updates, checked level by level against a dictionary model.
    @Test func randomUpdateSequencesMatchANaiveModel() async {
        let update = zip(Gen.bool, Gen.int64(in: 9_900 ... 10_100), Gen.int64(in: 0 ... 5))
        await propertyCheck(count: 300, input: update.array(of: 0 ... 60), update.array(of: 0 ... 300)) { snapshot, updates in
            var book = OrderBook(instrument: id, capacity: 4)
            var bids: [Int64: Int64] = [:], asks: [Int64: Int64] = [:]
            func level(_ p: Int64, _ q: Int64) -> BookLevel { BookLevel(price: Price(raw: p * 1_000_000), quantity: Quantity(raw: q)) }
            var snapBids: [BookLevel] = [], snapAsks: [BookLevel] = []
            for (isBid, p, q) in snapshot {
                if isBid { snapBids.append(level(p, q)); bids[p] = q } else { snapAsks.append(level(p, q)); asks[p] = q }
            }
            bids = bids.filter { $0.value != 0 }
            asks = asks.filter { $0.value != 0 }
            book.applySnapshot(bids: snapBids, asks: snapAsks, at: .zero)
            for (isBid, p, q) in updates {
                book.update(isBid ? .buy : .sell, price: Price(raw: p * 1_000_000), quantity: Quantity(raw: q))
                if isBid { bids[p] = q == 0 ? nil : q } else { asks[p] = q == 0 ? nil : q }
            }
            #expect(book.depth(.buy, 1_000) == bids.sorted { $0.key > $1.key }.map { level($0.key, $0.value) })
            #expect(book.depth(.sell, 1_000) == asks.sorted { $0.key < $1.key }.map { level($0.key, $0.value) })
            #expect(book.bestBid == bids.max { $0.key < $1.key }.map { level($0.key, $0.value) })
            #expect(book.bestAsk == asks.min { $0.key < $1.key }.map { level($0.key, $0.value) })
        }
    }

    /// Long sequences over a wide deep book: removals below the top become tombstones, compaction
    /// runs, and the book still matches the model level by level.
    @Test func deepBooksWithTombstonesAndCompactionMatchTheModel() async {
        let update = zip(Gen.bool, Gen.int64(in: 0 ... 1_500), Gen.int64(in: 0 ... 2))
        await propertyCheck(count: 40, input: update.array(of: 1_000 ... 4_000)) { updates in
            var book = OrderBook(instrument: id)
            var bids: [Int64: Int64] = [:], asks: [Int64: Int64] = [:]
            for (isBid, p, q) in updates {
                // Bids below 1,000, asks above: deep sides that never cross.
                let price = isBid ? p : p + 2_000
                book.update(isBid ? .buy : .sell, price: Price(raw: price), quantity: Quantity(raw: q))
                if isBid { bids[price] = q == 0 ? nil : q } else { asks[price] = q == 0 ? nil : q }
            }
            let level = { (p: Int64, q: Int64) in BookLevel(price: Price(raw: p), quantity: Quantity(raw: q)) }
            #expect(book.depth(.buy, 10_000) == bids.sorted { $0.key > $1.key }.map { level($0.key, $0.value) })
            #expect(book.depth(.sell, 10_000) == asks.sorted { $0.key < $1.key }.map { level($0.key, $0.value) })
            #expect(book.bidCount == bids.count && book.askCount == asks.count)
            #expect(book.bestBid?.quantity.raw != 0 && book.bestAsk?.quantity.raw != 0)
            let cost = book.costToFill(.buy, quantity: Quantity(raw: 5))
            var remaining: Int64 = 5, notional: Int128 = 0
            for (p, q) in asks.sorted(by: { $0.key < $1.key }) where remaining > 0 {
                let take = min(q, remaining); notional += Int128(take) * Int128(p); remaining -= take
            }
            #expect(cost.filled.raw == 5 - remaining)
        }
    }

    @Test func timestampsPrintAsISO8601() {
        #expect(Timestamp(nanoseconds: 1_723_075_200_123_456_789).description == "2024-08-08T00:00:00.123456789Z")
        #expect(Timestamp.zero.description == "1970-01-01T00:00:00.000000000Z")
        #expect(InstrumentID(parsing: "kraken:BTC/USD") == InstrumentID(venue: "kraken", symbol: "BTC/USD"))
        #expect(InstrumentID(parsing: "nocolon") == nil)
    }
}
