/// Exact decimal-string <-> fixed-point conversion for venue payloads.
///
/// Venues print prices and quantities as decimal text; binary floats would lose cents, so the
/// kit parses digits straight into the int64 raw values the ABI carries (see cohort_plugin.h).
public enum FixedDecimal {
    /// Why a decimal could not be converted.
    public enum ParseError: Error, Equatable, Sendable {
        case empty
        case invalidCharacter(position: Int)
        case tooManyFractionDigits(allowed: Int)
        case overflow
        case negativeNotAllowed
    }

    /// Price scale exponent (1e-9), quantity (1e-8), money (1e-9), as in the C header.
    public static let priceDecimals = 9
    public static let quantityDecimals = 8
    public static let moneyDecimals = 9

    /// Parses `text` (e.g. "0.00240000") to a raw integer with `decimals` fraction digits.
    /// Extra fraction digits are accepted only when they are zeros, so nothing is silently rounded.
    public static func parse<C: Collection>(_ text: C, decimals: Int) -> Result<Int64, ParseError>
    where C.Element == UInt8 {
        var value: Int64 = 0
        var fraction = -1
        var negative = false
        var sawDigit = false
        var position = 0
        for byte in text {
            defer { position += 1 }
            if byte == UInt8(ascii: "-") && position == 0 { negative = true; continue }
            if byte == UInt8(ascii: ".") {
                if fraction >= 0 { return .failure(.invalidCharacter(position: position)) }
                fraction = 0
                continue
            }
            guard byte >= 48 && byte <= 57 else { return .failure(.invalidCharacter(position: position)) }
            sawDigit = true
            let digit = Int64(byte - 48)
            if fraction >= 0 {
                if fraction >= decimals {
                    if digit != 0 { return .failure(.tooManyFractionDigits(allowed: decimals)) }
                    continue
                }
                fraction += 1
            }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { return .failure(.overflow) }
            value = plus
        }
        guard sawDigit else { return .failure(.empty) }
        var remaining = decimals - max(fraction, 0)
        while remaining > 0 {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return .failure(.overflow) }
            value = times
            remaining -= 1
        }
        return .success(negative ? -value : value)
    }

    /// String convenience for `parse(_:decimals:)`.
    public static func parse(_ text: String, decimals: Int) -> Result<Int64, ParseError> {
        parse(Array(text.utf8), decimals: decimals)
    }

    /// Renders a raw value (scale `decimals`) with exactly `precision` fraction digits, truncating
    /// finer digits (venues only print values already on their precision grid).
    public static func format(_ raw: Int64, decimals: Int, precision: Int) -> String {
        let negative = raw < 0
        let magnitude = raw.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        let whole = magnitude / divisor
        var fraction = magnitude % divisor
        var shown = decimals
        while shown > precision { fraction /= 10; shown -= 1 }
        var fractionText = String(fraction)
        while fractionText.count < shown { fractionText = "0" + fractionText }
        while shown < precision { fractionText += "0"; shown += 1 }
        let body = precision > 0 ? "\(whole).\(fractionText)" : "\(whole)"
        return negative ? "-" + body : body
    }
}
