import CohortCore
import Foundation
import Telemetry

/// The whole configuration of a Cohort process, from one TOML file plus `COHORT_…` overrides.
/// Secrets are never here: only the NAMES of the environment variables that hold them.
public struct CohortConfig: Sendable {
    public enum TradingMode: String, Sendable, CaseIterable { case paper, live }
    public enum ShutdownPolicy: String, Sendable, CaseIterable { case cancel, keep }
    public enum Synchronous: String, Sendable, CaseIterable { case normal, full }

    public struct Log: Sendable {
        /// A `COHORT_LOG`-style filter; the environment variable itself still wins at start-up.
        public var level: String = "info"
        public var format: LogFormat = .text
    }

    public struct Metrics: Sendable {
        public var enabled = true
        public var host = "127.0.0.1"
        public var port = 9464
    }

    public struct Storage: Sendable {
        public var path = "cohort.sqlite"
        public var synchronous: Synchronous = .normal
    }

    public struct Engine: Sendable {
        public var mode: TradingMode = .paper
        public var onShutdown: ShutdownPolicy = .cancel
        public var strategiesDirectory = "strategies"
        public var watch = true
        public var envFile = ".env"
    }

    public struct Venue: Sendable {
        public var name: String
        public var enabled = true
        /// The plugin's shared library, found next to the `cohort` executable unless a path is given.
        public var plugin: String
        public var restURL: String
        public var wsURL: String
        public var apiKeyEnv: String?
        public var apiSecretEnv: String?
        public var symbols: [String] = []
        public var makerFee: Rate?
        public var takerFee: Rate?
    }

    public enum ParameterValue: Hashable, Sendable {
        case string(String), integer(Int64), number(Double), bool(Bool)
    }

    public struct StrategyLimits: Sendable {
        public var memoryMiB = 16
        public var instructionsPerCallback = 1_000_000
        public var callbackDeadlineMilliseconds = 50
        public var maxConsecutiveFailures = 3
    }

    public struct Strategy: Sendable {
        public var name: String
        public var file: String
        public var venue: String
        public var symbols: [String]
        public var params: [String: ParameterValue]
        public var limits: StrategyLimits
    }

    public struct Risk: Sendable {
        public var maxOrderQuantity: Quantity?
        public var maxOrderNotional: Money?
        public var maxPosition: Quantity?
        public var maxGrossExposure: Money?
        public var maxNetExposure: Money?
        public var priceCollarBps: Int?
        public var maxOrdersPerSecond: Int?
        public var maxOpenOrders: Int?
        public var dailyLossLimit: Money?
        /// A fraction of peak equity (`"0.2"` = 20 %).
        public var maxDrawdown: Rate?
    }

    public struct MPC: Sendable {
        public var config: String?
    }

    public var log = Log()
    public var metrics = Metrics()
    public var storage = Storage()
    public var engine = Engine()
    public var venues: [Venue] = []
    public var strategies: [Strategy] = []
    public var risk = Risk()
    public var mpc = MPC()
    /// The file the configuration came from (relative paths in it resolve against its folder).
    public var file: String = ""

    public init() {}

    /// Environment variables that are not key overrides but are still Cohort's.
    static let reservedEnvironment: Set<String> = ["COHORT_LOG", "COHORT_LOG_FORMAT", "COHORT_CONFIG"]

    /// Loads and validates a file; every problem is reported at once in the thrown error.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> CohortConfig
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigError([ConfigIssue(source: path, position: nil, key: "",
                                           reason: exists ? "cannot read the file (permissions?)" : "file not found")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError([ConfigIssue(source: path, position: nil, key: "", reason: "not UTF-8 text")])
        }
        return try parse(text, file: path, environment: environment)
    }

    public static func parse(_ text: String, file: String, environment: [String: String] = [:]) throws(ConfigError) -> CohortConfig {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            throw ConfigError([ConfigIssue(source: file, position: error.position, key: "", reason: error.message)])
        }
        let reader = ConfigReader(file: file, environment: environment)
        var config = CohortConfig()
        config.file = file
        var top = ConfigSection(reader: reader, table: root, path: [], overridable: false)

        var log = ConfigSection(reader: reader, table: top.subtable("log"), path: ["log"])
        config.log.level = log.string("level", config.log.level) { value in
            do throws(LogFilterError) {
                _ = try LogFilter(parsing: value)
                return nil
            } catch {
                return "\(error.reason) in \"\(error.part)\""
            }
        }
        config.log.format = log.choice("format", config.log.format)
        log.finish()

        var metrics = ConfigSection(reader: reader, table: top.subtable("metrics"), path: ["metrics"])
        config.metrics.enabled = metrics.bool("enabled", config.metrics.enabled)
        config.metrics.host = metrics.string("host", config.metrics.host) {
            ["127.0.0.1", "::1", "localhost"].contains($0) ? nil : "must be a loopback address (the endpoint has no authentication)"
        }
        config.metrics.port = metrics.int("port", config.metrics.port, in: 0...65_535)
        metrics.finish()

        var storage = ConfigSection(reader: reader, table: top.subtable("storage"), path: ["storage"])
        config.storage.path = storage.string("path", config.storage.path) { $0.isEmpty ? "must not be empty" : nil }
        config.storage.synchronous = storage.choice("synchronous", config.storage.synchronous)
        storage.finish()

        var engine = ConfigSection(reader: reader, table: top.subtable("engine"), path: ["engine"])
        config.engine.mode = engine.choice("mode", config.engine.mode)
        config.engine.onShutdown = engine.choice("on_shutdown", config.engine.onShutdown)
        config.engine.strategiesDirectory = engine.string("strategies_dir", config.engine.strategiesDirectory)
        config.engine.watch = engine.bool("watch", config.engine.watch)
        config.engine.envFile = engine.string("env_file", config.engine.envFile)
        engine.finish()

        if let venues = top.subtable("venues") {
            for name in venues.keys {
                guard case .table(let table)? = venues[name]?.value else {
                    reader.report(venues[name]?.position, "venues.\(name)", "expected a [venues.\(name)] table")
                    continue
                }
                config.venues.append(readVenue(name, table, reader))
            }
        }

        var names: Set<String> = []
        for table in top.tableArray("strategies") {
            let strategy = readStrategy(table, reader, venues: config.venues.map(\.name))
            if !names.insert(strategy.name).inserted {
                reader.report(table.position, "strategies.name", "strategy \"\(strategy.name)\" is defined twice")
            }
            config.strategies.append(strategy)
        }

        var risk = ConfigSection(reader: reader, table: top.subtable("risk"), path: ["risk"])
        config.risk.maxOrderQuantity = risk.decimal("max_order_quantity", Quantity.self)
        config.risk.maxOrderNotional = risk.decimal("max_order_notional", Money.self)
        config.risk.maxPosition = risk.decimal("max_position", Quantity.self)
        config.risk.maxGrossExposure = risk.decimal("max_gross_exposure", Money.self)
        config.risk.maxNetExposure = risk.decimal("max_net_exposure", Money.self)
        config.risk.priceCollarBps = risk.optionalInt("price_collar_bps", in: 1...10_000)
        config.risk.maxOrdersPerSecond = risk.optionalInt("max_orders_per_second", in: 1...100_000)
        config.risk.maxOpenOrders = risk.optionalInt("max_open_orders", in: 1...100_000)
        config.risk.dailyLossLimit = risk.decimal("daily_loss_limit", Money.self)
        config.risk.maxDrawdown = risk.decimal("max_drawdown", Rate.self)
        if let drawdown = config.risk.maxDrawdown, drawdown > Rate.one {
            reader.report(risk.position(of: "max_drawdown"), "risk.max_drawdown", "\(drawdown) is a fraction and must be at most 1")
        }
        risk.finish()

        var mpc = ConfigSection(reader: reader, table: top.subtable("mpc"), path: ["mpc"])
        config.mpc.config = mpc.optionalString("config")
        mpc.finish()
        top.finish()

        // Overrides that name no key are typos, not silence.
        let knownPrefixes = ["COHORT_LOG_", "COHORT_METRICS_", "COHORT_STORAGE_", "COHORT_ENGINE_", "COHORT_VENUES_",
                             "COHORT_RISK_", "COHORT_MPC_"]
        for name in environment.keys.sorted() where name.hasPrefix("COHORT_") {
            guard !reader.consumedEnvironment.contains(name), !reservedEnvironment.contains(name) else { continue }
            let candidates = reader.consumedEnvironment.union(knownOverrideNames(config))
            let hint = Suggestion.didYouMean(name, candidates)
            if knownPrefixes.contains(where: name.hasPrefix) || !hint.isEmpty {
                reader.reportEnvironment(name, "does not override any configuration key\(hint)")
            }
        }
        if !reader.issues.isEmpty { throw ConfigError(reader.issues) }
        return config
    }

    static func knownOverrideNames(_ config: CohortConfig) -> Set<String> {
        var names: Set<String> = []
        for (section, keys) in [("log", ["level", "format"]), ("metrics", ["enabled", "host", "port"]),
                                ("storage", ["path", "synchronous"]),
                                ("engine", ["mode", "on_shutdown", "strategies_dir", "watch", "env_file"]),
                                ("mpc", ["config"])] {
            for key in keys { names.insert(ConfigReader.environmentName([section, key])) }
        }
        return names
    }

    static func readVenue(_ name: String, _ table: TOMLTable, _ reader: ConfigReader) -> Venue {
        var section = ConfigSection(reader: reader, table: table, path: ["venues", name])
        func url(_ schemes: [String]) -> (String) -> String? {
            { value in
                schemes.contains(where: { value.hasPrefix($0 + "://") }) && value.count > 8 ? nil
                    : "\"\(value)\" must be a URL starting with \(schemes.map { $0 + "://" }.joined(separator: " or "))"
            }
        }
        var venue = Venue(name: name, plugin: "", restURL: "", wsURL: "")
        venue.enabled = section.bool("enabled", true)
        venue.plugin = section.string("plugin", "libCohort\(name.prefix(1).uppercased() + name.dropFirst()).so")
        venue.restURL = section.string("rest_url", "", check: url(["http", "https"]))
        venue.wsURL = section.string("ws_url", "", check: url(["ws", "wss"]))
        if section.table["rest_url"] == nil && venue.restURL.isEmpty {
            reader.report(table.position, "venues.\(name).rest_url", "missing (every venue's URLs come from config)")
        }
        if section.table["ws_url"] == nil && venue.wsURL.isEmpty {
            reader.report(table.position, "venues.\(name).ws_url", "missing (every venue's URLs come from config)")
        }
        let envName: (String) -> String? = { value in
            value.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) && !value.isEmpty ? nil
                : "must be the NAME of an environment variable (like BINANCE_API_KEY), never the key itself"
        }
        venue.apiKeyEnv = section.table["api_key_env"] == nil ? nil : section.string("api_key_env", "", check: envName)
        venue.apiSecretEnv = section.table["api_secret_env"] == nil ? nil : section.string("api_secret_env", "", check: envName)
        venue.symbols = section.strings("symbols", [])
        venue.makerFee = section.decimal("maker_fee", Rate.self, positive: false)
        venue.takerFee = section.decimal("taker_fee", Rate.self, positive: false)
        section.finish()
        return venue
    }

    static func readStrategy(_ table: TOMLTable, _ reader: ConfigReader, venues: [String]) -> Strategy {
        var section = ConfigSection(reader: reader, table: table, path: ["strategies"], overridable: false)
        let name = section.string("name", "") { $0.isEmpty ? "must not be empty" : nil }
        let file = section.string("file", "") { $0.hasSuffix(".lua") ? nil : "\"\($0)\" must be a .lua file" }
        if table["file"] == nil { reader.report(table.position, "strategies.file", "missing for strategy \"\(name)\"") }
        let venue = section.string("venue", venues.first ?? "") { value in
            venues.contains(value) ? nil : "no [venues.\(value)] is configured\(Suggestion.didYouMean(value, venues))"
        }
        let symbols = section.strings("symbols", [])
        var params: [String: ParameterValue] = [:]
        if let paramTable = section.subtable("params") {
            for key in paramTable.keys {
                guard let node = paramTable[key] else { continue }
                switch node.value {
                case .string(let s): params[key] = .string(s)
                case .integer(let i): params[key] = .integer(i)
                case .float(let d): params[key] = .number(d)
                case .bool(let b): params[key] = .bool(b)
                default: reader.report(node.position, "strategies.params.\(key)", "parameters are strings, numbers or booleans")
                }
            }
        }
        var limits = StrategyLimits()
        var limitSection = ConfigSection(reader: reader, table: section.subtable("limits"), path: ["strategies", "limits"],
                                         overridable: false)
        limits.memoryMiB = limitSection.int("memory_mib", limits.memoryMiB, in: 1...4_096)
        limits.instructionsPerCallback = limitSection.int("instructions", limits.instructionsPerCallback, in: 1_000...1_000_000_000)
        limits.callbackDeadlineMilliseconds = limitSection.int("deadline_ms", limits.callbackDeadlineMilliseconds, in: 1...60_000)
        limits.maxConsecutiveFailures = limitSection.int("max_failures", limits.maxConsecutiveFailures, in: 1...1_000)
        limitSection.finish()
        section.finish()
        return Strategy(name: name, file: file, venue: venue, symbols: symbols, params: params, limits: limits)
    }
}
