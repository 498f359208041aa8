import GreenGridProtocol
import GreenGridDomain

/// One entry of the session's ordered event stream: every session-stream message exactly once in
/// `sessionSequence` order, with the connection's story (drops, reconnects, lost history) in
/// between, where it happened, so a consumer can reconcile at the right point.
public enum SessionEvent: Sendable, Hashable {
    case report(ExecutionReport)
    case userCreated(Message.UserCreated)
    case adminAccepted(Message.AdminAccepted)
    case adminRejected(Message.AdminRejected)
    /// A refusal below the business rules that did not close the connection (rate limit, not permitted, …).
    case protocolReject(Message.ProtocolReject)
    /// The connection dropped (the error says why); reconnecting per the policy follows.
    case disconnected(ClientError)
    /// A new connection is logged on; `resumed` is false when the server opened a fresh session.
    case reconnected(LogonInfo, resumed: Bool)
    /// Part or all of the session's history is gone: reconcile (for example mass-cancel and re-enter).
    case resumeUnavailable(Message.ResumeUnavailable)

    /// The session-stream position, nil for connection notices.
    public var sessionSequence: UInt64? {
        switch self {
        case .report(let report): return report.sessionSequence
        case .userCreated(let m): return m.sessionSequence
        case .adminAccepted(let m): return m.sessionSequence
        case .adminRejected(let m): return m.sessionSequence
        case .protocolReject(let m): return m.sessionSequence
        case .disconnected, .reconnected, .resumeUnavailable: return nil
        }
    }
}

/// What the server granted at logon.
public struct LogonInfo: Sendable, Hashable {
    public var sessionId: UInt64
    public var traderId: UInt32
    public var role: Role
    public var zone: UInt16
    public var heartbeatIntervalMs: UInt32
    public var flags: SessionFlags
    public var replayFromSessionSequence: UInt64
    public var nextSessionSequence: UInt64

    init(_ accepted: Message.LogonAccepted) {
        sessionId = accepted.sessionId
        traderId = accepted.traderId
        role = accepted.role
        zone = accepted.zone
        heartbeatIntervalMs = accepted.heartbeatIntervalMs
        flags = accepted.flags
        replayFromSessionSequence = accepted.replayFromSessionSequence
        nextSessionSequence = accepted.nextSessionSequence
    }
}
