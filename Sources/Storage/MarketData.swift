import CSQLite
import CohortCore

/// Appends one instrument's records in chunks of up to `chunkSize`, each chunk one row and one
/// transaction with its neighbours in `flush()`. Local time must never go backwards.
public final class MarketDataWriter {
    let database: Database
    public let instrument: InstrumentID
    let chunkSize: Int
    private var buffer: [UInt8]
    private var count = 0
    private var firstTime: Int64 = 0
    private(set) public var lastTime: Int64 = .min
    private(set) public var written = 0

    public init(database: Database, instrument: InstrumentID, chunkSize: Int = 4_096) throws(StorageError) {
        precondition(chunkSize > 0)
        self.database = database
        self.instrument = instrument
        self.chunkSize = chunkSize
        buffer = [UInt8](repeating: 0, count: chunkSize * MarketRecord.size)
        // Appending after existing data keeps the stream ordered.
        let statement = try database.statement("SELECT MAX(last_time) FROM market_chunks WHERE venue = ? AND symbol = ?")
        defer { statement.reset() }
        try statement.bind(.text(instrument.venue.rawValue), .text(instrument.symbol))
        if try statement.step(), let last = statement.optionalInt64(0) { lastTime = last }
    }

    /// Buffers a record, writing a chunk when full. Throws `.invalidData` when time goes backwards.
    public func append(_ record: MarketRecord) throws(StorageError) {
        guard record.localTime >= lastTime else {
            throw StorageError(.invalidData, path: database.path,
                               message: "\(instrument): record at \(Timestamp(nanoseconds: record.localTime)) is before the previous one at \(Timestamp(nanoseconds: lastTime))")
        }
        if count == 0 { firstTime = record.localTime }
        buffer.withUnsafeMutableBytes { record.encode(into: $0.baseAddress! + count * MarketRecord.size) }
        count += 1
        lastTime = record.localTime
        if count == chunkSize { try writeChunk() }
    }

    /// Writes what is buffered (call before committing the surrounding transaction).
    public func flush() throws(StorageError) {
        if count > 0 { try writeChunk() }
    }

    private func writeChunk() throws(StorageError) {
        let statement = try database.statement(
            "INSERT INTO market_chunks (venue, symbol, first_time, last_time, count, records) VALUES (?, ?, ?, ?, ?, ?)")
        try statement.bind(.text(instrument.venue.rawValue), .text(instrument.symbol), .integer(firstTime), .integer(lastTime),
                           .int(count))
        let bytes = count * MarketRecord.size
        let bound = buffer.withUnsafeBytes { raw in
            Result { () throws(StorageError) in try statement.bindBlob(6, UnsafeRawBufferPointer(rebasing: raw[0..<bytes])) }
        }
        try bound.get()
        try statement.run()
        written += count
        count = 0
    }
}

/// Streams records of several instruments in local-time order (ties keep the instruments' order),
/// one chunk per instrument in memory at a time: memory is constant in the length of the data.
public final class MarketDataReader {
    public let instruments: [InstrumentID]
    // A reader is not shared (it is not Sendable); skip the per-record exclusivity checks.
    @exclusivity(unchecked) private var cursors: [ChunkCursor]
    private var exhausted = false

    /// `from`/`to` bound local time, inclusive.
    public init(database: Database, instruments: [InstrumentID], from: Timestamp? = nil, to: Timestamp? = nil) throws(StorageError) {
        self.instruments = instruments
        cursors = []
        for instrument in instruments {
            cursors.append(try ChunkCursor(database: database, instrument: instrument,
                                           from: from?.nanoseconds ?? .min, to: to?.nanoseconds ?? .max))
        }
    }

    /// The next record and the index of its instrument in `instruments`, or `nil` at the end.
    public func next() throws(StorageError) -> (instrument: Int, record: MarketRecord)? {
        if cursors.count == 1 {
            guard let record = try cursors[0].next() else { return nil }
            return (0, record)
        }
        var best = -1
        var bestTime = Int64.max
        for index in cursors.indices {
            guard let time = try cursors[index].peekTime() else { continue }
            if time < bestTime {
                bestTime = time
                best = index
            }
        }
        guard best >= 0, let record = try cursors[best].next() else { return nil }
        return (best, record)
    }

    /// Records per instrument in the selected range (from the chunk index, without reading blobs).
    public static func count(database: Database, instrument: InstrumentID) throws(StorageError) -> Int {
        let statement = try database.statement("SELECT COALESCE(SUM(count), 0) FROM market_chunks WHERE venue = ? AND symbol = ?")
        defer { statement.reset() }
        try statement.bind(.text(instrument.venue.rawValue), .text(instrument.symbol))
        _ = try statement.step()
        return statement.int(0)
    }

    /// Every instrument with stored market data.
    public static func instruments(database: Database) throws(StorageError) -> [InstrumentID] {
        let statement = try database.statement("SELECT DISTINCT venue, symbol FROM market_chunks ORDER BY venue, symbol")
        var result: [InstrumentID] = []
        while try statement.step() { result.append(InstrumentID(venue: VenueID(statement.text(0)), symbol: statement.text(1))) }
        return result
    }
}

/// Walks one instrument's chunks; decodes records straight out of SQLite's blob memory.
struct ChunkCursor {
    let statement: Statement
    let path: String
    let from: Int64
    let to: Int64
    var base: UnsafeRawPointer?
    var count = 0
    var index = 0
    var done = false

    init(database: Database, instrument: InstrumentID, from: Int64, to: Int64) throws(StorageError) {
        // A private statement (not the cache): several cursors step at the same time.
        statement = try Statement(database: database, sql: """
            SELECT count, records FROM market_chunks
            WHERE venue = ? AND symbol = ? AND last_time >= ? AND first_time <= ? ORDER BY first_time, id
            """)
        try statement.bind(.text(instrument.venue.rawValue), .text(instrument.symbol), .integer(from), .integer(to))
        path = database.path
        self.from = from
        self.to = to
    }

    mutating func load() throws(StorageError) -> Bool {
        while !done {
            guard try statement.step() else {
                done = true
                return false
            }
            let expected = statement.int(0)
            let bytes = Int(sqlite3_column_bytes(statement.handle, 1))
            guard bytes == expected * MarketRecord.size, let blob = sqlite3_column_blob(statement.handle, 1) else {
                throw StorageError(.invalidData, path: path, message: "market chunk holds \(bytes) bytes for \(expected) records")
            }
            base = blob
            count = expected
            index = 0
            if count > 0 { return true }
        }
        return false
    }

    mutating func peekTime() throws(StorageError) -> Int64? {
        while true {
            if index >= count { guard try load() else { return nil } }
            let time = Int64(littleEndian: base!.loadUnaligned(fromByteOffset: index * MarketRecord.size, as: Int64.self))
            if time < from { index += 1; continue }
            if time > to { done = true; count = 0; return nil }
            return time
        }
    }

    mutating func next() throws(StorageError) -> MarketRecord? {
        guard try peekTime() != nil else { return nil }
        guard let record = MarketRecord(decoding: base! + index * MarketRecord.size) else {
            throw StorageError(.invalidData, path: path, message: "unknown record kind in a market chunk")
        }
        index += 1
        return record
    }
}
