import Foundation
import GreenGridLoadKit
import Synchronization

/// The honest traffic an attack runs beside: order-entry's open-loop schedule on its connections
/// (`TCPScenario.connect`, `TCPLoadConnection.plan/flush`), sent until stopped, its latency read
/// window by window so each attack gets its own p50/p99/p99.9.
final class AttackLegitimateLoad: Sendable {
    let connections: [TCPLoadConnection]
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let sentCount = Atomic<Int>(0)

    init(connections: [TCPLoadConnection]) { self.connections = connections }

    var sent: Int { sentCount.load(ordering: .relaxed) }

    /// Starts the sender thread: requests due at `rate` per second from now, round-robin over the connections.
    func start(rate: Double, seed: UInt64, intervals: Int) {
        let connections = self.connections
        let startNs = monotonicNanoseconds()
        let thread = Thread { [self] in
            var schedule = LoadSchedule(ratePerSecond: rate, connections: connections.count, intervals: intervals, seed: seed)
            var batches = Array(repeating: TCPBatch(), count: connections.count)
            while !stopping.load(ordering: .relaxed), let action = schedule.next() {
                let intendedNs = startNs + action.intendedOffsetNs
                if monotonicNanoseconds() < intendedNs { TCPScenario.sleepUntil(intendedNs) }
                connections[action.connection].plan(action, intendedNs: intendedNs, measured: true, into: &batches[action.connection])
                var planned = 1
                // Everything else already due goes in the same writes (a sender behind catches up in bulk).
                while startNs + schedule.intendedOffsetNs(schedule.nextIndex) <= monotonicNanoseconds(), let next = schedule.next() {
                    connections[next.connection].plan(next, intendedNs: startNs + next.intendedOffsetNs, measured: true,
                                                      into: &batches[next.connection])
                    planned += 1
                }
                for index in connections.indices { connections[index].flush(&batches[index]) }
                sentCount.add(planned, ordering: .relaxed)
            }
            finished.store(true, ordering: .releasing)
        }
        thread.name = "greengrid-load-legitimate"
        thread.start()
    }

    /// Latencies of the answers since the last call (the window just ended).
    func takeWindow() -> LatencyHistogram {
        var histogram = LatencyHistogram()
        for connection in connections { connection.state.book.withLock { histogram.merge($0.ledger.takeRecent()) } }
        return histogram
    }

    /// Stops sending and waits up to `drainSeconds` for the answers still outstanding.
    func stop(drainSeconds: Double) async {
        stopping.store(true, ordering: .relaxed)
        while !finished.load(ordering: .acquiring) { try? await Task.sleep(for: .milliseconds(5)) }
        let deadline = monotonicNanoseconds() + UInt64(drainSeconds * 1e9)
        while outstanding > 0 && monotonicNanoseconds() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    }

    var outstanding: Int { connections.reduce(0) { $0 + $1.state.book.withLock { $0.ledger.outstandingCount } } }

    /// What went wrong for the honest sessions: protocol rejects, disconnects, failed sends.
    var errors: [String: Int] {
        var errors: [String: Int] = [:]
        for connection in connections {
            connection.state.book.withLock { book in
                for (reason, count) in book.protocolRejects { errors["protocol_reject: \(reason)", default: 0] += count }
                errors.merge(book.connectionEvents, uniquingKeysWith: +)
            }
            errors.merge(connection.state.sendErrors.withLock { $0 }, uniquingKeysWith: +)
        }
        return errors
    }

    /// The engine's refusals of honest orders (a cancel racing a fill, say): counted, not errors.
    var rejects: [String: Int] {
        connections.reduce(into: [:]) { all, connection in connection.state.book.withLock { all.merge($0.rejects, uniquingKeysWith: +) } }
    }

    var answered: Int { connections.reduce(0) { $0 + $1.state.book.withLock { $0.ledger.answered } } }
}
