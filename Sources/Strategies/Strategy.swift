import CohortCore
import Foundation

/// One running strategy: its live sandbox, its failure accounting, and hot reload.
///
/// Not `Sendable`: a strategy belongs to one executor, which delivers events one at a time. A
/// reload happens between two events: the candidate is compiled, started with the carried state
/// and dry-run on the latest events in a scratch instance (orders captured, not placed) before it
/// replaces the live version. A candidate that fails anywhere never goes live.
public final class Strategy {
    public struct Counters: Equatable, Sendable {
        public var callbacks = 0
        public var errors = 0
        public var violations = 0
        public var reloads = 0
        public var failedReloads = 0
    }

    public enum Status: Equatable, Sendable {
        case running
        /// Stopped after too many consecutive failures; the reason is the last failure.
        case suspended(reason: String)
    }

    public let name: String
    public let limits: SandboxLimits
    public private(set) var sandbox: LuaSandbox
    /// SHA-256 of the live source (hex).
    public private(set) var versionHash: String
    public private(set) var status: Status = .running
    public private(set) var counters = Counters()
    private let host: StrategyHost
    private let parameters: [String: ScriptValue]
    private var consecutiveFailures = 0
    /// The most recent event of each kind, for dry runs of reload candidates.
    private var recent: [String: StrategyEvent] = [:]

    /// Loads and starts a strategy; throws with `file:line: message` when it cannot start.
    public init(name: String, source: String, host: StrategyHost, limits: SandboxLimits = SandboxLimits(),
                parameters: [String: ScriptValue] = [:], state: String? = nil) throws(StrategyError) {
        self.name = name
        self.limits = limits
        self.host = host
        self.parameters = parameters
        sandbox = try Self.start(name: name, source: source, host: host, limits: limits, parameters: parameters, state: state,
                                 reloading: false)
        versionHash = Self.hash(source)
    }

    /// Delivers one event. Failures are counted; past the limit the strategy is suspended and the
    /// host is asked to cancel its open orders.
    @discardableResult
    public func deliver(_ event: StrategyEvent) -> ScriptOutcome {
        guard status == .running else { return .missing }
        recent[event.callback] = event
        let outcome = event.deliver(to: sandbox)
        counters.callbacks += 1
        switch outcome {
        case .ok, .missing:
            consecutiveFailures = 0
        case .error(let message):
            counters.errors += 1
            fail(message)
        case .violation(_, let message):
            counters.violations += 1
            fail(message)
        }
        return outcome
    }

    private func fail(_ message: String) {
        consecutiveFailures += 1
        host.log(.error, "strategy \(name): \(message)")
        if consecutiveFailures >= limits.maxConsecutiveFailures {
            status = .suspended(reason: message)
            host.log(.error, "strategy \(name) suspended after \(consecutiveFailures) consecutive failures; cancelling its open orders")
            _ = host.cancelAll(symbol: nil)
        }
    }

    /// Replaces the live version with `source` if it compiles, starts and passes a dry run;
    /// otherwise the live version keeps running and the failure is returned.
    @discardableResult
    public func reload(source: String) -> Result<Void, StrategyError> {
        let hash = Self.hash(source)
        if hash == versionHash { return .success(()) }
        do {
            let state = try sandbox.exportState()
            try dryRun(source: source, state: state)
            let candidate = try Self.start(name: name, source: source, host: host, limits: limits, parameters: parameters,
                                           state: state, reloading: true)
            sandbox = candidate
            versionHash = hash
            counters.reloads += 1
            consecutiveFailures = 0
            if case .suspended = status { status = .running }
            host.log(.info, "strategy \(name) reloaded (version \(hash.prefix(12)))")
            return .success(())
        } catch {
            counters.failedReloads += 1
            host.log(.error, "strategy \(name): reload rejected, previous version keeps running: \(error.message)")
            return .failure(error)
        }
    }

    /// Runs a candidate in a scratch instance on the latest events, with orders captured.
    private func dryRun(source: String, state: String) throws(StrategyError) {
        let capture = DryRunHost(host)
        let scratch = try Self.start(name: name, source: source, host: capture, limits: limits, parameters: parameters,
                                     state: state, reloading: true)
        for key in recent.keys.sorted() {
            let outcome = recent[key]!.deliver(to: scratch)
            switch outcome {
            case .ok, .missing: continue
            case .error(let message), .violation(_, let message):
                throw StrategyError(message: "dry run of \(key): \(message)")
            }
        }
    }

    static func start(name: String, source: String, host: StrategyHost, limits: SandboxLimits, parameters: [String: ScriptValue],
                      state: String?, reloading: Bool) throws(StrategyError) -> LuaSandbox {
        let sandbox = try LuaSandbox(limits: limits, host: host)
        func check(_ outcome: ScriptOutcome, _ step: String) throws(StrategyError) {
            switch outcome {
            case .ok, .missing: return
            case .error(let message), .violation(_, let message):
                throw StrategyError(message: step.isEmpty ? message : "\(step): \(message)")
            }
        }
        try check(sandbox.load(source: source, name: "\(name).lua"), "")
        for (key, value) in parameters.sorted(by: { $0.key < $1.key }) { try check(sandbox.setParameter(key, value), "parameter \(key)") }
        if let state { try check(sandbox.importState(state), "state") }
        if reloading { try check(sandbox.onReload(), "on_reload") }
        try check(sandbox.call("on_start"), "on_start")
        return sandbox
    }

    static func hash(_ source: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(source.utf8))
        return hasher.hexDigest()
    }
}

/// Forwards reads to the real host and captures writes: a dry run places no order.
final class DryRunHost: StrategyHost {
    let real: StrategyHost
    private var count = 0
    init(_ real: StrategyHost) { self.real = real }
    func now() -> Timestamp { real.now() }
    func log(_ level: ScriptLogLevel, _ message: String) {}
    func place(_ order: ScriptOrder) -> Result<ClientOrderID, RejectReason> {
        count += 1
        return .success(ClientOrderID("dry-run-\(count)"))
    }
    func cancel(_ id: ClientOrderID) -> Result<Void, RejectReason> { .success(()) }
    func cancelAll(symbol: String?) -> Result<Int, RejectReason> { .success(0) }
    func position(symbol: String?) -> Double { real.position(symbol: symbol) }
    func balance(asset: String) -> Double { real.balance(asset: asset) }
    func openOrders(symbol: String?) -> Int { real.openOrders(symbol: symbol) }
    func signal(symbol: String?, strength: Double, confidence: Double) -> Result<Void, RejectReason> { .success(()) }
    func module(named name: String) -> String? { real.module(named: name) }
}
