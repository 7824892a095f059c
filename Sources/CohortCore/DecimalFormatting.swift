extension FixedPointDecimal {
    /// Writes the value with exactly `decimals` fractional digits (rounding with `mode` when the
    /// value carries more) as ASCII into `buffer`, which must hold at least 40 bytes, and returns
    /// the number of bytes written. Allocation-free: for request builders and checksums.
    @inlinable
    public func writeASCII(decimals: Int, rounding mode: RoundingMode = .toNearestOrEven,
                           into buffer: UnsafeMutableRawBufferPointer) -> Int {
        precondition(decimals >= 0 && decimals <= 18 && buffer.count >= 40)
        var magnitude: UInt64
        var negative = raw < 0
        var fractionDigits = Self.scale
        if decimals < Self.scale {
            let step = powersOfTen[Self.scale - decimals]
            let rounded = roundQuotient(Int128(raw), Int128(step), mode)
            negative = rounded < 0
            magnitude = UInt64(rounded.magnitude)
            fractionDigits = decimals
        } else {
            magnitude = raw.magnitude
        }
        if magnitude == 0 { negative = false }
        // Digits, least significant first, into a scratch area at the end of the buffer.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        let count = withUnsafeMutableBytes(of: &scratch) { digits -> Int in
            var n = 0
            repeat {
                digits[n] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
                n += 1
            } while magnitude != 0
            // Pad so that there is at least one integer digit.
            while n <= fractionDigits {
                digits[n] = UInt8(ascii: "0")
                n += 1
            }
            return n
        }
        var out = 0
        if negative {
            buffer[0] = UInt8(ascii: "-")
            out = 1
        }
        withUnsafeBytes(of: &scratch) { digits in
            var i = count - 1
            while i >= fractionDigits {
                buffer[out] = digits[i]
                out += 1
                i -= 1
            }
            if decimals > 0 {
                buffer[out] = UInt8(ascii: ".")
                out += 1
                while i >= 0 {
                    buffer[out] = digits[i]
                    out += 1
                    i -= 1
                }
                for _ in fractionDigits..<decimals {
                    buffer[out] = UInt8(ascii: "0")
                    out += 1
                }
            }
        }
        return out
    }
}
