/// The month's figures. Every money total is a signed effect on the balance (charges negative), so the
/// eight cause totals add up to `netChangeMicros` with no sign rules to remember.
public struct StatementTotals: Sendable, Hashable {
    public var entryCount = 0
    /// Entries whose meter data was estimated: the user should expect corrections.
    public var estimatedEntryCount = 0

    public var tradesBoughtMicros: Int64 = 0
    public var tradesSoldMicros: Int64 = 0
    public var settlementsMicros: Int64 = 0
    public var voidsMicros: Int64 = 0
    public var platformFeesMicros: Int64 = 0
    public var gridFeesMicros: Int64 = 0
    public var depositsMicros: Int64 = 0
    public var withdrawalsMicros: Int64 = 0

    /// Sum of every positive amount.
    public var moneyInMicros: Int64 = 0
    /// Sum of every negative amount, as a magnitude (non-negative).
    public var moneyOutMicros: Int64 = 0
    public var netChangeMicros: Int64 = 0

    /// Energy traded, before corrections: what the averages are weighted by.
    public var tradedBoughtWh: Int64 = 0
    public var tradedSoldWh: Int64 = 0
    /// Energy after settlements and voids on each side: what the user is billed for.
    public var energyBoughtWh: Int64 = 0
    public var energySoldWh: Int64 = 0

    /// Volume-weighted average trade prices (micros per kWh), nil without trades on that side.
    public var averageBuyPriceMicrosPerKWh: Int64?
    public var averageSellPriceMicrosPerKWh: Int64?

    public init() {}

    /// Sum of the cause totals; equals `netChangeMicros` in every statement the builder makes.
    public var causeSumMicros: Int64 {
        [tradesBoughtMicros, tradesSoldMicros, settlementsMicros, voidsMicros, platformFeesMicros, gridFeesMicros,
         depositsMicros, withdrawalsMicros].reduce(0, &+)
    }
    /// All fees, signed (charges negative).
    public var feesMicros: Int64 { platformFeesMicros &+ gridFeesMicros }
}
