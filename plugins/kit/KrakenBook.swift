/// Kraken WS v2 `book` channel state with CRC32 verification on every message.
///
/// The checksum covers the top 10 levels per side, asks best-first then bids best-first, each
/// price and quantity printed at the pair's precision with the '.' removed and leading zeros
/// stripped. A mismatch means the local book is wrong: the caller must resubscribe.
public struct KrakenBook: Sendable {
    /// Outcome of one snapshot or update.
    public enum Outcome: Sendable, Equatable {
        case ok
        case checksumMismatch(expected: UInt32, computed: UInt32)
    }

    public let pricePrecision: Int
    public let quantityPrecision: Int
    /// Subscribed depth; levels beyond it are dropped after each update, as Kraken does.
    public let depth: Int
    public private(set) var bids = BookSide(descending: true)
    public private(set) var asks = BookSide(descending: false)

    /// An empty book for a pair with the given printed precisions.
    public init(pricePrecision: Int, quantityPrecision: Int, depth: Int = 10) {
        self.pricePrecision = pricePrecision
        self.quantityPrecision = quantityPrecision
        self.depth = depth
    }

    /// Replaces the book with a snapshot and verifies its checksum.
    public mutating func applySnapshot(bids newBids: [BookSide.Level], asks newAsks: [BookSide.Level],
                                       checksum: UInt32) -> Outcome {
        bids.removeAll()
        asks.removeAll()
        return applyUpdate(bids: newBids, asks: newAsks, checksum: checksum)
    }

    /// Applies an update (quantity 0 deletes), truncates to depth and verifies the checksum.
    public mutating func applyUpdate(bids newBids: [BookSide.Level], asks newAsks: [BookSide.Level],
                                     checksum: UInt32) -> Outcome {
        for level in newBids { bids.set(price: level.price, quantity: level.quantity) }
        for level in newAsks { asks.set(price: level.price, quantity: level.quantity) }
        bids.truncate(to: depth)
        asks.truncate(to: depth)
        let computed = computeChecksum()
        return computed == checksum ? .ok : .checksumMismatch(expected: checksum, computed: computed)
    }

    /// The string the checksum is taken over (exposed for tests against documented strings).
    public func checksumString() -> (asks: String, bids: String) {
        (render(asks.levels.prefix(10)), render(bids.levels.prefix(10)))
    }

    /// CRC32 of asks string followed by bids string.
    public func computeChecksum() -> UInt32 {
        var crc = CRC32()
        let (a, b) = checksumString()
        crc.update(a.utf8)
        crc.update(b.utf8)
        return crc.value
    }

    private func render(_ levels: ArraySlice<BookSide.Level>) -> String {
        var out = ""
        for level in levels {
            out += Self.digits(FixedDecimal.format(level.price, decimals: FixedDecimal.priceDecimals, precision: pricePrecision))
            out += Self.digits(FixedDecimal.format(level.quantity, decimals: FixedDecimal.quantityDecimals, precision: quantityPrecision))
        }
        return out
    }

    private static func digits(_ text: String) -> String {
        let noDot = text.filter { $0 != "." }
        let trimmed = noDot.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}
