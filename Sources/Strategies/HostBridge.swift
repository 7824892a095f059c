import CLuaSandbox
import CohortCore
import Indicators

/// Carries C host calls to the Swift `StrategyHost`. Runs inside Lua callbacks: it never touches
/// the Lua stack and never throws; failures come back as messages for the C side to raise.
final class HostBridge {
    let host: StrategyHost
    // Touched only from the owning strategy's executor (inside its callbacks): the dynamic
    // exclusivity check would cost more than the indicator update itself.
    @exclusivity(unchecked) var indicators: [ScriptIndicator] = []
    /// The last history rows handed to C (kept alive until the next request).
    var historyRows: [cohort_market_row] = []
    /// The last module text handed to C (kept alive until the next request).
    var moduleText: ContiguousArray<CChar> = []

    init(host: StrategyHost) { self.host = host }

    static func from(_ context: UnsafeMutableRawPointer?) -> HostBridge {
        Unmanaged<HostBridge>.fromOpaque(context!).takeUnretainedValue()
    }

    static func string(_ pointer: UnsafePointer<CChar>?, _ length: Int) -> String? {
        guard let pointer else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// Copies `text` into a C buffer, truncated to fit, always terminated.
    static func write(_ text: String, to buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
        guard let buffer, capacity > 0 else { return }
        let bytes = Array(text.utf8.prefix(capacity - 1))
        for (i, b) in bytes.enumerated() { buffer[i] = CChar(bitPattern: b) }
        buffer[bytes.count] = 0
    }

    static func install(_ api: inout cohort_host_api) {
        installTimersAndHistory(&api)
        api.log = { context, level, message, length in
            let bridge = HostBridge.from(context)
            bridge.host.log(ScriptLogLevel(rawValue: Int(level)) ?? .info, HostBridge.string(message, length) ?? "")
        }
        api.load_module = { context, name, source, length in
            let bridge = HostBridge.from(context)
            guard let name, let text = bridge.host.module(named: String(cString: name)) else { return 1 }
            bridge.moduleText = ContiguousArray(text.utf8CString)
            bridge.moduleText.withUnsafeBufferPointer { buffer in
                source?.pointee = buffer.baseAddress
                length?.pointee = buffer.count - 1
            }
            return 0
        }
        api.now = { context in HostBridge.from(context).host.now().nanoseconds }
        api.order = { context, intent, out, capacity in
            let bridge = HostBridge.from(context)
            switch HostBridge.order(from: intent!.pointee) {
            case .failure(let failure):
                HostBridge.write(failure.message, to: out, capacity: capacity)
                return 1
            case .success(let order):
                switch bridge.host.place(order) {
                case .success(let id):
                    HostBridge.write(id.rawValue, to: out, capacity: capacity)
                    return 0
                case .failure(let reason):
                    HostBridge.write("\(reason.code.rawValue): \(reason.detail)", to: out, capacity: capacity)
                    return 1
                }
            }
        }
        api.cancel = { context, id, length, error, capacity in
            let bridge = HostBridge.from(context)
            switch bridge.host.cancel(ClientOrderID(HostBridge.string(id, length) ?? "")) {
            case .success: return 0
            case .failure(let reason):
                HostBridge.write("\(reason.code.rawValue): \(reason.detail)", to: error, capacity: capacity)
                return 1
            }
        }
        api.cancel_all = { context, symbol, length, error, capacity in
            switch HostBridge.from(context).host.cancelAll(symbol: HostBridge.string(symbol, length)) {
            case .success(let count): return Int32(count)
            case .failure(let reason):
                HostBridge.write("\(reason.code.rawValue): \(reason.detail)", to: error, capacity: capacity)
                return -1
            }
        }
        api.position = { context, symbol, length in HostBridge.from(context).host.position(symbol: HostBridge.string(symbol, length)) }
        api.balance = { context, asset, length in HostBridge.from(context).host.balance(asset: HostBridge.string(asset, length) ?? "") }
        api.open_orders = { context, symbol, length in
            Int32(HostBridge.from(context).host.openOrders(symbol: HostBridge.string(symbol, length)))
        }
        api.indicator_new = { context, name, length, parameters, count, outputs, errorOut, capacity in
            let bridge = HostBridge.from(context)
            let values = Array(UnsafeBufferPointer(start: parameters, count: Int(count)))
            do throws(IndicatorError) {
                let indicator = try IndicatorCatalog.make(name: HostBridge.string(name, length) ?? "", parameters: values)
                bridge.indicators.append(indicator)
                outputs?.pointee = Int32(indicator.outputNames.count)
                return Int32(bridge.indicators.count - 1)
            } catch {
                HostBridge.write(error.message, to: errorOut, capacity: capacity)
                return -1
            }
        }
        api.indicator_update = { context, handle, bar, outputs, capacity in
            let indicator = HostBridge.from(context).indicators[Int(handle)]
            let ready = indicator.update(open: bar![0], high: bar![1], low: bar![2], close: bar![3], volume: bar![4])
            if ready { for i in 0..<min(Int(capacity), indicator.outputNames.count) { outputs![i] = indicator.value(i) } }
            return ready ? 1 : 0
        }
        api.signal = { context, symbol, length, strength, confidence, error, capacity in
            switch HostBridge.from(context).host.signal(symbol: HostBridge.string(symbol, length), strength: strength, confidence: confidence) {
            case .success: return 0
            case .failure(let reason):
                HostBridge.write("\(reason.code.rawValue): \(reason.detail)", to: error, capacity: capacity)
                return 1
            }
        }
    }

    static func installTimersAndHistory(_ api: inout cohort_host_api) {
        api.timer = { context, name, length, after, repeating, error, capacity in
            let bridge = HostBridge.from(context)
            switch bridge.host.scheduleTimer(name: HostBridge.string(name, length) ?? "", after: .nanoseconds(after), repeating: repeating != 0) {
            case .success: return 0
            case .failure(let reason):
                HostBridge.write(reason.detail, to: error, capacity: capacity)
                return 1
            }
        }
        api.history = { context, venue, venueLength, symbol, symbolLength, limit, rows, error, capacity in
            let bridge = HostBridge.from(context)
            switch bridge.host.history(venue: HostBridge.string(venue, venueLength) ?? "", symbol: HostBridge.string(symbol, symbolLength) ?? "",
                                       limit: Int(limit)) {
            case .failure(let reason):
                HostBridge.write(reason.detail, to: error, capacity: capacity)
                return -1
            case .success(let history):
                bridge.historyRows = history.map {
                    cohort_market_row(time: $0.time.nanoseconds, price: $0.price, quantity: $0.quantity, kind: $0.kind.rawValue, side: $0.side)
                }
                bridge.historyRows.withUnsafeBufferPointer { rows?.pointee = $0.baseAddress }
                return Int32(bridge.historyRows.count)
            }
        }
    }

    /// Converts a script's order exactly: decimal text as written, numbers by their shortest
    /// decimal form; anything inexact is refused with the reason.
    static func order(from intent: cohort_order_intent) -> Result<ScriptOrder, ScriptArgumentError> {
        func decimal<T: FixedPointDecimal>(_ name: String, _ text: UnsafePointer<CChar>?, _ length: Int, _ number: Double,
                                           isText: Bool, _: T.Type) -> Result<T, ScriptArgumentError> {
            do {
                if isText { return .success(try T(string(text, length) ?? "")) }
                return .success(try T(converting: number))
            } catch {
                return .failure(ScriptArgumentError("\(name): \(error); pass the amount as a decimal string like \"0.001\""))
            }
        }
        let quantity: Quantity
        switch decimal("qty", intent.quantity_text, intent.quantity_length, intent.quantity_number,
                       isText: intent.quantity_is_text != 0, Quantity.self) {
        case .success(let q): quantity = q
        case .failure(let failure): return .failure(failure)
        }
        var price: Price?
        if intent.price_kind != 0 {
            switch decimal("price", intent.price_text, intent.price_length, intent.price_number, isText: intent.price_kind == 1, Price.self) {
            case .success(let p): price = p
            case .failure(let failure): return .failure(failure)
            }
        }
        let typeText = string(intent.type, intent.type_length)
        let type: OrderType
        switch typeText {
        case nil: type = price == nil ? .market : .limit
        case "market": type = .market
        case "limit": type = .limit
        case let other?: return .failure(ScriptArgumentError("type must be \"market\" or \"limit\" (got \"\(other)\")"))
        }
        if type == .limit && price == nil { return .failure(ScriptArgumentError("price is required for a limit order")) }
        if type == .market && price != nil { return .failure(ScriptArgumentError("a market order takes no price")) }
        let tifText = string(intent.time_in_force, intent.tif_length)
        let tif: TimeInForce
        switch tifText {
        case nil: tif = type == .market ? .ioc : .gtc
        case let text?:
            guard let parsed = TimeInForce(rawValue: text) else {
                return .failure(ScriptArgumentError("tif must be one of gtc, ioc, fok, post_only (got \"\(text)\")"))
            }
            tif = parsed
        }
        return .success(ScriptOrder(side: intent.side == 0 ? .buy : .sell, venue: string(intent.venue, intent.venue_length),
                                    symbol: string(intent.symbol, intent.symbol_length),
                                    type: type, timeInForce: tif, quantity: quantity, price: price, reduceOnly: intent.reduce_only != 0))
    }
}

/// A script's argument could not be used; the message names it.
struct ScriptArgumentError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
