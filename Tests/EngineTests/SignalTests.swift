import Foundation
import Synchronization
import Testing
@testable import Engine

@Suite("SIGHUP requests a reload instead of ending the process")
struct SignalTests {
    @Test func aHangupYieldsAReloadRequest() async {
        let hangup = HangupSignal()
        defer { hangup.cancel() }
        let received = Atomic<Bool>(false)
        // The handler is installed asynchronously: repeat the signal (bounded) until it is seen.
        let sender = Task {
            for _ in 0..<400 where !received.load(ordering: .relaxed) {
                kill(getpid(), SIGHUP)
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        var iterator = hangup.requests.makeAsyncIterator()
        let request: Void? = await iterator.next()
        received.store(true, ordering: .relaxed)
        await sender.value
        #expect(request != nil)
    }
}
