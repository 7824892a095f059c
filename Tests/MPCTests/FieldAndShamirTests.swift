import CohortCore
import PropertyBased
import Testing

@testable import MPC

@Suite struct FieldTests {
    @Test func signedEncodingRoundTripsIncludingExtremes() {
        for x: Int64 in [0, 1, -1, .max, .min, 123_456_789, -987_654_321] {
            #expect(Fp(signed: x).signedValue == x)
        }
    }

    @Test func arithmeticMatchesIntegersForSmallValues() async {
        await propertyCheck(input: Gen.int(in: -1_000_000...1_000_000), Gen.int(in: -1_000_000...1_000_000)) { a, b in
            let fa = Fp(signed: Int64(a))
            let fb = Fp(signed: Int64(b))
            #expect((fa + fb).signedValue == Int64(a + b))
            #expect((fa - fb).signedValue == Int64(a - b))
            #expect((fa * fb).signedValue == Int64(a) * Int64(b))
        }
    }

    @Test func largestElementSquaredIsOne() {
        let minusOne = Fp(Fp.modulus - 1)
        #expect(minusOne * minusOne == .one)
        #expect(minusOne + .one == .zero)
    }

    @Test func everyNonZeroElementHasAnInverse() async {
        await propertyCheck(input: Gen.int(in: 0...Int(UInt32.max))) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let a = Fp.random(using: &rng)
            if a != .zero {
                let inverse = try a.inverse()
                #expect(a * inverse == .one)
            }
        }
    }

    @Test func inverseOfZeroIsATypedError() {
        #expect(throws: MPCError.divisionByZero) { try Fp.zero.inverse() }
    }

    @Test func reductionOfUnreducedInputIsCanonical() {
        #expect(Fp(Fp.modulus).value == 0)
        #expect(Fp(UInt128.max).value == 1)
    }
}

@Suite struct ShamirTests {
    @Test(arguments: [3, 5, 7])
    func openingRecoversEverySecret(nodes: Int) async throws {
        let scheme = try Shamir(nodeCount: nodes)
        await propertyCheck(input: Gen.int(in: 0...Int(UInt32.max))) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let secrets = [Fp.zero, Fp(signed: -1), Fp(signed: .max), Fp(signed: .min)]
                + (0..<8).map { _ in Fp.random(using: &rng) }
            let shares = scheme.share(secrets, using: &rng)
            let opened = try scheme.open(shares)
            #expect(opened == secrets)
        }
    }

    @Test(arguments: [3, 5, 7])
    func sharesAreLinear(nodes: Int) throws {
        let scheme = try Shamir(nodeCount: nodes)
        var rng = SplitMix64(seed: 11)
        let a = (0..<16).map { _ in Fp.random(using: &rng) }
        let b = (0..<16).map { _ in Fp.random(using: &rng) }
        let sa = scheme.share(a, using: &rng)
        let sb = scheme.share(b, using: &rng)
        let sum = zip(sa, sb).map { zip($0, $1).map { $0 + $1 } }
        #expect(try scheme.open(sum) == zip(a, b).map { $0 + $1 })
    }

    @Test(arguments: [3, 5, 7])
    func aWrongShareFromAnyNodeAbortsTheOpening(nodes: Int) throws {
        let scheme = try Shamir(nodeCount: nodes)
        var rng = SplitMix64(seed: 5)
        let secrets = (0..<4).map { _ in Fp.random(using: &rng) }
        for cheater in 0..<nodes {
            var shares = scheme.share(secrets, using: &rng)
            shares[cheater][2] += .one
            #expect(throws: MPCError.self) { try scheme.open(shares) }
        }
    }

    @Test func aCheaterOutsideTheBasisIsNamed() throws {
        let scheme = try Shamir(nodeCount: 5)
        var rng = SplitMix64(seed: 9)
        var shares = scheme.share([Fp(signed: 42)], using: &rng)
        shares[4][0] += .one
        #expect(throws: MPCError.inconsistentOpening(suspects: [4])) { try scheme.open(shares) }
    }

    @Test func missingOrRaggedSharesAreRejected() throws {
        let scheme = try Shamir(nodeCount: 3)
        var rng = SplitMix64(seed: 3)
        let shares = scheme.share([Fp.one, Fp.zero], using: &rng)
        #expect(throws: MPCError.self) { try scheme.open(Array(shares.prefix(2))) }
        var ragged = shares
        ragged[1].removeLast()
        #expect(throws: MPCError.self) { try scheme.open(ragged) }
    }

    @Test func nodeCountsOutsideThreeToSevenAreRejected() {
        #expect(throws: MPCError.invalidNodeCount(2)) { try Shamir(nodeCount: 2) }
        #expect(throws: MPCError.invalidNodeCount(8)) { try Shamir(nodeCount: 8) }
    }

    /// Any t shares of a secret are uniform: the low bit of a single share of 0 and of p - 1 must
    /// both be balanced (binomial, 4000 draws, 5 sigma bounds), so they carry no information.
    @Test(arguments: [3, 5, 7])
    func tSharesAreIndependentOfTheSecret(nodes: Int) throws {
        let scheme = try Shamir(nodeCount: nodes)
        var rng = SplitMix64(seed: 2024)
        let draws = 4000
        for secret in [Fp.zero, Fp(Fp.modulus - 1)] {
            let shares = scheme.share(Array(repeating: secret, count: draws), using: &rng)
            for node in 0..<scheme.threshold {
                let ones = shares[node].filter { $0.value & 1 == 1 }.count
                #expect(abs(ones - draws / 2) < 160)
            }
        }
    }
}
