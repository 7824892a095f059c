/// The schema, as an append-only list of migrations. `PRAGMA user_version` records how many
/// have run; each runs in its own transaction, so a crash leaves the previous version intact.
enum Migrations {
    static let all: [String] = [
        // 1: the trading aggregates and market data.
        """
        CREATE TABLE instruments (
            venue TEXT NOT NULL, symbol TEXT NOT NULL, base TEXT NOT NULL, quote TEXT NOT NULL,
            tick_size INTEGER NOT NULL, lot_size INTEGER NOT NULL, min_quantity INTEGER NOT NULL,
            max_quantity INTEGER, min_notional INTEGER NOT NULL, max_notional INTEGER,
            price_decimals INTEGER NOT NULL, quantity_decimals INTEGER NOT NULL,
            PRIMARY KEY (venue, symbol)
        ) WITHOUT ROWID;

        CREATE TABLE orders (
            client_order_id TEXT PRIMARY KEY,
            venue TEXT NOT NULL, symbol TEXT NOT NULL, strategy TEXT NOT NULL,
            side TEXT NOT NULL, status TEXT NOT NULL, venue_order_id TEXT,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            order_json TEXT NOT NULL
        );
        CREATE INDEX orders_open ON orders (venue, status)
            WHERE status NOT IN ('filled', 'cancelled', 'rejected', 'expired');
        CREATE INDEX orders_by_strategy ON orders (strategy, created_at);

        CREATE TABLE fills (
            venue TEXT NOT NULL, symbol TEXT NOT NULL, trade_id TEXT NOT NULL,
            client_order_id TEXT NOT NULL, venue_order_id TEXT, side TEXT NOT NULL,
            price INTEGER NOT NULL, quantity INTEGER NOT NULL, fee INTEGER NOT NULL, fee_asset TEXT NOT NULL,
            liquidity TEXT NOT NULL, venue_time INTEGER NOT NULL, receive_time INTEGER NOT NULL,
            PRIMARY KEY (venue, symbol, trade_id)
        ) WITHOUT ROWID;
        CREATE INDEX fills_by_order ON fills (client_order_id);

        CREATE TABLE positions (
            venue TEXT NOT NULL, symbol TEXT NOT NULL, quantity INTEGER NOT NULL,
            cost_basis TEXT NOT NULL, realized TEXT NOT NULL, fees INTEGER NOT NULL,
            fill_count INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY (venue, symbol)
        ) WITHOUT ROWID;

        CREATE TABLE strategy_states (
            id INTEGER PRIMARY KEY, strategy TEXT NOT NULL, version_hash TEXT NOT NULL,
            state_json TEXT NOT NULL, created_at INTEGER NOT NULL
        );
        CREATE INDEX strategy_states_latest ON strategy_states (strategy, id);

        CREATE TABLE market_chunks (
            id INTEGER PRIMARY KEY, venue TEXT NOT NULL, symbol TEXT NOT NULL,
            first_time INTEGER NOT NULL, last_time INTEGER NOT NULL, count INTEGER NOT NULL,
            records BLOB NOT NULL
        );
        CREATE INDEX market_chunks_range ON market_chunks (venue, symbol, first_time);

        CREATE TABLE bars (
            venue TEXT NOT NULL, symbol TEXT NOT NULL, interval INTEGER NOT NULL, start INTEGER NOT NULL,
            open INTEGER NOT NULL, high INTEGER NOT NULL, low INTEGER NOT NULL, close INTEGER NOT NULL,
            volume INTEGER NOT NULL,
            PRIMARY KEY (venue, symbol, interval, start)
        ) WITHOUT ROWID;

        CREATE TABLE imports (
            file_hash TEXT PRIMARY KEY, path TEXT NOT NULL, format TEXT NOT NULL,
            records INTEGER NOT NULL, skipped INTEGER NOT NULL, imported_at INTEGER NOT NULL
        );
        """,
        // 2: backtests and MPC audit.
        """
        CREATE TABLE backtest_runs (
            id INTEGER PRIMARY KEY, strategy TEXT NOT NULL, parameters_json TEXT NOT NULL,
            seed INTEGER NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER,
            status TEXT NOT NULL, metrics_json TEXT
        );

        CREATE TABLE backtest_trades (
            run_id INTEGER NOT NULL REFERENCES backtest_runs (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, time INTEGER NOT NULL, venue TEXT NOT NULL, symbol TEXT NOT NULL,
            side TEXT NOT NULL, price INTEGER NOT NULL, quantity INTEGER NOT NULL, fee INTEGER NOT NULL,
            PRIMARY KEY (run_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE mpc_sessions (
            session_id TEXT PRIMARY KEY, protocol TEXT NOT NULL, participants_json TEXT NOT NULL,
            node_count INTEGER NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER,
            outcome TEXT NOT NULL, error TEXT
        );
        """,
    ]

    static var latestVersion: Int { all.count }

    static func migrate(_ db: Database) throws(StorageError) {
        let current = try version(db)
        if current > latestVersion {
            throw StorageError(.tooNew(found: current, supported: latestVersion), path: db.path,
                               message: "refusing to open a database written by a newer cohort")
        }
        for (index, sql) in all.enumerated() where index >= current {
            do {
                try db.transaction {
                    try db.execute(sql)
                    try db.execute("PRAGMA user_version = \(index + 1)")
                }
            } catch let error as StorageError {
                throw error
            } catch {
                throw StorageError(.other(-1), path: db.path, message: "\(error)")
            }
        }
    }

    static func version(_ db: Database) throws(StorageError) -> Int {
        let statement = try db.statement("PRAGMA user_version")
        defer { statement.reset() }
        guard try statement.step() else { return 0 }
        return statement.int(0)
    }
}
