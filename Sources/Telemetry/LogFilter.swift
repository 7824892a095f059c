import Logging

/// A parsed `COHORT_LOG` filter: a default level and per-module overrides.
///
/// Syntax: comma-separated directives, each either a level (`info`) or `module=level`
/// (`venues=debug`). Levels: `trace`, `debug`, `info`, `warn`, `error` (`warning` is accepted for
/// `warn`, `off` silences). A logger's module is the first dot-separated component of its label
/// (`venues.binance` → `venues`). The last directive for a module wins. `RUST_LOG` uses the same
/// syntax and is honoured when `COHORT_LOG` is not set.
public struct LogFilter: Hashable, Sendable, CustomStringConvertible {
    /// `nil` means "off".
    public var defaultLevel: Logger.Level?
    public var modules: [String: Logger.Level?]

    public init(defaultLevel: Logger.Level? = .info, modules: [String: Logger.Level?] = [:]) {
        self.defaultLevel = defaultLevel
        self.modules = modules
    }

    public init(parsing text: String) throws(LogFilterError) {
        self.init()
        let directives = text.split(separator: ",", omittingEmptySubsequences: false)
        for (index, raw) in directives.enumerated() {
            let directive = raw.trimmingWhitespace()
            if directive.isEmpty {
                // Trailing commas are harmless; empty text in the middle is a typo worth reporting.
                if index == directives.count - 1 && index > 0 { continue }
                throw LogFilterError(filter: text, part: String(raw), reason: "empty directive")
            }
            if let equals = directive.firstIndex(of: "=") {
                let module = directive[..<equals].trimmingWhitespace()
                let levelText = directive[directive.index(after: equals)...].trimmingWhitespace()
                guard !module.isEmpty, module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                    throw LogFilterError(filter: text, part: directive, reason: "module name must be letters, digits, '_' or '-'")
                }
                modules[module.lowercased()] = try Self.level(levelText, in: text)
            } else {
                defaultLevel = try Self.level(directive, in: text)
            }
        }
    }

    /// The level for a logger label, or `nil` when the module is off.
    public func level(forLabel label: String) -> Logger.Level? {
        let module = label.split(separator: ".", maxSplits: 1).first.map { $0.lowercased() } ?? label
        if let override = modules[module] { return override }
        return defaultLevel
    }

    public var description: String {
        var parts = [Self.name(defaultLevel)]
        for (module, level) in modules.sorted(by: { $0.key < $1.key }) { parts.append("\(module)=\(Self.name(level))") }
        return parts.joined(separator: ",")
    }

    static func level(_ text: String, in filter: String) throws(LogFilterError) -> Logger.Level? {
        switch text.lowercased() {
        case "trace": return .trace
        case "debug": return .debug
        case "info": return .info
        case "warn", "warning": return .warning
        case "error": return .error
        case "off": return nil
        default:
            throw LogFilterError(filter: filter, part: text,
                                 reason: "unknown level (use trace, debug, info, warn, error or off)")
        }
    }

    static func name(_ level: Logger.Level?) -> String {
        switch level {
        case .none: "off"
        case .trace: "trace"
        case .debug: "debug"
        case .info, .notice: "info"
        case .warning: "warn"
        case .error, .critical: "error"
        }
    }
}

/// A log filter that could not be parsed.
public struct LogFilterError: Error, Hashable, Sendable, CustomStringConvertible {
    public let filter: String
    public let part: String
    public let reason: String
    public var description: String { "invalid log filter \"\(filter)\": \"\(part)\": \(reason)" }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (shared by config and log-filter parsing).
    package func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
