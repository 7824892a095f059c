import Foundation
import Logging
import Testing
@testable import Telemetry

@Suite("Log filters and lines")
struct LoggingTests {
    @Test func aBareLevelSetsTheDefault() throws {
        let filter = try LogFilter(parsing: "debug")
        #expect(filter.level(forLabel: "venues.binance") == .debug)
    }

    @Test func moduleDirectivesOverrideTheDefaultByFirstLabelComponent() throws {
        let filter = try LogFilter(parsing: "warn,venues=debug,mpc=trace,storage=off")
        #expect(filter.level(forLabel: "venues.binance") == .debug)
        #expect(filter.level(forLabel: "mpc.node") == .trace)
        #expect(filter.level(forLabel: "strategies.momentum") == .warning)
        #expect(filter.level(forLabel: "storage") == nil)
        #expect(filter.description == "warn,mpc=trace,storage=off,venues=debug")
    }

    @Test(arguments: [
        ("verbose", "\"verbose\": unknown level"), ("venues=loud", "\"loud\": unknown level"),
        ("info,,debug", "empty directive"), ("=debug", "module name"), ("ven ues=debug", "module name"),
    ])
    func aBadFilterNamesTheBadPart(text: String, expected: String) {
        #expect { try LogFilter(parsing: text) } throws: { error in
            "\(error)".contains(expected) && "\(error)".contains(text)
        }
    }

    @Test func cohortLogWinsOverRustLogAndConfig() throws {
        let (filter, format) = try LoggingSetup.resolve(
            environment: ["COHORT_LOG": "error", "RUST_LOG": "trace", "COHORT_LOG_FORMAT": "JSON"], configFilter: "debug")
        #expect(filter.defaultLevel == .error && format == .json)
        let (alias, _) = try LoggingSetup.resolve(environment: ["RUST_LOG": "trace"], configFilter: "debug")
        #expect(alias.defaultLevel == .trace)
        #expect(throws: LoggingSetupError.self) { try LoggingSetup.resolve(environment: ["COHORT_LOG_FORMAT": "xml"]) }
        #expect { try LoggingSetup.resolve(environment: ["RUST_LOG": "nope"]) } throws: { "\($0)".hasPrefix("RUST_LOG: ") }
    }

    /// Captures what a handler writes through a pipe.
    func capture(format: LogFormat, filter: String, _ body: (Logger) -> Void) throws -> String {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = LogSink(fileDescriptor: fds[1])
        let parsed = try LogFilter(parsing: filter)
        let logger = Logger(label: "venues.binance") { CohortLogHandler(label: $0, filter: parsed, format: format, sink: sink) }
        body(logger)
        close(fds[1])
        let data = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func textLinesCarryTimeLevelLabelMessageAndMetadata() throws {
        let output = try capture(format: .text, filter: "info") { logger in
            logger.debug("hidden")
            logger.info("resynced book", metadata: ["symbol": "BTCUSDT", "gap": "3"])
        }
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1)
        let line = String(lines[0])
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z INFO  venues\.binance: resynced book \[gap=3 symbol=BTCUSDT\]$"#,
                           options: .regularExpression) != nil)
    }

    @Test func jsonLinesAreValidJSONWithEscapes() throws {
        let output = try capture(format: .json, filter: "trace") { logger in
            logger.warning("quote \" and newline \n here", metadata: ["venue": "binance"])
        }
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: String]
        #expect(object["level"] == "warn")
        #expect(object["label"] == "venues.binance")
        #expect(object["msg"] == "quote \" and newline \n here")
        #expect(object["venue"] == "binance")
    }

    @Test func anOffModuleWritesNothing() throws {
        let output = try capture(format: .text, filter: "trace,venues=off") { logger in logger.error("dropped") }
        #expect(output.isEmpty)
    }
}

@Suite("Secrets never show their value")
struct SecretTests {
    let secret = Secret("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", origin: "env:BINANCE_SECRET")
    let value = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"

    @Test func descriptionsAndInterpolationAreRedacted() {
        #expect(!secret.description.contains(value))
        #expect(!secret.debugDescription.contains(value))
        #expect(!"\(secret)".contains(value))
        #expect(!String(reflecting: secret).contains(value))
        #expect("\(secret)" == "<redacted env:BINANCE_SECRET>")
    }

    @Test func dumpAndMirrorAreRedacted() {
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains(value))
        #expect(Mirror(reflecting: secret).children.allSatisfy { !"\($0.value)".contains(value) })
        struct Holder { let key: Secret }
        var nested = ""
        dump(Holder(key: secret), to: &nested)
        #expect(!nested.contains(value))
    }

    @Test func encodingIsRedacted() throws {
        struct Config: Encodable { let apiSecret: Secret }
        let json = String(decoding: try JSONEncoder().encode(Config(apiSecret: secret)), as: UTF8.self)
        #expect(json == #"{"apiSecret":"<redacted>"}"#)
    }

    @Test func logOutputIsRedacted() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = LogSink(fileDescriptor: fds[1])
        let logger = Logger(label: "venues") { CohortLogHandler(label: $0, filter: LogFilter(), format: .json, sink: sink) }
        logger.info("loaded \(secret)", metadata: ["key": "\(secret)"])
        close(fds[1])
        let output = String(decoding: FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
        #expect(output.contains("redacted") && !output.contains(value))
    }

    @Test func theSigningPathCanReadTheBytes() {
        #expect(secret.withUnsafeBytes { Array($0) } == Array(value.utf8))
    }
}
