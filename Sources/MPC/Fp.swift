/// An element of the prime field F_p with p = 2^127 - 1, the field every MPC share lives in.
///
/// The Mersenne modulus lets reduction replace division by a shift and an add, which is what keeps
/// batched multiplication cheap.
public struct Fp: Sendable, Hashable, CustomStringConvertible {
    /// The modulus 2^127 - 1.
    public static let modulus: UInt128 = (UInt128(1) << 127) - 1

    /// Canonical representative in [0, p).
    public let value: UInt128

    public static let zero = Fp(reduced: 0)
    public static let one = Fp(reduced: 1)

    /// Wraps a value already known to be in [0, p); skips the reduction on hot paths.
    @inlinable
    init(reduced: UInt128) { value = reduced }

    /// Reduces any 128-bit value into the field.
    @inlinable
    public init(_ raw: UInt128) {
        value = Fp.fold(raw)
    }

    /// Maps a signed integer into the field; negatives become p - |x|, the usual two's-complement-like
    /// encoding that comparison protocols rely on.
    @inlinable
    public init(signed x: Int64) {
        if x >= 0 {
            value = UInt128(x)
        } else {
            value = Fp.modulus - UInt128(x.magnitude)
        }
    }

    /// Interprets the element as a signed integer in (-p/2, p/2); nil if it does not fit in Int64.
    public var signedValue: Int64? {
        let half = Fp.modulus >> 1
        if value <= half {
            return value <= UInt128(Int64.max) ? Int64(value) : nil
        }
        let magnitude = Fp.modulus - value
        if magnitude <= UInt128(Int64.max) { return -Int64(magnitude) }
        if magnitude == UInt128(Int64.max) + 1 { return Int64.min }
        return nil
    }

    public var description: String { String(value) }

    /// One Mersenne fold plus a conditional subtract brings any UInt128 into [0, p).
    @inlinable
    static func fold(_ x: UInt128) -> UInt128 {
        var r = (x & modulus) &+ (x >> 127)
        if r >= modulus { r &-= modulus }
        return r
    }

    @inlinable
    public static func + (a: Fp, b: Fp) -> Fp {
        // Both operands are below 2^127, so the sum cannot overflow 128 bits.
        Fp(reduced: fold(a.value &+ b.value))
    }

    @inlinable
    public static func - (a: Fp, b: Fp) -> Fp {
        a.value >= b.value ? Fp(reduced: a.value &- b.value) : Fp(reduced: a.value &+ (modulus &- b.value))
    }

    @inlinable
    public static prefix func - (a: Fp) -> Fp {
        a.value == 0 ? a : Fp(reduced: modulus &- a.value)
    }

    @inlinable
    public static func * (a: Fp, b: Fp) -> Fp {
        let (high, low) = a.value.multipliedFullWidth(by: b.value)
        // product = high * 2^128 + low and 2^127 = 1 (mod p), so the bits above 127 fold back in.
        // high < 2^126 because both factors are below 2^127, so the shifted high part fits.
        let upper = (high << 1) | (low >> 127)
        return Fp(reduced: fold((low & modulus) &+ upper))
    }

    @inlinable
    public static func += (a: inout Fp, b: Fp) { a = a + b }
    @inlinable
    public static func -= (a: inout Fp, b: Fp) { a = a - b }
    @inlinable
    public static func *= (a: inout Fp, b: Fp) { a = a * b }

    /// Square-and-multiply exponentiation.
    public func power(_ exponent: UInt128) -> Fp {
        var result = Fp.one
        var base = self
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }

    /// Multiplicative inverse by Fermat; throws for zero instead of returning a meaningless value.
    public func inverse() throws(MPCError) -> Fp {
        guard value != 0 else { throw MPCError.divisionByZero }
        return power(Fp.modulus - 2)
    }
}
