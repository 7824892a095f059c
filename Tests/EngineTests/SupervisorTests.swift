import Foundation
import Synchronization
import Testing
@testable import Engine

/// A clock whose sleeps return at once and advance its time: backoff is observable, nothing waits.
final class SteppingClock: SupervisorClock {
    private let elapsed = Mutex<Duration>(.zero)
    let slept = Mutex<[Duration]>([])
    func now() -> Duration { elapsed.withLock { $0 } }
    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        slept.withLock { $0.append(duration) }
        elapsed.withLock { $0 += duration }
    }
}

struct Boom: Error, CustomStringConvertible {
    let n: Int
    var description: String { "boom \(n)" }
}

/// Fails `failures` times, then runs until cancelled.
final class FlakyService: SupervisedService {
    let name: String
    let failures: Int
    let attempts = Mutex(0)

    init(name: String, failures: Int) {
        self.name = name
        self.failures = failures
    }

    func run() async throws {
        let attempt = attempts.withLock { value -> Int in
            value += 1
            return value
        }
        if attempt <= failures { throw Boom(n: attempt) }
        // Parks until the task is cancelled: an AsyncStream iteration ends on cancellation.
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        for await _ in stream {}
        continuation.finish()
    }
}

@Suite("The supervisor restarts, escalates and shuts down in order")
struct SupervisorTests {
    /// Collects events until `stop` says enough.
    func collect(_ events: AsyncStream<SupervisorEvent>, until stop: @escaping ([SupervisorEvent]) -> Bool) async -> [SupervisorEvent] {
        var seen: [SupervisorEvent] = []
        for await event in events {
            seen.append(event)
            if stop(seen) { break }
        }
        return seen
    }

    @Test func aFailingChildIsRestartedWithExponentialBackoff() async throws {
        let clock = SteppingClock()
        let supervisor = Supervisor(policy: RestartPolicy(initialBackoff: .milliseconds(100), jitter: 0.2, maxRestarts: 5),
                                    clock: clock, random: { 0.5 })
        let running = Task { try await supervisor.run([FlakyService(name: "feed", failures: 3)]) }
        let events = await collect(supervisor.events) { $0.contains(.started(child: "feed", attempt: 3)) }
        #expect(events.filter { if case .failed = $0 { true } else { false } }.count == 3)
        #expect(clock.slept.withLock { $0 } == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        await supervisor.shutdown()
        try await running.value
    }

    @Test func jitterStaysWithinItsBounds() {
        let policy = RestartPolicy(initialBackoff: .seconds(1), maxBackoff: .seconds(10), jitter: 0.25)
        #expect(policy.delay(forAttempt: 1, random: 0) == .milliseconds(750))
        #expect(policy.delay(forAttempt: 1, random: 0.999_999) <= .milliseconds(1250))
        #expect(policy.delay(forAttempt: 10, random: 0.5) == .seconds(10))
    }

    @Test func exceedingTheRestartBudgetEscalatesAndStopsTheOthers() async throws {
        let supervisor = Supervisor(policy: RestartPolicy(maxRestarts: 2, window: .seconds(60)), clock: SteppingClock(), random: { 0.5 })
        let services: [any SupervisedService] = [FlakyService(name: "storage", failures: 0),
                                                 FlakyService(name: "venue", failures: 100)]
        let eventsTask = Task { await collect(supervisor.events) { _ in false } }
        await #expect {
            try await supervisor.run(services)
        } throws: { error in
            let error = error as! SupervisorError
            return error.child == "venue" && error.failures == 3 && "\(error)".contains("boom 3")
        }
        let events = await eventsTask.value
        #expect(events.contains(.gaveUp(child: "venue", failures: 3)))
        #expect(events.last == .stopped(child: "storage"))
    }

    @Test func shutdownStopsChildrenInReverseStartOrder() async throws {
        let supervisor = Supervisor(clock: SteppingClock())
        let names = ["storage", "venues", "strategies", "admin"]
        let running = Task { try await supervisor.run(names.map { FlakyService(name: $0, failures: 0) }) }
        var started = 0
        var stopped: [String] = []
        for await event in supervisor.events {
            switch event {
            case .started: started += 1
                if started == names.count { await supervisor.shutdown() }
            case .stopped(let child): stopped.append(child)
            default: break
            }
        }
        try await running.value
        #expect(stopped == names.reversed())
    }

    @Test func aChildThatFinishesIsNotRestarted() async throws {
        struct OneShot: SupervisedService {
            let name = "migration"
            func run() async throws {}
        }
        let supervisor = Supervisor(clock: SteppingClock())
        let running = Task { try await supervisor.run([OneShot()]) }
        let events = await collect(supervisor.events) { $0.contains(.finished(child: "migration")) }
        #expect(events == [.started(child: "migration", attempt: 0), .finished(child: "migration")])
        await supervisor.shutdown()
        try await running.value
    }
}
