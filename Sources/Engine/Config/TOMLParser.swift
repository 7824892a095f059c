/// A TOML 1.0 parser that keeps every value's line and column.
///
/// Supports tables, dotted keys, arrays of tables, inline tables, arrays, basic, literal and
/// multi-line strings with escapes, integers (decimal, hex, octal, binary, underscores), floats
/// (including `inf` and `nan`) and booleans. Date-times are refused with a clear error: Cohort's
/// configuration has none. (TOMLKit, the usual Swift choice, is not available here, and its
/// errors carry no positions.)
public struct TOMLParser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0

    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        return try parser.document()
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    var position: SourcePosition { SourcePosition(line: line, column: index - lineStart + 1) }
    var atEnd: Bool { index >= bytes.count }
    var current: UInt8 { bytes[index] }

    func error(_ message: String, at position: SourcePosition? = nil) -> TOMLError {
        TOMLError(position: position ?? self.position, message: message)
    }

    // MARK: Document structure

    mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable(position: SourcePosition(line: 1, column: 1))
        root.explicitlyDefined = true
        var currentPath: [String] = []
        while true {
            skipWhitespaceCommentsAndNewlines()
            if atEnd { break }
            if current == UInt8(ascii: "[") {
                let start = position
                let isArray = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "[")
                index += isArray ? 2 : 1
                skipSpaces()
                let path = try key()
                skipSpaces()
                guard expect("]") && (!isArray || expect("]")) else {
                    throw error(isArray ? "expected ']]' to close the array-of-tables header" : "expected ']' to close the table header")
                }
                try endOfLine()
                if isArray {
                    try Self.appendArrayTable(&root, path[...], at: start)
                } else {
                    try Self.defineTable(&root, path[...], at: start)
                }
                currentPath = path
                continue
            }
            let start = position
            let keyPath = try key()
            skipSpaces()
            guard expect("=") else { throw error("expected '=' after key \(keyPath.joined(separator: "."))") }
            skipSpaces()
            let node = try value()
            try endOfLine()
            try Self.insert(&root, tablePath: currentPath[...], keyPath: keyPath[...], node: node, at: start)
        }
        return root
    }

    /// Finds the table a path names in the current document, following the last element of arrays of tables.
    static func withTable(_ table: inout TOMLTable, _ path: ArraySlice<String>, at position: SourcePosition,
                          _ body: (inout TOMLTable) throws(TOMLError) -> Void) throws(TOMLError) {
        guard let head = path.first else { return try body(&table) }
        var node = table[head] ?? TOMLNode(value: .table(TOMLTable(position: position)), position: position)
        switch node.value {
        case .table(var child):
            if child.isInline { throw TOMLError(position: position, message: "cannot extend inline table '\(head)' (defined at \(node.position))") }
            try withTable(&child, path.dropFirst(), at: position, body)
            node.value = .table(child)
        case .array(var elements):
            guard var last = elements.last, case .table(var child) = last.value, !child.isInline else {
                throw TOMLError(position: position, message: "'\(head)' is an array of values (at \(node.position)), not a table")
            }
            try withTable(&child, path.dropFirst(), at: position, body)
            last.value = .table(child)
            elements[elements.count - 1] = last
            node.value = .array(elements)
        default:
            throw TOMLError(position: position, message: "'\(head)' is \(node.value.typeName) (at \(node.position)), not a table")
        }
        table[head] = node
    }

    static func defineTable(_ root: inout TOMLTable, _ path: ArraySlice<String>, at position: SourcePosition) throws(TOMLError) {
        try withTable(&root, path.dropLast(), at: position) { (parent: inout TOMLTable) throws(TOMLError) in
            let name = path.last!
            if let existing = parent[name] {
                guard case .table(var table) = existing.value else {
                    throw TOMLError(position: position, message: "'\(path.joined(separator: "."))' is already defined as \(existing.value.typeName) at \(existing.position)")
                }
                if table.explicitlyDefined || table.isInline {
                    throw TOMLError(position: position, message: "table [\(path.joined(separator: "."))] is defined twice (first at \(existing.keyPosition))")
                }
                table.explicitlyDefined = true
                parent[name] = TOMLNode(value: .table(table), position: existing.position)
            } else {
                var table = TOMLTable(position: position)
                table.explicitlyDefined = true
                parent[name] = TOMLNode(value: .table(table), position: position)
            }
        }
    }

    static func appendArrayTable(_ root: inout TOMLTable, _ path: ArraySlice<String>, at position: SourcePosition) throws(TOMLError) {
        try withTable(&root, path.dropLast(), at: position) { (parent: inout TOMLTable) throws(TOMLError) in
            let name = path.last!
            var table = TOMLTable(position: position)
            table.explicitlyDefined = true
            let element = TOMLNode(value: .table(table), position: position)
            if let existing = parent[name] {
                guard case .array(var elements) = existing.value,
                      elements.allSatisfy({ if case .table(let t) = $0.value { !t.isInline } else { false } }) else {
                    throw TOMLError(position: position, message: "'\(path.joined(separator: "."))' is already defined as \(existing.value.typeName) at \(existing.position)")
                }
                elements.append(element)
                parent[name] = TOMLNode(value: .array(elements), position: existing.position)
            } else {
                parent[name] = TOMLNode(value: .array([element]), position: position)
            }
        }
    }

    static func insert(_ root: inout TOMLTable, tablePath: ArraySlice<String>, keyPath: ArraySlice<String>, node: TOMLNode,
                       at position: SourcePosition) throws(TOMLError) {
        try withTable(&root, tablePath, at: position) { (table: inout TOMLTable) throws(TOMLError) in
            try insertDotted(&table, keyPath, node: node, at: position, fullKey: keyPath.joined(separator: "."))
        }
    }

    static func insertDotted(_ table: inout TOMLTable, _ keyPath: ArraySlice<String>, node: TOMLNode, at position: SourcePosition,
                             fullKey: String) throws(TOMLError) {
        let head = keyPath.first!
        if keyPath.count == 1 {
            if let existing = table[head] {
                throw TOMLError(position: position, message: "key '\(fullKey)' is defined twice (first at \(existing.keyPosition))")
            }
            var keyed = node
            keyed.keyPosition = position
            table[head] = keyed
            return
        }
        var child: TOMLTable
        if let existing = table[head] {
            guard case .table(let t) = existing.value else {
                throw TOMLError(position: position, message: "key '\(fullKey)': '\(head)' is already \(existing.value.typeName) at \(existing.position)")
            }
            if t.isInline { throw TOMLError(position: position, message: "cannot extend inline table '\(head)'") }
            child = t
        } else {
            child = TOMLTable(position: position)
        }
        try insertDotted(&child, keyPath.dropFirst(), node: node, at: position, fullKey: fullKey)
        table[head] = TOMLNode(value: .table(child), position: table[head]?.position ?? position)
    }

    // MARK: Lexical pieces

    mutating func skipSpaces() {
        while !atEnd, current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") { index += 1 }
    }

    mutating func newline() -> Bool {
        if !atEnd, current == UInt8(ascii: "\n") {
            index += 1
        } else if index + 1 < bytes.count, current == UInt8(ascii: "\r"), bytes[index + 1] == UInt8(ascii: "\n") {
            index += 2
        } else {
            return false
        }
        line += 1
        lineStart = index
        return true
    }

    mutating func skipComment() {
        if !atEnd, current == UInt8(ascii: "#") {
            while !atEnd, current != UInt8(ascii: "\n"), current != UInt8(ascii: "\r") { index += 1 }
        }
    }

    mutating func skipWhitespaceCommentsAndNewlines() {
        while true {
            skipSpaces()
            skipComment()
            if !newline() { return }
        }
    }

    mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        skipComment()
        if atEnd || newline() { return }
        throw error("unexpected '\(Character(Unicode.Scalar(current)))' after the value: expected a newline")
    }

    mutating func expect(_ character: Unicode.Scalar) -> Bool {
        guard !atEnd, current == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    static func isBare(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    mutating func key() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard !atEnd else { throw error("expected a key") }
            if current == UInt8(ascii: "\"") {
                parts.append(try basicString())
            } else if current == UInt8(ascii: "'") {
                parts.append(try literalString())
            } else {
                let start = index
                while !atEnd, Self.isBare(current) { index += 1 }
                guard index > start else {
                    throw error("expected a key, found '\(Character(Unicode.Scalar(current)))'")
                }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipSpaces()
            if !expect(".") { return parts }
        }
    }
}

/// A syntax or structure error in a TOML document, with its position.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    public let position: SourcePosition
    public let message: String
    public var description: String { "\(position): \(message)" }
}
