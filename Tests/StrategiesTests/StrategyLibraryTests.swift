import CohortCore
import Foundation
import Indicators
import Testing
@testable import Strategies

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sharedData = repository.deletingLastPathComponent().appendingPathComponent("shared/data")

/// Real top-of-book updates from the recorded Binance spot feed (bookTicker messages).
func recordedBooks(limit: Int) throws -> [(time: Int64, bid: Double, bidSize: Double, ask: Double, askSize: Double)] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/zcat")
    process.arguments = [sharedData.appendingPathComponent("hftbacktest/binance_spot/btcusdt_20240808.gz").path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var books: [(Int64, Double, Double, Double, Double)] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.contains("@bookTicker") {
        guard let space = line.firstIndex(of: " "), let time = Int64(line[..<space]),
              let object = try JSONSerialization.jsonObject(with: Data(line[line.index(after: space)...].utf8)) as? [String: Any],
              let d = object["data"] as? [String: Any],
              let b = Double(d["b"] as? String ?? ""), let bq = Double(d["B"] as? String ?? ""),
              let a = Double(d["a"] as? String ?? ""), let aq = Double(d["A"] as? String ?? "") else { continue }
        books.append((time, b, bq, a, aq))
        if books.count == limit { break }
    }
    return books
}

/// Real one-minute BTC bars (Nautilus sample data).
func recordedBars(limit: Int) throws -> [(open: Double, high: Double, low: Double, close: Double, volume: Double)] {
    let text = try String(contentsOf: sharedData.appendingPathComponent("nautilus_trader/btc-perp-20211231-20220201_1m.csv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().prefix(limit).map { line in
        let f = line.split(separator: ",").map { Double($0) ?? 0 }
        return (f[1], f[2], f[3], f[4], f[5])
    }
}

/// Fills market and marketable orders at the current top of book; rests post-only limits until
/// the book trades through them. Fills are delivered after the callback, as the engine does.
final class PaperHost: RecordingHost {
    struct Resting { let id: ClientOrderID; let order: ScriptOrder; let price: Double }
    var books: [String: (bid: Double, ask: Double)] = [:]
    var positions: [String: Double] = [:]
    var resting: [Resting] = []
    var pendingFills: [[String: ScriptValue]] = []
    var maxAbsPosition = 0.0
    var defaultKey = "binance:BTCUSDT"

    func key(_ order: ScriptOrder) -> String {
        order.venue.map { "\($0):\(order.symbol ?? "")" } ?? (order.symbol.map { "binance:\($0)" } ?? defaultKey)
    }

    override func position(symbol: String?) -> Double { positions[symbol.map { "binance:\($0)" } ?? defaultKey] ?? 0 }
    override func openOrders(symbol: String?) -> Int { resting.count }

    func fill(_ id: ClientOrderID, _ order: ScriptOrder, at price: Double) {
        let quantity = order.quantity.doubleValue * (order.side == .buy ? 1 : -1)
        let k = key(order)
        positions[k, default: 0] += quantity
        maxAbsPosition = max(maxAbsPosition, abs(positions[k]!))
        pendingFills.append(["order_id": .string(id.rawValue), "side": .string(order.side.rawValue),
                             "qty": .string(order.quantity.description), "price": .number(price)])
    }

    override func place(_ order: ScriptOrder) -> Result<ClientOrderID, RejectReason> {
        let result = super.place(order)
        guard case .success(let id) = result, let book = books[key(order)] else { return result }
        switch (order.type, order.timeInForce) {
        case (.market, _):
            fill(id, order, at: order.side == .buy ? book.ask : book.bid)
        case (.limit, .postOnly):
            let price = order.price!.doubleValue
            let crosses = order.side == .buy ? price >= book.ask : price <= book.bid
            if crosses { return .failure(RejectReason(.postOnlyWouldCross, "post-only \(order.side) at \(price) would cross")) }
            resting.append(Resting(id: id, order: order, price: price))
        case (.limit, _):
            let price = order.price!.doubleValue
            if order.side == .buy ? price >= book.ask : price <= book.bid {
                fill(id, order, at: order.side == .buy ? book.ask : book.bid)
            }
        }
        return result
    }

    override func cancel(_ id: ClientOrderID) -> Result<Void, RejectReason> {
        guard let index = resting.firstIndex(where: { $0.id == id }) else { return .failure(RejectReason(.unknownOrder, "\(id) is not open")) }
        resting.remove(at: index)
        cancelled.append(id)
        return .success(())
    }

    /// Updates a book, fills resting orders it trades through, and returns the event.
    func book(venue: String, symbol: String, _ b: (time: Int64, bid: Double, bidSize: Double, ask: Double, askSize: Double)) -> StrategyEvent {
        books["\(venue):\(symbol)"] = (b.bid, b.ask)
        clock = Timestamp(nanoseconds: b.time)
        for r in resting where (r.order.side == .buy && b.ask <= r.price) || (r.order.side == .sell && b.bid >= r.price) {
            fill(r.id, r.order, at: r.price)
        }
        resting.removeAll { r in (r.order.side == .buy && b.ask <= r.price) || (r.order.side == .sell && b.bid >= r.price) }
        return .book(venue: venue, symbol: symbol, bid: b.bid, bidSize: b.bidSize, ask: b.ask, askSize: b.askSize, time: clock)
    }

    func drainFills(into strategy: Strategy) {
        let fills = pendingFills
        pendingFills.removeAll()
        for fill in fills { #expect(strategy.deliver(.other(callback: "on_fill", fields: fill)).isOK) }
    }
}

func libraryStrategy(_ file: String, host: StrategyHost, parameters: [String: ScriptValue] = [:]) throws -> Strategy {
    let url = repository.appendingPathComponent("strategies/\(file)")
    let library = ModuleLibrary(directories: [repository.appendingPathComponent("strategies/lib")])
    (host as? RecordingHost)?.modules["util"] = library.source(of: "util")
    return try Strategy(name: (file as NSString).deletingPathExtension, source: String(contentsOf: url, encoding: .utf8),
                        host: host, parameters: parameters)
}

@Suite("The shipped strategies behave as documented on recorded data")
struct StrategyLibraryTests {
    // Loaded once; a missing data folder is a clear failure in each test, not a crash of the run.
    static let books = (try? recordedBooks(limit: 12_000)) ?? []
    static let bars = (try? recordedBars(limit: 3_000)) ?? []

    static func requireData() throws {
        try #require(!books.isEmpty && !bars.isEmpty, "recorded data not found under \(sharedData.path) (shared/ must sit beside the repository)")
    }

    func runBooks(_ strategy: Strategy, _ host: PaperHost) {
        for b in Self.books {
            #expect(strategy.deliver(host.book(venue: "binance", symbol: "BTCUSDT", b)).isOK)
            host.drainFills(into: strategy)
        }
    }

    @Test func fastScalpingTradesBothWaysWithinItsPositionCap() throws {
        try Self.requireData()
        let host = PaperHost()
        let strategy = try libraryStrategy("scalping_fast.lua", host: host)
        runBooks(strategy, host)
        #expect(host.orders.contains { $0.side == .buy } && host.orders.contains { $0.side == .sell })
        #expect(host.maxAbsPosition <= 0.003 + 1e-12)
        #expect(host.orders.count >= 10)
    }

    @Test func conservativeScalpingTradesLessThanFastAndRestsAfterExits() throws {
        try Self.requireData()
        let fastHost = PaperHost()
        runBooks(try libraryStrategy("scalping_fast.lua", host: fastHost), fastHost)
        let host = PaperHost()
        let strategy = try libraryStrategy("scalping_conservative.lua", host: host, parameters: ["max_spread_bps": .number(5)])
        runBooks(strategy, host)
        #expect(host.orders.count < fastHost.orders.count)
        #expect(host.maxAbsPosition <= 0.001 + 1e-12)
    }

    @Test func momentumScalpingExitsWithReduceOnlyOrders() throws {
        try Self.requireData()
        let host = PaperHost()
        let strategy = try libraryStrategy("scalping_momentum.lua", host: host)
        runBooks(strategy, host)
        let exits = host.orders.filter(\.reduceOnly)
        let entries = host.orders.filter { !$0.reduceOnly }
        #expect(!entries.isEmpty)
        #expect(exits.count >= entries.count - 1)
        #expect(host.maxAbsPosition <= 0.001 + 1e-12)
    }

    @Test func marketMakerQuotesBothSidesAroundTheMidAndCancelsBeforeRequoting() throws {
        try Self.requireData()
        let host = PaperHost()
        let strategy = try libraryStrategy("market_maker.lua", host: host)
        var mids: [Double] = []
        for b in Self.books.prefix(4_000) {
            mids.append((b.bid + b.ask) / 2)
            let before = host.orders.count
            #expect(strategy.deliver(host.book(venue: "binance", symbol: "BTCUSDT", b)).isOK)
            for order in host.orders[before...] {
                #expect(order.timeInForce == .postOnly)
                let price = order.price!.doubleValue
                #expect(order.side == .buy ? price < mids.last! : price > mids.last!)
            }
            host.drainFills(into: strategy)
            #expect(host.resting.count <= 2)
        }
        #expect(!host.cancelled.isEmpty)
        #expect(host.maxAbsPosition <= 0.01 + 1e-12)
    }

    @Test func arbitrageTradesOnlyWhenTheSpreadBeatsFeesAndMargin() throws {
        try Self.requireData()
        let host = PaperHost()
        let strategy = try libraryStrategy("arbitrage.lua", host: host)
        // Kraken's quotes are Binance's shifted by a premium that is large (60 bps) only in some windows.
        for (i, b) in Self.books.prefix(3_000).enumerated() {
            let premium = (i / 500) % 2 == 1 ? 0.006 : 0.0005
            #expect(strategy.deliver(host.book(venue: "binance", symbol: "BTCUSDT", b)).isOK)
            let k = (time: b.time, bid: b.bid * (1 + premium), bidSize: 1.0, ask: b.ask * (1 + premium), askSize: 1.0)
            #expect(strategy.deliver(host.book(venue: "kraken", symbol: "BTC/USD", k)).isOK)
        }
        #expect(!host.orders.isEmpty)
        #expect(host.orders.count % 2 == 0)
        for pair in stride(from: 0, to: host.orders.count, by: 2) {
            let (buy, sell) = (host.orders[pair], host.orders[pair + 1])
            #expect(buy.side == .buy && buy.venue == "binance" && buy.timeInForce == .ioc)
            #expect(sell.side == .sell && sell.venue == "kraken" && sell.timeInForce == .ioc)
            #expect((sell.price!.doubleValue - buy.price!.doubleValue) / buy.price!.doubleValue * 10_000 > 41)
        }
    }

    @Test func momentumOnBarsBuysOnlyWhenFlatAndSignalsEveryBar() throws {
        try Self.requireData()
        let host = PaperHost()
        let strategy = try libraryStrategy("momentum.lua", host: host)
        for (i, bar) in Self.bars.enumerated() {
            let t = Timestamp(nanoseconds: Int64(i) * 60_000_000_000)
            host.books["binance:BTCUSDT"] = (bar.close, bar.close)
            #expect(strategy.deliver(.bar(symbol: "BTCUSDT", open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                                          volume: bar.volume, time: t)).isOK)
            host.drainFills(into: strategy)
        }
        #expect(host.signals.count == Self.bars.count - 33)
        #expect(host.orders.contains { $0.side == .buy } && host.orders.contains { $0.side == .sell && $0.reduceOnly })
        #expect(host.maxAbsPosition <= 0.01 + 1e-12)
    }

    @Test func meanReversionEntersOnlyBelowTheLowerBand() throws {
        try Self.requireData()
        let host = PaperHost()
        let strategy = try libraryStrategy("mean_reversion.lua", host: host)
        var bands = BollingerBands(period: 20, deviations: 2)
        for (i, bar) in Self.bars.enumerated() {
            bands.update(bar.close)
            host.books["binance:BTCUSDT"] = (bar.close, bar.close)
            let before = host.orders.count
            #expect(strategy.deliver(.bar(symbol: "BTCUSDT", open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                                          volume: bar.volume, time: Timestamp(nanoseconds: Int64(i)))).isOK)
            for order in host.orders[before...] where !order.reduceOnly {
                #expect(order.side == .buy)
                #expect(bar.close < bands.lower!)
            }
            host.drainFills(into: strategy)
        }
        #expect(host.orders.filter { !$0.reduceOnly }.count > 5)
    }
}
