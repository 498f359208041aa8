/// Why a frame or message was refused below the business rules. Codes are stable on the wire and
/// grouped: 1–9 framing and header, 10–19 body, 20–29 session state, 30–39 market-data requests.
/// The table in Protocol/protocol.md also says which of them close the connection.
public enum ProtocolRejectReason: UInt16, Sendable, Hashable, CaseIterable {
    /// The length field is below 4.
    case frameTooSmall = 1
    /// The length field is above 65,532 (the frame would exceed 65,536 bytes).
    case frameTooLarge = 2
    /// The header's version is one the receiver does not speak.
    case unsupportedVersion = 3
    /// The type is not defined in the frame's version (reserved ranges included).
    case unknownType = 4
    /// A client sent a type only the server may send.
    case wrongDirection = 5

    /// The body is shorter than its type's one size.
    case bodyTruncated = 10
    /// The body is longer than its type's one size.
    case bodyTrailingBytes = 11
    /// A field holds a value its type does not allow: an unknown enum code, a bool other than 0 or 1,
    /// a count or id outside its range.
    case invalidValue = 12
    /// Header flags, a reserved field, reserved bits, or a string's padding are not zero.
    case reservedNotZero = 13
    /// A string's length byte exceeds the field's capacity.
    case stringTooLong = 14
    /// A string is not UTF-8, or is empty where a value is required.
    case stringInvalid = 15

    /// Anything other than LogonRequest, LogonProof, Heartbeat or Logout before LogonAccepted.
    case notLoggedOn = 20
    /// LogonRequest or LogonProof on a connection that is already logged on.
    case alreadyLoggedOn = 21
    /// LogonProof without a Challenge outstanding, or a second LogonRequest before the proof.
    case logonOutOfOrder = 22
    /// Above the session's message rate: the message was not acted on.
    case rateLimited = 23
    /// The session's role may not send this message at all (the role table of Protocol/protocol.md).
    case notPermitted = 24

    /// A market-data request names a zone the market does not have.
    case unknownZone = 30
    /// A Subscribe would pass the session's subscription limit.
    case subscriptionLimit = 31
    /// Unsubscribe, SnapshotRequest or ReplayRequest for something not subscribed.
    case notSubscribed = 32

    /// Whether the server closes the connection after sending this reject: a stream it cannot
    /// delimit or a peer that does not speak the protocol is not worth continuing with.
    public var closesConnection: Bool {
        switch self {
        case .frameTooSmall, .frameTooLarge, .unsupportedVersion, .unknownType, .wrongDirection,
             .bodyTruncated, .bodyTrailingBytes, .invalidValue, .reservedNotZero, .stringTooLong, .stringInvalid,
             .notLoggedOn, .logonOutOfOrder:
            return true
        case .alreadyLoggedOn, .rateLimited, .notPermitted, .unknownZone, .subscriptionLimit, .notSubscribed:
            return false
        }
    }
}
