#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One benchmark's figures, as `cohort bench --json` prints them (one object per benchmark).
///
/// `median` and `p99` are per-operation costs in `unit` across samples; `iterations` is the total
/// number of operations timed; `perSecond` is `1e9 / median` when the unit is nanoseconds.
public struct BenchmarkResult: Codable, Sendable, Equatable {
    public var name: String
    public var unit: String
    public var median: Double
    public var p99: Double
    public var iterations: Int
    public var perSecond: Double?
    /// Context that makes the figure readable (e.g. `"levels": 20`), printed with the result.
    public var notes: [String: String]

    public init(name: String, unit: String, median: Double, p99: Double, iterations: Int,
                perSecond: Double? = nil, notes: [String: String] = [:]) {
        self.name = name
        self.unit = unit
        self.median = median
        self.p99 = p99
        self.iterations = iterations
        self.perSecond = perSecond
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case name, unit, median, p99, iterations, notes
        case perSecond = "per_second"
    }
}

/// A minimal, allocation-free timing harness for release-build benchmarks.
public enum Bench {
    /// Monotonic nanoseconds. Benchmarks only: engine code takes its clock by injection.
    @inline(__always)
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Times `body` in `samples` samples of `batch` calls each (after one warm-up sample) and
    /// reports the per-call median and 99th percentile in nanoseconds.
    public static func measure(
        _ name: String, samples: Int = 101, batch: Int, notes: [String: String] = [:],
        _ body: () -> Void
    ) -> BenchmarkResult {
        precondition(samples > 0 && batch > 0)
        for _ in 0..<batch { body() }
        var perCall = [Double](repeating: 0, count: samples)
        for s in 0..<samples {
            let start = monotonicNanos()
            for _ in 0..<batch { body() }
            perCall[s] = Double(monotonicNanos() - start) / Double(batch)
        }
        return summarize(name, nanosPerCall: perCall, iterations: samples * batch, notes: notes)
    }

    /// Summarizes per-operation latencies (nanoseconds), e.g. one per processed message.
    public static func summarize(
        _ name: String, nanosPerCall values: [Double], iterations: Int, notes: [String: String] = [:]
    ) -> BenchmarkResult {
        let sorted = values.sorted()
        let median = percentile(sorted, 0.5)
        return BenchmarkResult(
            name: name, unit: "ns", median: median, p99: percentile(sorted, 0.99),
            iterations: iterations, perSecond: median > 0 ? 1e9 / median : nil, notes: notes)
    }

    /// The nearest-rank percentile of an ascending array.
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// Keeps a value alive so the optimizer cannot delete the work that produced it.
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
