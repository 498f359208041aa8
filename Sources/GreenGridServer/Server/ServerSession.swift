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
    /// The session stream's next sequence (reports and post-logon protocol rejects).
    var nextSequence: UInt64 = 1
    var rateLimiter: RateLimiter
    let acceptedAtMs: Int64
    var lastReceivedMs: Int64
    var lastSentMs: Int64
    var subscriptions: Set<Subscription> = []
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

    func takeSequence() -> UInt64 {
        defer { nextSequence += 1 }
        return nextSequence
    }
}
