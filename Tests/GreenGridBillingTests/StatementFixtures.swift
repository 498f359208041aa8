import GreenGridBilling
import GreenGridDomain

/// Statements the tests share, with their figures worked out by hand in the comments.
enum StatementFixtures {
    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 86_400_000
    /// 2027-01-01T00:00:00Z.
    static let january2027StartMs: Int64 = 1_798_761_600_000
    /// 2027-02-01T00:00:00Z.
    static let february2027StartMs: Int64 = 1_801_440_000_000

    /// A prosumer's January 2027: a deposit, two buys, two sells (one cross-zone), fees, a metering
    /// correction on the sell side and a withdrawal in the last millisecond of the month.
    static func prosumerJanuaryEntries() -> [StatementEntry] {
        let t0 = january2027StartMs
        return [
            StatementEntry(timestampMs: t0 + 10 * hourMs, kind: .deposit, amountMicros: 50_000_000, memo: "bank transfer"),
            // 1500 Wh × 245000 µ/kWh / 1000 = 367500 µ.
            StatementEntry.bought(
                timestampMs: t0 + dayMs + 12 * hourMs, energyWh: 1_500, priceMicrosPerKWh: 245_000, tradeId: 101, orderId: 11,
                zone: 0, intervalStartMs: t0 + dayMs + 14 * hourMs)!,
            // 501 × 250001 / 1000 = 125250.501 → 125251 µ.
            StatementEntry.bought(
                timestampMs: t0 + dayMs + 13 * hourMs, energyWh: 501, priceMicrosPerKWh: 250_001, tradeId: 102, orderId: 12,
                zone: 0, intervalStartMs: t0 + dayMs + 15 * hourMs)!,
            // 2000 × 180000 / 1000 = 360000 µ.
            StatementEntry.sold(
                timestampMs: t0 + 2 * dayMs + 11 * hourMs, energyWh: 2_000, priceMicrosPerKWh: 180_000, tradeId: 103, orderId: 13,
                zone: 0, intervalStartMs: t0 + 2 * dayMs + 12 * hourMs, counterpartyZone: 1, flags: .crossZone)!,
            // 1 × 1499 / 1000 = 1.499 → 1 µ.
            StatementEntry.sold(
                timestampMs: t0 + 2 * dayMs + 11 * hourMs + 900_000, energyWh: 1, priceMicrosPerKWh: 1_499, tradeId: 104,
                orderId: 14, zone: 0)!,
            StatementEntry(timestampMs: t0 + 2 * dayMs + 12 * hourMs, kind: .platformFee, amountMicros: -2_500),
            StatementEntry(timestampMs: t0 + 4 * dayMs, kind: .gridFee, zone: 0, amountMicros: -10_000),
            // The meter saw 100 Wh less delivered on trade 103: energy and money go back.
            StatementEntry(
                timestampMs: t0 + 9 * dayMs, kind: .settlementPosted, tradeId: 103, zone: 0,
                intervalStartMs: t0 + 2 * dayMs + 12 * hourMs, side: .sell, energyWh: -100, amountMicros: -18_000,
                priceMicrosPerKWh: 180_000, flags: .estimatedMeterData),
            StatementEntry(timestampMs: t0 + 31 * dayMs - 1, kind: .withdrawal, amountMicros: -1_000_000),
        ]
    }

    static func builder(
        role: Role = .prosumer, entries: [StatementEntry] = prosumerJanuaryEntries(), openingBalanceMicros: Int64 = 5_000_000
    ) throws -> StatementBuilder {
        var builder = StatementBuilder()
        builder.setUser(42, role: role, accountName: "Grace Solar")
        builder.setMonth(try BillingMonth(year: 2027, month: 1))
        builder.setOpeningBalance(micros: openingBalanceMicros)
        builder.add(contentsOf: entries)
        return builder
    }

    static func prosumerJanuary() throws -> Statement { try builder().build() }

    /// The golden statement: a consumer's February 2027 with text that needs quoting.
    static func goldenFebruary() throws -> Statement {
        let t0 = february2027StartMs
        var builder = StatementBuilder()
        builder.setUser(7, role: .consumer, accountName: "Ada, \"the\" Buyer")
        builder.setMonth(try BillingMonth(year: 2027, month: 2))
        builder.setOpeningBalance(micros: 1_000_000)
        // Added out of order on purpose: the statement sorts by booking time.
        builder.add(StatementEntry(timestampMs: t0 + 20 * dayMs, kind: .platformFee, amountMicros: -500, memo: "fee, monthly\nline 2"))
        // 1250 Wh × 1234 µ/kWh / 1000 = 1542.5 → 1543 µ.
        builder.add(StatementEntry.bought(
            timestampMs: t0 + 13 * dayMs + 9 * hourMs, energyWh: 1_250, priceMicrosPerKWh: 1_234, tradeId: 65_537, orderId: 9,
            zone: 2, intervalStartMs: t0 + 13 * dayMs + 10 * hourMs)!)
        builder.add(StatementEntry(timestampMs: t0 + 8 * hourMs, kind: .deposit, amountMicros: 2_000_000))
        return try builder.build()
    }
}
