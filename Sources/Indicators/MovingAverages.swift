/// Simple moving average over `period` values (TA-Lib `SMA`): first value after `period` inputs.
public struct SMA: Sendable {
    public let period: Int
    private var window: WindowSum
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1, "SMA period must be at least 1")
        self.period = period
        window = WindowSum(period: period)
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        window.add(x)
        value = window.isFull ? window.total / Double(period) : nil
        return value
    }
}

/// Exponential moving average (TA-Lib `EMA`): k = 2 / (period + 1), seeded with the SMA of the
/// first `period` values, so the first value arrives with the `period`-th input.
public struct EMA: Sendable {
    public let period: Int
    public let k: Double
    private var seedSum = 0.0
    private var seen = 0
    public private(set) var value: Double?

    public init(period: Int) {
        precondition(period >= 1, "EMA period must be at least 1")
        self.period = period
        k = 2.0 / Double(period + 1)
    }

    /// Starts already seeded (MACD's fast line is seeded late, as TA-Lib does).
    init(period: Int, seed: Double) {
        self.init(period: period)
        value = seed
        seen = period
    }

    @discardableResult
    public mutating func update(_ x: Double) -> Double? {
        if let previous = value {
            value = (x - previous) * k + previous
        } else {
            seedSum += x
            seen += 1
            if seen == period { value = seedSum / Double(period) }
        }
        return value
    }
}

/// Relative strength index with Wilder smoothing (TA-Lib `RSI`): the first value needs
/// `period + 1` closes; 0 when there was no movement at all.
public struct RSI: Sendable {
    public let period: Int
    private var previousClose: Double?
    private var gain = 0.0
    private var loss = 0.0
    private var changes = 0
    public private(set) var value: Double?

    public init(period: Int = 14) {
        precondition(period >= 2, "RSI period must be at least 2")
        self.period = period
    }

    @discardableResult
    public mutating func update(_ close: Double) -> Double? {
        defer { previousClose = close }
        guard let previous = previousClose else { return nil }
        let change = close - previous
        let up = change > 0 ? change : 0
        let down = change < 0 ? -change : 0
        let n = Double(period)
        changes += 1
        if changes <= period {
            gain += up
            loss += down
            guard changes == period else { return nil }
            gain /= n
            loss /= n
        } else {
            gain = (gain * (n - 1) + up) / n
            loss = (loss * (n - 1) + down) / n
        }
        let total = gain + loss
        value = total != 0 ? 100 * (gain / total) : 0
        return value
    }
}

/// MACD (TA-Lib `MACD`): fast EMA − slow EMA, its signal EMA, and the histogram. As in TA-Lib,
/// the fast EMA is seeded with the SMA of the `fast` closes ending where the slow EMA's seed ends,
/// and all three outputs start together after `slow + signal − 1` closes.
public struct MACD: Sendable {
    public let fast: Int
    public let slow: Int
    public let signalPeriod: Int
    private var recent: RingBuffer
    private var fastEMA: EMA?
    private var slowEMA: EMA
    private var signalEMA: EMA
    public private(set) var macd: Double?
    public private(set) var signal: Double?
    public private(set) var histogram: Double?

    public init(fast: Int = 12, slow: Int = 26, signal: Int = 9) {
        precondition(fast >= 2 && slow >= 2 && signal >= 1, "MACD periods must be at least 2, 2 and 1")
        // TA-Lib swaps the periods when they come in the wrong order.
        self.fast = min(fast, slow)
        self.slow = max(fast, slow)
        signalPeriod = signal
        recent = RingBuffer(capacity: min(fast, slow))
        slowEMA = EMA(period: max(fast, slow))
        signalEMA = EMA(period: signal)
    }

    @discardableResult
    public mutating func update(_ close: Double) -> Double? {
        _ = recent.push(close)
        let slowValue = slowEMA.update(close)
        if fastEMA != nil {
            fastEMA!.update(close)
        } else if slowValue != nil {
            fastEMA = EMA(period: fast, seed: recent.sum() / Double(fast))
        }
        guard let s = slowValue, let f = fastEMA?.value else { return nil }
        let line = f - s
        guard let signalValue = signalEMA.update(line) else { return nil }
        macd = line
        signal = signalValue
        histogram = line - signalValue
        return line
    }
}
