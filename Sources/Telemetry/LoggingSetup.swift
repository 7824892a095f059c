import Synchronization
import Logging

/// Process-wide logging bootstrap from `COHORT_LOG` / `RUST_LOG` and `COHORT_LOG_FORMAT`.
public enum LoggingSetup {
    /// The filter and format the environment asks for (config values are the fallback).
    public static func resolve(environment: [String: String], configFilter: String? = nil,
                               configFormat: LogFormat? = nil) throws(LoggingSetupError) -> (LogFilter, LogFormat) {
        let source: (name: String, text: String)? =
            environment["COHORT_LOG"].map { ("COHORT_LOG", $0) }
            ?? environment["RUST_LOG"].map { ("RUST_LOG", $0) }
            ?? configFilter.map { ("config log.level", $0) }
        var filter = LogFilter()
        if let source {
            do { filter = try LogFilter(parsing: source.text) } catch {
                throw LoggingSetupError(message: "\(source.name): \(error)")
            }
        }
        var format = configFormat ?? .text
        if let text = environment["COHORT_LOG_FORMAT"] {
            guard let parsed = LogFormat(rawValue: text.lowercased()) else {
                throw LoggingSetupError(message: "COHORT_LOG_FORMAT: \"\(text)\" is not one of text, json")
            }
            format = parsed
        }
        return (filter, format)
    }

    /// Installs Cohort's handler for every logger. swift-log allows one bootstrap per process;
    /// later calls are ignored, so tests build handlers directly instead.
    public static func bootstrap(filter: LogFilter, format: LogFormat, sink: LogSink = LogSink()) {
        bootstrapOnce.run {
            LoggingSystem.bootstrap { label in CohortLogHandler(label: label, filter: filter, format: format, sink: sink) }
        }
    }

    private static let bootstrapOnce = Once()
}

public struct LoggingSetupError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Runs a closure at most once per process.
final class Once: Sendable {
    private let done = Mutex(false)
    func run(_ body: () -> Void) {
        let first = done.withLock { value -> Bool in
            defer { value = true }
            return !value
        }
        if first { body() }
    }
}
