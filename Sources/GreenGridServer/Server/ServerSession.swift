import GreenGridDomain
import GreenGridProtocol

/// One connection's protocol state, kept in `Connection.context`; touched only on the loop thread.
final class ServerSession {
    enum LogonState {
        case awaitingRequest
        case challenged(username: String, serverNonce: [UInt8])
        case loggedOn
    }

    struct Subscription: Hashable {
        var zone: UInt16
        var intervalStartMs: Int64

        func covers(zone eventZone: UInt16, intervalStartMs eventInterval: Int64?) -> Bool {
            guard zone == ProtocolConstants.allZones || zone == eventZone else { return false }
            guard let eventInterval, intervalStartMs != ProtocolConstants.allIntervals else { return true }
            return intervalStartMs == eventInterval
        }
    }

    let id: ConnectionID
    weak var connection: Connection?
    var decoder: FrameDecoder
    var logon: LogonState = .awaitingRequest
    var credential: Credential?
    var sessionId: UInt64 = 0
    var heartbeatIntervalMs: Int64 = Int64(ProtocolConstants.heartbeatIntervalMsDefault)
    /// The session (stream, resume buffer) this connection carries once logged on.
    var stream: SessionStream?
    var rateLimiter: RateLimiter
    let acceptedAtMs: Int64
    var lastReceivedMs: Int64
    var lastSentMs: Int64
    var subscriptions: Set<Subscription> = []
    /// Subscriptions waiting for their snapshot: they go live (into `subscriptions`) when it is taken.
    var pendingSubscriptions: Set<Subscription> = []
    /// Set once the session decided to end: later frames are ignored, the connection closes after flushing.
    var closing = false

    init(connection: Connection, readBytesMax: Int, rateLimiter: RateLimiter, nowMs: Int64) {
        id = connection.id
        self.connection = connection
        decoder = FrameDecoder(readBytesMax: readBytesMax)
        self.rateLimiter = rateLimiter
        acceptedAtMs = nowMs
        lastReceivedMs = nowMs
        lastSentMs = nowMs
    }

    var isLoggedOn: Bool {
        if case .loggedOn = logon { return true }
        return false
    }

    /// The role once logged on; nil before (the access table's "none").
    var role: Role? { isLoggedOn ? credential?.participant.role : nil }
}

/// A session as the protocol means it: one user's numbered stream of reports, which outlives its
/// connections. Every frame of the stream is kept in `buffer` (bounded) so a reconnecting client
/// can resume; while no connection is attached, reports are still added and wait there.
final class SessionStream {
    let sessionId: UInt64
    let traderId: TraderId
    var flags: SessionFlags
    var buffer: ResumeBuffer
    /// The connection carrying the session now; nil while detached.
    var connection: ServerSession?
    /// When the last connection ended (for expiring detached sessions).
    var detachedAtMs: Int64 = 0

    init(sessionId: UInt64, traderId: TraderId, flags: SessionFlags, buffer: ResumeBuffer) {
        self.sessionId = sessionId
        self.traderId = traderId
        self.flags = flags
        self.buffer = buffer
    }

    var nextSequence: UInt64 { buffer.nextSequence }
}
