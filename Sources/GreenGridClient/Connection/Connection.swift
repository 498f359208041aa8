import Glibc
import GreenGridDomain
import GreenGridProtocol
import Synchronization

/// One TCP connection of a session. Callers on any thread send through it; the writer lock keeps
/// frames whole on the wire (two threads' bytes never interleave) and the send time feeds the
/// heartbeat rule ("send one after an interval of silence").
final class Connection: Sendable {
    let fd: Int32
    private let writer = Mutex(ByteWriter(capacity: 256))
    /// Monotonic time of the last frame sent, read by the reader thread to decide on heartbeats.
    let lastSendNs = Atomic<Int64>(0)
    /// Test hook: frames still to swallow instead of sending (to provoke a request timeout).
    let outgoingFramesToDrop = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)

    init(fd: Int32, sendTimeoutMs: Int64) {
        self.fd = fd
        TCPSocket.setSendTimeout(fd, ms: sendTimeoutMs)
        lastSendNs.store(MonotonicClock.nowNs(), ordering: .relaxed)
    }

    deinit { Glibc.close(fd) }

    func send(_ message: Message) throws(ClientError) {
        if outgoingFramesToDrop.load(ordering: .relaxed) > 0,
           outgoingFramesToDrop.wrappingSubtract(1, ordering: .relaxed).oldValue > 0 {
            return
        }
        try writer.withLock { (writer: inout ByteWriter) throws(ClientError) in
            message.encode(into: &writer)
            let bytes = writer.takeBytes()
            try TCPSocket.sendAll(fd, bytes)
        }
        lastSendNs.store(MonotonicClock.nowNs(), ordering: .relaxed)
    }

    /// Several frames in one write (a resubscription after a reconnect), so they reach the server together.
    func send(_ messages: [Message]) throws(ClientError) {
        guard !messages.isEmpty else { return }
        var encoder = MessageEncoder(capacity: 64 * messages.count)
        for message in messages { encoder.append(message) }
        let bytes = encoder.takeBytes()
        try writer.withLock { (_: inout ByteWriter) throws(ClientError) in
            try TCPSocket.sendAll(fd, bytes)
        }
        lastSendNs.store(MonotonicClock.nowNs(), ordering: .relaxed)
    }

    /// Ends both directions at once: the reader's poll sees it, and the server sees the close.
    func shutdown() {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }
}
