import CohortCore
import Foundation

extension InstrumentID {
    var venueValue: StorageValue { .text(venue.rawValue) }
    var symbolValue: StorageValue { .text(symbol) }
}

/// Instrument rules as loaded from venues.
public struct InstrumentRepository {
    let db: Database
    public init(_ db: Database) { self.db = db }

    public func save(_ i: Instrument) throws(StorageError) {
        try db.statement("""
            INSERT OR REPLACE INTO instruments (venue, symbol, base, quote, tick_size, lot_size, min_quantity, max_quantity,
                min_notional, max_notional, price_decimals, quantity_decimals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).bind(i.id.venueValue, i.id.symbolValue, .text(i.base), .text(i.quote), .integer(i.tickSize.raw),
                      .integer(i.lotSize.raw), .integer(i.minQuantity.raw), i.maxQuantity.map { .integer($0.raw) },
                      .integer(i.minNotional.raw), i.maxNotional.map { .integer($0.raw) }, .int(i.priceDecimals),
                      .int(i.quantityDecimals)).run()
    }

    public func all(venue: VenueID? = nil) throws(StorageError) -> [Instrument] {
        let s = try db.statement("""
            SELECT venue, symbol, base, quote, tick_size, lot_size, min_quantity, max_quantity, min_notional, max_notional,
                price_decimals, quantity_decimals FROM instruments WHERE ?1 IS NULL OR venue = ?1 ORDER BY venue, symbol
            """)
        try s.bind(venue.map { .text($0.rawValue) })
        var result: [Instrument] = []
        while try s.step() {
            result.append(Instrument(
                id: InstrumentID(venue: VenueID(s.text(0)), symbol: s.text(1)), base: s.text(2), quote: s.text(3),
                tickSize: Price(raw: s.int64(4)), lotSize: Quantity(raw: s.int64(5)), minQuantity: Quantity(raw: s.int64(6)),
                maxQuantity: s.optionalInt64(7).map { Quantity(raw: $0) }, minNotional: Money(raw: s.int64(8)),
                maxNotional: s.optionalInt64(9).map { Money(raw: $0) }, priceDecimals: s.int(10), quantityDecimals: s.int(11)))
        }
        return result
    }
}

/// Orders: written before they are sent, updated on every change, reloaded on restart.
public struct OrderRepository {
    let db: Database
    public init(_ db: Database) { self.db = db }

    public func save(_ order: Order) throws(StorageError) {
        let json: String
        do { json = String(decoding: try JSONEncoder().encode(order), as: UTF8.self) } catch {
            throw StorageError(.invalidData, path: db.path, message: "cannot encode order \(order.clientOrderID): \(error)")
        }
        let r = order.request
        try db.statement("""
            INSERT INTO orders (client_order_id, venue, symbol, strategy, side, status, venue_order_id, created_at, updated_at, order_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (client_order_id) DO UPDATE SET status = excluded.status, venue_order_id = excluded.venue_order_id,
                updated_at = excluded.updated_at, order_json = excluded.order_json
            """).bind(.text(r.clientOrderID.rawValue), r.instrument.venueValue, r.instrument.symbolValue, .text(r.strategy),
                      .text(r.side.rawValue), .text(order.status.rawValue), order.venueOrderID.map { .text($0) },
                      .integer(order.createdAt.nanoseconds), .integer(order.updatedAt.nanoseconds), .text(json)).run()
    }

    public func find(_ id: ClientOrderID) throws(StorageError) -> Order? {
        let s = try db.statement("SELECT order_json FROM orders WHERE client_order_id = ?")
        defer { s.reset() }
        try s.bind(.text(id.rawValue))
        return try s.step() ? try decode(s.text(0)) : nil
    }

    /// Orders that are not in a terminal state (including `new`: persisted but perhaps never sent).
    public func unfinished(venue: VenueID? = nil) throws(StorageError) -> [Order] {
        let s = try db.statement("""
            SELECT order_json FROM orders WHERE status NOT IN ('filled', 'cancelled', 'rejected', 'expired')
                AND (?1 IS NULL OR venue = ?1) ORDER BY created_at, client_order_id
            """)
        try s.bind(venue.map { .text($0.rawValue) })
        var result: [Order] = []
        while try s.step() { result.append(try decode(s.text(0))) }
        return result
    }

    public func count() throws(StorageError) -> Int {
        let s = try db.statement("SELECT COUNT(*) FROM orders")
        defer { s.reset() }
        _ = try s.step()
        return s.int(0)
    }

    func decode(_ json: String) throws(StorageError) -> Order {
        do { return try JSONDecoder().decode(Order.self, from: Data(json.utf8)) } catch {
            throw StorageError(.invalidData, path: db.path, message: "stored order does not decode: \(error)")
        }
    }
}

/// Fills, idempotent by (venue, symbol, trade id): a replayed fill is recognised, not doubled.
public struct FillRepository {
    let db: Database
    public init(_ db: Database) { self.db = db }

    /// Returns `false` when the fill was already stored.
    @discardableResult
    public func insert(_ f: Fill) throws(StorageError) -> Bool {
        try db.statement("""
            INSERT OR IGNORE INTO fills (venue, symbol, trade_id, client_order_id, venue_order_id, side, price, quantity, fee,
                fee_asset, liquidity, venue_time, receive_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).bind(f.instrument.venueValue, f.instrument.symbolValue, .text(f.tradeID), .text(f.clientOrderID.rawValue),
                      f.venueOrderID.map { .text($0) }, .text(f.side.rawValue), .integer(f.price.raw), .integer(f.quantity.raw),
                      .integer(f.fee.raw), .text(f.feeAsset), .text(f.liquidity.rawValue), .integer(f.venueTime.nanoseconds),
                      .integer(f.receiveTime.nanoseconds)).run()
        return db.changes == 1
    }

    public func forOrder(_ id: ClientOrderID) throws(StorageError) -> [Fill] {
        try query("WHERE client_order_id = ? ORDER BY venue_time, trade_id", .text(id.rawValue))
    }

    public func all() throws(StorageError) -> [Fill] { try query("ORDER BY venue_time, trade_id") }

    func query(_ clause: String, _ values: StorageValue?...) throws(StorageError) -> [Fill] {
        let s = try db.statement("""
            SELECT venue, symbol, trade_id, client_order_id, venue_order_id, side, price, quantity, fee, fee_asset, liquidity,
                venue_time, receive_time FROM fills \(clause)
            """)
        try s.bind(values)
        var result: [Fill] = []
        while try s.step() {
            result.append(Fill(
                clientOrderID: ClientOrderID(s.text(3)), venueOrderID: s.optionalText(4), tradeID: s.text(2),
                instrument: InstrumentID(venue: VenueID(s.text(0)), symbol: s.text(1)), side: Side(rawValue: s.text(5)) ?? .buy,
                price: Price(raw: s.int64(6)), quantity: Quantity(raw: s.int64(7)), fee: Money(raw: s.int64(8)),
                feeAsset: s.text(9), liquidity: Liquidity(rawValue: s.text(10)) ?? .taker,
                venueTime: Timestamp(nanoseconds: s.int64(11)), receiveTime: Timestamp(nanoseconds: s.int64(12))))
        }
        return result
    }
}

/// Positions, stored exactly (the 128-bit cost basis and realized PnL as decimal text).
public struct PositionRepository {
    let db: Database
    public init(_ db: Database) { self.db = db }

    public func save(_ p: Position, at time: Timestamp) throws(StorageError) {
        try db.statement("""
            INSERT OR REPLACE INTO positions (venue, symbol, quantity, cost_basis, realized, fees, fill_count, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).bind(p.instrument.venueValue, p.instrument.symbolValue, .integer(p.quantity.raw), .text(String(p.costBasisRaw)),
                      .text(String(p.realizedRaw)), .integer(p.fees.raw), .int(p.fillCount), .integer(time.nanoseconds)).run()
    }

    public func all() throws(StorageError) -> [Position] {
        let s = try db.statement("SELECT venue, symbol, quantity, cost_basis, realized, fees, fill_count FROM positions ORDER BY venue, symbol")
        var result: [Position] = []
        while try s.step() {
            guard let cost = Int128(s.text(3)), let realized = Int128(s.text(4)) else {
                throw StorageError(.invalidData, path: db.path, message: "position \(s.text(0)):\(s.text(1)) has a malformed cost basis")
            }
            result.append(Position(instrument: InstrumentID(venue: VenueID(s.text(0)), symbol: s.text(1)),
                                   quantity: Quantity(raw: s.int64(2)), costBasisRaw: cost, realizedRaw: realized,
                                   fees: Money(raw: s.int64(5)), fillCount: s.int(6)))
        }
        return result
    }
}

/// A strategy's persistent `state` as JSON, one snapshot per save; the latest wins on restart.
public struct StrategyStateRepository {
    public struct Snapshot: Equatable, Sendable {
        public var strategy: String
        public var versionHash: String
        public var json: String
        public var time: Timestamp
    }

    let db: Database
    public init(_ db: Database) { self.db = db }

    public func save(_ snapshot: Snapshot) throws(StorageError) {
        try db.statement("INSERT INTO strategy_states (strategy, version_hash, state_json, created_at) VALUES (?, ?, ?, ?)")
            .bind(.text(snapshot.strategy), .text(snapshot.versionHash), .text(snapshot.json), .integer(snapshot.time.nanoseconds))
            .run()
    }

    public func latest(strategy: String) throws(StorageError) -> Snapshot? {
        let s = try db.statement("""
            SELECT version_hash, state_json, created_at FROM strategy_states WHERE strategy = ? ORDER BY id DESC LIMIT 1
            """)
        defer { s.reset() }
        try s.bind(.text(strategy))
        guard try s.step() else { return nil }
        return Snapshot(strategy: strategy, versionHash: s.text(0), json: s.text(1), time: Timestamp(nanoseconds: s.int64(2)))
    }
}

/// OHLCV bars, keyed by instrument, interval and start.
public struct BarRepository {
    let db: Database
    public init(_ db: Database) { self.db = db }

    public func save(_ b: Bar) throws(StorageError) {
        try db.statement("""
            INSERT OR REPLACE INTO bars (venue, symbol, interval, start, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).bind(b.instrument.venueValue, b.instrument.symbolValue, .int(b.interval), .integer(b.start.nanoseconds),
                      .integer(b.open.raw), .integer(b.high.raw), .integer(b.low.raw), .integer(b.close.raw), .integer(b.volume.raw)).run()
    }

    public func range(_ instrument: InstrumentID, interval: Int, from: Timestamp = .zero,
                      to: Timestamp = Timestamp(nanoseconds: .max)) throws(StorageError) -> [Bar] {
        let s = try db.statement("""
            SELECT start, open, high, low, close, volume FROM bars WHERE venue = ? AND symbol = ? AND interval = ?
                AND start BETWEEN ? AND ? ORDER BY start
            """)
        try s.bind(instrument.venueValue, instrument.symbolValue, .int(interval), .integer(from.nanoseconds), .integer(to.nanoseconds))
        var result: [Bar] = []
        while try s.step() {
            result.append(Bar(instrument: instrument, interval: interval, start: Timestamp(nanoseconds: s.int64(0)),
                              open: Price(raw: s.int64(1)), high: Price(raw: s.int64(2)), low: Price(raw: s.int64(3)),
                              close: Price(raw: s.int64(4)), volume: Quantity(raw: s.int64(5))))
        }
        return result
    }
}
