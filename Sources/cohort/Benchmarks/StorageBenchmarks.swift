import CohortCore
import Foundation
import Storage
import Telemetry

/// Market-data throughput through SQLite: packed records written in chunks, then streamed back.
enum StorageBenchmarks {
    static func run() throws -> [BenchmarkResult] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Database(path: directory.appendingPathComponent("bench.sqlite").path)
        let instruments = [InstrumentID(venue: "bench", symbol: "BTCUSDT"), InstrumentID(venue: "bench", symbol: "ETHUSDT")]
        let perInstrument = 1_000_000
        let writeStart = Bench.monotonicNanos()
        try db.transaction {
            for (slot, instrument) in instruments.enumerated() {
                let writer = try MarketDataWriter(database: db, instrument: instrument)
                for i in 0..<perInstrument {
                    let t = Int64(i * 2 + slot)
                    try writer.append(MarketRecord(localTime: t, exchangeTime: t, price: 60_000_000_000_000 + Int64(i % 100),
                                                   quantity: 1_000, kind: .deltaLevel, side: UInt8(i & 1), flags: MarketRecord.endOfMessage))
                }
                try writer.flush()
            }
        }
        let writeNanos = Double(Bench.monotonicNanos() - writeStart)
        let total = perInstrument * instruments.count

        var samples: [Double] = []
        var checksum: Int64 = 0
        for _ in 0..<5 {
            let reader = try MarketDataReader(database: db, instruments: instruments)
            let start = Bench.monotonicNanos()
            var n = 0
            while let (_, record) = try reader.next() {
                checksum &+= record.price
                n += 1
            }
            samples.append(Double(Bench.monotonicNanos() - start) / Double(n))
        }
        blackHole(checksum)
        let write = BenchmarkResult(name: "storage.market_records_write", unit: "ns", median: writeNanos / Double(total),
                                    p99: writeNanos / Double(total), iterations: total, perSecond: Double(total) / writeNanos * 1e9,
                                    notes: ["chunk": "4096 records", "instruments": "2", "transactions": "1"])
        let read = Bench.summarize("storage.market_records_stream_merged", nanosPerCall: samples, iterations: total * samples.count,
                                   notes: ["instruments": "2 merged by local time", "runs": "5"])
        return [write, read]
    }
}
