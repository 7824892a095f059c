import Foundation

/// When and how often a failed child is restarted.
public struct RestartPolicy: Sendable, Hashable {
    /// The first delay; each further consecutive failure multiplies it by `multiplier`.
    public var initialBackoff: Duration = .milliseconds(100)
    public var maxBackoff: Duration = .seconds(30)
    public var multiplier: Double = 2
    /// Relative jitter: the delay is scaled by a uniform factor in [1 − jitter, 1 + jitter].
    public var jitter: Double = 0.2
    /// More than this many failures within `window` and the supervisor gives up on the child.
    public var maxRestarts: Int = 5
    public var window: Duration = .seconds(60)

    public init(initialBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(30), multiplier: Double = 2,
                jitter: Double = 0.2, maxRestarts: Int = 5, window: Duration = .seconds(60)) {
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
        self.maxRestarts = maxRestarts
        self.window = window
    }

    /// The delay before restart number `attempt` (1-based), with `random` uniform in [0, 1).
    public func delay(forAttempt attempt: Int, random: Double) -> Duration {
        let base = Self.seconds(initialBackoff) * pow(multiplier, Double(max(0, attempt - 1)))
        let capped = min(base, Self.seconds(maxBackoff))
        let factor = 1 + jitter * (2 * random - 1)
        return .nanoseconds(Int64((capped * factor * 1e9).rounded()))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// The time source of a supervisor: real time in production, a stepping clock in tests.
public protocol SupervisorClock: Sendable {
    /// Monotonic time since an arbitrary origin.
    func now() -> Duration
    func sleep(for duration: Duration) async throws
}

/// The system's monotonic clock.
public struct SystemSupervisorClock: SupervisorClock {
    private let origin = ContinuousClock.now
    public init() {}
    public func now() -> Duration { ContinuousClock.now - origin }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
