extension TOMLParser {
    mutating func value() throws(TOMLError) -> TOMLNode {
        let start = position
        guard !atEnd else { throw error("expected a value") }
        let value: TOMLValue
        switch current {
        case UInt8(ascii: "\""):
            value = .string(try basicString())
        case UInt8(ascii: "'"):
            value = .string(try literalString())
        case UInt8(ascii: "["):
            value = .array(try array())
        case UInt8(ascii: "{"):
            value = .table(try inlineTable(at: start))
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            if matches("true") { index += 4; value = .bool(true) }
            else if matches("false") { index += 5; value = .bool(false) }
            else { throw error("expected a value (strings need quotes)") }
        default:
            value = try number()
        }
        return TOMLNode(value: value, position: start)
    }

    func matches(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
        let after = index + utf8.count
        return after == bytes.count || !Self.isBare(bytes[after])
    }

    mutating func array() throws(TOMLError) -> [TOMLNode] {
        index += 1  // [
        var elements: [TOMLNode] = []
        while true {
            skipWhitespaceCommentsAndNewlines()
            guard !atEnd else { throw error("unterminated array: expected ']'") }
            if expect("]") { return elements }
            elements.append(try value())
            skipWhitespaceCommentsAndNewlines()
            if expect(",") { continue }
            skipWhitespaceCommentsAndNewlines()
            guard expect("]") else { throw error("expected ',' or ']' in array") }
            return elements
        }
    }

    mutating func inlineTable(at start: SourcePosition) throws(TOMLError) -> TOMLTable {
        index += 1  // {
        var table = TOMLTable(position: start)
        skipSpaces()
        if expect("}") {
            table.isInline = true
            return table
        }
        while true {
            skipSpaces()
            let keyStart = position
            let path = try key()
            skipSpaces()
            guard expect("=") else { throw error("expected '=' in inline table") }
            skipSpaces()
            let node = try value()
            try Self.insertDotted(&table, path[...], node: node, at: keyStart, fullKey: path.joined(separator: "."))
            skipSpaces()
            if expect(",") { continue }
            guard expect("}") else { throw error("expected ',' or '}' in inline table (inline tables are one line)") }
            table.isInline = true
            return table
        }
    }

    // MARK: Strings

    mutating func basicString() throws(TOMLError) -> String {
        if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\""), bytes[index + 2] == UInt8(ascii: "\"") {
            return try multilineBasicString()
        }
        index += 1
        var out: [UInt8] = []
        while true {
            guard !atEnd, current != UInt8(ascii: "\n") else { throw error("unterminated string") }
            let byte = current
            if byte == UInt8(ascii: "\"") { index += 1; break }
            if byte == UInt8(ascii: "\\") { try escape(into: &out); continue }
            if byte < 0x20 && byte != UInt8(ascii: "\t") { throw error("control character in string") }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func multilineBasicString() throws(TOMLError) -> String {
        index += 3
        _ = newline()  // a newline right after the opening delimiter is trimmed
        var out: [UInt8] = []
        while true {
            guard !atEnd else { throw error("unterminated multi-line string") }
            if closesTriple(UInt8(ascii: "\"")) {
                index += 3
                // Up to two extra quotes before the delimiter belong to the content.
                var extra = 0
                while extra < 2, !atEnd, current == UInt8(ascii: "\"") { out.append(current); index += 1; extra += 1 }
                return String(decoding: out, as: UTF8.self)
            }
            if current == UInt8(ascii: "\\") {
                // A line-ending backslash trims the newline and following whitespace.
                var probe = index + 1
                while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") { probe += 1 }
                if probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") || bytes[probe] == UInt8(ascii: "\r") {
                    index = probe
                    while true {
                        if newline() { continue }
                        if !atEnd, current == UInt8(ascii: " ") || current == UInt8(ascii: "\t") { index += 1; continue }
                        break
                    }
                    continue
                }
                try escape(into: &out)
                continue
            }
            if newline() { out.append(UInt8(ascii: "\n")); continue }
            out.append(current)
            index += 1
        }
    }

    func closesTriple(_ quote: UInt8) -> Bool {
        index + 2 < bytes.count && bytes[index] == quote && bytes[index + 1] == quote && bytes[index + 2] == quote
    }

    mutating func literalString() throws(TOMLError) -> String {
        if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "'"), bytes[index + 2] == UInt8(ascii: "'") {
            index += 3
            _ = newline()
            var out: [UInt8] = []
            while true {
                guard !atEnd else { throw error("unterminated multi-line literal string") }
                if closesTriple(UInt8(ascii: "'")) {
                    index += 3
                    var extra = 0
                    while extra < 2, !atEnd, current == UInt8(ascii: "'") { out.append(current); index += 1; extra += 1 }
                    return String(decoding: out, as: UTF8.self)
                }
                if newline() { out.append(UInt8(ascii: "\n")); continue }
                out.append(current)
                index += 1
            }
        }
        index += 1
        let start = index
        while !atEnd, current != UInt8(ascii: "'") {
            if current == UInt8(ascii: "\n") { throw error("unterminated literal string") }
            index += 1
        }
        guard !atEnd else { throw error("unterminated literal string") }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return text
    }

    mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
        let start = position
        index += 1
        guard !atEnd else { throw error("unterminated escape") }
        let code = current
        index += 1
        switch code {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let length = code == UInt8(ascii: "u") ? 4 : 8
            guard index + length <= bytes.count,
                  let value = UInt32(String(decoding: bytes[index..<index + length], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(value) else {
                throw error("invalid unicode escape", at: start)
            }
            index += length
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(code)))'", at: start)
        }
    }

    // MARK: Numbers

    mutating func number() throws(TOMLError) -> TOMLValue {
        let start = index
        while !atEnd, Self.isBare(current) || current == UInt8(ascii: "+") || current == UInt8(ascii: ".")
                || current == UInt8(ascii: ":") {
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !text.isEmpty else { throw error("expected a value, found '\(Character(Unicode.Scalar(current)))'") }
        let startPosition = SourcePosition(line: line, column: start - lineStart + 1)
        if text.contains(":") || (text.count >= 10 && text.dropFirst(4).first == "-" && text.first?.isNumber == true) {
            throw error("date-times are not supported in Cohort's configuration: use a string", at: startPosition)
        }
        if let first = text.unicodeScalars.first, first.properties.isAlphabetic, !["inf", "nan"].contains(text) {
            throw error("expected a value (strings need quotes): \(text)", at: startPosition)
        }
        switch text {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        func invalid() -> TOMLError { error("invalid number '\(text)'", at: startPosition) }
        // Underscores must sit between digits.
        if text.hasPrefix("_") || text.hasSuffix("_") || text.contains("__") { throw invalid() }
        let plain = text.replacingUnderscores()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where plain.hasPrefix(prefix) {
            guard let value = Int64(plain.dropFirst(2), radix: radix) else { throw invalid() }
            return .integer(value)
        }
        if plain.contains(".") || plain.contains("e") || plain.contains("E") {
            let digits = plain.drop { $0 == "+" || $0 == "-" }
            guard let first = digits.first, first.isNumber, !plain.contains(".e"), !plain.hasSuffix("."),
                  let value = Double(plain) else { throw invalid() }
            return .float(value)
        }
        let digits = plain.drop { $0 == "+" || $0 == "-" }
        if digits.count > 1 && digits.hasPrefix("0") { throw error("leading zeros are not allowed in '\(text)'", at: startPosition) }
        guard let value = Int64(plain.hasPrefix("+") ? String(plain.dropFirst()) : plain) else {
            throw error("'\(text)' is not a valid 64-bit integer", at: startPosition)
        }
        return .integer(value)
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
