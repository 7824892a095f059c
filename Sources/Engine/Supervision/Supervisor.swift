import Logging
import Metrics

/// A long-lived component run under a ``Supervisor``: a feed, a gateway, the persister, the
/// admin endpoint, an MPC node. `run` returns when the work is done, throws on failure, and must
/// return promptly when its task is cancelled.
public protocol SupervisedService: Sendable {
    var name: String { get }
    func run() async throws
}

/// What a supervisor did, in order, for tests and for the operator's logs.
public enum SupervisorEvent: Hashable, Sendable {
    case started(child: String, attempt: Int)
    case failed(child: String, error: String)
    case restarting(child: String, after: Duration, attempt: Int)
    case gaveUp(child: String, failures: Int)
    case finished(child: String)
    case stopped(child: String)
}

/// The supervisor gave up: a child failed more often than its restart budget allows.
public struct SupervisorError: Error, CustomStringConvertible, Sendable {
    public let child: String
    public let failures: Int
    public let window: Duration
    public let lastError: String
    public var description: String {
        "supervisor gave up on \(child): \(failures) failures within \(window) (last: \(lastError))"
    }
}

/// Runs children, restarts them on failure with exponential backoff and jitter, escalates when a
/// child exhausts its restart budget, and shuts everything down in reverse start order.
///
/// Crash-only by design: a child that breaks an invariant throws, and its restart goes through
/// its normal start-up path.
public actor Supervisor {
    public nonisolated let events: AsyncStream<SupervisorEvent>
    private let continuation: AsyncStream<SupervisorEvent>.Continuation
    private let policy: RestartPolicy
    private let clock: any SupervisorClock
    private let random: @Sendable () -> Double
    private let logger: Logger

    private var tasks: [(name: String, task: Task<Void, Never>)] = []
    private var trigger: CheckedContinuation<SupervisorError?, Never>?
    private var pendingOutcome: SupervisorError??

    public init(policy: RestartPolicy = RestartPolicy(), clock: any SupervisorClock = SystemSupervisorClock(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                logger: Logger = Logger(label: "engine.supervisor")) {
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(4_096))
        self.policy = policy
        self.clock = clock
        self.random = random
        self.logger = logger
    }

    /// Starts the children in order and returns after a graceful shutdown; throws when a child
    /// exhausted its restart budget (after stopping the others).
    public func run(_ services: [any SupervisedService]) async throws {
        for service in services {
            let task = Task { await self.supervise(service) }
            tasks.append((service.name, task))
        }
        let outcome: SupervisorError?
        if let pending = pendingOutcome {
            outcome = pending
        } else {
            outcome = await withCheckedContinuation { trigger = $0 }
        }
        for (name, task) in tasks.reversed() {
            task.cancel()
            await task.value
            logger.debug("stopped \(name)")
        }
        tasks.removeAll()
        continuation.finish()
        if let outcome { throw outcome }
    }

    /// Requests a graceful shutdown (reverse start order).
    public func shutdown() { resolve(nil) }

    private func resolve(_ outcome: SupervisorError?) {
        if let trigger {
            self.trigger = nil
            trigger.resume(returning: outcome)
        } else if pendingOutcome == nil {
            pendingOutcome = .some(outcome)
        }
    }

    private nonisolated func supervise(_ service: any SupervisedService) async {
        let name = service.name
        var failures: [Duration] = []
        var attempt = 0
        defer { continuation.yield(.stopped(child: name)) }
        while !Task.isCancelled {
            continuation.yield(.started(child: name, attempt: attempt))
            do {
                try await service.run()
                if !Task.isCancelled { continuation.yield(.finished(child: name)) }
                return
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                let message = "\(error)"
                continuation.yield(.failed(child: name, error: message))
                logger.error("child failed", metadata: ["child": "\(name)", "error": "\(message)"])
                let now = clock.now()
                failures = failures.filter { now - $0 < policy.window } + [now]
                if failures.count > policy.maxRestarts {
                    continuation.yield(.gaveUp(child: name, failures: failures.count))
                    logger.critical("giving up on child", metadata: ["child": "\(name)", "failures": "\(failures.count)"])
                    await resolve(SupervisorError(child: name, failures: failures.count, window: policy.window, lastError: message))
                    return
                }
                attempt += 1
                // Failures inside the window drive the backoff: a child that stayed up for a window starts over.
                let delay = policy.delay(forAttempt: failures.count, random: random())
                Counter(label: "cohort_supervisor_restarts_total", dimensions: [("child", name)]).increment()
                continuation.yield(.restarting(child: name, after: delay, attempt: attempt))
                do { try await clock.sleep(for: delay) } catch { return }
            }
        }
    }
}
