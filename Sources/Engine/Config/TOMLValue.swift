/// A position in a source file, 1-based.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// A TOML value with where it was written.
public indirect enum TOMLValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    case array([TOMLNode])
    case table(TOMLTable)

    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A value and its position.
public struct TOMLNode: Hashable, Sendable {
    public var value: TOMLValue
    /// Where the value starts.
    public var position: SourcePosition
    /// Where its key starts (the header for tables); the value's position when unkeyed.
    public var keyPosition: SourcePosition

    init(value: TOMLValue, position: SourcePosition, keyPosition: SourcePosition? = nil) {
        self.value = value
        self.position = position
        self.keyPosition = keyPosition ?? position
    }
}

/// A TOML table: keys in the order written, each with its node.
public struct TOMLTable: Hashable, Sendable {
    public private(set) var keys: [String] = []
    private var nodes: [String: TOMLNode] = [:]
    /// Where the table was opened (its header, or its first key).
    public var position: SourcePosition
    /// Whether the table was defined by a `[header]` or by dotted keys/inline (for redefinition rules).
    var explicitlyDefined = false
    var isInline = false

    init(position: SourcePosition) { self.position = position }

    public subscript(key: String) -> TOMLNode? {
        get { nodes[key] }
        set {
            if nodes[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            nodes[key] = newValue
        }
    }

    public var isEmpty: Bool { keys.isEmpty }
}
