
/// What settlement decided for one trade: the command that posts or voids its escrow.
public struct SettlementDecision: Sendable, Hashable {
    public var tradeId: TradeId
    public var intervalStartMs: Int64
    public var deliveredWh: Int64
    public var outcome: SettlementOutcome

    public init(tradeId: TradeId, intervalStartMs: Int64, deliveredWh: Int64, outcome: SettlementOutcome) {
        self.tradeId = tradeId
        self.intervalStartMs = intervalStartMs
        self.deliveredWh = deliveredWh
        self.outcome = outcome
    }

    /// The journalable form; its id is derived from the trade id and the interval.
    public var command: LedgerCommand {
        .settle(tradeId: tradeId, intervalStartMs: intervalStartMs, deliveredWh: deliveredWh, outcome: outcome)
    }
}

/// The decisions for one interval, before anything is posted: what the wiring journals
/// before it applies them.
public struct SettlementPlan: Sendable, Hashable {
    public var intervalStartMs: Int64
    public var decisions: [SettlementDecision] = []
    /// Escrows of the interval resolved by an earlier run (left alone).
    public var alreadySettled = 0
    /// Escrows waiting for meter data (the deadline has not passed).
    public var awaitingData = 0

    public init(intervalStartMs: Int64) { self.intervalStartMs = intervalStartMs }
}
