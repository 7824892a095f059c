import CohortCore
@testable import Strategies

/// A host that records what the strategy did.
class RecordingHost: StrategyHost {
    var orders: [ScriptOrder] = []
    var cancelled: [ClientOrderID] = []
    var logs: [(ScriptLogLevel, String)] = []
    var signals: [(String?, Double, Double)] = []
    var clock = Timestamp(nanoseconds: 1_700_000_000_000_000_000)
    var modules: [String: String] = [:]
    var refuseOrders: RejectReason?

    func now() -> Timestamp { clock }
    func log(_ level: ScriptLogLevel, _ message: String) { logs.append((level, message)) }
    func place(_ order: ScriptOrder) -> Result<ClientOrderID, RejectReason> {
        if let refuseOrders { return .failure(refuseOrders) }
        orders.append(order)
        return .success(ClientOrderID("o\(orders.count)"))
    }
    func cancel(_ id: ClientOrderID) -> Result<Void, RejectReason> {
        cancelled.append(id)
        return .success(())
    }
    func cancelAll(symbol: String?) -> Result<Int, RejectReason> { .success(orders.count) }
    func position(symbol: String?) -> Double { symbol == "BTCUSDT" ? 0.5 : 0 }
    func balance(asset: String) -> Double { asset == "USDT" ? 1_000 : 0 }
    func openOrders(symbol: String?) -> Int { orders.count }
    func signal(symbol: String?, strength: Double, confidence: Double) -> Result<Void, RejectReason> {
        signals.append((symbol, strength, confidence))
        return .success(())
    }
    func module(named name: String) -> String? { modules[name] }
    func scheduleTimer(name: String, after: Duration, repeating: Bool) -> Result<Void, RejectReason> {
        .failure(RejectReason(.tradingHalted, "timers are not available here"))
    }
    func history(venue: String, symbol: String, limit: Int) -> Result<[HistoryRow], RejectReason> {
        .failure(RejectReason(.unknownInstrument, "no market data here (run with --data DB)"))
    }
}

func testLimits(instructions: Int64 = 2_000_000, memory: Int = 4 << 20, deadline: Duration = .seconds(5)) -> SandboxLimits {
    var limits = SandboxLimits()
    limits.instructionsPerCallback = instructions
    limits.memoryBytes = memory
    limits.callbackDeadline = deadline
    return limits
}
