/// One problem in the configuration: where, which key, and why.
public struct ConfigIssue: Hashable, Sendable, CustomStringConvertible {
    /// The file, or `environment` for an override, or `.env` file path.
    public var source: String
    public var position: SourcePosition?
    /// The dotted key (`metrics.port`) or the environment variable name.
    public var key: String
    public var reason: String

    public init(source: String, position: SourcePosition?, key: String, reason: String) {
        self.source = source
        self.position = position
        self.key = key
        self.reason = reason
    }

    public var description: String {
        let location = position.map { "\(source):\($0)" } ?? source
        return key.isEmpty ? "\(location): \(reason)" : "\(location): \(key): \(reason)"
    }
}

/// The configuration could not be used. Lists every problem found, not just the first.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    /// Issues in file order (line, then column); environment issues after the file's.
    public init(_ issues: [ConfigIssue]) {
        self.issues = issues.enumerated().sorted { a, b in
            let (pa, pb) = (a.element.position, b.element.position)
            switch (pa, pb) {
            case let (x?, y?): return (x.line, x.column, a.offset) < (y.line, y.column, b.offset)
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return a.offset < b.offset
            }
        }.map(\.element)
    }

    public var description: String {
        if issues.count == 1 { return issues[0].description }
        return "\(issues.count) problems in the configuration:\n" + issues.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// Suggests the closest known name for a misspelt one.
enum Suggestion {
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, min(3, word.count / 3)) ? best.0 : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var beforePrevious = previous
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where j <= b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                // An adjacent transposition ("prot" for "port") counts as one edit.
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], beforePrevious[j - 2] + 1) }
            }
            beforePrevious = previous
            previous = row
        }
        return previous[b.count]
    }

    static func didYouMean(_ word: String, _ candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean `\($0)`?)" } ?? ""
    }
}
