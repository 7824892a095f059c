import CSQLite
import Foundation

// Why the SQLite C API and not GRDB: the backtest replay streams millions of packed records a
// second through a handful of prepared statements, and the engine needs exact control over
// transactions, WAL checkpoints and statement reuse. A thin wrapper over the C API (this file and
// `Statement.swift`, about 300 lines) gives that with one fewer dependency to build in CI; the
// repositories stay small because each aggregate has only a few queries.

/// One SQLite connection. Not `Sendable`: a connection belongs to one owner (an actor or a
/// serial executor) and is reached through it.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    private var statements: [String: Statement] = [:]

    public struct Options: Sendable {
        /// `normal` survives process crashes (WAL); `full` also survives power loss.
        public var synchronousFull = false
        public var readOnly = false
        /// How long to wait for another connection's lock before failing with `.locked`.
        public var busyTimeoutMilliseconds: Int32 = 5_000
        public init(synchronousFull: Bool = false, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 5_000) {
            self.synchronousFull = synchronousFull
            self.readOnly = readOnly
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        }
    }

    /// Opens (creating when allowed) a database in WAL mode with foreign keys on, then runs the
    /// migrations. `":memory:"` opens a private in-memory database.
    public init(path: String, options: Options = Options(), migrate: Bool = true) throws(StorageError) {
        self.path = path
        if path != ":memory:" && !options.readOnly {
            let directory = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if !directory.isEmpty && !(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue) {
                throw StorageError(.cannotOpen, path: path, message: "directory \(directory) does not exist")
            }
        }
        var db: OpaquePointer?
        let flags = (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw StorageError(code: status, path: path, message: message, sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, options.busyTimeoutMilliseconds)
        do {
            // The first read detects a file that is not a database before anything is written.
            try execute("PRAGMA schema_version")
            if !options.readOnly && path != ":memory:" { try execute("PRAGMA journal_mode = WAL") }
            try execute("PRAGMA synchronous = \(options.synchronousFull ? "FULL" : "NORMAL")")
            try execute("PRAGMA foreign_keys = ON")
            if migrate && !options.readOnly { try Migrations.migrate(self) }
        } catch {
            statements.removeAll()
            sqlite3_close_v2(db)
            throw error
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws(StorageError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if status != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw StorageError(code: status, path: path, message: message, sql: sql)
        }
    }

    /// A prepared statement, cached by its SQL text and reset for reuse.
    public func statement(_ sql: String) throws(StorageError) -> Statement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let statement = try Statement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    func error(_ status: Int32, sql: String?) -> StorageError {
        StorageError(code: status, path: path, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

/// A storage failure: what happened, to which database file, and the statement (never its bound
/// values, which may be order details).
public struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case notADatabase
        case corrupt
        case locked
        case readOnly
        case cannotOpen
        case constraint
        case tooNew(found: Int, supported: Int)
        case invalidData
        case other(Int32)
    }

    public let kind: Kind
    public let path: String
    public let message: String
    public let sql: String?

    init(_ kind: Kind, path: String, message: String, sql: String? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.sql = sql
    }

    init(code: Int32, path: String, message: String, sql: String?) {
        let kind: Kind
        switch code & 0xFF {
        case SQLITE_NOTADB: kind = .notADatabase
        case SQLITE_CORRUPT: kind = .corrupt
        case SQLITE_BUSY, SQLITE_LOCKED: kind = .locked
        case SQLITE_READONLY: kind = .readOnly
        case SQLITE_CANTOPEN: kind = .cannotOpen
        case SQLITE_CONSTRAINT: kind = .constraint
        default: kind = .other(code)
        }
        self.init(kind, path: path, message: message, sql: sql)
    }

    public var description: String {
        let what: String
        switch kind {
        case .notADatabase: what = "not a SQLite database (or encrypted/corrupt header)"
        case .corrupt: what = "database file is corrupt"
        case .locked: what = "database is locked by another process"
        case .readOnly: what = "database is read-only"
        case .cannotOpen: what = "cannot open the database file"
        case .constraint: what = "constraint violated"
        case .tooNew(let found, let supported):
            what = "schema version \(found) is newer than this build supports (\(supported)); upgrade cohort"
        case .invalidData: what = "invalid stored data"
        case .other(let code): what = "SQLite error \(code)"
        }
        var text = "\(path): \(what): \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        return text
    }
}
