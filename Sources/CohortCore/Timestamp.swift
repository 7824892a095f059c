/// A point in time as nanoseconds since the Unix epoch (UTC).
///
/// Engine code never reads the wall clock: it asks an injected ``EngineClock``, so backtests are
/// reproducible bit for bit.
@frozen
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    @inlinable public init(milliseconds: Int64) { self.nanoseconds = milliseconds &* 1_000_000 }
    @inlinable public init(microseconds: Int64) { self.nanoseconds = microseconds &* 1_000 }

    public static let zero = Timestamp(nanoseconds: 0)

    @inlinable public var milliseconds: Int64 { nanoseconds / 1_000_000 }
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: Self, b: Self) -> Bool { a.nanoseconds < b.nanoseconds }

    @inlinable public func advanced(by duration: Duration) -> Timestamp {
        Timestamp(nanoseconds: nanoseconds &+ duration.totalNanoseconds)
    }

    /// `self − earlier`.
    @inlinable public func duration(since earlier: Timestamp) -> Duration {
        .nanoseconds(nanoseconds &- earlier.nanoseconds)
    }

    /// ISO-8601 UTC with nanoseconds, e.g. `2024-08-08T00:00:01.123456789Z`.
    public var description: String {
        let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
        let fraction = nanoseconds - seconds * 1_000_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 9))Z"
    }
}

extension Duration {
    /// The duration as whole nanoseconds (saturating at `Int64` bounds).
    @inlinable public var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// The engine's source of time: the system clock live, a replayed clock in backtests, a manual
/// clock in tests.
public protocol EngineClock: Sendable {
    func now() -> Timestamp
}

/// A clock that only moves when told to; for tests and event-driven replay.
public final class ManualClock: EngineClock, @unchecked Sendable {
    // Protected by `lock`; a clock is read from several isolation domains in tests.
    private let lock = Lock()
    private var current: Timestamp

    public init(_ start: Timestamp = .zero) { current = start }

    public func now() -> Timestamp { lock.withLock { current } }

    public func set(_ time: Timestamp) { lock.withLock { current = time } }

    public func advance(by duration: Duration) {
        lock.withLock { current = current.advanced(by: duration) }
    }
}
