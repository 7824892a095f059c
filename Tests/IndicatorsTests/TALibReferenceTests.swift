import Foundation
import Testing
@testable import Indicators

/// The TA-Lib reference computed by `Fixtures/generate_talib.py` on 2,000 real BTC bars.
struct Reference: Decodable {
    struct Series: Decodable {
        let parameters: [Double]
        let outputs: [String: [Double?]]
    }
    let source: String
    let bars: [String: [Double]]
    let indicators: [String: Series]

    static let shared: Reference = {
        let url = Bundle.module.url(forResource: "talib_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()
}

@Suite("Indicators match TA-Lib on real data within 1e-9 relative error")
struct TALibReferenceTests {
    /// Runs a catalog indicator over the fixture bars and compares every output, warm-up included.
    @Test(arguments: ["sma", "ema", "rsi", "macd", "bollinger", "stochastic", "atr", "vwap", "vwap_rolling"])
    func matchesTheReference(key: String) throws {
        let reference = Reference.shared
        let series = try #require(reference.indicators[key])
        let name = key == "vwap_rolling" ? "vwap" : key
        let indicator = try IndicatorCatalog.make(name: name, parameters: series.parameters)
        let bars = reference.bars
        let count = bars["close"]!.count
        var firstReady: Int?
        var worst = 0.0
        for i in 0..<count {
            let ready = indicator.update(open: bars["open"]![i], high: bars["high"]![i], low: bars["low"]![i],
                                         close: bars["close"]![i], volume: bars["volume"]![i])
            if ready && firstReady == nil { firstReady = i }
            for (index, output) in indicator.outputNames.enumerated() {
                let expected = try #require(series.outputs[output], "no reference output \(output)")[i]
                guard let expected else {
                    #expect(!ready, "\(key).\(output) ready at bar \(i) where TA-Lib is still warming up")
                    continue
                }
                #expect(ready, "\(key).\(output) not ready at bar \(i)")
                let actual = indicator.value(index)
                let error = abs(actual - expected) / max(abs(expected), 1e-300)
                worst = max(worst, expected == 0 ? abs(actual) : error)
                #expect(expected == 0 ? abs(actual) < 1e-9 : error < 1e-9, "\(key).\(output) at bar \(i): \(actual) vs \(expected)")
            }
        }
        #expect(firstReady == indicator.warmupPeriod - 1, "\(key) warm-up: first value at bar \(firstReady ?? -1)")
        #expect(worst < 1e-9)
    }
}

@Suite("The indicator catalog validates names and parameters")
struct CatalogTests {
    @Test func unknownNamesSuggestTheClosest() {
        #expect { try IndicatorCatalog.make(name: "emma", parameters: []) } throws: { "\($0)".contains("did you mean \"ema\"") }
    }

    @Test(arguments: [("sma", [0.0]), ("rsi", [1.0]), ("ema", [2.5]), ("macd", [1, 2, 3, 4]), ("bollinger", [20, -1]),
                      ("atr", [.nan]), ("vwap", [-1])])
    func badParametersAreNamed(name: String, parameters: [Double]) {
        #expect(throws: IndicatorError.self) { try IndicatorCatalog.make(name: name, parameters: parameters) }
    }

    @Test func outputsAreNaNUntilWarm() throws {
        let sma = try IndicatorCatalog.make(name: "sma", parameters: [3])
        #expect(!sma.update(open: 1, high: 1, low: 1, close: 1, volume: 1))
        #expect(sma.value(0).isNaN && sma.value(7).isNaN)
        sma.update(open: 2, high: 2, low: 2, close: 2, volume: 1)
        #expect(sma.update(open: 3, high: 3, low: 3, close: 3, volume: 1))
        #expect(sma.value(0) == 2)
    }

    @Test func runningSumsDoNotDriftOverMillionsOfUpdates() {
        var sma = SMA(period: 50)
        var x = 0.1
        for i in 0..<2_000_000 {
            x = 30_000 + Double(i % 997) * 0.37
            sma.update(x)
        }
        var exact = 0.0
        for i in (2_000_000 - 50)..<2_000_000 { exact += 30_000 + Double(i % 997) * 0.37 }
        #expect(abs(sma.value! - exact / 50) / (exact / 50) < 1e-12)
    }
}
