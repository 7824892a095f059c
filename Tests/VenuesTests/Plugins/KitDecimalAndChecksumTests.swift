import CohortPluginKit
import Foundation
import PropertyBased
import Testing

@Suite struct FixedDecimalTests {
    @Test func parsesVenueDecimalsExactlyIntoCoreScales() {
        #expect(FixedDecimal.parse("61737.63000000", decimals: 9) == .success(61_737_630_000_000))
        #expect(FixedDecimal.parse("0.0024", decimals: 8) == .success(240_000))
        #expect(FixedDecimal.parse("10", decimals: 8) == .success(1_000_000_000))
    }

    @Test func rejectsDigitsFinerThanTheScaleInsteadOfRounding() {
        #expect(FixedDecimal.parse("0.123456789", decimals: 8) == .failure(.tooManyFractionDigits(allowed: 8)))
        #expect(FixedDecimal.parse("0.1234567800", decimals: 8) == .success(12_345_678))
    }

    @Test func reportsGarbageOverflowAndEmptyInput() {
        #expect(FixedDecimal.parse("1x", decimals: 8) == .failure(.invalidCharacter(position: 1)))
        #expect(FixedDecimal.parse("99999999999999999999", decimals: 8) == .failure(.overflow))
        #expect(FixedDecimal.parse("", decimals: 8) == .failure(.empty))
        #expect(FixedDecimal.parse("1.2.3", decimals: 8) == .failure(.invalidCharacter(position: 3)))
    }

    @Test func formatPadsToThePairPrecision() {
        #expect(FixedDecimal.format(566_000_000, decimals: 9, precision: 4) == "0.5660")
        #expect(FixedDecimal.format(1_809_715_470_000, decimals: 8, precision: 8) == "18097.15470000")
    }

    @Test func formatThenParseRoundTrips() async {
        await propertyCheck(input: Gen.int(in: 0...Int(Int64.max / 1000))) { value in
            let raw = Int64(value)
            let text = FixedDecimal.format(raw, decimals: 9, precision: 9)
            #expect(FixedDecimal.parse(text, decimals: 9) == .success(raw))
        }
    }
}

@Suite struct KrakenChecksumTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func everyChecksumVectorInTheFixtureMatches() throws {
        let vectors = try JSON.parse(try PluginFixtures.bytes("kraken", "checksum_vectors.json"))
        let list = try #require(vectors["vectors"]?.arrayValue)
        let btc = try #require(list.first { $0["name"]?.stringValue == "btc_usd_worked_example" })
        let asks = try #require(btc["asks_string"]?.stringValue)
        let bids = try #require(btc["bids_string"]?.stringValue)
        #expect(UInt64(CRC32.checksum(Array((asks + bids).utf8))) == btc["expected_checksum"]?.uint64Value)

        // Rebuild the BTC book from its message and check the rendered strings too.
        let message = try KrakenFrames.book(try PluginFixtures.bytes("kraken", "ws_v2_book_checksum_worked_example_btc_usd.json")).get()[0]
        var book = KrakenBook(pricePrecision: 1, quantityPrecision: 8)
        #expect(book.applySnapshot(bids: message.bids, asks: message.asks, checksum: message.checksum) == .ok)
        #expect(book.checksumString().asks == asks)
        #expect(book.checksumString().bids == bids)
    }

    @Test func maticSnapshotThenUpdateVerifiesBothChecksums() throws {
        let snapshot = try KrakenFrames.book(try PluginFixtures.bytes("kraken", "ws_v2_book_snapshot_matic_usd.json")).get()[0]
        let update = try KrakenFrames.book(try PluginFixtures.bytes("kraken", "ws_v2_book_update_matic_usd.json")).get()[0]
        #expect(snapshot.checksum == 2_439_117_997)
        var book = KrakenBook(pricePrecision: 4, quantityPrecision: 8)
        #expect(book.applySnapshot(bids: snapshot.bids, asks: snapshot.asks, checksum: snapshot.checksum) == .ok)
        #expect(book.applyUpdate(bids: update.bids, asks: update.asks, checksum: update.checksum) == .ok)
        #expect(update.checksum == 2_114_181_697)
    }

    @Test func aCorruptedLevelIsReportedAsChecksumMismatch() throws {
        let snapshot = try KrakenFrames.book(try PluginFixtures.bytes("kraken", "ws_v2_book_snapshot_matic_usd.json")).get()[0]
        var book = KrakenBook(pricePrecision: 4, quantityPrecision: 8)
        _ = book.applySnapshot(bids: snapshot.bids, asks: snapshot.asks, checksum: snapshot.checksum)
        let outcome = book.applyUpdate(bids: [.init(price: 565_700_000, quantity: 1)], asks: [], checksum: 2_114_181_697)
        guard case .checksumMismatch(expected: 2_114_181_697, computed: _) = outcome else {
            Issue.record("expected a mismatch, got \(outcome)")
            return
        }
    }
}
