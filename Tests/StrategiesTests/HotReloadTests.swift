import CohortCore
import Testing
@testable import Strategies

@Suite("Hot reload swaps between events and never lets a broken version live")
struct HotReloadTests {
    /// A good version `n`: counts every event in the state and logs its version with the sequence.
    func good(_ n: Int) -> String {
        """
        local s = { version = \(n) }
        function s.on_start(ctx) ctx.state.count = ctx.state.count or 0 end
        function s.on_book(ctx, book)
          ctx.state.count = ctx.state.count + 1
          ctx.log.info(s.version, book.time)
        end
        return s
        """
    }

    /// Broken versions of every kind: syntax, start, first callback, limits, wrong shape.
    func broken(_ n: Int) -> String {
        switch n % 5 {
        case 0: return "local s = {\nfunction"
        case 1: return "return { on_start = function(ctx) error(\"cannot start\") end, on_book = function(ctx, b) end }"
        case 2: return "return { on_book = function(ctx, b) local x = nil; return x.field end }"
        case 3: return "return { on_book = function(ctx, b) while true do end end }"
        default: return "return 7"
        }
    }

    @Test func aHundredReloadsUnderAStreamLoseNoEventAndKeepTheState() throws {
        let host = RecordingHost()
        let strategy = try Strategy(name: "reloader", source: good(0), host: host, limits: testLimits())
        var sequence: Int64 = 0
        var live = 0
        for round in 0..<100 {
            for _ in 0..<7 {
                sequence += 1
                #expect(strategy.deliver(.book(venue: "binance", symbol: "BTCUSDT", bid: 1, bidSize: 1, ask: 2, askSize: 1, time: Timestamp(nanoseconds: sequence))) == .ok)
            }
            if round % 2 == 0 {
                #expect(throws: Never.self) { try strategy.reload(source: good(round + 1)).get() }
                live = round + 1
            } else {
                #expect(throws: StrategyError.self) { try strategy.reload(source: broken(round)).get() }
            }
        }
        // Every event reached exactly one live version, in order, and the count carried over.
        let delivered = host.logs.filter { $0.0 == .info && !$0.1.hasPrefix("strategy ") }.map(\.1)
        #expect(delivered.count == Int(sequence))
        #expect(delivered.map { Int64($0.split(separator: " ")[1])! } == Array(1...sequence))
        let versions = delivered.map { Int($0.split(separator: " ")[0])! }
        #expect(versions.allSatisfy { $0 % 2 == 1 || $0 == 0 }, "a broken version delivered events")
        #expect(versions.last == live)
        #expect(try strategy.sandbox.exportState() == "{[\"count\"]=\(sequence),}")
        #expect(strategy.counters.reloads == 50 && strategy.counters.failedReloads == 50)
        #expect(strategy.counters.errors == 0 && strategy.counters.violations == 0)
        #expect(host.orders.isEmpty)
    }

    @Test func onReloadReceivesTheOldStateAndMayReshapeIt() throws {
        let host = RecordingHost()
        let strategy = try Strategy(name: "s", source: "return { on_start = function(ctx) ctx.state.n = ctx.state.n or 41 end }",
                                    host: host, limits: testLimits())
        try strategy.reload(source: """
            return {
              on_reload = function(ctx, old) return { total = old.n + 1 } end,
              on_timer = function(ctx) ctx.log.info(ctx.state.total, ctx.state.n) end,
            }
            """).get()
        strategy.deliver(.timer(name: "tick", time: .zero))
        #expect(host.logs.last?.1 == "42 nil")
    }

    @Test func aDryRunPlacesNoOrders() throws {
        let host = RecordingHost()
        let strategy = try Strategy(name: "s", source: "return { on_book = function(ctx, b) end }", host: host, limits: testLimits())
        strategy.deliver(.book(venue: "binance", symbol: "X", bid: 1, bidSize: 1, ask: 2, askSize: 1, time: .zero))
        try strategy.reload(source: "return { on_book = function(ctx, b) ctx:buy{ qty = \"1\" } end }").get()
        #expect(host.orders.isEmpty)
        strategy.deliver(.book(venue: "binance", symbol: "X", bid: 1, bidSize: 1, ask: 2, askSize: 1, time: .zero))
        #expect(host.orders.count == 1)
    }

    @Test func consecutiveFailuresSuspendTheStrategyAndCancelItsOrders() throws {
        final class CancelCountingHost: RecordingHost {
            var cancelAlls = 0
            override func cancelAll(symbol: String?) -> Result<Int, RejectReason> {
                cancelAlls += 1
                return .success(2)
            }
        }
        let host = CancelCountingHost()
        var limits = testLimits()
        limits.maxConsecutiveFailures = 3
        let strategy = try Strategy(name: "flaky", source: """
            local n = 0
            return { on_timer = function(ctx) n = n + 1; if n ~= 2 then error("boom " .. n) end end }
            """, host: host, limits: limits)
        #expect(strategy.deliver(.timer(name: "tick", time: .zero)) == .error("flaky.lua:2: boom 1"))
        #expect(strategy.deliver(.timer(name: "tick", time: .zero)) == .ok)  // resets the streak
        strategy.deliver(.timer(name: "tick", time: .zero))
        strategy.deliver(.timer(name: "tick", time: .zero))
        #expect(strategy.status == .running)
        strategy.deliver(.timer(name: "tick", time: .zero))
        #expect(strategy.status == .suspended(reason: "flaky.lua:2: boom 5"))
        #expect(host.cancelAlls == 1)
        #expect(strategy.deliver(.timer(name: "tick", time: .zero)) == .missing)
        #expect(strategy.counters.errors == 4)
    }

    @Test func aStrategyThatCannotStartIsAnErrorWithItsLocation() {
        #expect { try Strategy(name: "bad", source: "return {\n on_start = function(ctx) local t = nil; t.x = 1 end }", host: RecordingHost()) } throws: {
            "\($0)" == "on_start: bad.lua:2: attempt to index a nil value (local 't')"
        }
    }
}
