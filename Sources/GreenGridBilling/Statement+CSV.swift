/// The statement as one CSV table, for spreadsheets and accountants.
///
/// One table with one header, so every record has the same fields (RFC 4180 asks for it and importers
/// rely on it). The first column says what a record is: `statement` rows carry who and when in `memo`,
/// `entry` rows are the lines, `total` rows name a figure in `kind` and put it in the column of its unit.
/// Money and prices are printed with all six decimals: exact, so the file sums to the micro and
/// reconciles with the ledger; rounding to cents is for the HTML page only. Energy is kWh with three
/// decimals, which is exact in Wh.
extension Statement {
    public static let csvHeader = [
        "record", "line", "booked_utc", "kind", "trade_id", "order_id", "zone", "interval_start_utc", "counterparty_zone",
        "side", "energy_kwh", "price_per_kwh", "amount", "balance_after", "flags", "memo",
    ]

    public func csv() -> String {
        var writer = CSVWriter()
        writer.appendRow(Statement.csvHeader)
        func info(_ name: String, _ value: String) {
            writer.appendRow(["statement", "", "", name, "", "", "", "", "", "", "", "", "", "", "", value])
        }
        info("trader_id", String(traderId))
        info("account_name", CSVWriter.text(accountName))
        info("role", String(describing: role))
        info("month", month.description)
        info("period_start_utc", BillingText.timestamp(month.startUnixMs))
        info("period_end_utc", BillingText.timestamp(month.endUnixMs))

        for line in lines {
            let entry = line.entry
            writer.appendRow([
                "entry", String(line.number), BillingText.timestamp(entry.timestampMs), entry.kind.rawValue,
                entry.tradeId.map { String($0) } ?? "", entry.orderId.map { String($0) } ?? "",
                entry.zone.map { String($0) } ?? "", entry.intervalStartMs.map(BillingText.timestamp) ?? "",
                entry.counterpartyZone.map { String($0) } ?? "", entry.side.map { String(describing: $0) } ?? "",
                entry.side == nil ? "" : BillingText.energy(entry.energyWh),
                entry.priceMicrosPerKWh.map(BillingText.priceExact) ?? "", BillingText.moneyExact(entry.amountMicros),
                BillingText.moneyExact(line.balanceAfterMicros), entry.flags.names.joined(separator: ";"), CSVWriter.text(entry.memo),
            ])
        }

        func money(_ name: String, _ micros: Int64) {
            writer.appendRow(["total", "", "", name, "", "", "", "", "", "", "", "", BillingText.moneyExact(micros), "", "", ""])
        }
        func energy(_ name: String, _ wh: Int64) {
            writer.appendRow(["total", "", "", name, "", "", "", "", "", "", BillingText.energy(wh), "", "", "", "", ""])
        }
        func price(_ name: String, _ microsPerKWh: Int64?) {
            writer.appendRow([
                "total", "", "", name, "", "", "", "", "", "", "", microsPerKWh.map(BillingText.priceExact) ?? "", "", "", "", "",
            ])
        }
        money("opening_balance", openingBalanceMicros)
        money("deposits", totals.depositsMicros)
        money("withdrawals", totals.withdrawalsMicros)
        money("trades_bought", totals.tradesBoughtMicros)
        money("trades_sold", totals.tradesSoldMicros)
        money("settlements", totals.settlementsMicros)
        money("voids", totals.voidsMicros)
        money("platform_fees", totals.platformFeesMicros)
        money("grid_fees", totals.gridFeesMicros)
        money("net_change", totals.netChangeMicros)
        money("closing_balance", closingBalanceMicros)
        energy("energy_bought", totals.energyBoughtWh)
        energy("energy_sold", totals.energySoldWh)
        price("average_buy_price", totals.averageBuyPriceMicrosPerKWh)
        price("average_sell_price", totals.averageSellPriceMicrosPerKWh)
        if let earningsMicros { money("prosumer_earnings", earningsMicros) }
        return writer.text
    }
}
