import CohortCore

/// One market-data record as stored for replay: 40 bytes, fixed layout, little-endian.
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | local (receive) time, ns |
/// | 8 | 8 | exchange time, ns |
/// | 16 | 8 | price, raw `Price` (10^-9) |
/// | 24 | 8 | quantity, raw `Quantity` (10^-8) |
/// | 32 | 1 | kind |
/// | 33 | 1 | side (0 buy/bid, 1 sell/ask, 2 unknown) |
/// | 34 | 2 | flags (bit 0: last record of a venue message) |
/// | 36 | 4 | auxiliary (bar interval seconds; 0 otherwise) |
///
/// A venue message becomes one or more records; the last carries `endOfMessage`, so a replay can
/// deliver exactly one callback per venue message.
@frozen
public struct MarketRecord: Hashable, Sendable {
    public enum Kind: UInt8, Sendable {
        /// Empty both sides: the first record of a snapshot.
        case bookClear = 1
        /// An absolute level within a snapshot.
        case snapshotLevel = 2
        /// An absolute level update (zero quantity removes the level).
        case deltaLevel = 3
        case trade = 4
        /// Best bid or ask from a ticker (side says which).
        case quote = 5
    }

    public static let size = 40
    public static let endOfMessage: UInt16 = 1

    public var localTime: Int64
    public var exchangeTime: Int64
    public var price: Int64
    public var quantity: Int64
    public var kind: Kind
    /// 0 buy/bid, 1 sell/ask, 2 unknown (a trade without an aggressor).
    public var side: UInt8
    public var flags: UInt16
    public var auxiliary: UInt32

    @inlinable
    public init(localTime: Int64, exchangeTime: Int64, price: Int64, quantity: Int64, kind: Kind, side: UInt8,
                flags: UInt16 = 0, auxiliary: UInt32 = 0) {
        self.localTime = localTime
        self.exchangeTime = exchangeTime
        self.price = price
        self.quantity = quantity
        self.kind = kind
        self.side = side
        self.flags = flags
        self.auxiliary = auxiliary
    }

    @inlinable public var isEndOfMessage: Bool { flags & Self.endOfMessage != 0 }
    @inlinable public var bookSide: Side? { side == 0 ? .buy : side == 1 ? .sell : nil }

    @inlinable
    public func encode(into buffer: UnsafeMutableRawPointer) {
        buffer.storeBytes(of: localTime.littleEndian, toByteOffset: 0, as: Int64.self)
        buffer.storeBytes(of: exchangeTime.littleEndian, toByteOffset: 8, as: Int64.self)
        buffer.storeBytes(of: price.littleEndian, toByteOffset: 16, as: Int64.self)
        buffer.storeBytes(of: quantity.littleEndian, toByteOffset: 24, as: Int64.self)
        buffer.storeBytes(of: kind.rawValue, toByteOffset: 32, as: UInt8.self)
        buffer.storeBytes(of: side, toByteOffset: 33, as: UInt8.self)
        buffer.storeBytes(of: flags.littleEndian, toByteOffset: 34, as: UInt16.self)
        buffer.storeBytes(of: auxiliary.littleEndian, toByteOffset: 36, as: UInt32.self)
    }

    /// Decodes a record; `nil` for an unknown kind (a corrupt or future chunk).
    @inlinable
    public init?(decoding buffer: UnsafeRawPointer) {
        guard let kind = Kind(rawValue: buffer.load(fromByteOffset: 32, as: UInt8.self)) else { return nil }
        self.localTime = Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: 0, as: Int64.self))
        self.exchangeTime = Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: 8, as: Int64.self))
        self.price = Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: 16, as: Int64.self))
        self.quantity = Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: 24, as: Int64.self))
        self.kind = kind
        self.side = buffer.load(fromByteOffset: 33, as: UInt8.self)
        self.flags = UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: 34, as: UInt16.self))
        self.auxiliary = UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
    }
}
