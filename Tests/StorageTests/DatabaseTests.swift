import CohortCore
import Foundation
import Testing
@testable import Storage

/// A fresh temporary directory per test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-storage-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("The database opens, migrates and reports bad files clearly")
struct DatabaseTests {
    @Test func aNewDatabaseIsMigratedInWALMode() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        let db = try Database(path: path)
        #expect(try Migrations.version(db) == Migrations.latestVersion)
        let mode = try db.statement("PRAGMA journal_mode")
        #expect(try mode.step() && mode.text(0) == "wal")
        let keys = try db.statement("PRAGMA foreign_keys")
        #expect(try keys.step() && keys.int(0) == 1)
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        try Database(path: path).execute("PRAGMA user_version = 99")
        #expect {
            try Database(path: path)
        } throws: { error in
            let error = error as! StorageError
            return error.kind == .tooNew(found: 99, supported: Migrations.latestVersion) && "\(error)".contains("upgrade cohort")
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
        let path = try temporaryDirectory().appendingPathComponent("junk.sqlite").path
        let junk = Data(String(repeating: "this is not sqlite ", count: 400).utf8)
        try junk.write(to: URL(fileURLWithPath: path))
        #expect {
            try Database(path: path)
        } throws: { error in
            (error as! StorageError).kind == .notADatabase && "\(error)".hasPrefix(path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test func aMissingDirectoryIsNamed() {
        #expect {
            try Database(path: "/nonexistent-dir/c.sqlite")
        } throws: { "\($0)".contains("directory /nonexistent-dir does not exist") }
    }

    @Test func aLockedDatabaseGivesALockedErrorAndWritesNothing() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        let holder = try Database(path: path)
        let other = try Database(path: path, options: .init(busyTimeoutMilliseconds: 20))
        try holder.execute("BEGIN IMMEDIATE")
        try FillRepository(holder).insert(sampleFill("held"))
        #expect {
            try other.transaction { try FillRepository(other).insert(sampleFill("blocked")) }
        } throws: { ($0 as! StorageError).kind == .locked }
        try holder.execute("COMMIT")
        let stored = try FillRepository(other).all().map(\.tradeID)
        #expect(stored == ["held"])
    }

    @Test func aReadOnlyConnectionRefusesWrites() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        _ = try Database(path: path)
        let reader = try Database(path: path, options: .init(readOnly: true))
        #expect { try FillRepository(reader).insert(sampleFill("x")) } throws: { ($0 as! StorageError).kind == .readOnly }
    }

    @Test func aFailedTransactionRollsBackEverything() throws {
        let db = try Database(path: ":memory:")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.transaction {
                try FillRepository(db).insert(sampleFill("a"))
                throw Abort()
            }
        }
        #expect(try FillRepository(db).all().isEmpty)
    }

    @Test func errorsNeverContainBoundValues() throws {
        let db = try Database(path: ":memory:")
        let secretish = "order-detail-12345"
        #expect {
            try db.statement("INSERT INTO orders (client_order_id) VALUES (?)").bind(.text(secretish)).run()
        } throws: { !"\($0)".contains(secretish) && "\($0)".contains("constraint") }
    }
}

func sampleFill(_ id: String, quantity: Int64 = 100_000) -> Fill {
    Fill(clientOrderID: ClientOrderID("c-\(id)"), venueOrderID: "v-\(id)", tradeID: id, instrument: InstrumentID(venue: "binance", symbol: "BTCUSDT"),
         side: .sell, price: Price(raw: 64_999_120_000_000), quantity: Quantity(raw: quantity), fee: Money(raw: -12),
         feeAsset: "USDT", liquidity: .maker, venueTime: Timestamp(nanoseconds: 5), receiveTime: Timestamp(nanoseconds: 6))
}

@Suite("Repositories round-trip every aggregate exactly")
struct RepositoryTests {
    let db = try! Database(path: ":memory:")
    let btc = InstrumentID(venue: "binance", symbol: "BTCUSDT")

    @Test func instruments() throws {
        let instrument = Instrument(id: btc, base: "BTC", quote: "USDT", tickSize: try Price("0.01"), lotSize: try Quantity("0.00001"),
                                    maxQuantity: try Quantity("9000"), minNotional: try Money("5"))
        try InstrumentRepository(db).save(instrument)
        try InstrumentRepository(db).save(instrument)
        #expect(try InstrumentRepository(db).all() == [instrument])
        #expect(try InstrumentRepository(db).all(venue: "kraken").isEmpty)
    }

    @Test func ordersKeepTheirWholeStateMachine() throws {
        var order = Order(OrderRequest(clientOrderID: "co-1", instrument: btc, side: .buy, type: .limit, quantity: try Quantity("1"),
                                       price: try Price("100"), timeInForce: .postOnly, strategy: "mm"), createdAt: Timestamp(nanoseconds: 1))
        let repository = OrderRepository(db)
        try repository.save(order)
        #expect(try repository.unfinished().map(\.clientOrderID) == ["co-1"])
        try order.apply(.submitted, at: Timestamp(nanoseconds: 2))
        try order.apply(.acknowledged(venueOrderID: "v9"), at: Timestamp(nanoseconds: 3))
        try order.apply(.filled(sampleFillFor(order, "t1", "0.4")), at: Timestamp(nanoseconds: 4))
        try order.apply(.cancelRequested, at: Timestamp(nanoseconds: 5))
        try repository.save(order)
        let loaded = try #require(try repository.find("co-1"))
        #expect(loaded == order)
        var reloaded = loaded
        try reloaded.apply(.cancelRejected(RejectReason(.unknownOrder, "late")), at: Timestamp(nanoseconds: 6))
        #expect(reloaded.status == .partiallyFilled)
        try order.apply(.cancelled, at: Timestamp(nanoseconds: 7))
        try repository.save(order)
        #expect(try repository.unfinished().isEmpty && repository.count() == 1)
    }

    func sampleFillFor(_ order: Order, _ id: String, _ quantity: String) throws -> Fill {
        Fill(clientOrderID: order.clientOrderID, tradeID: id, instrument: btc, side: .buy, price: try Price("100"),
             quantity: try Quantity(quantity), venueTime: .zero)
    }

    @Test func fillsAreIdempotentByTradeID() throws {
        let repository = FillRepository(db)
        #expect(try repository.insert(sampleFill("t1")))
        #expect(try repository.insert(sampleFill("t1")) == false)
        #expect(try repository.insert(sampleFill("t2")))
        #expect(try repository.all() == [sampleFill("t1"), sampleFill("t2")])
        #expect(try repository.forOrder("c-t2") == [sampleFill("t2")])
    }

    @Test func positionsKeepTheExactCostBasis() throws {
        var position = Position(instrument: btc)
        position.apply(Fill(clientOrderID: "a", tradeID: "1", instrument: btc, side: .buy, price: try Price("100.123456789"),
                            quantity: try Quantity("0.33333333"), fee: try Money("0.01"), venueTime: .zero))
        position.apply(Fill(clientOrderID: "a", tradeID: "2", instrument: btc, side: .sell, price: try Price("101"),
                            quantity: try Quantity("0.1"), venueTime: .zero))
        try PositionRepository(db).save(position, at: Timestamp(nanoseconds: 9))
        #expect(try PositionRepository(db).all() == [position])
    }

    @Test func strategyStateLatestSnapshotWins() throws {
        let repository = StrategyStateRepository(db)
        #expect(try repository.latest(strategy: "mm") == nil)
        try repository.save(.init(strategy: "mm", versionHash: "a", json: #"{"n":1}"#, time: Timestamp(nanoseconds: 1)))
        try repository.save(.init(strategy: "mm", versionHash: "b", json: #"{"n":2}"#, time: Timestamp(nanoseconds: 2)))
        #expect(try repository.latest(strategy: "mm")?.json == #"{"n":2}"#)
    }

    @Test func barsByRange() throws {
        let bar = Bar(instrument: btc, interval: 60, start: Timestamp(nanoseconds: 60_000_000_000), open: try Price("1"),
                      high: try Price("2"), low: try Price("0.5"), close: try Price("1.5"), volume: try Quantity("10"))
        try BarRepository(db).save(bar)
        #expect(try BarRepository(db).range(btc, interval: 60) == [bar])
        #expect(try BarRepository(db).range(btc, interval: 300).isEmpty)
    }

    @Test func backtestRunsWithTrades() throws {
        let repository = BacktestRunRepository(db)
        let id = try repository.start(strategy: "momentum", parametersJSON: #"{"fast":12}"#, seed: 7, at: Timestamp(nanoseconds: 1))
        let trade = BacktestRunRepository.TradeRow(time: Timestamp(nanoseconds: 2), instrument: btc, side: .buy, price: try Price("100"),
                                                   quantity: try Quantity("0.5"), fee: try Money("0.05"))
        try repository.addTrades(id, [trade, trade])
        try repository.finish(id, status: "completed", metricsJSON: #"{"sharpe":1.2}"#, at: Timestamp(nanoseconds: 3))
        let run = try #require(try repository.run(id))
        #expect(run.status == "completed" && run.seed == 7 && run.metricsJSON == #"{"sharpe":1.2}"#)
        #expect(try repository.trades(id) == [trade, trade])
    }

    @Test func mpcAuditRecordsSessionsWithoutData() throws {
        let record = MPCAuditRepository.Record(sessionID: "s1", protocolName: "dark_pool", participants: ["fund \"a\"", "b"],
                                               nodeCount: 3, startedAt: Timestamp(nanoseconds: 1), finishedAt: Timestamp(nanoseconds: 2),
                                               outcome: "aborted", error: "node 2 sent an inconsistent share")
        try MPCAuditRepository(db).save(record)
        #expect(try MPCAuditRepository(db).all() == [record])
    }
}

@Suite("Connections see each other's commits")
struct SnapshotTests {
    /// Regression: a cached single-row read left on its row kept a read snapshot open forever.
    @Test func aSecondConnectionSeesCommitsAfterSingleRowReads() throws {
        let path = try temporaryDirectory().appendingPathComponent("c.sqlite").path
        let writer = try Database(path: path)
        let reader = try Database(path: path)
        _ = try OrderRepository(reader).count()
        _ = try OrderRepository(reader).find("nothing")
        _ = try MarketDataReader.count(database: reader, instrument: InstrumentID(venue: "x", symbol: "y"))
        try FillRepository(writer).insert(sampleFill("late"))
        #expect(try FillRepository(reader).all().map(\.tradeID) == ["late"])
    }
}
