import Foundation
import GreenGridDomain
import GreenGridProtocol
import Synchronization

/// A session with a GreenGrid exchange over one TCP connection at a time.
///
/// One reader thread per client owns the socket's reading side: it decodes frames, answers
/// awaited requests, feeds the two event streams, sends heartbeats and reconnects with resume.
/// A thread (not a task) because it blocks in poll/recv, which must not tie up Swift's small
/// cooperative pool. Sends happen on the caller's thread under the connection's writer lock, so a
/// fire-and-forget order costs one lock, one encode and one `send` system call.
///
/// The client runs until `logout()` or `close()` (the reader thread keeps it alive until then).
public final class GreenGridClient: Sendable {
    public let configuration: ClientConfiguration
    /// Every session-stream message exactly once in session-sequence order, plus connection notices.
    public let sessionEvents: AsyncThrowingStream<SessionEvent, any Error>
    /// Gap-free market data of the subscribed zones, with snapshot boundaries.
    public let marketData: AsyncThrowingStream<MarketDataEvent, any Error>
    let sessionSink: AsyncThrowingStream<SessionEvent, any Error>.Continuation
    let marketSink: AsyncThrowingStream<MarketDataEvent, any Error>.Continuation
    let state: Mutex<ClientState>
    let wake: WakeSignal

    private init(configuration: ClientConfiguration) throws(ClientError) {
        self.configuration = configuration
        (sessionEvents, sessionSink) = AsyncThrowingStream.makeStream(
            of: SessionEvent.self, throwing: (any Error).self, bufferingPolicy: .bufferingOldest(configuration.sessionEventQueueCapacity))
        (marketData, marketSink) = AsyncThrowingStream.makeStream(
            of: MarketDataEvent.self, throwing: (any Error).self, bufferingPolicy: .bufferingOldest(configuration.marketDataQueueCapacity))
        if !configuration.deliversSessionEvents { sessionSink.finish() }
        state = Mutex(ClientState(configuration: configuration))
        wake = try WakeSignal()
    }

    /// Connects and logs on (resuming `configuration.resume` if set). Returns once LogonAccepted
    /// arrived; a refused logon, an unreachable server or a timeout throws and leaves nothing running.
    public static func connect(_ configuration: ClientConfiguration) async throws(ClientError) -> GreenGridClient {
        try configuration.validate()
        let client = try GreenGridClient(configuration: configuration)
        let first: Result<Void, ClientError> = await withCheckedContinuation { continuation in
            let thread = Thread { client.run(firstLogon: continuation) }
            thread.name = "greengrid-client-\(configuration.username)"
            thread.start()
        }
        try first.get()
        return client
    }

    /// What the server granted at the latest logon.
    public var logonInfo: LogonInfo? { state.withLock { $0.logon } }

    /// The session and the last session sequence delivered, to resume after a restart.
    public var resumePoint: ResumePoint? { state.withLock { $0.tracker.resumePoint } }

    public var isConnected: Bool { state.withLock { $0.connection != nil && $0.terminal == nil } }

    /// Why the client ended, once it has (`.closed` after logout or close).
    public var terminalError: ClientError? { state.withLock { $0.terminal } }

    /// Requests still waiting for their first answer (a load generator's in-flight count).
    public var pendingRequestCount: Int { state.withLock { $0.pending.count } }

    /// A copy of the local book mirror (nil when `keepsBookMirror` is off).
    public var bookMirror: BookMirror? { state.withLock { $0.mirror } }

    /// Logs out politely: Logout, then the server's Logout and close (or the timeout). No reconnect follows.
    public func logout(timeoutMs: Int64? = nil) async {
        let connection: Connection? = state.withLock { state in
            guard state.terminal == nil else { return nil }
            state.logoutDeadlineNs = MonotonicClock.nowNs() + MonotonicClock.nsFromMs(timeoutMs ?? configuration.requestTimeoutMs)
            return state.connection
        }
        if let connection {
            try? connection.send(.logout(Message.Logout(reason: .userRequested)))
        } else {
            close()
        }
        wake.signal()
        await waitUntilClosed()
    }

    /// Stops at once: the connection is shut down without a Logout (cancel-on-disconnect applies).
    public func close() {
        let connections: [Connection?] = state.withLock { state in
            state.stopping = true
            return [state.connection, state.connecting]
        }
        for connection in connections { connection?.shutdown() }
        wake.signal()
    }

    /// Returns once the client has ended (logout, close, or a failure it could not recover from).
    public func waitUntilClosed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.terminal != nil { return true }
                state.closedWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
