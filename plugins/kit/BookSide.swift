/// One side of a price-level book kept sorted best-first, keyed by raw fixed-point price.
///
/// A sorted array with binary search beats a tree at venue depths (hundreds to a few thousand
/// levels) because updates cluster near the top and the array stays cache-resident.
public struct BookSide: Sendable, Equatable {
    /// Raw price (1e-9) and quantity (1e-8) of one level.
    public struct Level: Sendable, Equatable {
        public var price: Int64
        public var quantity: Int64
        public init(price: Int64, quantity: Int64) { self.price = price; self.quantity = quantity }
    }

    /// True for bids (descending prices), false for asks (ascending).
    public let descending: Bool
    /// Levels, best first.
    public private(set) var levels: [Level] = []

    /// An empty side.
    public init(descending: Bool) { self.descending = descending }

    private func index(of price: Int64) -> (Int, Bool) {
        var low = 0
        var high = levels.count
        while low < high {
            let mid = (low + high) / 2
            let p = levels[mid].price
            if p == price { return (mid, true) }
            if descending ? p > price : p < price { low = mid + 1 } else { high = mid }
        }
        return (low, false)
    }

    /// Sets the quantity at `price`; zero removes the level.
    public mutating func set(price: Int64, quantity: Int64) {
        let (i, found) = index(of: price)
        if quantity == 0 {
            if found { levels.remove(at: i) }
        } else if found {
            levels[i].quantity = quantity
        } else {
            levels.insert(Level(price: price, quantity: quantity), at: i)
        }
    }

    /// Drops every level.
    public mutating func removeAll() { levels.removeAll(keepingCapacity: true) }

    /// Keeps only the best `depth` levels (venues that publish a bounded depth drop the rest).
    public mutating func truncate(to depth: Int) {
        if levels.count > depth { levels.removeLast(levels.count - depth) }
    }
}
