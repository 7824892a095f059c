import CohortCore
import Foundation
import Testing
@testable import Engine

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("TOML parsing keeps positions and refuses malformed input")
struct TOMLTests {
    @Test func parsesEveryValueKindWithPositions() throws {
        let root = try TOMLParser.parse("""
            # comment
            title = "a \\"quoted\\" \\u00e9 string"   # trailing comment
            literal = 'C:\\path'
            multi = \"\"\"
            line one
            line two\\
               joined\"\"\"
            int = 1_000
            hex = 0xff
            neg = -42
            float = 6.25e-1
            flag = true
            list = [1, 2,
              3, ] # trailing comma
            inline = { a = 1, b.c = "x" }
            dotted.key = "v"
            [server]
            port = 8080
            [[items]]
            name = "first"
            [[items]]
            name = "second"
            [items.sub]
            x = 1
            """)
        #expect(root["title"]?.value == .string("a \"quoted\" é string"))
        #expect(root["title"]?.position == SourcePosition(line: 2, column: 9))
        #expect(root["literal"]?.value == .string("C:\\path"))
        #expect(root["multi"]?.value == .string("line one\nline twojoined"))
        #expect(root["int"]?.value == .integer(1000))
        #expect(root["hex"]?.value == .integer(255))
        #expect(root["neg"]?.value == .integer(-42))
        #expect(root["float"]?.value == .float(0.625))
        #expect(root["flag"]?.value == .bool(true))
        guard case .array(let list)? = root["list"]?.value else { Issue.record("list"); return }
        #expect(list.map(\.value) == [.integer(1), .integer(2), .integer(3)])
        #expect(list[2].position.line == 14)
        guard case .table(let inline)? = root["inline"]?.value, case .table(let b)? = inline["b"]?.value else {
            Issue.record("inline"); return
        }
        #expect(b["c"]?.value == .string("x"))
        guard case .table(let server)? = root["server"]?.value else { Issue.record("server"); return }
        #expect(server["port"]?.position == SourcePosition(line: 18, column: 8))
        guard case .array(let items)? = root["items"]?.value, items.count == 2,
              case .table(let second) = items[1].value, case .table(let sub)? = second["sub"]?.value else {
            Issue.record("items"); return
        }
        #expect(sub["x"]?.value == .integer(1))
    }

    @Test(arguments: [
        ("a = 1\na = 2", "2:1: key 'a' is defined twice (first at 1:1)"),
        ("[t]\nx=1\n[t]", "3:1: table [t] is defined twice"),
        ("a = \"unterminated", "1:18: unterminated string"),
        ("a = 01", "leading zeros"),
        ("a = 1979-05-27T07:32:00Z", "date-times are not supported"),
        ("a = bare", "expected a value (strings need quotes)"),
        ("a = 1 b = 2", "after the value: expected a newline"),
        ("a = [1, 2", "expected ',' or ']' in array"),
        ("a = 99999999999999999999", "not a valid 64-bit integer"),
        ("a = \"\\q\"", "invalid escape '\\q'"),
        ("a = 1\n[a]", "'a' is already defined as an integer"),
        ("= 1", "expected a key"),
        ("a.b = 1\na = 2", "defined twice"),
        ("x = { a = 1 }\n[x]", "table [x] is defined twice"),
    ])
    func malformedDocumentsGiveAPositionedError(text: String, expected: String) {
        #expect { try TOMLParser.parse(text) } throws: { error in
            let message = "\(error)"
            return message.contains(expected)
        }
    }
}

@Suite("Configuration validation reports every problem with file, line, key and reason")
struct ConfigTests {
    @Test func theShippedExampleConfigIsValidAndComplete() throws {
        let path = repositoryRoot.appendingPathComponent("config/cohort.toml").path
        let config = try CohortConfig.load(path: path, environment: [:])
        #expect(config.venues.map(\.name) == ["binance", "kraken"])
        #expect(config.venues[0].makerFee == (try Rate("0.001")))
        #expect(config.strategies.first?.params["fast"] == .integer(12))
        #expect(config.strategies.first?.limits.memoryMiB == 16)
        #expect(config.risk.maxOrderNotional == (try Money("50000")))
        #expect(config.risk.maxDrawdown == (try Rate("0.2")))
        #expect(config.engine.mode == .paper && config.metrics.port == 9464)
    }

    @Test func everyKeyOfTheExampleIsDocumentedByAComment() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("config/cohort.toml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() where line.contains("=") && !line.hasPrefix("#") && !line.hasPrefix("[") {
            // A key is documented when a comment sits directly above it or above its run of keys in the same block.
            var cursor = index - 1
            while cursor >= 0, lines[cursor].contains("=") || lines[cursor].hasPrefix("["), !lines[cursor].hasPrefix("#") { cursor -= 1 }
            #expect(cursor >= 0 && lines[cursor].hasPrefix("#"), "line \(index + 1) has no comment: \(line)")
        }
    }

    @Test func allProblemsAreReportedAtOnce() {
        let text = """
            [metrics]
            prot = 9100
            port = 70000
            [engine]
            mode = "papper"
            [risk]
            max_order_notional = 0.5
            max_position = "-1"
            [[strategies]]
            name = "s"
            file = "s.lua"
            venue = "binanse"
            [venues.binance]
            rest_url = "api.binance.com"
            ws_url = "wss://stream.binance.com"
            api_secret_env = "sk-live-123"
            """
        #expect {
            try CohortConfig.parse(text, file: "bad.toml")
        } throws: { error in
            let issues = (error as! ConfigError).issues.map(\.description)
            let expected = [
                "bad.toml:2:1: metrics.prot: unknown key (did you mean `port`?)",
                "bad.toml:3:8: metrics.port: 70000 is out of range 0...65535",
                "bad.toml:5:8: engine.mode: \"papper\" is not one of paper, live (did you mean `paper`?)",
                "bad.toml:7:22: risk.max_order_notional: expected a decimal string like \"0.5\", found a float",
                "bad.toml:8:16: risk.max_position: -1 must be positive",
                "bad.toml:12:9: strategies.venue: no [venues.binanse] is configured (did you mean `binance`?)",
                "bad.toml:14:12: venues.binance.rest_url: \"api.binance.com\" must be a URL starting with http:// or https://",
                "bad.toml:16:18: venues.binance.api_secret_env: must be the NAME of an environment variable (like BINANCE_API_KEY), never the key itself",
            ]
            for line in expected where !issues.contains(line) { Issue.record("missing: \(line)\ngot:\n\(issues.joined(separator: "\n"))") }
            return issues.count == expected.count
        }
    }

    @Test func environmentOverridesAreTypedAndNamed() throws {
        let text = "[metrics]\nport = 9464\n[venues.sim]\nrest_url = \"http://127.0.0.1:1\"\nws_url = \"ws://127.0.0.1:1\"\n"
        let config = try CohortConfig.parse(text, file: "c.toml", environment: [
            "COHORT_METRICS_PORT": "9100", "COHORT_ENGINE_MODE": "live", "COHORT_VENUES_SIM_REST_URL": "http://127.0.0.1:2",
            "COHORT_LOG": "debug", "PATH": "/usr/bin",
        ])
        #expect(config.metrics.port == 9100 && config.engine.mode == .live)
        #expect(config.venues[0].restURL == "http://127.0.0.1:2")
        #expect {
            try CohortConfig.parse(text, file: "c.toml", environment: ["COHORT_METRICS_PORT": "ninety", "COHORT_METRICS_PROT": "1"])
        } throws: { error in
            let issues = (error as! ConfigError).issues.map(\.description)
            return issues == ["environment: COHORT_METRICS_PORT: \"ninety\" is not an integer",
                              "environment: COHORT_METRICS_PROT: does not override any configuration key (did you mean `COHORT_METRICS_PORT`?)"]
        }
    }

    @Test func aMissingOrMalformedFileIsATypedError() {
        #expect { try CohortConfig.load(path: "/nonexistent/cohort.toml", environment: [:]) } throws: {
            "\($0)" == "/nonexistent/cohort.toml: file not found"
        }
        #expect { try CohortConfig.parse("[log\nlevel = 1", file: "x.toml") } throws: {
            "\($0)" == "x.toml:1:5: expected ']' to close the table header"
        }
    }
}

@Suite("Secrets come from the environment and .env, never from config")
struct DotEnvTests {
    @Test func parsesQuotesCommentsAndExport() throws {
        let entries = try DotEnv.parse("""
            # secrets
            export BINANCE_API_KEY=abc123
            BINANCE_API_SECRET="line\\nbreak \\"q\\""
            KRAKEN='lit\\eral'
            PLAIN=value # comment

            """, file: ".env")
        #expect(entries == ["BINANCE_API_KEY": "abc123", "BINANCE_API_SECRET": "line\nbreak \"q\"", "KRAKEN": "lit\\eral", "PLAIN": "value"])
    }

    @Test func malformedLinesAreReportedWithLineNumbers() {
        #expect { try DotEnv.parse("GOOD=1\nno equals\n1BAD=2\nQ=\"open", file: ".env") } throws: { error in
            (error as! ConfigError).issues.map(\.description) == [
                ".env:2:1: expected KEY=value", ".env:3:1: 1BAD: invalid variable name", ".env:4:1: Q: unterminated double quote",
            ]
        }
    }

    @Test func theProcessEnvironmentWinsAndValuesAreRedacted() {
        let store = SecretStore(environment: ["K": "from-env"], dotEnv: ["K": "from-file", "F": "file-only"])
        #expect(store.secret(named: "K")?.withUnsafeBytes { Array($0) } == Array("from-env".utf8))
        #expect(store.secret(named: "F")?.origin == ".env:F")
        #expect(!"\(store.secret(named: "F")!)".contains("file-only"))
        #expect(store.secret(named: "missing") == nil)
    }
}
