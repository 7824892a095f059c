/// A small strict JSON reader for venue frames.
///
/// Numbers and strings are kept as raw byte ranges of the input so prices can be converted to
/// fixed point without ever passing through a binary float, and so a frame costs one pass.
public enum JSON: Sendable, Equatable {
    case object([(key: String, value: JSON)])
    case array([JSON])
    case string(String)
    /// The number's literal text, unconverted.
    case number(String)
    case bool(Bool)
    case null

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(a), .array(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// Why a frame is not JSON: the byte offset and what was expected there.
    public struct ParseError: Error, Equatable, Sendable {
        public var offset: Int
        public var expected: String
    }

    /// Nesting limit so hostile frames cannot exhaust the stack.
    public static let maxDepth = 64

    /// Parses one complete JSON document.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSON {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == bytes.count else { throw ParseError(offset: reader.index, expected: "end of input") }
        return value
    }

    /// String convenience.
    public static func parse(_ text: String) throws(ParseError) -> JSON { try parse(Array(text.utf8)) }

    /// Member lookup on objects (first match), nil otherwise.
    public subscript(key: String) -> JSON? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? { if case let .string(s) = self { return s }; return nil }
    public var arrayValue: [JSON]? { if case let .array(a) = self { return a }; return nil }
    /// Non-negative integer value of a number literal, nil if not an in-range integer.
    public var uint64Value: UInt64? {
        guard case let .number(text) = self else { return nil }
        return UInt64(text)
    }
    /// Signed integer value of a number literal.
    public var int64Value: Int64? {
        guard case let .number(text) = self else { return nil }
        return Int64(text)
    }
    /// The literal text of a number or the content of a string (venues use both for decimals).
    public var decimalText: String? {
        switch self {
        case let .number(t): return t
        case let .string(s): return s
        default: return nil
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func value(depth: Int) throws(ParseError) -> JSON {
            guard depth < JSON.maxDepth else { throw ParseError(offset: index, expected: "nesting below \(JSON.maxDepth)") }
            skipSpace()
            guard index < bytes.count else { throw ParseError(offset: index, expected: "a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            for byte in word.utf8 {
                guard index < bytes.count, bytes[index] == byte else { throw ParseError(offset: index, expected: word) }
                index += 1
            }
        }

        mutating func object(depth: Int) throws(ParseError) -> JSON {
            index += 1
            var members: [(key: String, value: JSON)] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw ParseError(offset: index, expected: "object key") }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw ParseError(offset: index, expected: ":") }
                index += 1
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard index < bytes.count else { throw ParseError(offset: index, expected: ", or }") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw ParseError(offset: index, expected: ", or }")
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JSON {
            index += 1
            var items: [JSON] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw ParseError(offset: index, expected: ", or ]") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw ParseError(offset: index, expected: ", or ]")
            }
        }

        mutating func string() throws(ParseError) -> String {
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if byte < 0x20 { throw ParseError(offset: index, expected: "no control characters in string") }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { break }
                    switch bytes[index] {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard index + 4 < bytes.count,
                              let code = UInt32(String(decoding: bytes[(index + 1)...(index + 4)], as: UTF8.self), radix: 16)
                        else { throw ParseError(offset: index, expected: "4 hex digits") }
                        // Lone surrogates become U+FFFD: venue frames never carry them meaningfully.
                        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        index += 4
                    default: throw ParseError(offset: index, expected: "escape character")
                    }
                    index += 1
                    continue
                }
                out.append(byte)
                index += 1
            }
            throw ParseError(offset: index, expected: "closing quote")
        }

        mutating func number() throws(ParseError) -> String {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            var digits = 0
            while index < bytes.count {
                let b = bytes[index]
                if (b >= 48 && b <= 57) { digits += 1; index += 1; continue }
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                    || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { index += 1; continue }
                break
            }
            guard digits > 0 else { throw ParseError(offset: start, expected: "a value") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }
}
