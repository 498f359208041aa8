import GreenGridDomain

/// Collects a month's entries in whatever order the ledger yields them and turns them into a
/// validated, reconciled `Statement`.
///
/// A builder rather than an initializer because the ledger will stream postings from several sources
/// (trades, settlements, wallet movements) and the statement can only be checked once all are in.
/// `build()` does not consume the builder: building twice gives equal statements.
public struct StatementBuilder: Sendable {
    public private(set) var traderId: TraderId?
    public private(set) var role: Role?
    public private(set) var accountName = ""
    public private(set) var month: BillingMonth?
    public private(set) var openingBalanceMicros: Int64?
    public private(set) var entries: [StatementEntry] = []

    public init() {}

    public mutating func setUser(_ traderId: TraderId, role: Role, accountName: String = "") {
        self.traderId = traderId
        self.role = role
        self.accountName = accountName
    }

    public mutating func setMonth(_ month: BillingMonth) { self.month = month }

    /// The balance at the first millisecond of the month: the previous statement's closing balance.
    public mutating func setOpeningBalance(micros: Int64) { openingBalanceMicros = micros }

    public mutating func add(_ entry: StatementEntry) { entries.append(entry) }

    public mutating func add(contentsOf newEntries: some Sequence<StatementEntry>) { entries.append(contentsOf: newEntries) }

    /// Validates every entry, orders them, sums them and checks the result reconciles.
    ///
    /// Lines are ordered by booking time, then kind (`StatementEntryKind.sortRank`), then trade id, order id,
    /// interval, amount and energy, and only then by the order they were added: so the same set of
    /// entries makes the same statement whatever order the ledger yielded them in.
    public func build() throws(StatementError) -> Statement {
        guard let traderId, let role else { throw .missingField("user") }
        guard let month else { throw .missingField("month") }
        guard let openingBalanceMicros else { throw .missingField("opening balance") }

        for (index, entry) in entries.enumerated() {
            try Self.validate(entry, index: index, month: month)
        }
        let ordered = entries.indices.sorted { Self.precedes(entries[$0], $0, entries[$1], $1) }

        var totals = StatementTotals()
        var buyPrices = VolumeWeightedPrice()
        var sellPrices = VolumeWeightedPrice()
        var sellSideCorrectionsMicros: Int64 = 0
        var days = (1...Int(month.dayCount)).map { day in
            StatementDay(
                date: CivilDate(year: month.year, month: month.month, day: Int64(day)), dayOfMonth: day,
                closingBalanceMicros: openingBalanceMicros)
        }
        var lines: [StatementLine] = []
        lines.reserveCapacity(entries.count)
        var balance = openingBalanceMicros

        for index in ordered {
            let entry = entries[index]
            let amount = entry.amountMicros
            balance = try sum(balance, amount, "the running balance")
            // Validated above: the entry is inside the month.
            let day = month.dayOfMonth(unixMs: entry.timestampMs)!
            lines.append(StatementLine(number: lines.count + 1, entry: entry, dayOfMonth: day, balanceAfterMicros: balance))

            totals.entryCount += 1
            if entry.flags.contains(.estimatedMeterData) { totals.estimatedEntryCount += 1 }
            totals.netChangeMicros = try sum(totals.netChangeMicros, amount, "the net change")
            if amount > 0 {
                totals.moneyInMicros = try sum(totals.moneyInMicros, amount, "money in")
            } else if amount < 0 {
                // The magnitude of Int64.min does not fit; `sum` reports it as an overflow.
                guard amount != Int64.min else { throw .overflow("money out") }
                totals.moneyOutMicros = try sum(totals.moneyOutMicros, -amount, "money out")
            }
            switch entry.kind {
            case .tradeBought:
                totals.tradesBoughtMicros = try sum(totals.tradesBoughtMicros, amount, "bought trades")
                totals.tradedBoughtWh = try sum(totals.tradedBoughtWh, entry.energyWh, "bought energy")
                guard buyPrices.add(energyWh: entry.energyWh, priceMicrosPerKWh: entry.priceMicrosPerKWh!) else {
                    throw .overflow("bought energy")
                }
            case .tradeSold:
                totals.tradesSoldMicros = try sum(totals.tradesSoldMicros, amount, "sold trades")
                totals.tradedSoldWh = try sum(totals.tradedSoldWh, entry.energyWh, "sold energy")
                guard sellPrices.add(energyWh: entry.energyWh, priceMicrosPerKWh: entry.priceMicrosPerKWh!) else {
                    throw .overflow("sold energy")
                }
            case .settlementPosted:
                totals.settlementsMicros = try sum(totals.settlementsMicros, amount, "settlements")
            case .settlementVoided:
                totals.voidsMicros = try sum(totals.voidsMicros, amount, "voids")
            case .platformFee:
                totals.platformFeesMicros = try sum(totals.platformFeesMicros, amount, "platform fees")
            case .gridFee:
                totals.gridFeesMicros = try sum(totals.gridFeesMicros, amount, "grid fees")
            case .deposit:
                totals.depositsMicros = try sum(totals.depositsMicros, amount, "deposits")
            case .withdrawal:
                totals.withdrawalsMicros = try sum(totals.withdrawalsMicros, amount, "withdrawals")
            }
            if entry.kind.isSettlement && entry.side == .sell {
                sellSideCorrectionsMicros = try sum(sellSideCorrectionsMicros, amount, "sell-side settlements")
            }

            var today = days[day - 1]
            today.entryCount += 1
            today.netMicros = try sum(today.netMicros, amount, "a day's net")
            if amount > 0 { today.moneyInMicros = try sum(today.moneyInMicros, amount, "a day's money in") }
            if amount < 0 { today.moneyOutMicros = try sum(today.moneyOutMicros, -amount, "a day's money out") }
            switch entry.side {
            case .buy?:
                totals.energyBoughtWh = try sum(totals.energyBoughtWh, entry.energyWh, "bought energy")
                today.energyBoughtWh = try sum(today.energyBoughtWh, entry.energyWh, "a day's bought energy")
            case .sell?:
                totals.energySoldWh = try sum(totals.energySoldWh, entry.energyWh, "sold energy")
                today.energySoldWh = try sum(today.energySoldWh, entry.energyWh, "a day's sold energy")
            case nil:
                break
            }
            days[day - 1] = today
        }

        // A day's closing balance is the previous day's when nothing was booked.
        var dayBalance = openingBalanceMicros
        for index in days.indices {
            dayBalance = dayBalance &+ days[index].netMicros  // bounded by the running balance checked above
            days[index].closingBalanceMicros = dayBalance
        }
        totals.averageBuyPriceMicrosPerKWh = buyPrices.averageMicrosPerKWh
        totals.averageSellPriceMicrosPerKWh = sellPrices.averageMicrosPerKWh

        var earnings: Int64?
        if role == .prosumer {
            var value = try sum(totals.tradesSoldMicros, sellSideCorrectionsMicros, "earnings")
            value = try sum(value, totals.platformFeesMicros, "earnings")
            earnings = try sum(value, totals.gridFeesMicros, "earnings")
        }

        let statement = Statement(
            traderId: traderId, role: role, accountName: accountName, month: month,
            openingBalanceMicros: openingBalanceMicros, closingBalanceMicros: balance, lines: lines, totals: totals,
            days: days, earningsMicros: earnings)
        // Summed one way here and re-checked another way there: a disagreement is a bug in this file.
        assert(statement.reconciles, "statement for trader \(traderId) \(month) does not reconcile")
        return statement
    }

    private func sum(_ a: Int64, _ b: Int64, _ what: String) throws(StatementError) -> Int64 {
        let (result, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .overflow(what) }
        return result
    }

    /// The rules each kind's money and energy follow; breaking one means the ledger mapping is wrong.
    static func validate(_ entry: StatementEntry, index: Int, month: BillingMonth) throws(StatementError) {
        guard month.contains(unixMs: entry.timestampMs) else {
            throw .entryOutsideMonth(
                entryIndex: index, timestampMs: entry.timestampMs, monthStartMs: month.startUnixMs, monthEndMs: month.endUnixMs)
        }
        func refuse(_ reason: String) -> StatementError { .invalidEntry(entryIndex: index, reason: reason) }
        if entry.energyWh != 0 && entry.side == nil { throw refuse("energy without a side") }
        switch entry.kind {
        case .tradeBought, .tradeSold:
            let side: Side = entry.kind == .tradeBought ? .buy : .sell
            guard entry.side == side else { throw refuse("a \(entry.kind.rawValue) entry must be on the \(side) side") }
            guard entry.energyWh > 0 else { throw refuse("a trade must carry positive energy") }
            guard let price = entry.priceMicrosPerKWh else { throw refuse("a trade must carry its price") }
            guard let value = TradeValue.valueMicros(quantityWh: entry.energyWh, priceMicrosPerKWh: price) else {
                throw .overflow("entry \(index)'s trade value")
            }
            let expected = side == .buy ? -value : value
            // Zero is allowed: with escrow, a fill moves no money the user owns until it settles,
            // and the settlement line carries the money instead. Anything else is a mapping error.
            guard entry.amountMicros == expected || entry.amountMicros == 0 else {
                throw .tradeValueMismatch(entryIndex: index, expectedMicros: expected, actualMicros: entry.amountMicros)
            }
        case .settlementPosted, .settlementVoided:
            break
        case .platformFee, .gridFee:
            guard entry.energyWh == 0 else { throw refuse("a fee carries no energy") }
        case .deposit:
            guard entry.energyWh == 0, entry.amountMicros > 0 else { throw refuse("a deposit is a positive amount and no energy") }
        case .withdrawal:
            guard entry.energyWh == 0, entry.amountMicros < 0 else { throw refuse("a withdrawal is a negative amount and no energy") }
        }
    }

    /// The statement order; see `build()`.
    static func precedes(_ a: StatementEntry, _ aIndex: Int, _ b: StatementEntry, _ bIndex: Int) -> Bool {
        if a.timestampMs != b.timestampMs { return a.timestampMs < b.timestampMs }
        if a.kind != b.kind { return a.kind.sortRank < b.kind.sortRank }
        if a.tradeId != b.tradeId { return (a.tradeId ?? 0) < (b.tradeId ?? 0) || (a.tradeId == nil) }
        if a.orderId != b.orderId { return (a.orderId ?? 0) < (b.orderId ?? 0) || (a.orderId == nil) }
        if a.intervalStartMs != b.intervalStartMs {
            return (a.intervalStartMs ?? Int64.min) < (b.intervalStartMs ?? Int64.min) || (a.intervalStartMs == nil)
        }
        if a.amountMicros != b.amountMicros { return a.amountMicros < b.amountMicros }
        if a.energyWh != b.energyWh { return a.energyWh < b.energyWh }
        if a.memo != b.memo { return a.memo < b.memo }
        return aIndex < bIndex
    }
}
