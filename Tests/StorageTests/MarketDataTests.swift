import CohortCore
import Foundation
import PropertyBased
import Testing
@testable import Storage

@Suite("Market data chunks stream back exactly and in time order")
struct MarketDataTests {
    @Test func recordsRoundTripBitExactly() async {
        let gen = zip(Gen.int64(in: Int64.min ... Int64.max), Gen.int64(in: Int64.min ... Int64.max), Gen.int64(in: Int64.min ... Int64.max),
                      Gen.uint8(in: 1 ... 5), Gen.uint8(in: 0 ... 2), Gen.uint16(in: 0 ... UInt16.max), Gen.uint32(in: 0 ... UInt32.max))
        await propertyCheck(count: 500, input: gen) { t, p, q, kind, side, flags, aux in
            let record = MarketRecord(localTime: t, exchangeTime: p &- 1, price: p, quantity: q, kind: MarketRecord.Kind(rawValue: kind)!,
                                      side: side, flags: flags, auxiliary: aux)
            var bytes = [UInt8](repeating: 0, count: MarketRecord.size)
            bytes.withUnsafeMutableBytes { record.encode(into: $0.baseAddress!) }
            #expect(bytes.withUnsafeBytes { MarketRecord(decoding: $0.baseAddress!) } == record)
        }
    }

    @Test func theMergedStreamIsTimeOrderedAndComplete() async throws {
        let series = Gen.int64(in: 0 ... 1_000).array(of: 0 ... 300)
        await propertyCheck(count: 40, input: series, series, series) { a, b, c in
            let db = try Database(path: ":memory:")
            let ids = [InstrumentID(venue: "x", symbol: "A"), InstrumentID(venue: "x", symbol: "B"), InstrumentID(venue: "y", symbol: "A")]
            var expected: [(Int64, Int, Int64)] = []
            for (slot, deltas) in [a, b, c].enumerated() {
                let writer = try MarketDataWriter(database: db, instrument: ids[slot], chunkSize: 7)
                var time: Int64 = 0
                for (n, delta) in deltas.enumerated() {
                    time += delta
                    try writer.append(MarketRecord(localTime: time, exchangeTime: time, price: Int64(n), quantity: 1, kind: .trade, side: 0))
                    expected.append((time, slot, Int64(n)))
                }
                try writer.flush()
            }
            let reader = try MarketDataReader(database: db, instruments: ids)
            var seen: [(Int64, Int, Int64)] = []
            while let (slot, record) = try reader.next() { seen.append((record.localTime, slot, record.price)) }
            // Stable merge: by time, ties in instrument order, each instrument's own order kept.
            let sorted = expected.enumerated().sorted { ($0.element.0, $0.element.1, $0.offset) < ($1.element.0, $1.element.1, $1.offset) }.map(\.element)
            #expect(seen.map(\.0) == sorted.map(\.0))
            #expect(seen.map(\.1) == sorted.map(\.1))
            #expect(seen.map(\.2) == sorted.map(\.2))
        }
    }

    @Test func aTimeRangeSelectsInclusively() throws {
        let db = try Database(path: ":memory:")
        let id = InstrumentID(venue: "x", symbol: "A")
        let writer = try MarketDataWriter(database: db, instrument: id, chunkSize: 3)
        for t in 0..<20 { try writer.append(MarketRecord(localTime: Int64(t), exchangeTime: 0, price: 0, quantity: 0, kind: .trade, side: 2)) }
        try writer.flush()
        let reader = try MarketDataReader(database: db, instruments: [id], from: Timestamp(nanoseconds: 5), to: Timestamp(nanoseconds: 11))
        var times: [Int64] = []
        while let (_, record) = try reader.next() { times.append(record.localTime) }
        #expect(times == Array(5...11))
        #expect(try MarketDataReader.count(database: db, instrument: id) == 20)
        #expect(try MarketDataReader.instruments(database: db) == [id])
    }

    @Test func timeGoingBackwardsIsRefusedEvenAcrossWriters() throws {
        let db = try Database(path: ":memory:")
        let id = InstrumentID(venue: "x", symbol: "A")
        let writer = try MarketDataWriter(database: db, instrument: id)
        try writer.append(MarketRecord(localTime: 10, exchangeTime: 0, price: 0, quantity: 0, kind: .trade, side: 2))
        #expect { try writer.append(MarketRecord(localTime: 9, exchangeTime: 0, price: 0, quantity: 0, kind: .trade, side: 2)) } throws: {
            "\($0)".contains("is before the previous one")
        }
        try writer.flush()
        let second = try MarketDataWriter(database: db, instrument: id)
        #expect(throws: StorageError.self) {
            try second.append(MarketRecord(localTime: 5, exchangeTime: 0, price: 0, quantity: 0, kind: .trade, side: 2))
        }
    }
}

@Suite("A writer killed mid-transaction leaves a consistent database")
struct CrashTests {
    /// The crash writer is built next to the test bundle.
    static var writerPath: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory = directory.deletingLastPathComponent() }
        let candidates = [directory, URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("StorageCrashWriter").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0].appendingPathComponent("StorageCrashWriter").path
    }

    @Test func sigkillDuringWritesLosesNoCommittedRowAndLeavesNoPartialTransaction() throws {
        let path = try temporaryDirectory().appendingPathComponent("crash.sqlite").path
        _ = try Database(path: path)  // migrate before the child starts writing
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.writerPath)
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        // Read "committed N" lines until enough transactions have committed, then kill mid-stream.
        var lastCommitted = 0
        var pending = ""
        let reader = output.fileHandleForReading
        while lastCommitted < 2_000 {
            let data = reader.availableData
            if data.isEmpty { break }
            pending += String(decoding: data, as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                pending = String(pending[pending.index(after: newline)...])
                if let n = Int(line.split(separator: " ").last ?? "") { lastCommitted = n }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(lastCommitted >= 2_000)

        let db = try Database(path: path)
        let check = try db.statement("PRAGMA integrity_check")
        #expect(try check.step() && check.text(0) == "ok")
        let fills = try FillRepository(db).all().count
        let records = try MarketDataReader.count(database: db, instrument: InstrumentID(venue: "sim", symbol: "BTCUSDT"))
        #expect(fills >= lastCommitted)  // every committed row is there
        #expect(fills % 25 == 0)  // and no partial transaction
        #expect(records == fills)  // both tables moved together
    }
}
