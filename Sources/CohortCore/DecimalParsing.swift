/// Parses ASCII decimal text into a raw fixed-point integer at `scale` decimal places.
///
/// Grammar: `[+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?` with at least one digit before
/// the exponent. Zeros are held back until a non-zero digit follows, so trailing zeros past the
/// scale (`"1.0000000000000"`) and long zero runs never overflow; any non-zero digit past the
/// scale is a `.tooPrecise` error, never a silent rounding.
@inlinable
func parseFixedPoint<T>(_ bytes: UnsafeRawBufferPointer, scale: Int, type: T.Type) throws(DecimalError) -> Int64 {
    if let value = parseFixedPointFast(bytes, scale: scale) { return value }
    return try parseFixedPointGeneral(bytes, scale: scale, type: type)
}

/// The common shape `[-]digits[.digits]` with at most 18 significant digits and no more fraction
/// digits than the scale: one pass, no exponent, no pending zeros. `nil` means "use the general
/// parser" (which also produces the precise error).
@inlinable @inline(__always)
func parseFixedPointFast(_ bytes: UnsafeRawBufferPointer, scale: Int) -> Int64? {
    let count = bytes.count
    guard count > 0, count <= 20, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
    var index = 0
    let negative = base[0] == UInt8(ascii: "-")
    if negative { index = 1 }
    var value: UInt64 = 0
    let integerStart = index
    while index < count {
        let digit = base[index] &- UInt8(ascii: "0")
        if digit >= 10 { break }
        value = value &* 10 &+ UInt64(digit)
        index += 1
    }
    var digits = index - integerStart
    var fractionDigits = 0
    if index < count {
        guard base[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        let fractionStart = index
        while index < count {
            let digit = base[index] &- UInt8(ascii: "0")
            if digit >= 10 { return nil }
            value = value &* 10 &+ UInt64(digit)
            index += 1
        }
        fractionDigits = index - fractionStart
        digits += fractionDigits
    }
    guard digits > 0, digits <= 18, fractionDigits <= scale else { return nil }
    let shift = scale - fractionDigits
    // value < 10^18 and shift <= scale: the product is checked against Int64's range.
    let (scaled, overflow) = value.multipliedReportingOverflow(by: UInt64(powersOfTen[shift]))
    guard !overflow, scaled <= UInt64(Int64.max) else { return nil }
    return negative ? -Int64(scaled) : Int64(scaled)
}

@usableFromInline
func parseFixedPointGeneral<T>(_ bytes: UnsafeRawBufferPointer, scale: Int, type: T.Type) throws(DecimalError) -> Int64 {
    let count = bytes.count
    guard count > 0 else { throw DecimalError(.empty, input: "", type: type) }
    var index = 0
    var negative = false
    let first = bytes[0]
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
        negative = first == UInt8(ascii: "-")
        index = 1
    }
    var mantissa: UInt64 = 0
    var pendingZeros = 0  // zeros seen but not yet multiplied into the mantissa
    var fractionDigits = 0  // digits after the point multiplied into the mantissa
    var pendingFractionZeros = 0  // of the pending zeros, those after the point
    var sawDigit = false
    var sawPoint = false
    var exponent = 0

    while index < count {
        let byte = bytes[index]
        let digit = byte &- UInt8(ascii: "0")
        if digit < 10 {
            sawDigit = true
            if digit == 0 {
                if mantissa != 0 || sawPoint {
                    pendingZeros += 1
                    if sawPoint { pendingFractionZeros += 1 }
                }
            } else {
                if pendingZeros > 0 {
                    guard pendingZeros <= 19, mantissa <= UInt64.max / UInt64(powersOfTen[min(pendingZeros, 18)]) else {
                        throw DecimalError(.outOfRange, bytes: bytes, type: type)
                    }
                    mantissa &*= UInt64(powersOfTen[pendingZeros])
                    fractionDigits += pendingFractionZeros
                    pendingZeros = 0
                    pendingFractionZeros = 0
                }
                let (times10, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
                guard !o1 && !o2 else { throw DecimalError(.outOfRange, bytes: bytes, type: type) }
                mantissa = sum
                if sawPoint { fractionDigits += 1 }
            }
        } else if byte == UInt8(ascii: ".") && !sawPoint {
            sawPoint = true
            // Integer-part zeros are significant: apply them before the fraction starts.
            if pendingZeros > 0 {
                guard mantissa == 0 || (pendingZeros <= 18
                    && mantissa <= UInt64.max / UInt64(powersOfTen[pendingZeros]))
                else { throw DecimalError(.outOfRange, bytes: bytes, type: type) }
                mantissa &*= UInt64(powersOfTen[min(pendingZeros, 18)])
                pendingZeros = 0
            }
        } else if (byte | 0x20) == UInt8(ascii: "e") {
            guard sawDigit else { throw DecimalError(.missingDigits, bytes: bytes, type: type) }
            exponent = try parseExponent(bytes, from: index + 1, type: type)
            index = count
            break
        } else {
            throw DecimalError(.invalidCharacter(offset: index), bytes: bytes, type: type)
        }
        index += 1
    }
    guard sawDigit else { throw DecimalError(.missingDigits, bytes: bytes, type: type) }
    // Zeros still pending belong to the integer part only if no point was seen.
    let integerZeros = sawPoint ? pendingZeros - pendingFractionZeros : pendingZeros
    if mantissa == 0 { return 0 }
    let shift = scale + exponent + integerZeros - fractionDigits
    var magnitude = mantissa
    if shift >= 0 {
        guard shift <= 18, magnitude <= UInt64.max / UInt64(powersOfTen[shift]) else {
            throw DecimalError(.outOfRange, bytes: bytes, type: type)
        }
        magnitude &*= UInt64(powersOfTen[shift])
    } else {
        guard -shift <= 18 else { throw DecimalError(.tooPrecise(scale: scale), bytes: bytes, type: type) }
        let divisor = UInt64(powersOfTen[-shift])
        guard magnitude % divisor == 0 else {
            throw DecimalError(.tooPrecise(scale: scale), bytes: bytes, type: type)
        }
        magnitude /= divisor
    }
    if negative {
        guard magnitude <= UInt64(Int64.max) else { throw DecimalError(.outOfRange, bytes: bytes, type: type) }
        return -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else { throw DecimalError(.outOfRange, bytes: bytes, type: type) }
    return Int64(magnitude)
}

@usableFromInline
func parseExponent<T>(_ bytes: UnsafeRawBufferPointer, from start: Int, type: T.Type) throws(DecimalError) -> Int {
    var index = start
    var negative = false
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
        negative = bytes[index] == UInt8(ascii: "-")
        index += 1
    }
    guard index < bytes.count else { throw DecimalError(.missingDigits, bytes: bytes, type: type) }
    var value = 0
    while index < bytes.count {
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else { throw DecimalError(.invalidCharacter(offset: index), bytes: bytes, type: type) }
        value = value * 10 + Int(digit)
        // Any exponent this large is out of range for 64-bit fixed point whatever the mantissa.
        guard value < 1000 else { throw DecimalError(.outOfRange, bytes: bytes, type: type) }
        index += 1
    }
    return negative ? -value : value
}
