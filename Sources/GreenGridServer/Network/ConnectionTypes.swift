/// Names a connection across threads (a `Connection` itself stays on its loop): the slot in
/// the loop's table plus an accept sequence number, so a late message for a connection
/// that closed, whose slot (and descriptor number) was reused, finds nothing.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    init(sequence: UInt32, slot: Int) {
        precondition(slot >= 0 && slot <= Int(UInt32.max), "slot out of range")
        // The top bit stays clear: epoll tokens with it set name listeners and the wake-up.
        rawValue = UInt64(sequence & 0x7FFF_FFFF) << 32 | UInt64(slot)
    }

    init(rawValue: UInt64) { self.rawValue = rawValue }

    var slot: Int { Int(rawValue & 0xFFFF_FFFF) }
    public var description: String { "connection \(rawValue >> 32)/\(slot)" }
}

/// Why a connection closed; every accepted connection is reported closed exactly once.
public enum CloseReason: Sendable, Hashable {
    /// The peer finished sending (read returned end of stream) or hung up.
    case peerClosed
    /// A read, write or socket error, e.g. ECONNRESET.
    case error(NetworkError)
    /// The owner called `close()` or `closeAfterFlush()`.
    case local
    /// The loop shut down.
    case loopShutdown
}

/// What became of bytes handed to `Connection.send`.
public enum SendResult: Sendable, Hashable {
    /// Queued; they go out at the end of the loop's current iteration.
    case queued
    /// Refused, nothing queued: the outbound bound would be exceeded. The flag sticks (a
    /// stream with a frame missing is useless), so the owner should close the connection.
    case slowConsumer
    /// The connection is closed or closing.
    case closed
}

/// Where a connection is in its life.
public enum ConnectionState: Sendable, Hashable {
    case open
    /// Sending what is queued, then closing; reads and new sends have stopped.
    case closingAfterFlush
    case closed
}
