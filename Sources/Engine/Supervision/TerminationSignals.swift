import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a callback (once each time), instead of killing the process, so
/// the engine can stop strategies, handle open orders and flush storage.
public final class TerminationSignals: @unchecked Sendable {
    // Immutable after init; dispatch sources are safe to cancel from any thread.
    private let sources: [DispatchSourceSignal]

    public init(queue: DispatchQueue = DispatchQueue(label: "cohort.signals"), _ handler: @escaping @Sendable (Int32) -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Restores the default actions.
    public func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
