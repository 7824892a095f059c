import CohortCore
import Indicators
import Telemetry

/// Nanoseconds per incremental update of each indicator, through the same catalog strategies use.
enum IndicatorBenchmarks {
    static func run() throws -> [BenchmarkResult] {
        var rng = SplitMix64(seed: 7)
        var price = 60_000.0
        let bars: [(Double, Double, Double, Double)] = (0..<4_096).map { _ in
            price += Double(Int(rng.next() % 2001) - 1000) / 100
            let high = price + Double(rng.next() % 500) / 100, low = price - Double(rng.next() % 500) / 100
            return (high, low, price, Double(rng.next() % 1000) + 1)
        }
        var results: [BenchmarkResult] = []
        for name in IndicatorCatalog.names {
            let indicator = try IndicatorCatalog.make(name: name, parameters: [])
            var i = 0
            var sink = 0.0
            results.append(Bench.measure("indicators.\(name)_update", batch: 100_000) {
                let (h, l, c, v) = bars[i]
                indicator.update(open: c, high: h, low: l, close: c, volume: v)
                sink += indicator.value(0)
                i = (i + 1) & 4_095
            })
            blackHole(sink)
        }
        return results
    }
}
