import CohortCore
import Foundation
import Strategies
import Telemetry

/// Lua callback throughput with the full sandbox (capped allocator and count hook always on).
enum StrategyBenchmarks {
    /// A host that accepts everything and counts orders: benchmarks measure the strategy path only.
    final class NullHost: StrategyHost {
        var orders = 0
        func now() -> Timestamp { .zero }
        func log(_ level: ScriptLogLevel, _ message: String) {}
        func place(_ order: ScriptOrder) -> Result<ClientOrderID, RejectReason> {
            orders += 1
            return .success("x")
        }
        func cancel(_ id: ClientOrderID) -> Result<Void, RejectReason> { .success(()) }
        func cancelAll(symbol: String?) -> Result<Int, RejectReason> { .success(0) }
        func position(symbol: String?) -> Double { 0 }
        func balance(asset: String) -> Double { 0 }
        func openOrders(symbol: String?) -> Int { 0 }
        func signal(symbol: String?, strength: Double, confidence: Double) -> Result<Void, RejectReason> { .success(()) }
        let library: ModuleLibrary?
        init(library: ModuleLibrary? = nil) { self.library = library }
        func module(named name: String) -> String? { library?.source(of: name) }
    }

    /// File change detected (watcher scan) to new version live, for a typical strategy: read,
    /// hash, compile, start with carried state, dry-run on the latest events, swap.
    static func hotReload(host: StrategyHost) throws -> BenchmarkResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-reload-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("scalping_fast.lua")
        let library = URL(fileURLWithPath: "strategies/lib")
        let base = (try? String(contentsOf: URL(fileURLWithPath: "strategies/scalping_fast.lua"), encoding: .utf8))
            ?? "local s = {}\nfunction s.on_book(ctx, b) end\nreturn s\n"
        let libraryHost = NullHost(library: ModuleLibrary(directories: [library]))
        try base.write(to: file, atomically: true, encoding: .utf8)
        let watcher = StrategyWatcher(directory: directory)
        let strategy = try Strategy(name: "scalping_fast", source: base, host: libraryHost)
        for i in 0..<200 {
            strategy.deliver(.book(venue: "bench", symbol: "BTCUSDT", bid: 60_000 + Double(i), bidSize: 1, ask: 60_001 + Double(i),
                                   askSize: 1, time: Timestamp(nanoseconds: Int64(i))))
        }
        var samples: [Double] = []
        for version in 0..<60 {
            try (base + "\n-- version \(version)\n").write(to: file, atomically: true, encoding: .utf8)
            let start = Bench.monotonicNanos()
            for change in watcher.scan() { _ = strategy.reload(source: change.source) }
            samples.append(Double(Bench.monotonicNanos() - start))
        }
        precondition(strategy.counters.reloads == 60, "reloads failed: \(strategy.counters)")
        return Bench.summarize("strategies.hot_reload_detect_to_live", nanosPerCall: samples, iterations: samples.count,
                               notes: ["strategy": "scalping_fast.lua", "includes": "scan, compile, start, dry run, swap"])
    }

    static func run() throws -> [BenchmarkResult] {
        let host = NullHost()
        let trivial = try LuaSandbox(host: host)
        _ = trivial.load(source: "local n = 0\nreturn { on_book = function(ctx, b) if b.bid > b.ask then n = n + 1 end end }", name: "trivial.lua")
        var i = 0.0
        let onBook = Bench.measure("strategies.on_book_trivial", batch: 200_000, notes: ["sandbox": "capped allocator + count hook"]) {
            i += 1
            _ = trivial.onBook(symbol: "BTCUSDT", bid: 60_000 + i, bidSize: 1, ask: 60_001 + i, askSize: 2, time: .zero)
        }
        _ = trivial.load(source: "local n = 0\nreturn { on_book = function(ctx, b) if b.bid > b.ask then n = n + 1 end end, on_timer = function(ctx) n = n + 1 end }", name: "trivial.lua")
        let bare = Bench.measure("strategies.callback_no_arguments", batch: 200_000, notes: ["what": "pcall + hook arming, ctx only"]) {
            _ = trivial.call("on_timer")
        }
        let indicators = try LuaSandbox(host: host)
        _ = indicators.load(source: """
            local s = {}
            function s.on_start(ctx) s.fast = ctx:indicator("ema", 12); s.slow = ctx:indicator("ema", 26) end
            function s.on_book(ctx, b)
              local f, l = s.fast:update(b.mid), s.slow:update(b.mid)
              if f and l and f > l then s.up = true end
            end
            return s
            """, name: "two.lua")
        _ = indicators.call("on_start")
        let two = Bench.measure("strategies.on_book_two_indicators", batch: 100_000) {
            i += 1
            _ = indicators.onBook(symbol: "BTCUSDT", bid: 60_000 + i.truncatingRemainder(dividingBy: 50), bidSize: 1,
                                  ask: 60_001 + i.truncatingRemainder(dividingBy: 50), askSize: 2, time: .zero)
        }
        // A fresh sandbox with a typical strategy compiled and started: the work of a reload.
        let source = String(repeating: "local function helper_%d(x) return x * 2 + 1 end\n", count: 40)
            .split(separator: "\n").enumerated().map { $0.element.replacingOccurrences(of: "%d", with: "\($0.offset)") }.joined(separator: "\n")
            + "\nlocal s = { params = { fast = 12 } }\nfunction s.on_start(ctx) s.e = ctx:indicator(\"ema\", 12) end\nreturn s\n"
        var memory = 0
        let reload = Bench.measure("strategies.reload_compile_start", samples: 51, batch: 20, notes: ["source_lines": "45"]) {
            let fresh = try! LuaSandbox(host: host)
            _ = fresh.load(source: source, name: "typical.lua")
            _ = fresh.call("on_start")
            memory = fresh.memoryInUse
        }
        let idle = BenchmarkResult(name: "strategies.idle_instance_memory", unit: "bytes", median: Double(memory), p99: Double(memory),
                                   iterations: 1, notes: ["what": "Lua heap of a started typical strategy"])
        let hot = try hotReload(host: host)
        return [bare, onBook, two, reload, hot, idle]
    }
}
