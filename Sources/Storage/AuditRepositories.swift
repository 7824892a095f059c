import CohortCore
import Foundation

/// Backtest runs with their parameters, metrics and trades.
public struct BacktestRunRepository {
    public struct Run: Equatable, Sendable {
        public var id: Int64
        public var strategy: String
        public var parametersJSON: String
        public var seed: Int64
        public var startedAt: Timestamp
        public var finishedAt: Timestamp?
        public var status: String
        public var metricsJSON: String?
    }

    public struct TradeRow: Equatable, Sendable {
        public var time: Timestamp
        public var instrument: InstrumentID
        public var side: Side
        public var price: Price
        public var quantity: Quantity
        public var fee: Money
        public init(time: Timestamp, instrument: InstrumentID, side: Side, price: Price, quantity: Quantity, fee: Money) {
            self.time = time
            self.instrument = instrument
            self.side = side
            self.price = price
            self.quantity = quantity
            self.fee = fee
        }
    }

    let db: Database
    public init(_ db: Database) { self.db = db }

    public func start(strategy: String, parametersJSON: String, seed: Int64, at time: Timestamp) throws(StorageError) -> Int64 {
        try db.statement("INSERT INTO backtest_runs (strategy, parameters_json, seed, started_at, status) VALUES (?, ?, ?, ?, 'running')")
            .bind(.text(strategy), .text(parametersJSON), .integer(seed), .integer(time.nanoseconds)).run()
        return db.lastInsertRowID
    }

    public func finish(_ id: Int64, status: String, metricsJSON: String?, at time: Timestamp) throws(StorageError) {
        try db.statement("UPDATE backtest_runs SET status = ?, metrics_json = ?, finished_at = ? WHERE id = ?")
            .bind(.text(status), metricsJSON.map { .text($0) }, .integer(time.nanoseconds), .integer(id)).run()
    }

    public func addTrades(_ id: Int64, _ trades: [TradeRow]) throws(StorageError) {
        let s = try db.statement("SELECT COALESCE(MAX(seq), 0) FROM backtest_trades WHERE run_id = ?")
        try s.bind(.integer(id))
        _ = try s.step()
        var seq = s.int64(0)
        s.reset()
        for t in trades {
            seq += 1
            try db.statement("""
                INSERT INTO backtest_trades (run_id, seq, time, venue, symbol, side, price, quantity, fee) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).bind(.integer(id), .integer(seq), .integer(t.time.nanoseconds), t.instrument.venueValue, t.instrument.symbolValue,
                          .text(t.side.rawValue), .integer(t.price.raw), .integer(t.quantity.raw), .integer(t.fee.raw)).run()
        }
    }

    public func run(_ id: Int64) throws(StorageError) -> Run? {
        let s = try db.statement("""
            SELECT id, strategy, parameters_json, seed, started_at, finished_at, status, metrics_json FROM backtest_runs WHERE id = ?
            """)
        defer { s.reset() }
        try s.bind(.integer(id))
        guard try s.step() else { return nil }
        return Run(id: s.int64(0), strategy: s.text(1), parametersJSON: s.text(2), seed: s.int64(3),
                   startedAt: Timestamp(nanoseconds: s.int64(4)), finishedAt: s.optionalInt64(5).map { Timestamp(nanoseconds: $0) },
                   status: s.text(6), metricsJSON: s.optionalText(7))
    }

    public func trades(_ id: Int64) throws(StorageError) -> [TradeRow] {
        let s = try db.statement("SELECT time, venue, symbol, side, price, quantity, fee FROM backtest_trades WHERE run_id = ? ORDER BY seq")
        try s.bind(.integer(id))
        var result: [TradeRow] = []
        while try s.step() {
            result.append(TradeRow(time: Timestamp(nanoseconds: s.int64(0)), instrument: InstrumentID(venue: VenueID(s.text(1)), symbol: s.text(2)),
                                   side: Side(rawValue: s.text(3)) ?? .buy, price: Price(raw: s.int64(4)),
                                   quantity: Quantity(raw: s.int64(5)), fee: Money(raw: s.int64(6))))
        }
        return result
    }
}

/// The audit trail of MPC sessions: who took part in what, when, and how it ended. Never the
/// inputs or outputs of a computation (the type has nowhere to put them).
public struct MPCAuditRepository {
    public struct Record: Equatable, Sendable {
        public var sessionID: String
        public var protocolName: String
        public var participants: [String]
        public var nodeCount: Int
        public var startedAt: Timestamp
        public var finishedAt: Timestamp?
        /// `running`, `completed` or `aborted`.
        public var outcome: String
        public var error: String?
        public init(sessionID: String, protocolName: String, participants: [String], nodeCount: Int, startedAt: Timestamp,
                    finishedAt: Timestamp? = nil, outcome: String, error: String? = nil) {
            self.sessionID = sessionID
            self.protocolName = protocolName
            self.participants = participants
            self.nodeCount = nodeCount
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.outcome = outcome
            self.error = error
        }
    }

    let db: Database
    public init(_ db: Database) { self.db = db }

    public func save(_ r: Record) throws(StorageError) {
        let participants = String(decoding: (try? JSONEncoder().encode(r.participants)) ?? Data("[]".utf8), as: UTF8.self)
        try db.statement("""
            INSERT OR REPLACE INTO mpc_sessions (session_id, protocol, participants_json, node_count, started_at, finished_at, outcome, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).bind(.text(r.sessionID), .text(r.protocolName), .text(participants), .int(r.nodeCount),
                      .integer(r.startedAt.nanoseconds), r.finishedAt.map { .integer($0.nanoseconds) }, .text(r.outcome),
                      r.error.map { .text($0) }).run()
    }

    public func all() throws(StorageError) -> [Record] {
        let s = try db.statement("""
            SELECT session_id, protocol, participants_json, node_count, started_at, finished_at, outcome, error
            FROM mpc_sessions ORDER BY started_at, session_id
            """)
        var result: [Record] = []
        while try s.step() {
            guard let names = try? JSONDecoder().decode([String].self, from: Data(s.text(2).utf8)) else {
                throw StorageError(.invalidData, path: db.path, message: "MPC session \(s.text(0)) has malformed participants")
            }
            result.append(Record(sessionID: s.text(0), protocolName: s.text(1), participants: names, nodeCount: s.int(3),
                                 startedAt: Timestamp(nanoseconds: s.int64(4)), finishedAt: s.optionalInt64(5).map { Timestamp(nanoseconds: $0) },
                                 outcome: s.text(6), error: s.optionalText(7)))
        }
        return result
    }
}

/// Files already imported, by content hash: re-importing the same file is a no-op.
public struct ImportRepository {
    let db: Database
    public init(_ db: Database) { self.db = db }

    public func contains(_ hash: String) throws(StorageError) -> Bool {
        let s = try db.statement("SELECT 1 FROM imports WHERE file_hash = ?")
        defer { s.reset() }
        try s.bind(.text(hash))
        return try s.step()
    }

    public func record(hash: String, path: String, format: String, records: Int, skipped: Int, at time: Timestamp) throws(StorageError) {
        try db.statement("INSERT INTO imports (file_hash, path, format, records, skipped, imported_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(.text(hash), .text(path), .text(format), .int(records), .int(skipped), .integer(time.nanoseconds)).run()
    }
}
