import CohortCore
import Foundation

/// `cohort strategy check`: syntax, forbidden globals, and a dry run over synthetic events within
/// the limits. Problems are `file:line: reason`.
public enum StrategyCheck {
    public struct Report: Sendable {
        public var problems: [String] = []
        public var callbacks: [String] = []
        public var events = 0
        public var orders = 0
        public var isOK: Bool { problems.isEmpty }
    }

    static let forbidden = ["io", "os", "debug", "package", "dofile", "loadfile", "collectgarbage", "string.dump", "setfenv", "getfenv"]

    /// Checks a strategy file's text. `file` names it in the problems.
    public static func check(source: String, file: String, limits: SandboxLimits = SandboxLimits(),
                             modules: @escaping (String) -> String? = { _ in nil }) -> Report {
        var report = Report()
        report.problems += forbiddenGlobals(in: source, file: file)
        let host = CheckHost(modules: modules)
        let strategy: Strategy
        do {
            strategy = try Strategy(name: (file as NSString).lastPathComponent.replacingOccurrences(of: ".lua", with: ""),
                                    source: source, host: host, limits: limits)
        } catch {
            report.problems.append(error.message.replacingOccurrences(of: "\((file as NSString).lastPathComponent):", with: "\(file):"))
            return report
        }
        report.callbacks = ["on_start", "on_book", "on_trade", "on_bar", "on_fill", "on_order", "on_timer", "on_signal",
                            "on_mpc_result", "on_reload", "on_stop"].filter { strategy.sandbox.has($0) }
        if report.callbacks.allSatisfy({ $0 == "on_start" || $0 == "on_stop" }) {
            report.problems.append("\(file): defines no event callback (on_book, on_trade, on_bar, on_timer, ...)")
        }
        // A deterministic synthetic market: a random walk of books, trades and one-minute bars.
        var rng = SplitMix64(seed: 42)
        var price = 50_000.0
        var time: Int64 = 1_700_000_000_000_000_000
        for i in 0..<500 {
            price *= 1 + (Double(rng.next() % 2001) - 1000) / 1_000_000
            time += 100_000_000
            let t = Timestamp(nanoseconds: time)
            host.clock = t
            var events: [StrategyEvent] = [.book(venue: "binance", symbol: "BTCUSDT", bid: price - 0.5, bidSize: 1.2, ask: price + 0.5, askSize: 0.8, time: t)]
            if i % 5 == 0 { events.append(.trade(symbol: "BTCUSDT", price: price, size: 0.01, side: i % 10 == 0 ? .buy : .sell, time: t)) }
            if i % 50 == 49 { events.append(.bar(symbol: "BTCUSDT", open: price, high: price * 1.001, low: price * 0.999, close: price, volume: 12, time: t)) }
            if i % 100 == 0 { events.append(.timer(name: "tick", time: t)) }
            for event in events {
                report.events += 1
                switch strategy.deliver(event) {
                case .ok, .missing: break
                case .error(let message), .violation(_, let message):
                    report.problems.append("\(event.callback): " + message.replacingOccurrences(of: "\(strategy.name).lua:", with: "\(file):"))
                    report.orders = host.orders
                    return report
                }
            }
        }
        report.orders = host.orders
        if case .ok = strategy.sandbox.call("on_stop") {} else if strategy.sandbox.has("on_stop") {
            report.problems.append("\(file): on_stop failed")
        }
        return report
    }

    /// Uses of globals the sandbox does not have, by line (comments and strings skipped).
    static func forbiddenGlobals(in source: String, file: String) -> [String] {
        var problems: [String] = []
        var inLongComment = false
        for (number, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(rawLine)
            if inLongComment {
                guard let end = line.range(of: "]]") else { continue }
                line = String(line[end.upperBound...])
                inLongComment = false
            }
            if let start = line.range(of: "--[[") {
                inLongComment = !line[start.upperBound...].contains("]]")
                line = String(line[..<start.lowerBound])
            }
            if let comment = line.range(of: "--") { line = String(line[..<comment.lowerBound]) }
            line = line.replacingOccurrences(of: #""([^"\\]|\\.)*"|'([^'\\]|\\.)*'"#, with: "\"\"", options: .regularExpression)
            for name in forbidden {
                let pattern = "(^|[^.:\\w])" + NSRegularExpression.escapedPattern(for: name) + "\\b"
                if line.range(of: pattern, options: .regularExpression) != nil {
                    problems.append("\(file):\(number + 1): '\(name)' is not available in the sandbox")
                }
            }
        }
        return problems
    }
}

/// The host of a check: records orders, fills nothing, answers reads with neutral values.
final class CheckHost: StrategyHost {
    var orders = 0
    var clock = Timestamp.zero
    let modules: (String) -> String?
    init(modules: @escaping (String) -> String?) { self.modules = modules }
    func now() -> Timestamp { clock }
    func log(_ level: ScriptLogLevel, _ message: String) {}
    func place(_ order: ScriptOrder) -> Result<ClientOrderID, RejectReason> {
        orders += 1
        return .success(ClientOrderID("check-\(orders)"))
    }
    func cancel(_ id: ClientOrderID) -> Result<Void, RejectReason> { .success(()) }
    func cancelAll(symbol: String?) -> Result<Int, RejectReason> { .success(0) }
    func position(symbol: String?) -> Double { 0 }
    func balance(asset: String) -> Double { 10_000 }
    func openOrders(symbol: String?) -> Int { 0 }
    func signal(symbol: String?, strength: Double, confidence: Double) -> Result<Void, RejectReason> { .success(()) }
    func module(named name: String) -> String? { modules(name) }
}
