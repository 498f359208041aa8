/// What one wallet history entry records, in HistoryEntry; its `reference` names the request, order or
/// trade it belongs to.
public enum HistoryEntryKind: UInt8, Sendable, Hashable, CaseIterable {
    /// Money paid in (reference: the movement's journal sequence, as its FundsMoved carried).
    case deposit = 1
    /// Money paid out (reference: the movement's journal sequence, as its FundsMoved carried).
    case withdrawal = 2
    /// A buy order's funds moved from available to reserved (reference: the order id).
    case reserve = 3
    /// Reserved funds returned to available: a cancel, an expiry or a replace (reference: the order id).
    case release = 4
    /// A fill moved the buyer's cost from reserved into escrow, and the reservation's surplus over the cost
    /// back to available (reference: the trade id).
    case escrow = 5
    /// Settlement posted the buyer's escrow (reference: the trade id).
    case settlementPaid = 6
    /// Settlement credited the seller (reference: the trade id).
    case settlementReceived = 7
    /// Escrow returned to the buyer: the undelivered part or a void (reference: the trade id).
    case refund = 8
}
