import CohortPluginKit
import Foundation
import PropertyBased
import Testing

@Suite struct BinanceDepthSyncTests {
    private func scenario() throws -> JSON { try JSON.parse(try PluginFixtures.bytes("binance", "book_sync_scenario.json")) }

    private func levels(_ json: JSON?) throws -> [BookSide.Level] {
        try BinanceFrames.levels(try #require(json), field: "test").get()
    }

    @Test func documentedScenarioDropsStaleEventAndEndsAtExpectedBook() throws {
        let fixture = try scenario()
        var sync = BinanceDepthSync()
        var actions: [BinanceDepthSync.Action] = []
        for event in try #require(fixture["buffered_events"]?.arrayValue) {
            actions += sync.receive(try BinanceFrames.depthEvent(event).get())
        }
        #expect(actions == [.requestSnapshot])
        let snapshotJSON = try #require(fixture["snapshot"])
        let snapshot = BinanceDepthSync.Snapshot(
            lastUpdateId: try #require(snapshotJSON["lastUpdateId"]?.uint64Value),
            bids: try levels(snapshotJSON["bids"]), asks: try levels(snapshotJSON["asks"]))
        let after = sync.receive(snapshot)
        let expected = try #require(fixture["expected"])
        #expect(after.first == .synced(lastUpdateId: 112))
        #expect(after.contains(.applied(firstUpdateId: 106, finalUpdateId: 110)))
        #expect(sync.discardedFinalIds == [105])
        #expect(sync.lastUpdateId == expected["book_update_id"]?.uint64Value)
        #expect(sync.bids.levels == (try levels(expected["bids"])))
        #expect(sync.asks.levels == (try levels(expected["asks"])))

        let gap = try BinanceFrames.depthEvent(try #require(fixture["gap_case"]?["next_event"])).get()
        let gapActions = sync.receive(gap)
        #expect(gapActions.count == 2)
        #expect(gapActions.last == .requestSnapshot)
        #expect(sync.phase == .waitingForSnapshot)
        #expect(sync.bids.levels.isEmpty && sync.asks.levels.isEmpty)
    }

    @Test func snapshotOlderThanFirstBufferedEventAsksForAnother() {
        var sync = BinanceDepthSync()
        _ = sync.receive(.init(firstUpdateId: 200, finalUpdateId: 210, bids: [], asks: []))
        #expect(sync.receive(.init(lastUpdateId: 150, bids: [], asks: [])) == [.requestSnapshot])
        #expect(sync.phase == .waitingForSnapshot)
    }

    @Test func firstLiveEventThatDoesNotStraddleTriggersResync() {
        var sync = BinanceDepthSync()
        _ = sync.receive(.init(firstUpdateId: 100, finalUpdateId: 105, bids: [], asks: []))
        _ = sync.receive(.init(firstUpdateId: 120, finalUpdateId: 125, bids: [], asks: []))
        let actions = sync.receive(.init(lastUpdateId: 110, bids: [], asks: []))
        #expect(actions.last == .requestSnapshot)
        #expect(sync.phase == .waitingForSnapshot)
    }

    @Test func recordedBinanceFeedSynchronisesWithoutAnyGap() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", "/work/shared/data/hftbacktest/binance_spot/btcusdt_20240808.gz"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        var sync = BinanceDepthSync()
        var applied = 0
        var snapshots = 0
        let depthMarker = Array("depthUpdate".utf8)
        let snapshotMarker = Array("lastUpdateId".utf8)
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { continue }
            let body = Array(line[line.index(after: space)...])
            if body.starts(with: Array("{\"lastUpdateId\"".utf8)) || (contains(body, snapshotMarker) && !contains(body, depthMarker)) {
                guard sync.phase == .waitingForSnapshot else { continue }
                snapshots += 1
                for action in sync.receive(try BinanceFrames.snapshot(body).get()) {
                    if case let .resync(reason) = action { Issue.record("resync after snapshot: \(reason)") }
                    if case .applied = action { applied += 1 }
                }
            } else if contains(body, depthMarker) {
                for action in sync.receive(try BinanceFrames.depthEvent(body).get()) {
                    if case let .resync(reason) = action { Issue.record("resync: \(reason)") }
                    if case .applied = action { applied += 1 }
                }
            }
        }
        #expect(snapshots == 1)
        #expect(sync.phase == .synced)
        #expect(applied > 3000)
        let bestBid = try #require(sync.bids.levels.first?.price)
        let bestAsk = try #require(sync.asks.levels.first?.price)
        #expect(bestBid < bestAsk)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        let limit = min(haystack.count - needle.count, 200)
        for start in 0...limit where haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        return false
    }
}

@Suite struct MalformedFrameTests {
    private static let seeds: [[UInt8]] = [
        Array(#"{"e":"depthUpdate","E":1,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}"#.utf8),
        Array(#"{"lastUpdateId":1027024,"bids":[["4.00000000","431.00000000"]],"asks":[["4.00000200","12.00000000"]]}"#.utf8),
        Array(#"{"channel":"book","type":"update","data":[{"symbol":"MATIC/USD","bids":[{"price":0.5657,"qty":1098.3947558}],"asks":[],"checksum":2114181697}]}"#.utf8),
    ]

    /// Truncates, overwrites bytes, swaps in wrong types and huge numbers, then feeds every parser.
    private static func mutate(_ seed: [UInt8], cut: Int, position: Int, byte: Int, mode: Int) -> [UInt8] {
        var frame = seed
        switch mode {
        case 0: frame = Array(frame.prefix(cut % (frame.count + 1)))
        case 1: frame[position % frame.count] = UInt8(byte)
        case 2:
            let text = String(decoding: frame, as: UTF8.self)
            frame = Array(text.replacingOccurrences(of: "\"0.0024\"", with: "99999999999999999999999").utf8)
            frame = Array(String(decoding: frame, as: UTF8.self).replacingOccurrences(of: "0.5657", with: "\"x\"").utf8)
            frame = Array(String(decoding: frame, as: UTF8.self).replacingOccurrences(of: "1027024", with: "-1").utf8)
        default: frame = (0..<(cut % 64)).map { UInt8(truncatingIfNeeded: $0 &* byte &+ position) }
        }
        return frame
    }

    @Test func everyParserReportsBadFramesAsErrorsWithoutCrashing() async {
        await propertyCheck(input: Gen.int(in: 0...2), Gen.int(in: 0...400), Gen.int(in: 0...400), Gen.int(in: 0...255), Gen.int(in: 0...3)) { seedIndex, cut, position, byte, mode in
            let seed = Self.seeds[seedIndex]
            let frame = Self.mutate(seed, cut: cut, position: position, byte: byte, mode: mode)
            let depth = BinanceFrames.depthEvent(frame)
            let snapshot = BinanceFrames.snapshot(frame)
            let kraken = KrakenFrames.book(frame)
            if mode == 3 {
                // Arbitrary bytes never form a complete venue frame.
                if case .success = depth { Issue.record("garbage accepted as depth") }
                if case .success = kraken { Issue.record("garbage accepted as Kraken book") }
            }
            if mode == 2 {
                switch seedIndex {
                case 0: #expect(depth == .failure(.badDecimal(field: "b.price", .overflow)))
                case 1: #expect(snapshot == .failure(.missingField("lastUpdateId")))
                default: #expect(kraken == .failure(.badDecimal(field: "bids.price", .invalidCharacter(position: 0))))
                }
            }
            if mode == 0 && cut % (seed.count + 1) < seed.count {
                // Any strict prefix of a JSON object is not a document.
                #expect((try? JSON.parse(frame)) == nil)
            }
        }
    }

    @Test func deeplyNestedInputIsRejectedNotRecursedInto() {
        let frame = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect((try? JSON.parse(frame)) == nil)
    }
}
