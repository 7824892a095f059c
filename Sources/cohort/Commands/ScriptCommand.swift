import ArgumentParser
import CohortCore
import Foundation
import Storage
import Strategies

/// `cohort script FILE.lua`: runs a script's top-level chunk in the strategy sandbox.
struct ScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Run a Lua script in the strategy sandbox (exploration and checks).",
        discussion: """
            The script runs with the same sandbox and limits as a strategy. A global `cohort` gives the \
            strategy API that makes sense outside trading: cohort:indicator(name, ...), cohort.log.<level>(...), \
            cohort:now(), and with --data, cohort:history(venue, symbol [, limit]) returning stored market records \
            ({time, kind, side, price, qty}, oldest first). `print` writes to stdout. Exit 0 on success; 1 with `sandbox: <reason>` or \
            `error: <file>:<line>: <message>` on stderr.
            """)

    @Argument(help: "The Lua file to run.")
    var file: String

    @Option(help: "A Cohort database whose market data the script may read with cohort:history().")
    var data: String?

    @Option(help: "Instructions allowed for the whole script.")
    var instructions: Int64 = 100_000_000

    @Option(help: "Wall-clock limit in milliseconds.")
    var deadline: Int = 10_000

    @Option(help: "Lua heap limit in MiB.")
    var memory: Int = 64

    func run() async throws {
        guard let contents = FileManager.default.contents(atPath: file) else {
            throw UserFailure("cannot read \(file)")
        }
        var limits = SandboxLimits()
        limits.instructionsPerCallback = instructions
        limits.callbackDeadline = .milliseconds(deadline)
        limits.memoryBytes = memory << 20
        var database: Database?
        if let data = self.data {
            guard FileManager.default.fileExists(atPath: data) else { throw UserFailure("no database at \(data)") }
            do { database = try Database(path: data, options: .init(readOnly: true)) } catch { throw UserFailure("\(error)") }
        }
        let host = ScriptHost(library: ModuleLibrary.around(file: URL(fileURLWithPath: file)), database: database)
        let sandbox: LuaSandbox
        do { sandbox = try LuaSandbox(limits: limits, host: host) } catch { throw UserFailure(error.message) }
        _ = sandbox.exposeContext(as: "cohort")
        switch sandbox.run(source: String(decoding: contents, as: UTF8.self), name: file) {
        case .ok, .missing:
            return
        case .violation(_, let message):
            writeStderr(message.hasPrefix("sandbox:") ? "\(message)\n" : "sandbox: \(message)\n")
            throw ExitCode(1)
        case .error(let message):
            writeStderr("error: \(message)\n")
            throw ExitCode(1)
        }
    }
}

/// The host of a top-level script: prints, computes indicators, refuses trading.
final class ScriptHost: StrategyHost {
    let library: ModuleLibrary
    let database: Database?
    init(library: ModuleLibrary, database: Database? = nil) {
        self.library = library
        self.database = database
    }

    func history(venue: String, symbol: String, limit: Int) -> Result<[HistoryRow], RejectReason> {
        guard let database else { return .failure(RejectReason(.unknownInstrument, "no market data here (run with --data DB)")) }
        let instrument = InstrumentID(venue: VenueID(venue), symbol: symbol)
        do {
            let reader = try MarketDataReader(database: database, instruments: [instrument])
            var rows: [HistoryRow] = []
            while rows.count < limit, let (_, record) = try reader.next() {
                rows.append(HistoryRow(time: Timestamp(nanoseconds: record.localTime), price: Price(raw: record.price).doubleValue,
                                       quantity: Quantity(raw: record.quantity).doubleValue,
                                       kind: HistoryRow.Kind(rawValue: Int32(record.kind.rawValue)) ?? .trade, side: Int32(record.side)))
            }
            if rows.isEmpty {
                return .failure(RejectReason(.unknownInstrument, "no market data for \(instrument) in the database"))
            }
            return .success(rows)
        } catch {
            return .failure(RejectReason(.unknownInstrument, "\(error)"))
        }
    }

    func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    func log(_ level: ScriptLogLevel, _ message: String) {
        if level >= .warn { writeStderr(message + "\n") } else { print(message) }
    }

    func place(_ order: ScriptOrder) -> Result<ClientOrderID, RejectReason> {
        .failure(RejectReason(.tradingHalted, "scripts cannot trade; use a strategy"))
    }
    func cancel(_ id: ClientOrderID) -> Result<Void, RejectReason> { .failure(RejectReason(.tradingHalted, "scripts cannot trade")) }
    func cancelAll(symbol: String?) -> Result<Int, RejectReason> { .failure(RejectReason(.tradingHalted, "scripts cannot trade")) }
    func position(symbol: String?) -> Double { 0 }
    func balance(asset: String) -> Double { 0 }
    func openOrders(symbol: String?) -> Int { 0 }
    func signal(symbol: String?, strength: Double, confidence: Double) -> Result<Void, RejectReason> {
        .failure(RejectReason(.tradingHalted, "scripts cannot emit signals"))
    }
    func module(named name: String) -> String? { library.source(of: name) }
}
