/// Parsing of Binance Spot market-data frames into kit types.
public enum BinanceFrames {
    /// Why a Binance frame could not be used.
    public enum FrameError: Error, Equatable, Sendable {
        case json(JSON.ParseError)
        case missingField(String)
        case badDecimal(field: String, FixedDecimal.ParseError)
        case unexpectedEvent(String)
    }

    /// Parses a raw or combined-stream (`{"stream":…,"data":…}`) `depthUpdate` frame.
    public static func depthEvent(_ bytes: [UInt8]) -> Result<BinanceDepthSync.DepthEvent, FrameError> {
        let root: JSON
        do { root = try JSON.parse(bytes) } catch { return .failure(.json(error)) }
        return depthEvent(root["data"] ?? root)
    }

    /// Parses an already decoded `depthUpdate` object.
    public static func depthEvent(_ json: JSON) -> Result<BinanceDepthSync.DepthEvent, FrameError> {
        guard let kind = json["e"]?.stringValue else { return .failure(.missingField("e")) }
        guard kind == "depthUpdate" else { return .failure(.unexpectedEvent(kind)) }
        guard let first = json["U"]?.uint64Value else { return .failure(.missingField("U")) }
        guard let final = json["u"]?.uint64Value else { return .failure(.missingField("u")) }
        guard let bidsJSON = json["b"] else { return .failure(.missingField("b")) }
        guard let asksJSON = json["a"] else { return .failure(.missingField("a")) }
        switch (levels(bidsJSON, field: "b"), levels(asksJSON, field: "a")) {
        case let (.success(bids), .success(asks)):
            return .success(.init(firstUpdateId: first, finalUpdateId: final, bids: bids, asks: asks))
        case let (.failure(e), _), let (_, .failure(e)):
            return .failure(e)
        }
    }

    /// Parses a REST `/api/v3/depth` snapshot body.
    public static func snapshot(_ bytes: [UInt8]) -> Result<BinanceDepthSync.Snapshot, FrameError> {
        let root: JSON
        do { root = try JSON.parse(bytes) } catch { return .failure(.json(error)) }
        guard let id = root["lastUpdateId"]?.uint64Value else { return .failure(.missingField("lastUpdateId")) }
        guard let b = root["bids"] else { return .failure(.missingField("bids")) }
        guard let a = root["asks"] else { return .failure(.missingField("asks")) }
        switch (levels(b, field: "bids"), levels(a, field: "asks")) {
        case let (.success(bids), .success(asks)):
            return .success(.init(lastUpdateId: id, bids: bids, asks: asks))
        case let (.failure(e), _), let (_, .failure(e)):
            return .failure(e)
        }
    }

    /// `[["price","qty"], …]` to fixed-point levels.
    public static func levels(_ json: JSON, field: String) -> Result<[BookSide.Level], FrameError> {
        guard let rows = json.arrayValue else { return .failure(.missingField(field)) }
        var out: [BookSide.Level] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            guard let pair = row.arrayValue, pair.count >= 2,
                  let priceText = pair[0].decimalText, let qtyText = pair[1].decimalText
            else { return .failure(.missingField("\(field)[price, qty]")) }
            let price: Int64
            switch FixedDecimal.parse(priceText, decimals: FixedDecimal.priceDecimals) {
            case let .success(v): price = v
            case let .failure(e): return .failure(.badDecimal(field: "\(field).price", e))
            }
            let qty: Int64
            switch FixedDecimal.parse(qtyText, decimals: FixedDecimal.quantityDecimals) {
            case let .success(v): qty = v
            case let .failure(e): return .failure(.badDecimal(field: "\(field).qty", e))
            }
            if price < 0 { return .failure(.badDecimal(field: "\(field).price", .negativeNotAllowed)) }
            if qty < 0 { return .failure(.badDecimal(field: "\(field).qty", .negativeNotAllowed)) }
            out.append(.init(price: price, quantity: qty))
        }
        return .success(out)
    }
}
