import ArgumentParser
import Foundation
import MPC
import Telemetry

/// `cohort bench`: the release-build benchmarks behind the figures each issue names.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmarks (build with -c release) and print their figures.")

    @Flag(help: "Print a JSON array with one object per benchmark (name, unit, median, p99, iterations, per_second, notes).")
    var json = false

    @Option(help: "Run only the suites whose name contains this text (core, lua, venues, mpc, ...).")
    var filter: String?

    /// Every suite, in the order printed. A module adds its benchmarks by adding a line here.
    static let suites: [(name: String, run: @Sendable () async throws -> [BenchmarkResult])] = [
        ("core", { CoreBenchmarks.run() }),
        ("storage", { try StorageBenchmarks.run() }),
        ("indicators", { try IndicatorBenchmarks.run() }),
        ("strategies", { try StrategyBenchmarks.run() }),
        ("backtest", { try BacktestBenchmarks.run() }),
        ("mpc", { MPCBenchmarks.run() }),
    ]

    func run() async throws {
        var results: [BenchmarkResult] = []
        for suite in Self.suites where filter.map({ suite.name.contains($0) }) ?? true {
            if !json { print("== \(suite.name)") }
            let suiteResults = try await suite.run()
            if !json { suiteResults.forEach { print(Self.line(for: $0)) } }
            results += suiteResults
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        }
    }

    static func line(for r: BenchmarkResult) -> String {
        let rate = r.perSecond.map { String(format: "  %.2f M/s", $0 / 1e6) } ?? ""
        let notes = r.notes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return String(format: "%-48@ median %10.2f %@  p99 %10.2f %@%@  %@",
                      r.name as NSString, r.median, r.unit as NSString, r.p99, r.unit as NSString,
                      rate as NSString, notes as NSString)
    }
}
