import GreenGridProtocol

/// The first answer the server gave to a request; later reports about the same order (fills,
/// expiry) arrive only on the session event stream.
public enum RequestAnswer: Sendable, Hashable {
    case accepted(Message.OrderAccepted)
    case rejected(Message.OrderRejected)
    case cancelled(Message.OrderCancelled)
    case replaced(Message.OrderReplaced)
    case massCancelDone(Message.MassCancelDone)
    case userCreated(Message.UserCreated)
    case adminAccepted(Message.AdminAccepted)
    case adminRejected(Message.AdminRejected)
    /// OrderStatusRequest: the trader's resting orders, by order id (possibly none).
    case openOrders([Message.OpenOrder])
    /// ZoneListRequest: every zone, in zone order.
    case zones([Message.ZoneInfo])
    /// The request was refused below the business rules (not permitted for the role, rate limited, …).
    case protocolReject(Message.ProtocolReject)

    /// True for the answers that mean "done as asked".
    public var isSuccess: Bool {
        switch self {
        case .accepted, .cancelled, .replaced, .massCancelDone, .userCreated, .adminAccepted, .openOrders, .zones: return true
        case .rejected, .adminRejected, .protocolReject: return false
        }
    }
}
