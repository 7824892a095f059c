/// An indicator made by name, for strategies: one update with a bar's OHLCV, outputs by index.
///
/// Strategies create these through `ctx:indicator(name, ...)`; the Lua binding passes numbers in
/// and reads numbers out, with no allocation per update.
public final class ScriptIndicator {
    enum Kind {
        case sma(SMA), ema(EMA), rsi(RSI), macd(MACD), bollinger(BollingerBands)
        case stochastic(Stochastic), atr(ATR), vwap(VWAP)
    }

    // One stored property per kind, updated in place: an enum payload pulled out with
    // `case .x(var value)` would share its ring buffers and copy them on every update.
    private enum Tag { case sma, ema, rsi, macd, bollinger, stochastic, atr, vwap }
    private let tag: Tag
    // A script indicator belongs to one strategy and is updated from its executor only, so the
    // per-access dynamic exclusivity checks on these hot fields are switched off.
    @exclusivity(unchecked) private var sma: SMA?
    @exclusivity(unchecked) private var ema: EMA?
    @exclusivity(unchecked) private var rsi: RSI?
    @exclusivity(unchecked) private var macd: MACD?
    @exclusivity(unchecked) private var bollinger: BollingerBands?
    @exclusivity(unchecked) private var stochastic: Stochastic?
    @exclusivity(unchecked) private var atr: ATR?
    @exclusivity(unchecked) private var vwap: VWAP?

    public let name: String
    /// Names of the outputs, in index order (`value`; `macd, signal, histogram`; …).
    public let outputNames: [String]
    /// Inputs needed before the first value.
    public let warmupPeriod: Int
    @exclusivity(unchecked) private var outputs: (Double, Double, Double, Double, Double) = (.nan, .nan, .nan, .nan, .nan)
    @exclusivity(unchecked) public private(set) var isReady = false

    init(name: String, kind: Kind, outputNames: [String], warmupPeriod: Int) {
        self.name = name
        self.outputNames = outputNames
        self.warmupPeriod = warmupPeriod
        switch kind {
        case .sma(let x): tag = .sma; sma = x
        case .ema(let x): tag = .ema; ema = x
        case .rsi(let x): tag = .rsi; rsi = x
        case .macd(let x): tag = .macd; macd = x
        case .bollinger(let x): tag = .bollinger; bollinger = x
        case .stochastic(let x): tag = .stochastic; stochastic = x
        case .atr(let x): tag = .atr; atr = x
        case .vwap(let x): tag = .vwap; vwap = x
        }
    }

    /// Feeds one bar (single-input indicators use `close`); returns whether values are ready.
    @discardableResult
    public func update(open: Double, high: Double, low: Double, close: Double, volume: Double) -> Bool {
        switch tag {
        case .sma: set(sma!.update(close))
        case .ema: set(ema!.update(close))
        case .rsi: set(rsi!.update(close))
        case .atr: set(atr!.update(high: high, low: low, close: close))
        case .vwap: set(vwap!.update(high: high, low: low, close: close, volume: volume))
        case .macd:
            if macd!.update(close) != nil {
                outputs = (macd!.macd!, macd!.signal!, macd!.histogram!, .nan, .nan)
                isReady = true
            }
        case .bollinger:
            if bollinger!.update(close) != nil {
                let b = bollinger!
                outputs = (b.middle!, b.upper!, b.lower!, b.percentB!, b.bandwidth!)
                isReady = true
            }
        case .stochastic:
            if stochastic!.update(high: high, low: low, close: close) != nil {
                outputs = (stochastic!.k!, stochastic!.d!, .nan, .nan, .nan)
                isReady = true
            }
        }
        return isReady
    }

    /// Output `index` (0-based), NaN before warm-up or out of range.
    @inline(__always)
    public func value(_ index: Int) -> Double {
        guard isReady else { return .nan }
        switch index {
        case 0: return outputs.0
        case 1: return outputs.1
        case 2: return outputs.2
        case 3: return outputs.3
        case 4: return outputs.4
        default: return .nan
        }
    }

    @inline(__always) private func set(_ value: Double?) {
        if let value {
            outputs.0 = value
            isReady = true
        }
    }
}

/// A bad indicator name or parameter.
public struct IndicatorError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Makes indicators by name. Parameters (defaults when omitted):
///
/// | name | parameters | outputs |
/// | --- | --- | --- |
/// | `sma` | period (20) | value |
/// | `ema` | period (20) | value |
/// | `rsi` | period (14) | value |
/// | `macd` | fast (12), slow (26), signal (9) | macd, signal, histogram |
/// | `bollinger` | period (20), deviations (2) | middle, upper, lower, percent_b, bandwidth |
/// | `stochastic` | k (5), slowing (3), d (3) | k, d |
/// | `atr` | period (14) | value |
/// | `vwap` | session length in bars (0 = never resets), rolling window (0 = session mode) | value |
public enum IndicatorCatalog {
    public static let names = ["sma", "ema", "rsi", "macd", "bollinger", "stochastic", "vwap", "atr"]

    public static func make(name: String, parameters: [Double]) throws(IndicatorError) -> ScriptIndicator {
        func integer(_ index: Int, _ fallback: Int, _ label: String, minimum: Int = 1, maximum: Int = 100_000) throws(IndicatorError) -> Int {
            guard index < parameters.count else { return fallback }
            let raw = parameters[index]
            guard raw.isFinite, raw == raw.rounded(), raw >= Double(minimum), raw <= Double(maximum) else {
                throw IndicatorError(message: "\(name): \(label) must be a whole number from \(minimum) to \(maximum), got \(raw)")
            }
            return Int(raw)
        }
        func checkCount(_ maximum: Int) throws(IndicatorError) {
            if parameters.count > maximum {
                throw IndicatorError(message: "\(name) takes at most \(maximum) parameter\(maximum == 1 ? "" : "s"), got \(parameters.count)")
            }
        }
        switch name {
        case "sma":
            try checkCount(1)
            let p = try integer(0, 20, "period")
            return ScriptIndicator(name: name, kind: .sma(SMA(period: p)), outputNames: ["value"], warmupPeriod: p)
        case "ema":
            try checkCount(1)
            let p = try integer(0, 20, "period")
            return ScriptIndicator(name: name, kind: .ema(EMA(period: p)), outputNames: ["value"], warmupPeriod: p)
        case "rsi":
            try checkCount(1)
            let p = try integer(0, 14, "period", minimum: 2)
            return ScriptIndicator(name: name, kind: .rsi(RSI(period: p)), outputNames: ["value"], warmupPeriod: p + 1)
        case "macd":
            try checkCount(3)
            let f = try integer(0, 12, "fast", minimum: 2), s = try integer(1, 26, "slow", minimum: 2), g = try integer(2, 9, "signal")
            return ScriptIndicator(name: name, kind: .macd(MACD(fast: f, slow: s, signal: g)),
                                   outputNames: ["macd", "signal", "histogram"], warmupPeriod: max(f, s) + g - 1)
        case "bollinger":
            try checkCount(2)
            let p = try integer(0, 20, "period", minimum: 2)
            let k = parameters.count > 1 ? parameters[1] : 2
            guard k.isFinite, k > 0, k <= 10 else {
                throw IndicatorError(message: "bollinger: deviations must be above 0 and at most 10, got \(k)")
            }
            return ScriptIndicator(name: name, kind: .bollinger(BollingerBands(period: p, deviations: k)),
                                   outputNames: ["middle", "upper", "lower", "percent_b", "bandwidth"], warmupPeriod: p)
        case "stochastic":
            try checkCount(3)
            let k = try integer(0, 5, "k"), s = try integer(1, 3, "slowing"), d = try integer(2, 3, "d")
            return ScriptIndicator(name: name, kind: .stochastic(Stochastic(kPeriod: k, slowing: s, dPeriod: d)),
                                   outputNames: ["k", "d"], warmupPeriod: k + s + d - 2)
        case "atr":
            try checkCount(1)
            let p = try integer(0, 14, "period")
            return ScriptIndicator(name: name, kind: .atr(ATR(period: p)), outputNames: ["value"], warmupPeriod: p + 1)
        case "vwap":
            try checkCount(2)
            let session = try integer(0, 0, "session length", minimum: 0)
            let window = try integer(1, 0, "rolling window", minimum: 0)
            let mode: VWAP.Mode = window > 0 ? .rolling(window: window) : .session(length: session > 0 ? session : nil)
            return ScriptIndicator(name: name, kind: .vwap(VWAP(mode)), outputNames: ["value"], warmupPeriod: max(window, 1))
        default:
            let hint = names.min { distance($0, name) < distance($1, name) }.map { " (did you mean \"\($0)\"?)" } ?? ""
            throw IndicatorError(message: "unknown indicator \"\(name)\"\(hint); known: \(names.joined(separator: ", "))")
        }
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where i <= a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where j <= b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
