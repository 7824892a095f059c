/// A decimal number stored as an integer count of `10^-scale` units.
///
/// Every money-bearing value in Cohort (`Price`, `Quantity`, `Money`) conforms. Values are parsed
/// from the decimal strings venues send straight into integers and formatted back the same way;
/// nothing on this path touches `Double`. Arithmetic is checked: overflow is a thrown
/// ``DecimalError``, never a wrap. `Double` conversions exist for indicators and statistics only.
public protocol FixedPointDecimal: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Decimal places carried by the representation (the value is `raw × 10^-scale`).
    static var scale: Int { get }
    /// The integer count of `10^-scale` units.
    var raw: Int64 { get }
    init(raw: Int64)
}

/// Powers of ten that fit in an `Int64`, indexed by exponent (0...18).
@usableFromInline
let powersOfTen: [Int64] = {
    var table: [Int64] = [1]
    for _ in 1...18 { table.append(table.last! * 10) }
    return table
}()

extension FixedPointDecimal {
    /// One unit, `10^scale` raw.
    @inlinable public static var one: Self { Self(raw: powersOfTen[scale]) }
    @inlinable public static var zero: Self { Self(raw: 0) }
    /// The smallest representable step, `10^-scale`.
    @inlinable public static var ulp: Self { Self(raw: 1) }

    @inlinable public var isZero: Bool { raw == 0 }
    @inlinable public var isNegative: Bool { raw < 0 }
    @inlinable public var isPositive: Bool { raw > 0 }

    /// The value as a `Double`, for indicators and statistics only.
    @inlinable public var doubleValue: Double { Double(raw) / Double(powersOfTen[Self.scale]) }

    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.raw < rhs.raw }

    // MARK: Parsing

    /// Parses a decimal string exactly, as venues send them: `"0.00012300"`, `"-1.5"`, `"1e-5"`,
    /// `"+42"`. Digits past the type's scale are accepted only when they are zeros.
    @inlinable
    public init(_ text: some StringProtocol) throws(DecimalError) {
        var text = String(text)
        let parsed: Result<Int64, DecimalError> = text.withUTF8 { bytes in
            Result { () throws(DecimalError) -> Int64 in
                try parseFixedPoint(UnsafeRawBufferPointer(bytes), scale: Self.scale, type: Self.self)
            }
        }
        self.init(raw: try parsed.get())
    }

    /// Parses decimal ASCII bytes (a slice of a venue frame) without creating a `String`.
    @inlinable
    public init(ascii bytes: UnsafeRawBufferPointer) throws(DecimalError) {
        self.init(raw: try parseFixedPoint(bytes, scale: Self.scale, type: Self.self))
    }

    /// Converts a `Double` exactly by its shortest round-trip decimal form (`0.1` is `"0.1"`).
    /// A double whose shortest form needs more digits than the scale (`0.1 + 0.2`) is an error,
    /// so script numbers never become prices by silent rounding.
    public init(converting value: Double) throws(DecimalError) {
        guard value.isFinite else {
            throw DecimalError(.notFinite, input: "\(value)", type: Self.self)
        }
        try self.init("\(value)")
    }

    /// Converts an integer count of whole units (`3` is `3.000…`).
    public init(units: Int64) throws(DecimalError) {
        let (value, overflow) = units.multipliedReportingOverflow(by: powersOfTen[Self.scale])
        guard !overflow else { throw DecimalError(.outOfRange, input: "\(units)", type: Self.self) }
        self.init(raw: value)
    }

    // MARK: Formatting

    /// The shortest exact decimal form: `"0.000123"`, `"-1.5"`, `"42"`.
    public var description: String { formatDecimal(raw, scale: Self.scale, minimumDecimals: 0) }

    /// Exactly `decimals` fractional digits (`"0.00012300"` for 8), rounding with `mode` if the
    /// value carries more digits than that. `decimals` may exceed the scale (zeros are appended).
    public func formatted(decimals: Int, rounding mode: RoundingMode = .toNearestOrEven) -> String {
        precondition(decimals >= 0 && decimals <= 18, "decimals must be 0...18")
        return String(unsafeUninitializedCapacity: 40) { buffer in
            writeASCII(decimals: decimals, rounding: mode, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(try container.decode(String.self))
    }

    // MARK: Checked arithmetic

    @inlinable
    public func adding(_ other: Self) throws(DecimalError) -> Self {
        let (value, overflow) = raw.addingReportingOverflow(other.raw)
        guard !overflow else { throw DecimalError.overflow("\(self) + \(other)", type: Self.self) }
        return Self(raw: value)
    }

    @inlinable
    public func subtracting(_ other: Self) throws(DecimalError) -> Self {
        let (value, overflow) = raw.subtractingReportingOverflow(other.raw)
        guard !overflow else { throw DecimalError.overflow("\(self) - \(other)", type: Self.self) }
        return Self(raw: value)
    }

    @inlinable
    public func multiplied(by factor: Int64) throws(DecimalError) -> Self {
        let (value, overflow) = raw.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw DecimalError.overflow("\(self) × \(factor)", type: Self.self) }
        return Self(raw: value)
    }

    @inlinable
    public func negated() throws(DecimalError) -> Self {
        guard raw != .min else { throw DecimalError.overflow("-(\(self))", type: Self.self) }
        return Self(raw: -raw)
    }

    @inlinable
    public var magnitude: Self { Self(raw: raw == .min ? .max : abs(raw)) }

    /// Sums that cannot overflow in practice (bounded by venue limits) may use the operators,
    /// which trap on overflow like Swift's integers; everything else uses the throwing forms.
    @inlinable public static func + (lhs: Self, rhs: Self) -> Self { Self(raw: lhs.raw + rhs.raw) }
    @inlinable public static func - (lhs: Self, rhs: Self) -> Self { Self(raw: lhs.raw - rhs.raw) }
    @inlinable public static prefix func - (value: Self) -> Self { Self(raw: -value.raw) }
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }

    // MARK: Rounding

    /// Rounds to a multiple of `increment` (a tick or lot size) with an explicit mode.
    public func rounded(toIncrement increment: Self, _ mode: RoundingMode) throws(DecimalError) -> Self {
        guard increment.raw > 0 else {
            throw DecimalError(.invalidIncrement, input: increment.description, type: Self.self)
        }
        return Self(raw: try roundRaw(raw, toMultipleOf: increment.raw, mode: mode))
    }

    /// Whether the value is an exact multiple of `increment`.
    @inlinable
    public func isMultiple(of increment: Self) -> Bool {
        increment.raw != 0 && raw % increment.raw == 0
    }

    /// Rescales to another fixed-point type, rounding with `mode` when digits are dropped.
    public func converted<T: FixedPointDecimal>(to: T.Type, _ mode: RoundingMode = .toNearestOrEven)
        throws(DecimalError) -> T
    {
        T(raw: try rescale(Int128(raw), from: Self.scale, to: T.scale, mode, context: description, type: T.self))
    }
}

/// How a value is brought onto a coarser grid (a tick, a lot, fewer decimals).
public enum RoundingMode: String, Sendable, Codable, CaseIterable {
    /// Toward zero (truncation): a sell quantity never exceeds what is held.
    case towardZero
    /// Away from zero.
    case awayFromZero
    /// Toward negative infinity (floor): a buy limit price never rises.
    case down
    /// Toward positive infinity (ceiling): a sell limit price never falls.
    case up
    /// To nearest, ties to even (banker's rounding).
    case toNearestOrEven
    /// To nearest, ties away from zero.
    case toNearestOrAwayFromZero
}

/// Rounds `value` to a multiple of `step` (> 0).
@usableFromInline
func roundRaw(_ value: Int64, toMultipleOf step: Int64, mode: RoundingMode) throws(DecimalError) -> Int64 {
    let rounded = roundQuotient(Int128(value), Int128(step), mode) * Int128(step)
    guard let result = Int64(exactly: rounded) else {
        throw DecimalError.overflow("round(\(value), \(step))", type: Int64.self)
    }
    return result
}

/// `numerator / denominator` (denominator > 0) rounded to an integer with `mode`.
@inlinable
func roundQuotient(_ numerator: Int128, _ denominator: Int128, _ mode: RoundingMode) -> Int128 {
    let q = numerator / denominator  // truncates toward zero
    let r = numerator % denominator  // same sign as the numerator
    if r == 0 { return q }
    let sign: Int128 = numerator < 0 ? -1 : 1
    switch mode {
    case .towardZero: return q
    case .awayFromZero: return q + sign
    case .down: return sign < 0 ? q - 1 : q
    case .up: return sign > 0 ? q + 1 : q
    case .toNearestOrEven, .toNearestOrAwayFromZero:
        let twice = r.magnitude * 2
        if twice > denominator.magnitude { return q + sign }
        if twice < denominator.magnitude { return q }
        if mode == .toNearestOrAwayFromZero { return q + sign }
        return q % 2 == 0 ? q : q + sign
    }
}

/// Moves a raw value between scales, rounding when digits are dropped; throws if it does not fit.
@usableFromInline
func rescale<T>(_ value: Int128, from: Int, to: Int, _ mode: RoundingMode, context: @autoclosure () -> String,
                type: T.Type) throws(DecimalError) -> Int64 {
    let result: Int128
    if to >= from {
        let factor = Int128(powersOfTen[to - from])
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw DecimalError(.outOfRange, input: context(), type: type) }
        result = product
    } else {
        result = roundQuotient(value, Int128(powersOfTen[from - to]), mode)
    }
    guard let narrow = Int64(exactly: result) else { throw DecimalError(.outOfRange, input: context(), type: type) }
    return narrow
}

/// Formats `raw × 10^-scale` with at least `minimumDecimals` fractional digits (trailing zeros
/// beyond that are dropped).
func formatDecimal(_ raw: Int64, scale: Int, minimumDecimals: Int) -> String {
    var digits = String(raw.magnitude)
    if scale > 0 {
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var integerPart = digits.prefix(digits.count - scale)
        var fraction = Substring(digits.suffix(scale))
        while fraction.count > minimumDecimals, fraction.last == "0" { fraction = fraction.dropLast() }
        if integerPart.isEmpty { integerPart = "0" }
        digits = fraction.isEmpty ? String(integerPart) : "\(integerPart).\(fraction)"
    }
    if minimumDecimals > scale {
        if !digits.contains(".") { digits += "." }
        let have = digits.count - (digits.firstIndex(of: ".").map { digits.distance(from: digits.startIndex, to: $0) } ?? 0) - 1
        digits += String(repeating: "0", count: minimumDecimals - have)
    }
    return raw < 0 ? "-" + digits : digits
}
