/// One price level of an L2 book: a price and the total quantity resting there.
@frozen
public struct BookLevel: Hashable, Sendable, Codable {
    public var price: Price
    public var quantity: Quantity

    @inlinable
    public init(price: Price, quantity: Quantity) {
        self.price = price
        self.quantity = quantity
    }
}
