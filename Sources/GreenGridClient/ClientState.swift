import Glibc
import GreenGridDomain
import GreenGridProtocol

/// Everything the reader thread and the callers share, kept under one lock: the current
/// connection, where the session stream stands, the requests waiting for answers and the
/// market-data continuity per zone.
struct ClientState {
    var connection: Connection?
    /// The connection being logged on, not yet usable for requests but closable.
    var connecting: Connection?
    var logon: LogonInfo?
    /// Set once the client has ended; every later call fails with it.
    var terminal: ClientError?
    /// close() was called: the reader stops at its next wake-up.
    var stopping = false
    /// logout() sent Logout: the reader waits for the server's answer until this deadline.
    var logoutDeadlineNs: Int64?
    var tracker: ResumeTracker
    var pending = PendingRequests()
    /// Query answers arriving in parts (OpenOrder …, ZoneInfo …), by request id, until complete.
    var queryParts: [UInt64: [Message]] = [:]
    var feed = MarketDataFeed()
    var mirror: BookMirror?
    var nextClientOrderId: ClientOrderId
    var nextRequestId: UInt64
    /// When the reader will wake next; a new earlier deadline must wake it sooner.
    var plannedWakeNs = Int64.max
    var closedWaiters: [CheckedContinuation<Void, Never>] = []
    var hooks = TestHooks()

    init(configuration: ClientConfiguration) {
        tracker = ResumeTracker(resume: configuration.resume)
        mirror = configuration.keepsBookMirror ? BookMirror() : nil
        let seed = configuration.firstClientOrderId ?? ClientState.wallClockMicros()
        nextClientOrderId = max(seed, 1)
        nextRequestId = max(ClientState.wallClockMicros(), 1)
    }

    mutating func takeClientOrderId() -> ClientOrderId {
        defer { nextClientOrderId &+= 1 }
        return nextClientOrderId
    }

    mutating func takeRequestId() -> UInt64 {
        defer { nextRequestId &+= 1 }
        return nextRequestId
    }

    /// The connection to send on, or why there is none.
    func usableConnection() throws(ClientError) -> Connection {
        if let terminal { throw terminal }
        guard let connection else { throw .notConnected }
        return connection
    }

    static func wallClockMicros() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) * 1_000_000 + UInt64(spec.tv_nsec / 1_000)
    }
}
