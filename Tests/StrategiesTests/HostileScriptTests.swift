import Testing
@testable import Strategies

/// How a hostile script must end.
enum Expected: Sendable, CustomStringConvertible {
    case instructions
    case deadline
    case memory
    /// A Lua error whose message contains this text.
    case error(String)

    var description: String {
        switch self {
        case .instructions: "instruction limit"
        case .deadline: "deadline"
        case .memory: "memory limit"
        case .error(let text): "error containing \"\(text)\""
        }
    }
}

/// Escapes and denial of service of every kind we know; each must be contained, and the sandbox
/// must keep working afterwards. `load` scripts fail while loading; the others in `on_timer`.
struct HostileScript: Sendable, CustomStringConvertible {
    let name: String
    let body: String
    let expected: Expected
    var atLoad = false
    var description: String { name }
}

let hostileCorpus: [HostileScript] = [
    // CPU
    HostileScript(name: "infinite loop", body: "while true do end", expected: .instructions),
    HostileScript(name: "pcall swallowing the limit", body: "while true do pcall(function() while true do end end) end", expected: .instructions),
    HostileScript(name: "xpcall handler that loops", body: "xpcall(function() while true do end end, function() while true do end end)", expected: .instructions),
    HostileScript(name: "coroutine swallowing the limit",
                  body: "local co = coroutine.create(function() while true do end end); coroutine.resume(co); return", expected: .instructions),
    HostileScript(name: "coroutine.wrap loop", body: "coroutine.wrap(function() while true do end end)()", expected: .instructions),
    HostileScript(name: "nested coroutines", body: """
        local function spin() while true do coroutine.yield() end end
        while true do local c = coroutine.create(spin); coroutine.resume(c) end
        """, expected: .instructions),
    HostileScript(name: "error inside pcall loop with error objects", body: "while true do pcall(error, {}) end", expected: .instructions),
    HostileScript(name: "gsub callback loop", body: "string.gsub(\"aaaa\", \"a\", function() while true do end end)", expected: .instructions),
    HostileScript(name: "table.sort comparator loop", body: "table.sort({3, 2, 1}, function(a, b) while true do end end)", expected: .instructions),
    HostileScript(name: "infinite tail recursion", body: "local function f() return f() end; f()", expected: .instructions),
    HostileScript(name: "infinite loop while loading", body: "while true do end", expected: .instructions, atLoad: true),
    HostileScript(name: "deadline with a huge instruction budget", body: "local x = 0; while true do x = x + 1 end", expected: .deadline),
    // Memory
    HostileScript(name: "table growth", body: "local t = {}; local i = 0; while true do i = i + 1; t[i] = i end", expected: .memory),
    HostileScript(name: "string doubling", body: "local s = (\"x\"):rep(1000); while true do s = s .. s end", expected: .memory),
    HostileScript(name: "huge string.rep", body: "local s = (\"x\"):rep(2^40)", expected: .error("string.rep result over")),
    HostileScript(name: "memory hidden in state", body: "ctx.state.t = {}; for i = 1, 1e9 do ctx.state.t[i] = tostring(i) end", expected: .memory),
    HostileScript(name: "unbounded recursion (the stack is on the capped heap)", body: "local function f(n) return 1 + f(n + 1) end; f(1)", expected: .memory),
    // Escapes
    HostileScript(name: "io", body: "io.open(\"/etc/passwd\")", expected: .error("global 'io'")),
    HostileScript(name: "os.execute", body: "os.execute(\"id\")", expected: .error("global 'os'")),
    HostileScript(name: "debug library", body: "debug.getregistry()", expected: .error("global 'debug'")),
    HostileScript(name: "package.loadlib", body: "package.loadlib(\"libc.so.6\", \"system\")", expected: .error("global 'package'")),
    HostileScript(name: "dofile", body: "dofile(\"/etc/passwd\")", expected: .error("global 'dofile'")),
    HostileScript(name: "loadfile", body: "loadfile(\"/etc/passwd\")", expected: .error("global 'loadfile'")),
    HostileScript(name: "require a system module", body: "require(\"os\")", expected: .error("module 'os' not found in strategies/lib")),
    HostileScript(name: "require with a path", body: "require(\"../../etc/passwd\")", expected: .error("module names are letters")),
    HostileScript(name: "binary chunk", body: "assert(load(\"\\27Lua\\84\\0\"))", expected: .error("attempt to load a binary chunk")),
    HostileScript(name: "binary mode", body: "load(\"return 1\", \"x\", \"b\")", expected: .error("binary chunks are not allowed")),
    HostileScript(name: "string.dump", body: "string.dump(function() end)", expected: .error("field 'dump'")),
    HostileScript(name: "collectgarbage stop", body: "collectgarbage(\"stop\")", expected: .error("collectgarbage(\"stop\") is not allowed")),
    HostileScript(name: "finalizer", body: "setmetatable({}, { __gc = function() while true do end end })", expected: .error("finalizers")),
    HostileScript(name: "string metatable", body: "getmetatable(\"\").__index.upper = nil", expected: .error("attempt to index a boolean value")),
    HostileScript(name: "_G metatable", body: "setmetatable(_G, nil)", expected: .error("cannot change a protected metatable")),
    HostileScript(name: "overwrite ctx", body: "ctx.buy = function() end", expected: .error("ctx is read-only")),
    HostileScript(name: "overwrite ctx.log", body: "ctx.log.info = nil", expected: .error("ctx.log is read-only")),
    HostileScript(name: "rawset on ctx", body: "rawset(ctx, \"buy\", 1)", expected: .error("table expected, got userdata")),
    HostileScript(name: "ctx metatable", body: "assert(getmetatable(ctx) == false); setmetatable(ctx, {})", expected: .error("table expected, got userdata")),
    HostileScript(name: "error object with a looping __tostring",
                  body: "error(setmetatable({}, { __tostring = function() while true do end end }))", expected: .error("error object is a table value")),
    HostileScript(name: "math.randomseed", body: "math.randomseed(42)", expected: .error("field 'randomseed'")),
    // Patterns and unbounded C calls
    HostileScript(name: "pattern backtracking", body: "string.find((\"a\"):rep(4000), \"a*a*a*a*b\")", expected: .error("more than 2 quantifiers")),
    HostileScript(name: "pattern on a huge subject", body: "string.match((\"a\"):rep(100000), \".-b\")", expected: .error("pattern matching on more than 4096 bytes")),
    HostileScript(name: "table.move over a huge range", body: "table.move({}, 1, 2^53, 1, {})", expected: .error("table.move range over")),
    HostileScript(name: "huge string.format width", body: "string.format(\"%99999999d\", 1)", expected: .error("invalid conversion")),
    HostileScript(name: "not a table", body: "return 42", expected: .error("must return a table of callbacks"), atLoad: true),
    HostileScript(name: "syntax error", body: "function (", expected: .error("test.lua:1:"), atLoad: true),
]

@Suite("Hostile scripts are contained and the sandbox keeps working")
struct HostileScriptTests {
    @Test func theCorpusHasAtLeastThirtyScripts() { #expect(hostileCorpus.count >= 30) }

    @Test(arguments: hostileCorpus)
    func isContained(script: HostileScript) throws {
        var limits = testLimits()
        if case .deadline = script.expected {
            limits.instructionsPerCallback = .max
            limits.callbackDeadline = .milliseconds(50)
        }
        let host = RecordingHost()
        let sandbox = try LuaSandbox(limits: limits, host: host)
        let outcome: ScriptOutcome
        if script.atLoad {
            outcome = sandbox.load(source: script.body, name: "test.lua")
        } else {
            #expect(sandbox.load(source: "return { on_timer = function(ctx)\n\(script.body)\nend }", name: "test.lua") == .ok)
            outcome = sandbox.call("on_timer")
        }
        switch (script.expected, outcome) {
        case (.instructions, .violation(.instructions, let message)): #expect(message.contains("instruction limit"))
        case (.deadline, .violation(.deadline, let message)): #expect(message.contains("deadline"))
        case (.memory, .violation(.memory, let message)): #expect(message.contains("memory limit"))
        case (.error(let text), .error(let message)): #expect(message.contains(text), "\(script.name): \(message)")
        default: Issue.record("\(script.name): expected \(script.expected), got \(outcome)")
        }
        // The state is still usable after the violation.
        #expect(sandbox.run(source: "local x = 0; for i = 1, 100 do x = x + i end; assert(x == 5050)", name: "after") == .ok)
        #expect(host.orders.isEmpty)
    }
}
