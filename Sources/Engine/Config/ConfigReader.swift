import CohortCore
import Telemetry

/// Reads typed values out of a TOML table, applying `COHORT_…` environment overrides and
/// collecting every problem instead of stopping at the first.
final class ConfigReader {
    let file: String
    let environment: [String: String]
    private(set) var issues: [ConfigIssue] = []
    private(set) var consumedEnvironment: Set<String> = []

    init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    func report(_ position: SourcePosition?, _ key: String, _ reason: String) {
        issues.append(ConfigIssue(source: file, position: position, key: key, reason: reason))
    }

    func reportEnvironment(_ name: String, _ reason: String) {
        issues.append(ConfigIssue(source: "environment", position: nil, key: name, reason: reason))
    }

    /// The environment variable that overrides a key: `metrics.port` → `COHORT_METRICS_PORT`.
    static func environmentName(_ path: [String]) -> String {
        "COHORT_" + path.map { $0.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" } }.map { String($0) }.joined(separator: "_")
    }

    func environmentValue(_ path: [String]) -> (name: String, value: String)? {
        let name = Self.environmentName(path)
        guard let value = environment[name] else { return nil }
        consumedEnvironment.insert(name)
        return (name, value)
    }
}

/// One table being read: tracks which keys were used so the rest can be reported as unknown.
struct ConfigSection {
    let reader: ConfigReader
    let table: TOMLTable
    let path: [String]
    /// Whether keys may be overridden from the environment (not for array elements).
    let overridable: Bool
    private(set) var known: [String] = []

    init(reader: ConfigReader, table: TOMLTable?, path: [String], overridable: Bool = true) {
        self.reader = reader
        self.table = table ?? TOMLTable(position: SourcePosition(line: 0, column: 0))
        self.path = path
        self.overridable = overridable
    }

    func keyName(_ key: String) -> String { (path + [key]).joined(separator: ".") }

    /// Reads one value: the environment override if any, else the file's value, else `fallback`.
    mutating func read<T>(_ key: String, _ fallback: T, expected: String,
                          fromTOML: (TOMLValue) -> T?, fromText: (String) -> T?,
                          check: (T) -> String? = { _ in nil }) -> T {
        known.append(key)
        if overridable, let (name, text) = reader.environmentValue(path + [key]) {
            guard let value = fromText(text) else {
                reader.reportEnvironment(name, "\"\(text)\" is not \(expected)")
                return fallback
            }
            if let problem = check(value) { reader.reportEnvironment(name, problem) }
            return value
        }
        guard let node = table[key] else { return fallback }
        guard let value = fromTOML(node.value) else {
            reader.report(node.position, keyName(key), "expected \(expected), found \(node.value.typeName)")
            return fallback
        }
        if let problem = check(value) { reader.report(node.position, keyName(key), problem) }
        return value
    }

    func position(of key: String) -> SourcePosition? { table[key]?.position }

    mutating func string(_ key: String, _ fallback: String, check: (String) -> String? = { _ in nil }) -> String {
        read(key, fallback, expected: "a string", fromTOML: { if case .string(let s) = $0 { s } else { nil } },
             fromText: { $0 }, check: check)
    }

    mutating func optionalString(_ key: String) -> String? {
        read(key, nil, expected: "a string", fromTOML: { if case .string(let s) = $0 { s } else { nil } }, fromText: { $0 })
    }

    mutating func bool(_ key: String, _ fallback: Bool) -> Bool {
        read(key, fallback, expected: "true or false", fromTOML: { if case .bool(let b) = $0 { b } else { nil } },
             fromText: { ["true": true, "1": true, "false": false, "0": false][$0.lowercased()] })
    }

    mutating func int(_ key: String, _ fallback: Int, in range: ClosedRange<Int>) -> Int {
        read(key, fallback, expected: "an integer", fromTOML: { if case .integer(let i) = $0 { Int(i) } else { nil } },
             fromText: { Int($0) },
             check: { range.contains($0) ? nil : "\($0) is out of range \(range.lowerBound)...\(range.upperBound)" })
    }

    mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) -> Int? {
        read(key, nil, expected: "an integer", fromTOML: { if case .integer(let i) = $0 { Int(i) } else { nil } },
             fromText: { Int($0) },
             check: { $0.map { range.contains($0) ? nil : "\($0) is out of range \(range.lowerBound)...\(range.upperBound)" } ?? nil })
    }

    /// A choice among fixed words.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ fallback: E) -> E where E.RawValue == String {
        let words = E.allCases.map(\.rawValue)
        let text = string(key, fallback.rawValue) { value in
            words.contains(value) ? nil
                : "\"\(value)\" is not one of \(words.joined(separator: ", "))\(Suggestion.didYouMean(value, words))"
        }
        return E(rawValue: text) ?? fallback
    }

    /// An exact decimal written as a string (`"0.001"`), as money must be. Integers are accepted too.
    mutating func decimal<T: FixedPointDecimal>(_ key: String, _: T.Type, positive: Bool = true) -> T? {
        known.append(key)
        let text: String
        let report: (String) -> Void
        if overridable, let (name, value) = reader.environmentValue(path + [key]) {
            text = value
            report = { [reader] in reader.reportEnvironment(name, $0) }
        } else if let node = table[key] {
            switch node.value {
            case .string(let s): text = s
            case .integer(let i): text = String(i)
            default:
                reader.report(node.position, keyName(key), "expected a decimal string like \"0.5\", found \(node.value.typeName)")
                return nil
            }
            let name = keyName(key)
            report = { [reader] in reader.report(node.position, name, $0) }
        } else {
            return nil
        }
        do {
            let value = try T(text)
            if positive && value.raw <= 0 { report("\(value) must be positive"); return nil }
            return value
        } catch {
            report("\(error)")
            return nil
        }
    }

    mutating func strings(_ key: String, _ fallback: [String]) -> [String] {
        read(key, fallback, expected: "an array of strings",
             fromTOML: { value in
                 guard case .array(let nodes) = value else { return nil }
                 var out: [String] = []
                 for node in nodes { guard case .string(let s) = node.value else { return nil }; out.append(s) }
                 return out
             },
             fromText: { $0.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } })
    }

    mutating func subtable(_ key: String) -> TOMLTable? {
        known.append(key)
        guard let node = table[key] else { return nil }
        guard case .table(let t) = node.value else {
            reader.report(node.position, keyName(key), "expected a table, found \(node.value.typeName)")
            return nil
        }
        return t
    }

    mutating func tableArray(_ key: String) -> [TOMLTable] {
        known.append(key)
        guard let node = table[key] else { return [] }
        guard case .array(let nodes) = node.value else {
            reader.report(node.position, keyName(key), "expected [[\(keyName(key))]] tables, found \(node.value.typeName)")
            return []
        }
        var tables: [TOMLTable] = []
        for element in nodes {
            guard case .table(let t) = element.value else {
                reader.report(element.position, keyName(key), "expected a table, found \(element.value.typeName)")
                continue
            }
            tables.append(t)
        }
        return tables
    }

    /// Reports every key in the table that was never read.
    func finish() {
        for key in table.keys where !known.contains(key) {
            reader.report(table[key]?.keyPosition, keyName(key), "unknown key\(Suggestion.didYouMean(key, known))")
        }
    }
}
