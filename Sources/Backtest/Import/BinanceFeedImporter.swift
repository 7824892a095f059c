import CohortCore
import Foundation
import Storage

/// What an import did.
public struct ImportSummary: Sendable, CustomStringConvertible {
    public var file: String
    public var records = 0
    public var messages = 0
    public var skipped = 0
    /// Messages before the book was in sync (expected before the REST snapshot).
    public var beforeSync = 0
    public var instruments: Set<String> = []
    /// The first problems, each with file and line.
    public var problems: [String] = []
    public var alreadyImported = false

    public var description: String {
        if alreadyImported { return "\(file): already imported (same content), nothing to do" }
        return "\(file): \(records) records from \(messages) messages for \(instruments.sorted().joined(separator: ", ")); "
            + "\(beforeSync) before sync, \(skipped) skipped"
    }
}

/// Imports hftbacktest-style raw Binance WebSocket recordings (`<local_ns> <json>` per line,
/// optionally gzip): the REST depth snapshot, diff-depth messages, trades, aggTrades and
/// bookTicker quotes, into packed market records. Applies Binance's book-sync rule, so only
/// diffs that continue the snapshot are stored; a sequence gap is reported and depth stops until
/// another snapshot.
public struct BinanceFeedImporter {
    public let venue: VenueID
    /// Skip bad lines with a count (false) or stop at the first (true).
    public let strict: Bool
    /// Store bookTicker quotes too.
    public let quotes: Bool

    public init(venue: VenueID = "binance", strict: Bool = false, quotes: Bool = true) {
        self.venue = venue
        self.strict = strict
        self.quotes = quotes
    }

    struct Sync {
        var snapshotID: Int64?
        var lastU: Int64?
        var synced = false
    }

    /// A diff seen before the snapshot, kept to be applied after it (Binance's procedure).
    struct BufferedDiff {
        var first: Int64
        var last: Int64
        var previous: Int64?
        var exchange: Int64
        var levels: [((Int64, Int64), UInt8)]
    }

    /// At most this many diffs are buffered while waiting for a snapshot.
    static let bufferLimit = 100_000

    public func importFile(_ path: String, into database: Database) throws -> ImportSummary {
        var summary = ImportSummary(file: path)
        let hash = try LineReader.fileHash(path)
        let imported = ImportRepository(database)
        if try imported.contains(hash) {
            summary.alreadyImported = true
            return summary
        }
        let reader = try LineReader(path: path)
        var writers: [String: MarketDataWriter] = [:]
        var sync: [String: Sync] = [:]
        var lastSymbol: String?
        var lastTime: Int64 = .min
        var spot = true  // futures messages carry `pu`
        var buffered: [String: [BufferedDiff]] = [:]

        func problem(_ reason: String) throws {
            let message = "\(path):\(reader.lineNumber): \(reason)"
            if strict { throw ImportError(file: path, line: reader.lineNumber, reason: reason) }
            summary.skipped += 1
            if summary.problems.count < 20 { summary.problems.append(message) }
        }
        func writer(_ symbol: String) throws -> MarketDataWriter {
            if let existing = writers[symbol] { return existing }
            let created = try MarketDataWriter(database: database, instrument: InstrumentID(venue: venue, symbol: symbol))
            writers[symbol] = created
            summary.instruments.insert("\(venue):\(symbol)")
            return created
        }
        func levels(_ raw: Any?) throws -> [(Int64, Int64)]? {
            guard let rows = raw as? [[Any]] else { return nil }
            var result: [(Int64, Int64)] = []
            result.reserveCapacity(rows.count)
            for row in rows {
                guard row.count >= 2, let p = row[0] as? String, let q = row[1] as? String else { return nil }
                let price = try Price(p), quantity = try Quantity(q)
                guard price.raw > 0, quantity.raw >= 0 else { return nil }
                result.append((price.raw, quantity.raw))
            }
            return result
        }

        /// Applies a diff under Binance's sync rules: drop what the snapshot contains, the first applied
        /// diff straddles the snapshot, then each continues the previous one.
        func apply(_ diff: BufferedDiff, symbol: String, local: Int64) throws {
            var state = sync[symbol] ?? Sync()
            guard let snapshot = state.snapshotID else {
                summary.beforeSync += 1
                return
            }
            if !state.synced {
                let target = spot ? snapshot + 1 : snapshot
                if diff.last < target {
                    summary.beforeSync += 1
                    return
                }
                guard diff.first <= target else {
                    try problem("gap: the first diff after the snapshot starts at U=\(diff.first), after lastUpdateId \(snapshot)")
                    sync[symbol]?.snapshotID = nil
                    return
                }
                state.synced = true
            } else if let lastU = state.lastU {
                let continues = spot ? diff.first == lastU + 1 : diff.previous == lastU
                guard continues else {
                    try problem("sequence gap after u=\(lastU): got U=\(diff.first)\(diff.previous.map { ", pu=\($0)" } ?? ""); depth stops until a new snapshot")
                    sync[symbol] = Sync()
                    return
                }
            }
            state.lastU = diff.last
            sync[symbol] = state
            guard !diff.levels.isEmpty else { return }
            let w = try writer(symbol)
            for (index, (level, side)) in diff.levels.enumerated() {
                try w.append(MarketRecord(localTime: local, exchangeTime: diff.exchange, price: level.0, quantity: level.1,
                                          kind: .deltaLevel, side: side,
                                          flags: index == diff.levels.count - 1 ? MarketRecord.endOfMessage : 0))
            }
            summary.records += diff.levels.count
        }

        try database.transaction {
            while let line = try reader.next() {
                guard !line.isEmpty else { continue }
                guard let space = line.firstIndex(of: " "), let local = Int64(line[..<space]) else {
                    try problem("expected `<local_ns> <json>`")
                    continue
                }
                guard local >= lastTime else {
                    try problem("local time \(local) is before the previous line's \(lastTime)")
                    continue
                }
                let json = line[line.index(after: space)...]
                guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                    try problem("malformed JSON")
                    continue
                }
                summary.messages += 1
                lastTime = local
                do {
                    if let id = (object["lastUpdateId"] as? NSNumber)?.int64Value {
                        // The REST snapshot: replaces the book, sync restarts from it.
                        guard let symbol = (object["symbol"] as? String).map({ $0.uppercased() }) ?? lastSymbol else {
                            try problem("depth snapshot before any message names the symbol")
                            continue
                        }
                        guard let bids = try levels(object["bids"]), let asks = try levels(object["asks"]) else {
                            try problem("depth snapshot with malformed bids or asks")
                            continue
                        }
                        let exchange = ((object["E"] as? NSNumber)?.int64Value).map { $0 * 1_000_000 } ?? local
                        let w = try writer(symbol)
                        try w.append(MarketRecord(localTime: local, exchangeTime: exchange, price: 0, quantity: 0, kind: .bookClear, side: 2))
                        let all = bids.map { ($0, UInt8(0)) } + asks.map { ($0, UInt8(1)) }
                        for (index, (level, side)) in all.enumerated() {
                            try w.append(MarketRecord(localTime: local, exchangeTime: exchange, price: level.0, quantity: level.1,
                                                      kind: .snapshotLevel, side: side,
                                                      flags: index == all.count - 1 ? MarketRecord.endOfMessage : 0))
                        }
                        summary.records += all.count + 1
                        sync[symbol] = Sync(snapshotID: id, lastU: nil, synced: false)
                        // Diffs that arrived while the snapshot was fetched apply now, at its time.
                        for diff in buffered.removeValue(forKey: symbol) ?? [] { try apply(diff, symbol: symbol, local: local) }
                        continue
                    }
                    guard let data = object["data"] as? [String: Any], let event = data["e"] as? String,
                          let symbol = data["s"] as? String else {
                        try problem("not a stream message (no data.e / data.s)")
                        continue
                    }
                    lastSymbol = symbol
                    let exchange = ((data["T"] as? NSNumber ?? data["E"] as? NSNumber)?.int64Value).map { $0 * 1_000_000 } ?? local
                    switch event {
                    case "depthUpdate":
                        guard let first = (data["U"] as? NSNumber)?.int64Value, let last = (data["u"] as? NSNumber)?.int64Value,
                              let bids = try levels(data["b"]), let asks = try levels(data["a"]) else {
                            try problem("depthUpdate without U, u, b or a")
                            continue
                        }
                        let previous = (data["pu"] as? NSNumber)?.int64Value
                        if previous != nil { spot = false }
                        let diff = BufferedDiff(first: first, last: last, previous: previous, exchange: exchange,
                                                levels: bids.map { ($0, UInt8(0)) } + asks.map { ($0, UInt8(1)) })
                        if sync[symbol]?.snapshotID == nil {
                            // No snapshot yet: keep the diff; the snapshot decides which ones apply.
                            if buffered[symbol, default: []].count >= Self.bufferLimit { buffered[symbol]!.removeFirst() }
                            buffered[symbol, default: []].append(diff)
                            continue
                        }
                        try apply(diff, symbol: symbol, local: local)
                    case "trade", "aggTrade":
                        guard let p = data["p"] as? String, let q = data["q"] as? String, let makerIsBuyer = data["m"] as? Bool else {
                            try problem("\(event) without p, q or m")
                            continue
                        }
                        let price = try Price(p), quantity = try Quantity(q)
                        guard price.raw > 0, quantity.raw > 0 else {
                            try problem("\(event) with a non-positive price or quantity")
                            continue
                        }
                        // The buyer being the maker means the seller took liquidity.
                        try writer(symbol).append(MarketRecord(localTime: local, exchangeTime: exchange, price: price.raw, quantity: quantity.raw,
                                                               kind: .trade, side: makerIsBuyer ? 1 : 0, flags: MarketRecord.endOfMessage))
                        summary.records += 1
                    case "bookTicker":
                        guard quotes else { continue }
                        guard let b = data["b"] as? String, let bq = data["B"] as? String, let a = data["a"] as? String,
                              let aq = data["A"] as? String else {
                            try problem("bookTicker without b, B, a or A")
                            continue
                        }
                        let w = try writer(symbol)
                        try w.append(MarketRecord(localTime: local, exchangeTime: exchange, price: try Price(b).raw,
                                                  quantity: try Quantity(bq).raw, kind: .quote, side: 0))
                        try w.append(MarketRecord(localTime: local, exchangeTime: exchange, price: try Price(a).raw,
                                                  quantity: try Quantity(aq).raw, kind: .quote, side: 1, flags: MarketRecord.endOfMessage))
                        summary.records += 2
                    default:
                        try problem("unknown event \"\(event)\"")
                    }
                } catch let error as DecimalError {
                    try problem("\(error)")
                }
            }
            for w in writers.values { try w.flush() }
            try imported.record(hash: hash, path: path, format: "binance-feed", records: summary.records, skipped: summary.skipped,
                                at: Timestamp(nanoseconds: lastTime == .min ? 0 : lastTime))
        }
        return summary
    }
}
