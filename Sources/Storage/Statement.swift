import CSQLite

/// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs (the C macro is not importable).
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement. Bind by 1-based index, `step()` through rows, read columns by 0-based
/// index. Reused through ``Database/statement(_:)``.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    public let sql: String

    init(database: Database, sql: String) throws(StorageError) {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw database.error(status, sql: sql) }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Ends the statement's current execution. A statement left on a row keeps its read
    /// transaction (and its snapshot) open, so single-row reads reset when they are done.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    @discardableResult
    public func bind(_ values: StorageValue?...) throws(StorageError) -> Statement {
        try bind(values)
    }

    @discardableResult
    public func bind(_ values: [StorageValue?]) throws(StorageError) -> Statement {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .none: status = sqlite3_bind_null(handle, index)
            case .integer(let v)?: status = sqlite3_bind_int64(handle, index, v)
            case .real(let v)?: status = sqlite3_bind_double(handle, index, v)
            case .text(let v)?: status = sqlite3_bind_text(handle, index, v, -1, sqliteTransient)
            case .blob(let bytes)?:
                status = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient) }
            }
            guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
        }
        return self
    }

    /// Binds a blob without copying it into an array first (for record chunks).
    public func bindBlob(_ index: Int32, _ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        let status = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), sqliteTransient)
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    /// Advances to the next row; `false` when done.
    public func step() throws(StorageError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(status, sql: sql)
        }
    }

    /// Runs a statement that returns no rows.
    public func run() throws(StorageError) {
        while try step() {}
    }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    public func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }

    public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// The blob of a column, valid until the next step or reset.
    public func withBlob<R>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer = sqlite3_column_blob(handle, column) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// A value to bind.
public enum StorageValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension StorageValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public static func int(_ value: Int) -> StorageValue { .integer(Int64(value)) }
}
