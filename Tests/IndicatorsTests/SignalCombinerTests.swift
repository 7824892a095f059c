import PropertyBased
import Testing
@testable import Indicators

@Suite("Signal combination")
struct SignalCombinerTests {
    let second: Int64 = 1_000_000_000

    @Test func noSignalsMeansNoView() {
        let combiner = SignalCombiner(halfLife: .seconds(10), maxAge: .seconds(60))
        #expect(combiner.combined(instrument: "binance:BTCUSDT", now: 0) == .init(strength: 0, confidence: 0, sources: 0))
    }

    @Test func agreeingFreshSignalsKeepFullConfidence() throws {
        var combiner = SignalCombiner(halfLife: .seconds(10), maxAge: .seconds(60))
        try combiner.record(source: "a", instrument: "x", strength: 0.5, confidence: 1, time: 0)
        try combiner.record(source: "b", instrument: "x", strength: 0.5, confidence: 1, time: 0)
        let view = combiner.combined(instrument: "x", now: 0)
        #expect(view.strength == 0.5 && view.confidence == 1 && view.sources == 2)
    }

    @Test func disagreementLowersConfidenceAndWeightsDecide() throws {
        var combiner = SignalCombiner(halfLife: .seconds(10), maxAge: .seconds(60))
        try combiner.record(source: "a", instrument: "x", strength: 1, confidence: 1, time: 0)
        try combiner.record(source: "b", instrument: "x", strength: -1, confidence: 1, time: 0)
        #expect(combiner.combined(instrument: "x", now: 0).confidence == 0)
        try combiner.setWeight(3, for: "a")
        let view = combiner.combined(instrument: "x", now: 0)
        #expect(view.strength == 0.5)
        #expect(abs(view.confidence - 0.5) < 1e-12)
    }

    @Test func oldSignalsDecayByHalfLifeAndExpire() throws {
        var combiner = SignalCombiner(halfLife: .seconds(10), maxAge: .seconds(60))
        try combiner.record(source: "a", instrument: "x", strength: 1, confidence: 1, time: 0)
        #expect(abs(combiner.combined(instrument: "x", now: 10 * second).confidence - 0.5) < 1e-12)
        #expect(combiner.combined(instrument: "x", now: 61 * second).sources == 0)
        combiner.prune(now: 61 * second)
        #expect(combiner.combined(instrument: "x", now: 61 * second) == .init(strength: 0, confidence: 0, sources: 0))
    }

    @Test func invalidSignalsAreRejected() {
        var combiner = SignalCombiner(halfLife: .seconds(1), maxAge: .seconds(2))
        #expect(throws: IndicatorError.self) { try combiner.record(source: "a", instrument: "x", strength: 1.5, confidence: 1, time: 0) }
        #expect(throws: IndicatorError.self) { try combiner.record(source: "a", instrument: "x", strength: 0, confidence: .nan, time: 0) }
        #expect(throws: IndicatorError.self) { try combiner.setWeight(-1, for: "a") }
    }

    @Test func theCombinedViewIsAlwaysBounded() async {
        let signal = zip(Gen.int(in: 0 ... 5), Gen.double(in: -1 ... 1), Gen.double(in: 0 ... 1), Gen.int64(in: 0 ... 100))
        await propertyCheck(count: 300, input: signal.array(of: 0 ... 20), Gen.int64(in: 0 ... 120)) { signals, now in
            var combiner = SignalCombiner(halfLife: .seconds(10), maxAge: .seconds(60))
            for (source, strength, confidence, t) in signals {
                try combiner.record(source: "s\(source)", instrument: "x", strength: strength, confidence: confidence, time: t * second)
            }
            let view = combiner.combined(instrument: "x", now: now * second)
            #expect((-1...1).contains(view.strength))
            #expect((0...1).contains(view.confidence))
        }
    }
}
