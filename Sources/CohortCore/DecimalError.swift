/// A decimal value that could not be parsed, converted or computed exactly.
///
/// The message names the target type and the offending input (truncated to 64 characters), e.g.
/// `invalid Price "12a.5": unexpected character 'a' at offset 2`.
public struct DecimalError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case empty
        case missingDigits
        case invalidCharacter(offset: Int)
        /// Non-zero digits past the scale the type carries.
        case tooPrecise(scale: Int)
        case outOfRange
        case overflow
        case notFinite
        case invalidIncrement
    }

    public let kind: Kind
    /// The offending input or expression, truncated to 64 characters.
    public let input: String
    /// The name of the type being produced (`Price`, `Quantity`, …).
    public let typeName: String

    public init<T>(_ kind: Kind, input: String, type: T.Type) {
        self.kind = kind
        self.input = input.count > 64 ? String(input.prefix(61)) + "..." : input
        self.typeName = String(describing: type)
    }

    @usableFromInline
    init<T>(_ kind: Kind, bytes: UnsafeRawBufferPointer, type: T.Type) {
        let shown = bytes.prefix(64).map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "?" }
        self.init(kind, input: String(shown) + (bytes.count > 64 ? "..." : ""), type: type)
    }

    @usableFromInline
    static func overflow<T>(_ expression: String, type: T.Type) -> DecimalError {
        DecimalError(.overflow, input: expression, type: type)
    }

    public var description: String {
        let reason: String
        switch kind {
        case .empty: reason = "empty text"
        case .missingDigits: reason = "no digits"
        case .invalidCharacter(let offset):
            let characters = Array(input)
            let shown = offset < characters.count ? "'\(characters[offset])'" : "character"
            reason = "unexpected \(shown) at offset \(offset)"
        case .tooPrecise(let scale): reason = "more than \(scale) decimal places"
        case .outOfRange: reason = "out of range for 64-bit fixed point"
        case .overflow: reason = "arithmetic overflow"
        case .notFinite: reason = "not a finite number"
        case .invalidIncrement: reason = "increment must be positive"
        }
        return "invalid \(typeName) \"\(input)\": \(reason)"
    }
}
