import GreenGridProtocol

/// An order-entry report of the session stream. The protocol's own payloads are kept as they are,
/// so delivering a report costs no conversion.
public enum ExecutionReport: Sendable, Hashable {
    case accepted(Message.OrderAccepted)
    case rejected(Message.OrderRejected)
    case fill(Message.Fill)
    case cancelled(Message.OrderCancelled)
    case expired(Message.OrderExpired)
    case replaced(Message.OrderReplaced)
    case massCancelDone(Message.MassCancelDone)

    public var sessionSequence: UInt64 {
        switch self {
        case .accepted(let m): return m.sessionSequence
        case .rejected(let m): return m.sessionSequence
        case .fill(let m): return m.sessionSequence
        case .cancelled(let m): return m.sessionSequence
        case .expired(let m): return m.sessionSequence
        case .replaced(let m): return m.sessionSequence
        case .massCancelDone(let m): return m.sessionSequence
        }
    }

    /// The client order id the report is about (0 for a mass cancel's end).
    public var clientOrderId: UInt64 {
        switch self {
        case .accepted(let m): return m.clientOrderId
        case .rejected(let m): return m.clientOrderId
        case .fill(let m): return m.clientOrderId
        case .cancelled(let m): return m.clientOrderId
        case .expired(let m): return m.clientOrderId
        case .replaced(let m): return m.clientOrderId
        case .massCancelDone: return 0
        }
    }
}
