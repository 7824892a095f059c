// Writes to a Cohort database in transactions forever, printing "committed N" after each commit,
// until it is killed. StorageTests SIGKILLs it mid-stream and checks the database.
import CohortCore
import Foundation
import Storage

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: StorageCrashWriter DATABASE\n".utf8))
    exit(2)
}
let database = try Database(path: CommandLine.arguments[1])
let fills = FillRepository(database)
let instrument = InstrumentID(venue: "sim", symbol: "BTCUSDT")
let writer = try MarketDataWriter(database: database, instrument: instrument, chunkSize: 64)
let perTransaction = 25
var committed = 0
var time: Int64 = 1
while true {
    try database.transaction {
        for i in 0..<perTransaction {
            let n = committed * perTransaction + i
            try fills.insert(Fill(clientOrderID: ClientOrderID("c\(n)"), tradeID: "t\(n)", instrument: instrument, side: .buy,
                                  price: Price(raw: 60_000_000_000_000), quantity: Quantity(raw: 1_000), venueTime: Timestamp(nanoseconds: time)))
            try writer.append(MarketRecord(localTime: time, exchangeTime: time, price: 1, quantity: 1, kind: .trade, side: 0,
                                           flags: MarketRecord.endOfMessage))
            time += 1
        }
        try writer.flush()
    }
    committed += 1
    FileHandle.standardOutput.write(Data("committed \(committed * perTransaction)\n".utf8))
}
