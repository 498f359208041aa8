
/// What one settlement run did to one interval: the figures notifications, billing and the
/// operator's view need, and the commands to journal.
public struct SettlementReport: Sendable, Hashable {
    public var intervalStartMs: Int64
    /// Whether the interval had ended at the run's time (if not, nothing was done).
    public var intervalEnded = true
    /// Escrows posted or voided by this run.
    public var settled = 0
    public var alreadySettled = 0
    public var awaitingData = 0
    /// Commands the ledger refused (a bug in a rule or a conflicting earlier settle).
    public var rejected = 0
    /// Trades resolved without meter data, in trade order.
    public var flaggedTradeIds: [TradeId] = []
    public var deliveredWh: Int64 = 0
    public var undeliveredWh: Int64 = 0
    /// Paid to sellers.
    public var valueMicros: Int64 = 0
    public var platformFeeMicros: Int64 = 0
    public var gridFeeMicros: Int64 = 0
    /// Returned from escrow to buyers.
    public var refundedMicros: Int64 = 0
    /// The applied commands, in order: what the journal records.
    public var commands: [LedgerCommand] = []

    public init(intervalStartMs: Int64) { self.intervalStartMs = intervalStartMs }
}
