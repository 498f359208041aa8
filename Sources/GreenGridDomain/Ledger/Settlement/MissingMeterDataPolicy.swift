/// What settlement does with a trade whose seller's export or buyer's import is still missing
/// at the deadline. Pluggable because it is a business decision, not arithmetic.
public protocol MissingMeterDataPolicy: Sendable {
    func resolve(_ trade: PendingTransfer) -> (deliveredWh: Int64, outcome: SettlementOutcome)
}

/// The rule in force: nothing proven delivered, nothing paid. The whole escrow (value and
/// fees) goes back to the buyer, the seller and the fee accounts get nothing, and the trade
/// is flagged (`voidedNoMeterData`) for an operator to look at.
public struct VoidAndFlag: MissingMeterDataPolicy {
    public init() {}
    public func resolve(_ trade: PendingTransfer) -> (deliveredWh: Int64, outcome: SettlementOutcome) { (0, .voidedNoMeterData) }
}

/// An alternative some markets use: trust the trade, pay it in full, and flag it.
public struct DeemDeliveredAndFlag: MissingMeterDataPolicy {
    public init() {}
    public func resolve(_ trade: PendingTransfer) -> (deliveredWh: Int64, outcome: SettlementOutcome) {
        (trade.quantityWh, .deemedNoMeterData)
    }
}
