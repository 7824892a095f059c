import CohortCore
import Telemetry

/// Benchmarks of the domain core: decimal parsing and formatting, L2 book updates and reads.
enum CoreBenchmarks {
    static func run() -> [BenchmarkResult] {
        [parsePriceBytes(), parsePriceString(), formatPrice(), bookUpdate(), bestBidRead()]
    }

    /// Typical venue price strings, as bytes sliced out of a frame (the plugin path).
    static let priceStrings = ["64999.12000000", "0.00012300", "3012.45", "64998.99000000", "1.23450000",
                               "0.07123000", "64001.00000000", "27.9931"]

    static func parsePriceBytes() -> BenchmarkResult {
        // One contiguous buffer with the strings back to back, like values inside a venue frame.
        let frame = Array(priceStrings.joined().utf8)
        var spans: [(Int, Int)] = []
        var offset = 0
        for text in priceStrings {
            spans.append((offset, text.utf8.count))
            offset += text.utf8.count
        }
        var sink: Int64 = 0
        let result = frame.withUnsafeBytes { buffer in
            spans.withUnsafeBufferPointer { spans in
                Bench.measure("core.decimal_parse_bytes", batch: 50_000,
                              notes: ["input": "typical venue price strings, 8 variants", "per": "string"]) {
                    for (start, length) in spans {
                        let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<start + length])
                        sink &+= (try? Price(ascii: slice))?.raw ?? 0
                    }
                }
            }
        }
        blackHole(sink)
        return perItem(result, 8)
    }

    /// Rescales a result measured over `n` items per call to a per-item figure.
    static func perItem(_ r: BenchmarkResult, _ n: Int) -> BenchmarkResult {
        let median = r.median / Double(n)
        return BenchmarkResult(name: r.name, unit: r.unit, median: median, p99: r.p99 / Double(n),
                               iterations: r.iterations * n, perSecond: 1e9 / median, notes: r.notes)
    }

    static func parsePriceString() -> BenchmarkResult {
        var index = 0
        var sink: Int64 = 0
        let result = Bench.measure("core.decimal_parse_string", batch: 100_000) {
            sink &+= (try? Price(priceStrings[index]))?.raw ?? 0
            index = (index + 1) & 7
        }
        blackHole(sink)
        return result
    }

    static func formatPrice() -> BenchmarkResult {
        let prices = priceStrings.map { try! Price($0) }
        var index = 0
        var sink = 0
        let result = Bench.measure("core.decimal_format", batch: 50_000, notes: ["decimals": "8"]) {
            sink &+= prices[index].formatted(decimals: 8).utf8.count
            index = (index + 1) & 7
        }
        blackHole(sink)
        return result
    }

    struct Update {
        var side: Side
        var price: Price
        var quantity: Quantity
    }

    /// A realistic mix on a 20-level-a-side book: most updates change the size of a level near the
    /// top, some remove a level and some add one, keeping both sides near 20 levels.
    static func makeUpdates(count: Int, seed: UInt64) -> (OrderBook, [Update]) {
        var rng = SplitMix64(seed: seed)
        let tick: Int64 = 10_000_000  // 0.01
        let mid: Int64 = 60_000 * 1_000_000_000
        var bids = Set((1...20).map { mid - Int64($0) * tick })
        var asks = Set((1...20).map { mid + Int64($0) * tick })
        var book = OrderBook(instrument: InstrumentID(venue: "bench", symbol: "BTCUSDT"))
        book.applySnapshot(bids: bids.map { BookLevel(price: Price(raw: $0), quantity: Quantity(raw: 100_000_000)) },
                           asks: asks.map { BookLevel(price: Price(raw: $0), quantity: Quantity(raw: 100_000_000)) },
                           at: .zero)
        var updates: [Update] = []
        updates.reserveCapacity(count)
        for _ in 0..<count {
            let isBid = rng.next() & 1 == 0
            let roll = rng.next() % 100
            // Updates concentrate near the top of book: depth index drawn from a skewed distribution.
            let depth = Int64(min(rng.next() % 20, rng.next() % 20)) + 1
            let price = isBid ? mid - depth * tick : mid + depth * tick
            var levels = isBid ? bids : asks
            if roll < 70 || (roll < 85 && levels.count <= 15) {
                levels.insert(price)
                updates.append(Update(side: isBid ? .buy : .sell, price: Price(raw: price),
                                      quantity: Quantity(raw: Int64(rng.next() % 500_000_000) + 1)))
            } else if levels.contains(price) {
                levels.remove(price)
                updates.append(Update(side: isBid ? .buy : .sell, price: Price(raw: price), quantity: .zero))
            } else {
                levels.insert(price)
                updates.append(Update(side: isBid ? .buy : .sell, price: Price(raw: price), quantity: Quantity(raw: 50_000_000)))
            }
            if isBid { bids = levels } else { asks = levels }
        }
        return (book, updates)
    }

    static func bookUpdate() -> BenchmarkResult {
        let (initial, updates) = makeUpdates(count: 1 << 20, seed: 42)
        var book = initial
        let chunk = 8_192
        var perUpdate: [Double] = []
        for start in stride(from: 0, to: updates.count, by: chunk) {
            let begin = Bench.monotonicNanos()
            for i in start..<start + chunk {
                let u = updates[i]
                book.update(u.side, price: u.price, quantity: u.quantity)
            }
            perUpdate.append(Double(Bench.monotonicNanos() - begin) / Double(chunk))
        }
        blackHole(book.bestBid)
        return Bench.summarize("core.book_update_l2", nanosPerCall: perUpdate, iterations: updates.count,
                               notes: ["levels": "20 a side", "mix": "70% size change, 15% remove, 15% add",
                                       "final_levels": "\(book.bidCount)/\(book.askCount)"])
    }

    static func bestBidRead() -> BenchmarkResult {
        let (book, _) = makeUpdates(count: 0, seed: 1)
        var sink: Int64 = 0
        let result = Bench.measure("core.book_best_bid_ask_read", batch: 1_000_000) {
            sink &+= (book.bestBid?.price.raw ?? 0) &+ (book.bestAsk?.price.raw ?? 0)
        }
        blackHole(sink)
        return result
    }
}
