/// Shamir secret sharing of degree t = floor((n - 1) / 2) among n nodes; node i holds the
/// evaluation at x = i + 1.
///
/// Lagrange coefficients are computed once per scheme so that batched openings cost one
/// multiply-add per share.
public struct Shamir: Sendable {
    /// Number of nodes, 3...7.
    public let nodeCount: Int
    /// Polynomial degree; any t nodes learn nothing, t + 1 reconstruct.
    public let threshold: Int
    /// Coefficients that interpolate the value at 0 from the shares of nodes 0...t.
    let reconstructionWeights: [Fp]
    /// checkWeights[j][k]: weight of node k's share (k in 0...t) when predicting node t + 1 + j.
    let checkWeights: [[Fp]]

    public init(nodeCount: Int) throws(MPCError) {
        guard (3...7).contains(nodeCount) else { throw MPCError.invalidNodeCount(nodeCount) }
        self.nodeCount = nodeCount
        threshold = (nodeCount - 1) / 2
        let basis = (0...threshold).map { Fp(UInt128($0 + 1)) }
        reconstructionWeights = try Shamir.lagrangeWeights(points: basis, at: .zero)
        var checks: [[Fp]] = []
        for j in (threshold + 1)..<nodeCount {
            checks.append(try Shamir.lagrangeWeights(points: basis, at: Fp(UInt128(j + 1))))
        }
        checkWeights = checks
    }

    /// Weights w_k such that f(x) = sum w_k f(points[k]) for every polynomial of degree < points.count.
    static func lagrangeWeights(points: [Fp], at x: Fp) throws(MPCError) -> [Fp] {
        var weights: [Fp] = []
        for (k, xk) in points.enumerated() {
            var numerator = Fp.one
            var denominator = Fp.one
            for (m, xm) in points.enumerated() where m != k {
                numerator *= x - xm
                denominator *= xk - xm
            }
            weights.append(numerator * (try denominator.inverse()))
        }
        return weights
    }

    /// Splits each secret into n shares; result[node][i] is node's share of secrets[i].
    public func share(_ secrets: [Fp], using rng: inout some RandomNumberGenerator) -> [[Fp]] {
        var shares = Array(repeating: [Fp](), count: nodeCount)
        for node in 0..<nodeCount { shares[node].reserveCapacity(secrets.count) }
        var coefficients = [Fp](repeating: .zero, count: threshold)
        for secret in secrets {
            for c in 0..<threshold { coefficients[c] = Fp.random(using: &rng) }
            for node in 0..<nodeCount {
                // Horner evaluation at x = node + 1.
                let x = Fp(reduced: UInt128(node + 1))
                var acc = Fp.zero
                for c in stride(from: threshold - 1, through: 0, by: -1) {
                    acc = (acc + coefficients[c]) * x
                }
                shares[node].append(acc + secret)
            }
        }
        return shares
    }

    /// Reconstructs a batch after checking that all n shares of every value lie on one degree-t
    /// polynomial; a single wrong share therefore aborts instead of yielding a wrong output.
    ///
    /// `shares[node][i]` is node's share of value i. Suspects are named relative to nodes 0...t,
    /// which is exact when the deviating node is outside that set and otherwise names the nodes
    /// that disagree with it.
    public func open(_ shares: [[Fp]]) throws(MPCError) -> [Fp] {
        guard shares.count == nodeCount else {
            throw MPCError.malformedShares(expected: nodeCount, reason: "got shares from \(shares.count) nodes")
        }
        let count = shares[0].count
        for (node, column) in shares.enumerated() where column.count != count {
            throw MPCError.malformedShares(
                expected: nodeCount, reason: "node \(node) sent \(column.count) values, node 0 sent \(count)")
        }
        var suspects = Set<Int>()
        var result = [Fp]()
        result.reserveCapacity(count)
        for i in 0..<count {
            for (j, weights) in checkWeights.enumerated() {
                var predicted = Fp.zero
                for k in 0...threshold { predicted += weights[k] * shares[k][i] }
                if predicted != shares[threshold + 1 + j][i] { suspects.insert(threshold + 1 + j) }
            }
            var secret = Fp.zero
            for k in 0...threshold { secret += reconstructionWeights[k] * shares[k][i] }
            result.append(secret)
        }
        guard suspects.isEmpty else { throw MPCError.inconsistentOpening(suspects: suspects.sorted()) }
        return result
    }
}

extension Fp {
    /// Uniform field element by rejection sampling: 127 random bits, redrawn on the single value p.
    public static func random(using rng: inout some RandomNumberGenerator) -> Fp {
        while true {
            let high = UInt128(rng.next() as UInt64) << 64
            let candidate = (high | UInt128(rng.next() as UInt64)) & modulus
            if candidate != modulus { return Fp(reduced: candidate) }
        }
    }
}
