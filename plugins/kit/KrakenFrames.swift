/// Parsing of Kraken WS v2 `book` frames into kit types.
public enum KrakenFrames {
    /// One book entry of a v2 `book` message.
    public struct BookMessage: Sendable, Equatable {
        public var isSnapshot: Bool
        public var symbol: String
        public var bids: [BookSide.Level]
        public var asks: [BookSide.Level]
        public var checksum: UInt32
    }

    /// Why a Kraken frame could not be used.
    public enum FrameError: Error, Equatable, Sendable {
        case json(JSON.ParseError)
        case missingField(String)
        case badDecimal(field: String, FixedDecimal.ParseError)
        case notBookChannel
    }

    /// Parses a `{"channel":"book","type":"snapshot"|"update","data":[…]}` frame.
    public static func book(_ bytes: [UInt8]) -> Result<[BookMessage], FrameError> {
        let root: JSON
        do { root = try JSON.parse(bytes) } catch { return .failure(.json(error)) }
        guard root["channel"]?.stringValue == "book" else { return .failure(.notBookChannel) }
        guard let type = root["type"]?.stringValue, type == "snapshot" || type == "update" else {
            return .failure(.missingField("type"))
        }
        guard let data = root["data"]?.arrayValue else { return .failure(.missingField("data")) }
        var out: [BookMessage] = []
        for entry in data {
            guard let symbol = entry["symbol"]?.stringValue else { return .failure(.missingField("data.symbol")) }
            guard let checksumValue = entry["checksum"]?.uint64Value, checksumValue <= UInt64(UInt32.max) else {
                return .failure(.missingField("data.checksum"))
            }
            let bids: [BookSide.Level]
            switch levels(entry["bids"], field: "bids") {
            case let .success(l): bids = l
            case let .failure(e): return .failure(e)
            }
            let asks: [BookSide.Level]
            switch levels(entry["asks"], field: "asks") {
            case let .success(l): asks = l
            case let .failure(e): return .failure(e)
            }
            out.append(.init(isSnapshot: type == "snapshot", symbol: symbol, bids: bids, asks: asks,
                             checksum: UInt32(checksumValue)))
        }
        return .success(out)
    }

    private static func levels(_ json: JSON?, field: String) -> Result<[BookSide.Level], FrameError> {
        guard let rows = json?.arrayValue else { return .failure(.missingField(field)) }
        var out: [BookSide.Level] = []
        for row in rows {
            guard let p = row["price"]?.decimalText, let q = row["qty"]?.decimalText else {
                return .failure(.missingField("\(field).price/qty"))
            }
            guard case let .success(price) = FixedDecimal.parse(p, decimals: FixedDecimal.priceDecimals), price >= 0 else {
                return .failure(.badDecimal(field: "\(field).price", FixedDecimal.parse(p, decimals: FixedDecimal.priceDecimals).failureValue ?? .negativeNotAllowed))
            }
            guard case let .success(qty) = FixedDecimal.parse(q, decimals: FixedDecimal.quantityDecimals), qty >= 0 else {
                return .failure(.badDecimal(field: "\(field).qty", FixedDecimal.parse(q, decimals: FixedDecimal.quantityDecimals).failureValue ?? .negativeNotAllowed))
            }
            out.append(.init(price: price, quantity: qty))
        }
        return .success(out)
    }
}

extension Result {
    /// The error, if this is a failure.
    var failureValue: Failure? { if case let .failure(e) = self { return e }; return nil }
}
