import ArgumentParser
import Backtest
import CohortCore
import Foundation
import Storage

/// `cohort data import`: market data into a Cohort database.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Import market data into a Cohort database.",
        subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import recorded market data (streaming, idempotent: the same file twice is a no-op).",
            discussion: """
                Formats: binance-feed, raw Binance WebSocket recordings as `<local_ns> <json>` lines (plain, .gz \
                or .zst), such as the hftbacktest samples: the REST depth snapshot, diff depth (synced with \
                Binance's lastUpdateId/U/u rules), trades, aggTrades and bookTicker quotes.
                """)

        @Option(help: "The input format.")
        var format: String = "binance-feed"

        @Option(help: "The database to write (created if missing).")
        var db: String

        @Option(help: "The venue name to store the data under.")
        var venue: String = "binance"

        @Flag(help: "Stop at the first bad line instead of skipping it with a count.")
        var strict = false

        @Flag(help: "Leave bookTicker quotes out.")
        var noQuotes = false

        @Argument(help: "The files to import.")
        var files: [String]

        func validate() throws {
            guard format == "binance-feed" else { throw ValidationError("unknown format \"\(format)\" (supported: binance-feed)") }
            guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
        }

        func run() async throws {
            let database: Database
            do { database = try Database(path: db) } catch { throw UserFailure("\(error)") }
            let importer = BinanceFeedImporter(venue: VenueID(venue), strict: strict, quotes: !noQuotes)
            for file in files {
                let start = ContinuousClock.now
                do {
                    let summary = try importer.importFile(file, into: database)
                    let seconds = (ContinuousClock.now - start).components
                    print("\(summary) in \(String(format: "%.2f", Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18)) s")
                    for problem in summary.problems { writeStderr("warning: \(problem)\n") }
                    if summary.skipped > summary.problems.count {
                        writeStderr("warning: \(summary.skipped - summary.problems.count) more problems not shown\n")
                    }
                } catch {
                    throw UserFailure("\(error)")
                }
            }
        }
    }
}
