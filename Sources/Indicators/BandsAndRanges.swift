/// Bollinger Bands (TA-Lib `BBANDS` with an SMA): middle = SMA, bands at ± `deviations` population
/// standard deviations; plus %b = (close − lower) / (upper − lower) and bandwidth =
/// (upper − lower) / middle.
///
/// The variance is computed from sums of deviations from a shift value that is re-based to the
/// window mean every `period` updates (amortized O(1)): E[x²] − E[x]² on raw prices cancels
/// catastrophically (BTC at 46,000 has x² ≈ 2·10⁹ against a variance near 100).
public struct BollingerBands: Sendable {
    public let period: Int
    public let deviations: Double
    private var mean: WindowSum
    private var window: RingBuffer
    private var shift = 0.0
    private var shiftedSum = 0.0
    private var shiftedSquares = 0.0
    private var sinceRebase = 0
    public private(set) var middle: Double?
    public private(set) var upper: Double?
    public private(set) var lower: Double?
    public private(set) var percentB: Double?
    public private(set) var bandwidth: Double?

    public init(period: Int = 20, deviations: Double = 2) {
        precondition(period >= 2, "Bollinger period must be at least 2")
        self.period = period
        self.deviations = deviations
        mean = WindowSum(period: period)
        window = RingBuffer(capacity: period)
    }

    @discardableResult
    public mutating func update(_ close: Double) -> Double? {
        mean.add(close)
        if window.count == 0 { shift = close }
        let d = close - shift
        shiftedSum += d
        shiftedSquares += d * d
        if let evicted = window.push(close) {
            let e = evicted - shift
            shiftedSum -= e
            shiftedSquares -= e * e
        }
        sinceRebase += 1
        if sinceRebase >= period && window.isFull { rebase() }
        guard window.isFull else { return nil }
        let n = Double(period)
        let m = mean.total / n
        let shiftedMean = shiftedSum / n
        let variance = shiftedSquares / n - shiftedMean * shiftedMean
        let deviation = variance > 0 ? variance.squareRoot() : 0
        let up = m + deviations * deviation
        let down = m - deviations * deviation
        middle = m
        upper = up
        lower = down
        percentB = up != down ? (close - down) / (up - down) : 0
        bandwidth = m != 0 ? (up - down) / m : 0
        return m
    }

    /// Re-centres the shifted sums on the current window mean, exactly.
    private mutating func rebase() {
        sinceRebase = 0
        shift = window.sum() / Double(window.count)
        shiftedSum = 0
        shiftedSquares = 0
        window.forEach { value in
            let d = value - shift
            shiftedSum += d
            shiftedSquares += d * d
        }
    }
}

/// The maximum (or minimum) of a sliding window in amortized O(1): a monotonic deque of
/// (index, value) in a fixed ring.
struct WindowExtreme: Sendable {
    private let period: Int
    private let isMaximum: Bool
    private var indices: [Int]
    private var values: [Double]
    private var front = 0
    private var size = 0
    private var index = -1

    init(period: Int, maximum: Bool) {
        self.period = period
        isMaximum = maximum
        indices = [Int](repeating: 0, count: period)
        values = [Double](repeating: 0, count: period)
    }

    @inline(__always)
    mutating func push(_ x: Double) -> Double {
        index += 1
        // Expire the front first, so a full deque never overwrites it.
        if size > 0 && indices[front] <= index - period {
            front = (front + 1) % period
            size -= 1
        }
        // Drop values the new one dominates.
        while size > 0 {
            let back = (front + size - 1) % period
            if isMaximum ? values[back] <= x : values[back] >= x { size -= 1 } else { break }
        }
        let slot = (front + size) % period
        indices[slot] = index
        values[slot] = x
        size += 1
        return values[front]
    }
}

/// Stochastic oscillator (TA-Lib `STOCH`, SMA smoothing): fast %K over `kPeriod` bars, slow %K =
/// SMA(fast %K, `slowing`), %D = SMA(slow %K, `dPeriod`); outputs start together after
/// `kPeriod + slowing + dPeriod − 2` bars. Fast %K is 0 when the range is zero.
public struct Stochastic: Sendable {
    public let kPeriod: Int
    public let slowing: Int
    public let dPeriod: Int
    private var highest: WindowExtreme
    private var lowest: WindowExtreme
    private var seen = 0
    private var slowK: SMA
    private var slowD: SMA
    public private(set) var k: Double?
    public private(set) var d: Double?

    public init(kPeriod: Int = 5, slowing: Int = 3, dPeriod: Int = 3) {
        precondition(kPeriod >= 1 && slowing >= 1 && dPeriod >= 1, "stochastic periods must be at least 1")
        self.kPeriod = kPeriod
        self.slowing = slowing
        self.dPeriod = dPeriod
        highest = WindowExtreme(period: kPeriod, maximum: true)
        lowest = WindowExtreme(period: kPeriod, maximum: false)
        slowK = SMA(period: slowing)
        slowD = SMA(period: dPeriod)
    }

    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double) -> Double? {
        let hh = highest.push(high)
        let ll = lowest.push(low)
        seen += 1
        guard seen >= kPeriod else { return nil }
        let range = hh - ll
        let fastK = range != 0 ? (close - ll) / range * 100 : 0
        guard let sk = slowK.update(fastK), let sd = slowD.update(sk) else { return nil }
        k = sk
        d = sd
        return sk
    }
}

/// Average true range with Wilder smoothing (TA-Lib `ATR`): the first value is the mean of the
/// first `period` true ranges (which start with the second bar).
public struct ATR: Sendable {
    public let period: Int
    private var previousClose: Double?
    private var ranges = 0
    private var sum = 0.0
    public private(set) var value: Double?

    public init(period: Int = 14) {
        precondition(period >= 1, "ATR period must be at least 1")
        self.period = period
    }

    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double) -> Double? {
        defer { previousClose = close }
        guard let previous = previousClose else { return nil }
        let trueRange = max(high - low, abs(high - previous), abs(low - previous))
        ranges += 1
        if let atr = value {
            value = (atr * Double(period - 1) + trueRange) / Double(period)
        } else {
            sum += trueRange
            if ranges == period { value = sum / Double(period) }
        }
        return value
    }
}

/// Volume-weighted average of the typical price (high + low + close) / 3: per session (reset
/// every `sessionLength` bars, or by ``reset()``) or over a rolling window of bars.
public struct VWAP: Sendable {
    public enum Mode: Sendable, Equatable {
        case session(length: Int?)
        case rolling(window: Int)
    }

    public let mode: Mode
    private var priceVolume = 0.0
    private var volume = 0.0
    private var bars = 0
    private var rollingPV: WindowSum?
    private var rollingVolume: WindowSum?
    public private(set) var value: Double?

    public init(_ mode: Mode = .session(length: nil)) {
        self.mode = mode
        if case .rolling(let window) = mode {
            precondition(window >= 1, "VWAP window must be at least 1")
            rollingPV = WindowSum(period: window)
            rollingVolume = WindowSum(period: window)
        }
    }

    /// Starts a new session.
    public mutating func reset() {
        priceVolume = 0
        volume = 0
        bars = 0
    }

    @discardableResult
    public mutating func update(high: Double, low: Double, close: Double, volume v: Double) -> Double? {
        let typical = (high + low + close) / 3
        switch mode {
        case .session(let length):
            if let length, bars == length { reset() }
            bars += 1
            priceVolume += typical * v
            volume += v
            value = volume > 0 ? priceVolume / volume : nil
        case .rolling:
            rollingPV!.add(typical * v)
            rollingVolume!.add(v)
            value = rollingPV!.isFull && rollingVolume!.total > 0 ? rollingPV!.total / rollingVolume!.total : nil
        }
        return value
    }
}
