import GreenGridDomain

/// A user's statement for one month: an immutable value, built only by `StatementBuilder`, so that
/// every statement that exists has been validated and reconciles.
public struct Statement: Sendable, Hashable {
    public let traderId: TraderId
    public let role: Role
    /// The name printed on the statement; free text, escaped in every output.
    public let accountName: String
    public let month: BillingMonth
    public let openingBalanceMicros: Int64
    public let closingBalanceMicros: Int64
    /// Entries in booking order (see `StatementBuilder` for the tie-breaks).
    public let lines: [StatementLine]
    public let totals: StatementTotals
    /// Every day of the month, days without entries included, so charts have no gaps.
    public let days: [StatementDay]
    /// For prosumers: what selling earned after fees; nil for every other role.
    ///
    /// Sold trade value, plus the money of settlements and voids on the sell side, plus all fees (which
    /// are negative). All fees, not only those of sales: the ledger does not say which fill a fee is for,
    /// and a prosumer's fees are the cost of being on the exchange at all.
    public let earningsMicros: Int64?

    init(
        traderId: TraderId, role: Role, accountName: String, month: BillingMonth, openingBalanceMicros: Int64,
        closingBalanceMicros: Int64, lines: [StatementLine], totals: StatementTotals, days: [StatementDay],
        earningsMicros: Int64?
    ) {
        self.traderId = traderId
        self.role = role
        self.accountName = accountName
        self.month = month
        self.openingBalanceMicros = openingBalanceMicros
        self.closingBalanceMicros = closingBalanceMicros
        self.lines = lines
        self.totals = totals
        self.days = days
        self.earningsMicros = earningsMicros
    }

    /// Re-checks, independently of how the builder summed, that the money adds up: opening plus every
    /// line is the closing balance, each line's running balance follows from the one before, the cause
    /// totals and the days sum to the month. Wrapping arithmetic, so a corrupt statement answers false
    /// rather than trapping.
    public var reconciles: Bool {
        var running = openingBalanceMicros
        for line in lines {
            running = running &+ line.entry.amountMicros
            if line.balanceAfterMicros != running { return false }
        }
        guard running == closingBalanceMicros,
              openingBalanceMicros &+ totals.netChangeMicros == closingBalanceMicros,
              totals.causeSumMicros == totals.netChangeMicros,
              totals.moneyInMicros &- totals.moneyOutMicros == totals.netChangeMicros,
              days.count == Int(month.dayCount)
        else { return false }
        let dayNet = days.reduce(Int64(0)) { $0 &+ $1.netMicros }
        let dayBought = days.reduce(Int64(0)) { $0 &+ $1.energyBoughtWh }
        let daySold = days.reduce(Int64(0)) { $0 &+ $1.energySoldWh }
        let dayEntries = days.reduce(0) { $0 + $1.entryCount }
        return dayNet == totals.netChangeMicros && dayBought == totals.energyBoughtWh && daySold == totals.energySoldWh
            && dayEntries == lines.count && (days.last?.closingBalanceMicros ?? openingBalanceMicros) == closingBalanceMicros
    }
}

/// An entry as it stands on the statement: numbered, dated, with the balance after it.
public struct StatementLine: Sendable, Hashable {
    /// 1-based position on the statement.
    public let number: Int
    public let entry: StatementEntry
    public let dayOfMonth: Int
    public let balanceAfterMicros: Int64
}
