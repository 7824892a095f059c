#if canImport(Glibc)
import Glibc
#endif
import CLuaSandbox
import CohortCore
import Indicators

/// Limits of one strategy's sandbox. The defaults suit a strategy reacting to market data.
public struct SandboxLimits: Sendable, Equatable {
    public var memoryBytes = 16 << 20
    public var instructionsPerCallback: Int64 = 1_000_000
    public var callbackDeadline: Duration = .milliseconds(50)
    public var randomSeed: UInt64 = 0x5EED
    public var maxSourceBytes = 1 << 20
    /// Consecutive failing callbacks before the strategy is suspended.
    public var maxConsecutiveFailures = 3

    public init() {}
}

/// The outcome of running script code.
public enum ScriptOutcome: Equatable, Sendable {
    case ok
    /// The strategy does not define that callback.
    case missing
    /// A Lua error: `file:line: message`.
    case error(String)
    /// A sandbox limit or rule was broken.
    case violation(Violation, String)

    public enum Violation: Sendable, Equatable { case instructions, deadline, memory }

    public var isOK: Bool { self == .ok || self == .missing }
}

/// One sandboxed Lua state. Not `Sendable`: it belongs to one strategy executor.
public final class LuaSandbox {
    let handle: OpaquePointer
    private let bridge: HostBridge
    public let limits: SandboxLimits

    public init(limits: SandboxLimits = SandboxLimits(), host: StrategyHost) throws(StrategyError) {
        self.limits = limits
        bridge = HostBridge(host: host)
        var api = cohort_host_api()
        api.context = Unmanaged.passUnretained(bridge).toOpaque()
        HostBridge.install(&api)
        var cLimits = cohort_sandbox_limits(
            memory_limit: limits.memoryBytes, instruction_limit: limits.instructionsPerCallback,
            deadline_nanoseconds: limits.callbackDeadline.totalNanoseconds, random_seed: limits.randomSeed,
            max_source_bytes: limits.maxSourceBytes)
        guard let sandbox = cohort_sandbox_new(&cLimits, &api) else {
            throw StrategyError(message: "sandbox: cannot create a Lua state within \(limits.memoryBytes) bytes")
        }
        handle = sandbox
    }

    deinit { cohort_sandbox_free(handle) }

    /// Loads a strategy: the chunk must return a table of callbacks.
    public func load(source: String, name: String) -> ScriptOutcome {
        var source = source
        return source.withUTF8 { bytes in
            outcome(cohort_sandbox_load(handle, bytes.baseAddress, bytes.count, "@\(name)"))
        }
    }

    /// Makes `ctx` a global (`cohort` for top-level scripts).
    public func exposeContext(as global: String) -> ScriptOutcome { outcome(cohort_sandbox_expose_ctx(handle, global)) }

    /// Runs a top-level script (exploration, `cohort script`).
    public func run(source: String, name: String) -> ScriptOutcome {
        var source = source
        return source.withUTF8 { bytes in
            outcome(cohort_sandbox_run_script(handle, bytes.baseAddress, bytes.count, "@\(name)"))
        }
    }

    /// Runs `on_reload(ctx, old_state)` after `importState`; a table it returns becomes the state.
    public func onReload() -> ScriptOutcome { outcome(cohort_sandbox_on_reload(handle)) }

    public func has(_ callback: String) -> Bool { cohort_sandbox_has(handle, callback) != 0 }

    public func call(_ callback: String) -> ScriptOutcome { outcome(cohort_sandbox_call(handle, callback)) }

    /// `on_timer(ctx, name)`.
    public func onTimer(name: String) -> ScriptOutcome {
        var name = name
        return outcome(name.withUTF8 { cohort_sandbox_on_timer(handle, $0.baseAddress, $0.count) })
    }

    @inline(__always)
    public func onBook(venue: String = "", symbol: String, bid: Double, bidSize: Double, ask: Double, askSize: Double,
                       time: Timestamp) -> ScriptOutcome {
        var symbol = symbol
        var venue = venue
        let status = venue.withUTF8 { v in
            symbol.withUTF8 { s in
                cohort_sandbox_on_book(handle, v.baseAddress, v.count, s.baseAddress, s.count, bid, bidSize, ask, askSize, time.nanoseconds)
            }
        }
        return status == 0 ? .ok : outcome(status)
    }

    public func onTrade(symbol: String, price: Double, size: Double, side: Side?, time: Timestamp) -> ScriptOutcome {
        var symbol = symbol
        let sideCode: Int32 = side == .buy ? 0 : side == .sell ? 1 : 2
        return outcome(symbol.withUTF8 { s in
            cohort_sandbox_on_trade(handle, s.baseAddress, s.count, price, size, sideCode, time.nanoseconds)
        })
    }

    public func onBar(symbol: String, open: Double, high: Double, low: Double, close: Double, volume: Double,
                      time: Timestamp) -> ScriptOutcome {
        var symbol = symbol
        let bar = [open, high, low, close, volume]
        return outcome(symbol.withUTF8 { s in
            bar.withUnsafeBufferPointer { cohort_sandbox_on_bar(handle, s.baseAddress, s.count, $0.baseAddress, time.nanoseconds) }
        })
    }

    /// A callback with an event table of string and number fields (`on_order`, `on_fill`, …).
    public func onEvent(_ callback: String, _ fields: [(String, ScriptValue)]) -> ScriptOutcome {
        let keys = fields.map { strdup($0.0) }
        let strings: [UnsafeMutablePointer<CChar>?] = fields.map { if case .string(let s) = $0.1 { strdup(s) } else { nil } }
        let numbers: [Double] = fields.map { if case .number(let n) = $0.1 { n } else { 0 } }
        defer {
            keys.forEach { free($0) }
            strings.forEach { free($0) }
        }
        let keyPointers = keys.map { UnsafePointer($0) }
        let stringPointers = strings.map { $0.map { UnsafePointer($0) } }
        return outcome(keyPointers.withUnsafeBufferPointer { k in
            stringPointers.withUnsafeBufferPointer { s in
                numbers.withUnsafeBufferPointer { n in
                    cohort_sandbox_on_event(handle, callback, Int32(fields.count), k.baseAddress, s.baseAddress, n.baseAddress)
                }
            }
        })
    }

    /// Sets `strategy.params[name]`, overriding the script's default.
    public func setParameter(_ name: String, _ value: ScriptValue) -> ScriptOutcome {
        switch value {
        case .number(let n): return outcome(cohort_sandbox_set_param(handle, name, 0, n, nil, 0))
        case .bool(let b): return outcome(cohort_sandbox_set_param(handle, name, 2, b ? 1 : 0, nil, 0))
        case .string(var s): return outcome(s.withUTF8 { cohort_sandbox_set_param(handle, name, 1, 0, $0.baseAddress, $0.count) })
        }
    }

    /// `ctx.state` as plain-data text (for reloads and snapshots).
    public func exportState(maxBytes: Int = 1 << 20) throws(StrategyError) -> String {
        guard cohort_sandbox_export_state(handle, maxBytes) >= 0 else {
            throw StrategyError(message: String(cString: cohort_sandbox_error(handle)))
        }
        return String(cString: cohort_sandbox_state_text(handle))
    }

    public func importState(_ text: String) -> ScriptOutcome {
        var text = text
        return outcome(text.withUTF8 { cohort_sandbox_import_state(handle, $0.baseAddress, $0.count) })
    }

    /// Lua heap in use, in bytes.
    public var memoryInUse: Int { cohort_sandbox_memory(handle) }
    /// Instructions the last callback used (to the hook's granularity of 1,000).
    public var lastInstructions: Int64 { cohort_sandbox_instructions(handle) }

    func outcome(_ status: Int32) -> ScriptOutcome {
        switch Int(status) {
        case COHORT_LUA_OK: return .ok
        case COHORT_LUA_MISSING: return .missing
        case COHORT_LUA_VIOLATION:
            let message = String(cString: cohort_sandbox_error(handle))
            switch Int(cohort_sandbox_violation(handle)) {
            case COHORT_VIOLATION_INSTRUCTIONS: return .violation(.instructions, message)
            case COHORT_VIOLATION_DEADLINE: return .violation(.deadline, message)
            default: return .violation(.memory, message)
            }
        default:
            return .error(String(cString: cohort_sandbox_error(handle)))
        }
    }
}

/// A parameter or event field value.
public enum ScriptValue: Sendable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
}

/// A strategy could not be created or loaded.
public struct StrategyError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
