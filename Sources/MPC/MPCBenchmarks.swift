import Telemetry

/// Benchmarks of the MPC building blocks implemented so far: local field arithmetic and batched
/// Shamir share-and-checked-open. Secure (networked) multiplication is not yet measured here.
public enum MPCBenchmarks {
    public static func run() -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        var rng = SystemRandomNumberGenerator()
        let operands = (0..<1024).map { _ in Fp.random(using: &rng) }

        var acc = Fp.one
        var index = 0
        results.append(Bench.measure("mpc.fp.mul", batch: 100_000) {
            acc *= operands[index & 1023]
            index &+= 1
        })
        blackHole(acc)

        for nodes in [3, 5, 7] {
            guard let scheme = try? Shamir(nodeCount: nodes) else { continue }
            let secrets = Array(operands.prefix(1000))
            var opened: [Fp] = []
            let batch = Bench.measure("mpc.shamir.share+open.n\(nodes).batch1000", samples: 31, batch: 4) {
                let shares = scheme.share(secrets, using: &rng)
                opened = (try? scheme.open(shares)) ?? []
            }
            blackHole(opened)
            results.append(Bench.summarize(
                "mpc.shamir.share+open.n\(nodes).per-value", nanosPerCall: [batch.median / 1000],
                iterations: batch.iterations * 1000))
        }
        return results
    }
}
