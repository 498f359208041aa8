/// Every bound of one connection, fixed when it is accepted: what it may hold in memory is
/// known up front, and a peer that outruns a bound is held back or reported, never absorbed.
public struct ConnectionConfiguration: Sendable, Hashable {
    /// Unconsumed inbound bytes held before reading pauses (back-pressure on the peer).
    public var inboundBytesMax: Int
    /// Unsent outbound bytes held before the connection is flagged a slow consumer.
    public var outboundBytesMax: Int
    /// Unsent outbound chunks held (each `send` is one chunk) before the same flag.
    public var outboundChunksMax: Int
    /// The kernel send buffer (SO_SNDBUF), or nil for the kernel's auto-tuned default, which
    /// can hide megabytes of a slow consumer's backlog from `outboundBytesMax`.
    public var socketSendBufferBytes: Int32?

    public init(
        inboundBytesMax: Int = 64 * 1024,
        outboundBytesMax: Int = 4 * 1024 * 1024,
        outboundChunksMax: Int = 16 * 1024,
        socketSendBufferBytes: Int32? = nil
    ) {
        precondition(inboundBytesMax > 0 && outboundBytesMax > 0 && outboundChunksMax > 0, "bounds must be positive")
        self.inboundBytesMax = inboundBytesMax
        self.outboundBytesMax = outboundBytesMax
        self.outboundChunksMax = outboundChunksMax
        self.socketSendBufferBytes = socketSendBufferBytes
    }
}

/// Where to listen and how many connections to keep from there.
public struct ListenerConfiguration: Sendable, Hashable {
    /// A dotted IPv4 address ("127.0.0.1", or "0.0.0.0" for every interface).
    public var host: String
    /// The port, or 0 for one the kernel picks (read it back from `Listener.port`).
    public var port: UInt16
    /// Connections the kernel may hold completed but not yet accepted (capped by somaxconn).
    public var backlog: Int32
    /// Open connections kept at once; one more is accepted and closed at once, and counted.
    public var connectionsMax: Int
    /// Accepts per readiness event, so a connection storm cannot starve established peers.
    public var acceptsPerEventMax: Int
    /// How long accepting pauses when the process runs out of descriptors (EMFILE/ENFILE):
    /// the pending connection stays readable, so retrying at once would spin the loop.
    public var acceptBackoffMs: Int64
    /// Written (best effort, without blocking) to a connection refused for `connectionsMax` before
    /// it is closed, so its client is told why (the server: LogonRejected tooManyConnections).
    public var refusalBytes: [UInt8] = []
    public var connection: ConnectionConfiguration

    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 0,
        backlog: Int32 = 1024,
        connectionsMax: Int = 1024,
        acceptsPerEventMax: Int = 64,
        acceptBackoffMs: Int64 = 100,
        connection: ConnectionConfiguration = ConnectionConfiguration()
    ) {
        precondition(backlog > 0 && connectionsMax > 0 && acceptsPerEventMax > 0 && acceptBackoffMs > 0, "bounds must be positive")
        self.host = host
        self.port = port
        self.backlog = backlog
        self.connectionsMax = connectionsMax
        self.acceptsPerEventMax = acceptsPerEventMax
        self.acceptBackoffMs = acceptBackoffMs
        self.connection = connection
    }
}

/// The loop's own bounds.
public struct EventLoopConfiguration: Sendable, Hashable {
    /// Events taken from one epoll_wait; more stay ready for the next.
    public var eventsPerWaitMax: Int32
    /// Closures queued by `execute` and not yet run; beyond this `execute` refuses.
    public var pendingTasksMax: Int
    /// Timers pending at once; beyond this `scheduleTimer` refuses.
    public var timersMax: Int
    /// Buffers gathered into one sendmsg (the kernel allows 1024).
    public var vectorsPerWriteMax: Int
    /// Reads from one connection per readiness event, each filling the free inbound space.
    public var readsPerEventMax: Int

    public init(
        eventsPerWaitMax: Int32 = 256,
        pendingTasksMax: Int = 1 << 20,
        timersMax: Int = 1 << 16,
        vectorsPerWriteMax: Int = 64,
        readsPerEventMax: Int = 4
    ) {
        precondition(eventsPerWaitMax > 0 && pendingTasksMax > 0 && timersMax > 0 && readsPerEventMax > 0, "bounds must be positive")
        precondition(vectorsPerWriteMax > 0 && vectorsPerWriteMax <= 1024, "1...1024 vectors per write (IOV_MAX)")
        self.eventsPerWaitMax = eventsPerWaitMax
        self.pendingTasksMax = pendingTasksMax
        self.timersMax = timersMax
        self.vectorsPerWriteMax = vectorsPerWriteMax
        self.readsPerEventMax = readsPerEventMax
    }
}
