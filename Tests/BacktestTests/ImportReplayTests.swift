import CohortCore
import Foundation
import Storage
import Testing
@testable import Backtest

let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data")
let usdm = sharedData.appendingPathComponent("hftbacktest/binance_usdm/btcusdt_20240808.gz").path

func temporaryDatabase() throws -> Database {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-backtest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try Database(path: directory.appendingPathComponent("t.sqlite").path)
}

@Suite("Importing and replaying the real Binance USD-M recording")
struct ImportReplayTests {
    /// Compares our L2 book's top with Binance's own bookTicker at every ticker message.
    final class TopChecker: ReplayHandler {
        var quotes = 0, agreeing = 0, books = 0, trades = 0, near = 0
        var histogram: [Int64: Int] = [:]
        func book(_ index: Int, _ book: OrderBook, time: Timestamp) { books += 1 }
        func trade(_ index: Int, price: Price, quantity: Quantity, aggressor: Side?, time: Timestamp) { trades += 1 }
        func quote(_ index: Int, bid: BookLevel, ask: BookLevel, book: OrderBook, time: Timestamp) {
            guard book.bidCount > 0 else { return }
            quotes += 1
            if book.bestBid?.price == bid.price && book.bestAsk?.price == ask.price { agreeing += 1 }
            let gap = max(abs(book.bestBid!.price.raw - bid.price.raw), abs((book.bestAsk?.price.raw ?? 0) - ask.price.raw)) / 100_000_000
            histogram[min(gap, 20), default: 0] += 1
            if gap <= 1 { near += 1 }

        }
    }

    @Test func importsEveryDepthRowAndTradeAfterSyncAndTheBookTracksBinancesTicker() throws {
        let database = try temporaryDatabase()
        let summary = try BinanceFeedImporter().importFile(usdm, into: database)
        #expect(summary.skipped == 0 && summary.problems.isEmpty)
        #expect(summary.messages == 93_954)
        #expect(summary.instruments == ["binance:BTCUSDT"])
        // Re-importing the same file changes nothing.
        #expect(try BinanceFeedImporter().importFile(usdm, into: database).alreadyImported)

        let instrument = InstrumentID(venue: "binance", symbol: "BTCUSDT")
        let replayer = Replayer(instruments: [instrument])
        let checker = TopChecker()
        try replayer.run(try MarketDataReader(database: database, instruments: [instrument]), handler: checker)
        #expect(replayer.statistics.records == summary.records)
        #expect(replayer.statistics.crossed == 0)
        #expect(checker.trades > 0 && checker.books > 0)
        // The diff stream and the ticker are separate streams: in bursts the ticker runs ahead of
        // the diffs by a few dollars for a moment, then the book catches up (63% exact agreement
        // on this file). A book that lost sync would drift away for good or cross; it never does.
        #expect(checker.quotes > 10_000)
        #expect(Double(checker.agreeing) / Double(checker.quotes) > 0.55,
                "\(checker.agreeing) of \(checker.quotes), \(checker.near) within a tick, \(checker.histogram.sorted { $0.key < $1.key })")
    }

    @Test func badLinesAreReportedWithFileAndLineAndSkipped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("feed.txt").path
        let lines = [
            #"1000 {"stream":"x@depth@0ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":5,"u":9,"pu":4,"b":[["100.0","1"]],"a":[]}}"#,
            #"1001 {"lastUpdateId":8,"E":1,"T":1,"bids":[["100.0","2"]],"asks":[["101.0","1"]]}"#,
            #"1002 {"stream":"x@depth@0ms","data":{"e":"depthUpdate","E":2,"T":2,"s":"BTCUSDT","U":10,"u":12,"pu":9,"b":[["99.5","3"]],"a":[]}}"#,
            "1003 {not json",
            #"999 {"stream":"x@trade","data":{"e":"trade","E":3,"T":3,"s":"BTCUSDT","t":1,"p":"100.5","q":"0.1","m":true}}"#,
            #"1004 {"stream":"x@trade","data":{"e":"trade","E":3,"T":3,"s":"BTCUSDT","t":1,"p":"-1","q":"0.1","m":true}}"#,
            #"1005 {"stream":"x@depth@0ms","data":{"e":"depthUpdate","E":4,"T":4,"s":"BTCUSDT","U":20,"u":22,"pu":19,"b":[],"a":[["101.5","1"]]}}"#,
            #"1006 {"stream":"x@trade","data":{"e":"trade","E":5,"T":5,"s":"BTCUSDT","t":2,"p":"100.25","q":"0.5","m":false}}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let database = try temporaryDatabase()
        let summary = try BinanceFeedImporter().importFile(file, into: database)
        #expect(summary.problems == [
            "\(file):4: malformed JSON",
            "\(file):5: local time 999 is before the previous line's 1002",
            "\(file):6: trade with a non-positive price or quantity",
            "\(file):7: sequence gap after u=12: got U=20, pu=19; depth stops until a new snapshot",
        ])
        // Snapshot (clear + 2 levels), the buffered straddling diff (1), the next diff (1), one good trade.
        #expect(summary.records == 3 + 1 + 1 + 1)
        #expect {
            _ = try BinanceFeedImporter(strict: true).importFile(file, into: try temporaryDatabase())
        } throws: { "\($0)" == "\(file):4: malformed JSON" }
    }

    @Test func missingAndCorruptFilesAreClearErrors() throws {
        #expect { try BinanceFeedImporter().importFile("/nonexistent.gz", into: try temporaryDatabase()) } throws: {
            "\($0)" == "/nonexistent.gz: cannot read the file"
        }
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).gz").path
        try "not gzip at all".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect { try BinanceFeedImporter().importFile(bad, into: try temporaryDatabase()) } throws: {
            "\($0)".contains("not valid compressed data")
        }
    }
}
