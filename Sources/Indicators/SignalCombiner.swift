import Foundation

/// Combines signals on one instrument from several sources (strategies, indicators) into one view.
///
/// Each source's latest signal has a strength s ∈ [−1, 1] (sell … buy), a confidence c ∈ [0, 1],
/// and an age a = now − time. With a per-source weight w (default 1) and exponential decay
/// d(a) = 2^(−a / halfLife), signals older than `maxAge` dropped:
///
///     strength   = Σ w·c·d·s / Σ w·c·d            (0 when the denominator is 0)
///     agreement  = |Σ w·c·d·s| / Σ w·c·d·|s|      (1 when all point the same way)
///     confidence = (Σ w·c·d / Σ w) · agreement    (over the sources still fresh)
///
/// so strength is a confidence- and freshness-weighted vote, and confidence falls when sources
/// are stale, unsure, or disagree. Time comes from the engine clock as nanoseconds.
public struct SignalCombiner: Sendable {
    public struct Combined: Equatable, Sendable {
        public var strength: Double
        public var confidence: Double
        /// Sources that contributed (fresh and with positive weight).
        public var sources: Int
    }

    struct Entry: Sendable {
        var strength: Double
        var confidence: Double
        var time: Int64
    }

    public let halfLifeNanoseconds: Int64
    public let maxAgeNanoseconds: Int64
    private var weights: [String: Double] = [:]
    /// instrument → source → latest signal. Sorted iteration keeps sums deterministic.
    private var latest: [String: [String: Entry]] = [:]

    public init(halfLife: Duration, maxAge: Duration) {
        precondition(halfLife > .zero && maxAge > .zero, "half-life and max age must be positive")
        halfLifeNanoseconds = Self.nanoseconds(halfLife)
        maxAgeNanoseconds = Self.nanoseconds(maxAge)
    }

    /// Sets a source's weight (≥ 0; 0 mutes it).
    public mutating func setWeight(_ weight: Double, for source: String) throws(IndicatorError) {
        guard weight.isFinite, weight >= 0 else { throw IndicatorError(message: "weight for \(source) must be finite and ≥ 0, got \(weight)") }
        weights[source] = weight
    }

    /// Records a source's latest signal on an instrument.
    public mutating func record(source: String, instrument: String, strength: Double, confidence: Double,
                                time: Int64) throws(IndicatorError) {
        guard strength.isFinite, (-1...1).contains(strength) else {
            throw IndicatorError(message: "signal from \(source): strength must be in [-1, 1], got \(strength)")
        }
        guard confidence.isFinite, (0...1).contains(confidence) else {
            throw IndicatorError(message: "signal from \(source): confidence must be in [0, 1], got \(confidence)")
        }
        latest[instrument, default: [:]][source] = Entry(strength: strength, confidence: confidence, time: time)
    }

    /// The combined view of an instrument at `now`.
    public func combined(instrument: String, now: Int64) -> Combined {
        guard let entries = latest[instrument] else { return Combined(strength: 0, confidence: 0, sources: 0) }
        var weighted = 0.0, mass = 0.0, absolute = 0.0, totalWeight = 0.0
        var sources = 0
        for source in entries.keys.sorted() {
            let entry = entries[source]!
            let age = now - entry.time
            let weight = weights[source] ?? 1
            guard age <= maxAgeNanoseconds, age >= 0, weight > 0 else { continue }
            let decay = exp2(-Double(age) / Double(halfLifeNanoseconds))
            let m = weight * entry.confidence * decay
            weighted += m * entry.strength
            absolute += m * abs(entry.strength)
            mass += m
            totalWeight += weight
            sources += 1
        }
        guard mass > 0 else { return Combined(strength: 0, confidence: 0, sources: sources) }
        let agreement = absolute > 0 ? abs(weighted) / absolute : 0
        return Combined(strength: weighted / mass, confidence: mass / totalWeight * agreement, sources: sources)
    }

    /// Forgets signals older than `maxAge` (bounded memory in long runs).
    public mutating func prune(now: Int64) {
        for instrument in latest.keys {
            latest[instrument] = latest[instrument]!.filter { now - $0.value.time <= maxAgeNanoseconds }
            if latest[instrument]!.isEmpty { latest[instrument] = nil }
        }
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
