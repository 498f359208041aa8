import GreenGridDomain
import GreenGridProtocol

/// What a session does with one inbound frame before any handler sees it: decode it, check the
/// sender's role may send its type (nil role: not logged on yet), then charge the rate limiter, in
/// that order. Kept pure (no connection, no clock, no server) so the session's gate can be tested
/// and fuzzed frame by frame (Tools/Fuzz) exactly as `ExchangeServer.handle` applies it.
public enum FrameAdmission: Sendable, Hashable {
    /// The message goes to its handler.
    case dispatch(Message)
    /// The frame did not decode: answered with a ProtocolReject naming the field at fault.
    case malformed(ProtocolDecodeError)
    /// The type is not this session's to send now (wrong direction, not logged on, already logged
    /// on, or not permitted for the role).
    case denied(ProtocolRejectReason, MessageType)
    /// Above the session's rate: refused, the session stays.
    case rateLimited
    /// Far above the rate: the session is ended.
    case disconnect

    /// The gate for one frame. Refused frames (malformed, denied) do not spend rate tokens.
    public static func admit(_ frame: Frame, role: Role?, rateLimiter: inout RateLimiter, nowMs: Int64) -> FrameAdmission {
        let message: Message
        do throws(ProtocolDecodeError) {
            message = try Message.decode(frame)
        } catch {
            return .malformed(error)
        }
        let type = message.type
        guard AccessPolicy.allows(type, role: role) else {
            let reason: ProtocolRejectReason
            if type.sender == .server { reason = .wrongDirection }
            else if role == nil { reason = .notLoggedOn }
            else if type == .logonRequest || type == .logonProof { reason = .alreadyLoggedOn }
            else { reason = .notPermitted }
            return .denied(reason, type)
        }
        switch rateLimiter.admit(nowMs: nowMs) {
        case .allow: return .dispatch(message)
        case .reject: return .rateLimited
        case .disconnect: return .disconnect
        }
    }
}
