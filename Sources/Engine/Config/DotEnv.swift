import Foundation
import Telemetry

/// Secrets by environment-variable name: the process environment first, then a `.env` file.
///
/// Values become ``Secret``s at once and are never written back, printed or logged.
public struct SecretStore: Sendable {
    private var values: [String: Secret]

    public init(environment: [String: String], dotEnv: [String: String] = [:], dotEnvPath: String = ".env") {
        values = [:]
        for (key, value) in dotEnv { values[key] = Secret(value, origin: "\(dotEnvPath):\(key)") }
        for (key, value) in environment { values[key] = Secret(value, origin: "env:\(key)") }
    }

    /// Loads `.env` from `path` if it exists (a missing file is fine; a malformed one is an error).
    public static func load(environment: [String: String], dotEnvPath: String) throws(ConfigError) -> SecretStore {
        guard let data = FileManager.default.contents(atPath: dotEnvPath) else {
            return SecretStore(environment: environment)
        }
        let entries = try DotEnv.parse(String(decoding: data, as: UTF8.self), file: dotEnvPath)
        return SecretStore(environment: environment, dotEnv: entries, dotEnvPath: dotEnvPath)
    }

    public func secret(named name: String) -> Secret? { values[name] }
}

/// The `.env` format: `KEY=value`, optional `export `, `#` comments, single quotes (literal) and
/// double quotes (with `\n`, `\t`, `\"`, `\\` escapes).
public enum DotEnv {
    public static func parse(_ text: String, file: String) throws(ConfigError) -> [String: String] {
        var entries: [String: String] = [:]
        var issues: [ConfigIssue] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingWhitespace() }
            let position = SourcePosition(line: offset + 1, column: 1)
            guard let equals = line.firstIndex(of: "=") else {
                issues.append(ConfigIssue(source: file, position: position, key: "", reason: "expected KEY=value"))
                continue
            }
            let key = line[..<equals].trimmingWhitespace()
            guard let first = key.first, first.isLetter || first == "_",
                  key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                issues.append(ConfigIssue(source: file, position: position, key: key, reason: "invalid variable name"))
                continue
            }
            var value = line[line.index(after: equals)...].trimmingWhitespace()
            if value.hasPrefix("\"") {
                guard value.count >= 2, value.hasSuffix("\""), !value.hasSuffix("\\\"") || value.hasSuffix("\\\\\"") else {
                    issues.append(ConfigIssue(source: file, position: position, key: key, reason: "unterminated double quote"))
                    continue
                }
                value = unescape(String(value.dropFirst().dropLast()))
            } else if value.hasPrefix("'") {
                guard value.count >= 2, value.hasSuffix("'") else {
                    issues.append(ConfigIssue(source: file, position: position, key: key, reason: "unterminated single quote"))
                    continue
                }
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingWhitespace()
            }
            entries[key] = value
        }
        if !issues.isEmpty { throw ConfigError(issues) }
        return entries
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
