import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and SIGTERM as a flag the bots' loop polls, so they stop by cancelling what rests
/// rather than dying with orders left on the book.
final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    var isSet: Bool { raised.load(ordering: .acquiring) }

    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() -> InterruptFlag {
        let flag = InterruptFlag()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { flag.raised.store(true, ordering: .releasing) }
            source.resume()
            sources.append(source)
        }
        return flag
    }
}
