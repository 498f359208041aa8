import Glibc

/// Fault injection for tests (reachable through `@testable import`): each hook makes a failure
/// happen at a chosen point so recovery paths run deterministically over a healthy loopback.
extension GreenGridClient {
    /// Drops the TCP connection without a Logout, as a crash or a lost network would.
    func dropConnectionForTesting() {
        state.withLock { $0.connection }?.shutdown()
    }

    /// Discards the next `count` market-data updates of `zone` on arrival, as if lost.
    func loseUpdatesForTesting(zone: UInt16, count: Int = 1) {
        state.withLock { $0.hooks.updatesToLose[zone, default: 0] += count }
    }

    /// Swallows the next `count` outgoing frames, so the requests they carry are never answered.
    func swallowOutgoingFramesForTesting(_ count: Int = 1) {
        state.withLock { $0.connection }?.outgoingFramesToDrop.add(count, ordering: .relaxed)
    }

    /// Makes the next reconnect resume from sequence 1, so the server replays what was delivered already.
    func rewindResumeOnNextReconnectForTesting() {
        state.withLock { $0.hooks.rewindResumeOnce = true }
    }
}

/// Faults the tests inject to exercise recovery paths that a healthy loopback never takes.
struct TestHooks {
    /// Market-data updates of a zone to discard on arrival, as if lost.
    var updatesToLose: [UInt16: Int] = [:]
    /// The next reconnect asks to resume from sequence 1, so the server replays reports already
    /// delivered and deduplication has to drop them.
    var rewindResumeOnce = false
}
