import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP as a stream of reload requests (the Unix convention for "re-read your files"): the
/// engine reloads every strategy whose file changed. SIGHUP no longer terminates the process.
public final class HangupSignal: @unchecked Sendable {
    // Immutable after init; the dispatch source is safe to cancel from any thread.
    private let source: DispatchSourceSignal
    public let requests: AsyncStream<Void>

    public init(queue: DispatchQueue = DispatchQueue(label: "cohort.sighup")) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        requests = stream
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        source.setEventHandler { continuation.yield(()) }
        source.setCancelHandler { continuation.finish() }
        source.resume()
    }

    public func cancel() {
        source.cancel()
        signal(SIGHUP, SIG_DFL)
    }
}
