
/// Why money moved. Part of every transfer id, so ids derived from the same order or trade
/// for different purposes never collide. Raw values are stable on disk.
public enum TransferPurpose: UInt8, Sendable, Hashable, CaseIterable {
    /// external → available; reference = the request id.
    case deposit = 1
    /// available → external; reference = the request id.
    case withdrawal = 2
    /// available → reserved for a buy order; reference = order id, qualifier = the sequence of
    /// the command that set the order's size (placement or replace).
    case reserve = 3
    /// reserved → available when an order leaves the book or is replaced; reference = order id,
    /// qualifier = the sequence of the cancel, expiry or replace.
    case release = 4
    /// reserved → available at a fill: what the fill's reservation held beyond its cost (a
    /// better price, a cheaper path, the rounding headroom); reference = trade id.
    case fillRelease = 5
    /// reserved → escrow at a fill: the pending transfer; reference = trade id.
    case escrow = 6
    /// The post or void of an escrow; reference = trade id, qualifier = interval start (ms).
    case settlement = 7
}

/// A transfer's id: derived from what caused it (request, order, trade) and never allocated,
/// so a replayed command names the same transfer and is applied once.
public struct TransferId: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var purpose: TransferPurpose
    public var reference: UInt64
    public var qualifier: Int64

    @inlinable public init(_ purpose: TransferPurpose, reference: UInt64, qualifier: Int64 = 0) {
        self.purpose = purpose
        self.reference = reference
        self.qualifier = qualifier
    }

    public static func deposit(requestId: UInt64) -> TransferId { TransferId(.deposit, reference: requestId) }
    public static func withdrawal(requestId: UInt64) -> TransferId { TransferId(.withdrawal, reference: requestId) }
    public static func reserve(orderId: OrderId, revision: UInt64) -> TransferId {
        TransferId(.reserve, reference: orderId, qualifier: Int64(bitPattern: revision))
    }
    public static func release(orderId: OrderId, revision: UInt64) -> TransferId {
        TransferId(.release, reference: orderId, qualifier: Int64(bitPattern: revision))
    }
    public static func fillRelease(tradeId: TradeId) -> TransferId { TransferId(.fillRelease, reference: tradeId) }
    public static func escrow(tradeId: TradeId) -> TransferId { TransferId(.escrow, reference: tradeId) }
    public static func settlement(tradeId: TradeId, intervalStartMs: Int64) -> TransferId {
        TransferId(.settlement, reference: tradeId, qualifier: intervalStartMs)
    }

    public static func < (lhs: TransferId, rhs: TransferId) -> Bool {
        (lhs.purpose.rawValue, lhs.reference, lhs.qualifier) < (rhs.purpose.rawValue, rhs.reference, rhs.qualifier)
    }

    public var description: String { "\(purpose)/\(reference)/\(qualifier)" }
}
