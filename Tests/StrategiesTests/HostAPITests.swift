import CohortCore
import Testing
@testable import Strategies

@Suite("The ctx API: orders, positions, indicators, logs, state")
struct HostAPITests {
    func load(_ source: String, host: RecordingHost = RecordingHost()) throws -> (LuaSandbox, RecordingHost) {
        let sandbox = try LuaSandbox(limits: testLimits(), host: host)
        let outcome = sandbox.load(source: source, name: "test.lua")
        #expect(outcome == .ok, "\(outcome)")
        return (sandbox, host)
    }

    @Test func ordersCarryExactAmountsFromStringsAndNumbers() throws {
        let (sandbox, host) = try load("""
            local s = { params = { size = "0.001" } }
            function s.on_book(ctx, book)
              ctx.state.id = ctx:buy{ symbol = book.symbol, qty = s.params.size, price = "64999.12", tif = "post_only" }
              ctx:sell{ qty = 0.1 }
            end
            return s
            """)
        #expect(sandbox.onBook(symbol: "BTCUSDT", bid: 64_999, bidSize: 1, ask: 65_000, askSize: 2, time: .zero) == .ok)
        #expect(host.orders == [
            ScriptOrder(side: .buy, symbol: "BTCUSDT", type: .limit, timeInForce: .postOnly, quantity: try Quantity("0.001"),
                        price: try Price("64999.12"), reduceOnly: false),
            ScriptOrder(side: .sell, symbol: nil, type: .market, timeInForce: .ioc, quantity: try Quantity("0.1"), price: nil, reduceOnly: false),
        ])
        #expect(try sandbox.exportState() == #"{["id"]="o1",}"#)
    }

    @Test(arguments: [
        ("ctx:buy{ qty = 0.1 + 0.2 }", "qty: invalid Quantity \"0.30000000000000004\""),
        ("ctx:buy{ qty = {} }", "ctx:buy: qty must be a decimal string or a number (got table)"),
        ("ctx:buy{ price = \"1\" }", "ctx:buy: qty is required"),
        ("ctx:buy{ qty = \"1\", type = \"limit\" }", "price is required for a limit order"),
        ("ctx:buy{ qty = \"1\", tif = \"day\" }", "tif must be one of gtc, ioc, fok, post_only"),
        ("ctx:buy(\"1\")", "ctx:buy expects a table"),
        ("ctx:cancel(42)", "ctx:cancel: order id must be a string (got number)"),
        ("ctx:indicator(\"emma\", 3)", "unknown indicator \"emma\""),
        ("ctx:signal{ strength = \"high\" }", "ctx:signal: strength must be a number"),
        ("ctx:balance()", "ctx:balance: asset must be a string"),
    ])
    func badArgumentsRaiseErrorsNamingTheArgument(call: String, expected: String) throws {
        let (sandbox, _) = try load("return { on_timer = function(ctx) \(call) end }")
        guard case .error(let message) = sandbox.call("on_timer") else { Issue.record("no error for \(call)"); return }
        #expect(message.contains(expected), "\(message)")
        #expect(message.hasPrefix("test.lua:1:"), "\(message)")
    }

    @Test func riskRefusalsReachTheScriptAsErrors() throws {
        let host = RecordingHost()
        host.refuseOrders = RejectReason(.maxOrderNotional, "notional 60000 above 50000")
        let (sandbox, _) = try load("return { on_timer = function(ctx) local ok, e = pcall(ctx.buy, ctx, { qty = \"1\" }); ctx.log.warn(e) end }", host: host)
        #expect(sandbox.call("on_timer") == .ok)
        #expect(host.logs.last?.1.contains("max_order_notional: notional 60000 above 50000") == true)
    }

    @Test func readsPositionsBalancesClockAndLogs() throws {
        let (sandbox, host) = try load("""
            return { on_timer = function(ctx)
              ctx.log.info("pos", ctx:position("BTCUSDT"), "bal", ctx:balance("USDT"), "open", ctx:open_orders(), "now", ctx:now())
              print("printed", 1.5, true, nil, {})
              ctx:signal{ symbol = "BTCUSDT", strength = 0.5, confidence = 0.8 }
            end }
            """)
        #expect(sandbox.call("on_timer") == .ok)
        #expect(host.logs.map(\.1) == ["pos 0.5 bal 1000 open 0 now 1700000000000000000", "printed\t1.5\ttrue\tnil\ttable"])
        #expect(host.logs.map(\.0) == [.info, .info])
        #expect(host.signals.count == 1 && host.signals[0].1 == 0.5)
    }

    @Test func indicatorsUpdateIncrementallyThroughCtx() throws {
        let (sandbox, host) = try load("""
            local s = {}
            function s.on_start(ctx) s.sma = ctx:indicator("sma", 3); s.macd = ctx:indicator("macd", 2, 3, 2) end
            function s.on_book(ctx, book)
              local v = s.sma:update(book.mid)
              local m, sig, h = s.macd:update(book.mid)
              if v then ctx.log.info(v, s.sma:ready(), s.sma:value(1), m ~= nil) end
            end
            return s
            """)
        #expect(sandbox.call("on_start") == .ok)
        for mid in [1.0, 2, 3, 4] { #expect(sandbox.onBook(symbol: "X", bid: mid, bidSize: 1, ask: mid, askSize: 1, time: .zero) == .ok) }
        #expect(host.logs.map(\.1) == ["2 true 2 false", "3 true 3 true"])
    }

    @Test func parametersFromConfigOverrideScriptDefaults() throws {
        let (sandbox, host) = try load("""
            local s = { params = { fast = 12, size = "0.01", live = false } }
            function s.on_start(ctx) ctx.log.info(ctx.params.fast, ctx.params.size, ctx.params.live) end
            return s
            """)
        #expect(sandbox.setParameter("fast", .number(5)) == .ok)
        #expect(sandbox.setParameter("live", .bool(true)) == .ok)
        #expect(sandbox.call("on_start") == .ok)
        #expect(host.logs.map(\.1) == ["5 0.01 true"])
    }

    @Test func stateRoundTripsAsPlainData() throws {
        let (first, _) = try load("return { on_start = function(ctx) ctx.state.n = 3; ctx.state.t = { a = \"x\\n\", [1] = 2.5, ok = true } end }")
        #expect(first.call("on_start") == .ok)
        let text = try first.exportState()
        let (second, host) = try load("return { on_timer = function(ctx) ctx.log.info(ctx.state.n, ctx.state.t.a, ctx.state.t[1], ctx.state.t.ok) end }")
        #expect(second.importState(text) == .ok)
        #expect(second.call("on_timer") == .ok)
        #expect(host.logs.map(\.1) == ["3 x\n 2.5 true"])
    }

    @Test func stateThatIsNotPlainDataIsRefused() throws {
        let (sandbox, _) = try load("return { on_start = function(ctx) ctx.state.f = function() end end }")
        #expect(sandbox.call("on_start") == .ok)
        #expect { try sandbox.exportState() } throws: { "\($0)".contains("only plain data") }
        let (cyclic, _) = try load("return { on_start = function(ctx) local t = {}; t.t = t; ctx.state.c = t end }")
        #expect(cyclic.call("on_start") == .ok)
        #expect { try cyclic.exportState() } throws: { "\($0)".contains("nested deeper") }
    }

    @Test func modulesComeOnlyFromTheLibrary() throws {
        let host = RecordingHost()
        host.modules["util"] = "local M = {}; function M.double(x) return 2 * x end; return M"
        let (sandbox, _) = try load("local u = require(\"util\"); return { on_timer = function(ctx) ctx.log.info(u.double(21)) end }", host: host)
        #expect(sandbox.call("on_timer") == .ok)
        #expect(host.logs.last?.1 == "42")
    }

    @Test func aMissingCallbackIsNotAnError() throws {
        let (sandbox, _) = try load("return {}")
        #expect(sandbox.call("on_stop") == .missing)
        #expect(!sandbox.has("on_book"))
    }

    @Test func anIdleStrategyUsesLittleMemory() throws {
        let (sandbox, _) = try load("return { on_book = function(ctx, b) end }")
        #expect(sandbox.memoryInUse < 1 << 20)
    }
}

@Suite("Timers and stored market data")
struct TimerAndHistoryTests {
    final class TimerHost: RecordingHost {
        var timers: [(String, Duration, Bool)] = []
        override func scheduleTimer(name: String, after: Duration, repeating: Bool) -> Result<Void, RejectReason> {
            timers.append((name, after, repeating))
            return .success(())
        }
        override func history(venue: String, symbol: String, limit: Int) -> Result<[HistoryRow], RejectReason> {
            .success((0..<min(limit, 3)).map { HistoryRow(time: Timestamp(nanoseconds: Int64($0)), price: 100 + Double($0), quantity: 1, kind: .trade, side: 0) })
        }
    }

    @Test func timersAreScheduledAndDeliveredByName() throws {
        let host = TimerHost()
        let sandbox = try LuaSandbox(limits: testLimits(), host: host)
        #expect(sandbox.load(source: """
            return {
              on_start = function(ctx) ctx:timer{ name = "rebalance", after_ms = 1500, every = true } end,
              on_timer = function(ctx, name) ctx.log.info("timer", name) end,
            }
            """, name: "t.lua") == .ok)
        #expect(sandbox.call("on_start") == .ok)
        #expect(host.timers.count == 1 && host.timers[0].0 == "rebalance" && host.timers[0].1 == .milliseconds(1500) && host.timers[0].2)
        #expect(sandbox.onTimer(name: "rebalance") == .ok)
        #expect(host.logs.last?.1 == "timer rebalance")
    }

    @Test func badTimersNameTheArgument() throws {
        let sandbox = try LuaSandbox(limits: testLimits(), host: TimerHost())
        #expect(sandbox.load(source: "return { on_timer = function(ctx) ctx:timer{ name = \"x\", after_ms = -1 } end }", name: "t.lua") == .ok)
        guard case .error(let message) = sandbox.call("on_timer") else { Issue.record("no error"); return }
        #expect(message.contains("after_ms must be from 1 to a year"))
    }

    @Test func historyReturnsRecordsOldestFirst() throws {
        let host = TimerHost()
        let sandbox = try LuaSandbox(limits: testLimits(), host: host)
        #expect(sandbox.exposeContext(as: "cohort") == .ok)
        #expect(sandbox.run(source: """
            local rows = cohort:history("binance", "BTCUSDT", 2)
            cohort.log.info(#rows, rows[1].price, rows[2].kind, rows[2].side, rows[1].time)
            """, name: "h.lua") == .ok)
        #expect(host.logs.last?.1 == "2 100 trade buy 0")
    }

    @Test func historyWithoutADatabaseSaysHowToGetOne() throws {
        let sandbox = try LuaSandbox(limits: testLimits(), host: RecordingHost())
        #expect(sandbox.exposeContext(as: "cohort") == .ok)
        guard case .error(let message) = sandbox.run(source: "cohort:history(\"binance\", \"BTCUSDT\")", name: "h.lua") else {
            Issue.record("no error"); return
        }
        #expect(message.contains("run with --data DB"))
    }
}
