import Backtest
import CohortCore
import Foundation
import Storage
import Strategies
import Telemetry

/// Replay of the real Binance USD-M BTCUSDT 2024-08-08 recording (issue 7's headline figure):
/// import (set-up, reported apart), then the replay alone with a Lua callback per venue message.
enum BacktestBenchmarks {
    static let recording = "../shared/data/hftbacktest/binance_usdm/btcusdt_20240808.gz"

    static func run() throws -> [BenchmarkResult] {
        guard FileManager.default.fileExists(atPath: recording) else {
            return [BenchmarkResult(name: "backtest.replay_skipped", unit: "none", median: 0, p99: 0, iterations: 0,
                                    notes: ["reason": "\(recording) not found (run from the repository root)"])]
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-replay-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Database(path: directory.appendingPathComponent("replay.sqlite").path)
        let importStart = Bench.monotonicNanos()
        let summary = try BinanceFeedImporter(quotes: false).importFile(recording, into: database)
        let importNanos = Double(Bench.monotonicNanos() - importStart)
        let instrument = InstrumentID(venue: "binance", symbol: "BTCUSDT")

        let reading = """
            local spread = 0
            return {
              on_book = function(ctx, b) spread = b.ask - b.bid end,
              on_trade = function(ctx, t) end,
            }
            """
        let trading = """
            local n = 0
            return {
              on_book = function(ctx, b)
                n = n + 1
                if n % 1000 == 0 then ctx:buy{ qty = "0.001", price = "1", type = "limit" } end
              end,
              on_trade = function(ctx, t) n = n + 1 end,
            }
            """
        var results = [BenchmarkResult(name: "backtest.import_binance_usdm_btcusdt_20240808", unit: "ns", median: importNanos / Double(summary.records),
                                       p99: importNanos / Double(summary.records), iterations: summary.records,
                                       perSecond: Double(summary.records) / importNanos * 1e9,
                                       notes: ["records": "\(summary.records)", "messages": "\(summary.messages)", "seconds": String(format: "%.2f", importNanos / 1e9)])]
        // The replay alone, no strategy: reader plus book maintenance.
        final class Null: ReplayHandler {
            var n = 0
            func book(_ index: Int, _ book: OrderBook, time: Timestamp) { n += 1 }
            func trade(_ index: Int, price: Price, quantity: Quantity, aggressor: Side?, time: Timestamp) { n += 1 }
        }
        var nullSamples: [Double] = []
        for _ in 0..<5 {
            let replayer = Replayer(instruments: [instrument])
            let start = Bench.monotonicNanos()
            try replayer.run(try MarketDataReader(database: database, instruments: [instrument]), handler: Null())
            nullSamples.append(Double(Bench.monotonicNanos() - start) / Double(replayer.statistics.records))
        }
        results.append(Bench.summarize("backtest.replay_books_only", nanosPerCall: nullSamples, iterations: summary.records * 5,
                                       notes: ["unit": "per event", "handler": "none"]))
        for (name, source) in [("replay_lua_reads_top_of_book", reading), ("replay_lua_orders_every_1000", trading)] {
            var samples: [Double] = []
            var statistics = ReplayStatistics()
            for _ in 0..<5 {
                let host = StrategyBenchmarks.NullHost()
                let strategy = try Strategy(name: "bench", source: source, host: host)
                let handler = StrategyReplayHandler(strategy: strategy, instruments: [instrument])
                let replayer = Replayer(instruments: [instrument])
                let reader = try MarketDataReader(database: database, instruments: [instrument])
                let start = Bench.monotonicNanos()
                try replayer.run(reader, handler: handler)
                samples.append(Double(Bench.monotonicNanos() - start) / Double(replayer.statistics.records))
                statistics = replayer.statistics
            }
            results.append(Bench.summarize("backtest.\(name)", nanosPerCall: samples, iterations: statistics.records * samples.count,
                                           notes: ["events": "\(statistics.records)", "callbacks": "\(statistics.messages)",
                                                   "crossed": "\(statistics.crossed)", "runs": "5", "unit": "per event"]))
        }
        return results
    }
}
