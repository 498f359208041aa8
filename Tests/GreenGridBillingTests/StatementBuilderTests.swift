import GreenGridBilling
import GreenGridDomain
import Testing

/// The builder is where postings become a statement: totals, averages, earnings, days and the checks
/// that keep a wrongly mapped posting off a customer's bill.
@Suite("Statement builder")
struct StatementBuilderTests {
    typealias F = StatementFixtures

    @Test("Totals, balances and days of a prosumer month")
    func prosumerTotals() throws {
        let s = try F.prosumerJanuary()
        let t = s.totals
        #expect(s.lines.count == 9)
        #expect(t.depositsMicros == 50_000_000)
        #expect(t.withdrawalsMicros == -1_000_000)
        #expect(t.tradesBoughtMicros == -492_751)
        #expect(t.tradesSoldMicros == 360_001)
        #expect(t.settlementsMicros == -18_000)
        #expect(t.voidsMicros == 0)
        #expect(t.platformFeesMicros == -2_500)
        #expect(t.gridFeesMicros == -10_000)
        #expect(t.netChangeMicros == 48_836_750)
        #expect(t.moneyInMicros == 50_360_001)
        #expect(t.moneyOutMicros == 1_523_251)
        #expect(s.openingBalanceMicros == 5_000_000)
        #expect(s.closingBalanceMicros == 53_836_750)
        #expect(t.tradedBoughtWh == 2_001 && t.energyBoughtWh == 2_001)
        #expect(t.tradedSoldWh == 2_001 && t.energySoldWh == 1_901)
        #expect(t.estimatedEntryCount == 1)
        // 360001 sold + (−18000) sell-side settlement + (−2500) + (−10000) fees.
        #expect(s.earningsMicros == 329_501)
        #expect(s.reconciles)

        #expect(s.days.count == 31)
        #expect(s.days.filter(\.hasEntries).map(\.dayOfMonth) == [1, 2, 3, 5, 10, 31])
        #expect(s.days[1].energyBoughtWh == 2_001 && s.days[1].netMicros == -492_751 && s.days[1].moneyOutMicros == 492_751)
        #expect(s.days[2].energySoldWh == 2_001 && s.days[2].netMicros == 357_501)
        #expect(s.days[2].moneyInMicros == 360_001 && s.days[2].moneyOutMicros == 2_500)
        #expect(s.days[9].energySoldWh == -100)
        #expect(s.days[3].closingBalanceMicros == s.days[2].closingBalanceMicros)
        #expect(s.days[30].closingBalanceMicros == s.closingBalanceMicros)
        #expect(s.lines.last?.balanceAfterMicros == s.closingBalanceMicros)
        #expect(s.lines.map(\.number) == Array(1...9))
    }

    @Test("Average prices are volume weighted and rounded once, half away from zero")
    func prosumerAverages() throws {
        let t = try F.prosumerJanuary().totals
        // (1500 × 245000 + 501 × 250001) / 2001 = 246252.12 → 246252.
        #expect(t.averageBuyPriceMicrosPerKWh == 246_252)
        // (2000 × 180000 + 1 × 1499) / 2001 = 179910.79 → 179911; the settlement does not move the average.
        #expect(t.averageSellPriceMicrosPerKWh == 179_911)
    }

    struct AverageCase: Sendable, CustomTestStringConvertible {
        var fills: [(wh: Int64, price: Int64)]
        var average: Int64?
        var testDescription: String { "\(fills.map { "\($0.wh) Wh @ \($0.price)" }) → \(average.map(String.init) ?? "nil")" }
    }

    @Test("Weighted average rounding", arguments: [
        AverageCase(fills: [], average: nil),
        AverageCase(fills: [(1, 1), (1, 2)], average: 2),  // 1.5 → 2
        AverageCase(fills: [(1, -1), (1, -2)], average: -2),  // -1.5 → -2
        AverageCase(fills: [(2, 100), (1, 101)], average: 100),  // 100.33 → 100
        AverageCase(fills: [(1, 100), (2, 101)], average: 101),  // 100.67 → 101
        AverageCase(fills: [(3, -100), (1, 100)], average: -50),
        AverageCase(fills: [(1, -1), (2, 0)], average: 0),  // -0.33 → 0
        AverageCase(fills: [(1_000_000_000, 1_000_000_000), (1_000_000_000, 1_000_000_000)], average: 1_000_000_000),  // Σ passes Int64
    ])
    func averageRounding(_ c: AverageCase) {
        var average = VolumeWeightedPrice()
        for fill in c.fills {
            let added = average.add(energyWh: fill.wh, priceMicrosPerKWh: fill.price)
            #expect(added)
        }
        #expect(average.averageMicrosPerKWh == c.average)
    }

    @Test("The weighted average of builder trades at negative prices rounds away from zero")
    func negativePriceTrades() throws {
        let t0 = F.january2027StartMs
        let entries = [
            StatementEntry.bought(timestampMs: t0, energyWh: 1, priceMicrosPerKWh: -1)!,
            StatementEntry.bought(timestampMs: t0 + 1, energyWh: 1, priceMicrosPerKWh: -2)!,
        ]
        let s = try F.builder(role: .consumer, entries: entries).build()
        #expect(s.totals.averageBuyPriceMicrosPerKWh == -2)
        // A buy at a negative price pays the buyer: −1 × 1 / 1000 rounds to 0, −2 × 1 / 1000 to 0.
        #expect(s.totals.tradesBoughtMicros == 0)
        #expect(s.earningsMicros == nil)
    }

    @Test("Escrow-style trades carry no money; the settlement line does, and averages still use the trades")
    func escrowStyleTrades() throws {
        let t0 = F.january2027StartMs
        let entries = [
            StatementEntry(
                timestampMs: t0, kind: .tradeSold, tradeId: 5, energyWh: 2_000, amountMicros: 0, priceMicrosPerKWh: 180_000),
            // Settled two days later: 1900 Wh delivered, paid 1900 × 180000 / 1000 = 342000 µ.
            StatementEntry(
                timestampMs: t0 + 2 * F.dayMs, kind: .settlementPosted, tradeId: 5, side: .sell, energyWh: -100,
                amountMicros: 342_000, priceMicrosPerKWh: 180_000),
            StatementEntry(timestampMs: t0 + 2 * F.dayMs, kind: .platformFee, tradeId: 5, amountMicros: -1_900),
        ]
        let s = try F.builder(entries: entries, openingBalanceMicros: 0).build()
        #expect(s.totals.tradesSoldMicros == 0)
        #expect(s.totals.settlementsMicros == 342_000)
        #expect(s.totals.energySoldWh == 1_900)
        #expect(s.totals.averageSellPriceMicrosPerKWh == 180_000)
        #expect(s.earningsMicros == 340_100)
        #expect(s.closingBalanceMicros == 340_100)
        #expect(s.reconciles)
    }

    @Test("Earnings are for prosumers only", arguments: [Role.consumer, .gridOperator, .admin])
    func earningsOnlyForProsumers(_ role: Role) throws {
        let s = try F.builder(role: role).build()
        #expect(s.earningsMicros == nil)
        #expect(s.closingBalanceMicros == 53_836_750)
    }

    @Test("Entries booked outside the month are refused, naming the entry and the month", arguments: [
        StatementFixtures.january2027StartMs - 1, StatementFixtures.february2027StartMs, 0,
    ])
    func outsideMonth(_ timestampMs: Int64) throws {
        var entries = F.prosumerJanuaryEntries()
        entries.insert(StatementEntry(timestampMs: timestampMs, kind: .deposit, amountMicros: 1), at: 3)
        let builder = try F.builder(entries: entries)
        let expected = StatementError.entryOutsideMonth(
            entryIndex: 3, timestampMs: timestampMs, monthStartMs: F.january2027StartMs, monthEndMs: F.february2027StartMs)
        #expect(throws: expected) { try builder.build() }
        #expect(expected.description.contains("entry 3"))
        #expect(expected.description.contains("outside the statement month [2027-01-01T00:00:00Z, 2027-02-01T00:00:00Z)"))
    }

    @Test("The first and last millisecond of the month are inside it")
    func monthEdges() throws {
        let entries = [
            StatementEntry(timestampMs: F.january2027StartMs, kind: .deposit, amountMicros: 1),
            StatementEntry(timestampMs: F.february2027StartMs - 1, kind: .deposit, amountMicros: 2),
        ]
        let s = try F.builder(entries: entries).build()
        #expect(s.lines.map(\.dayOfMonth) == [1, 31])
    }

    @Test("An empty month carries the opening balance through every day")
    func emptyMonth() throws {
        var builder = StatementBuilder()
        builder.setUser(9, role: .prosumer)
        builder.setMonth(try BillingMonth(year: 2027, month: 2))
        builder.setOpeningBalance(micros: 7_000_000)
        let s = try builder.build()
        #expect(s.lines.isEmpty)
        #expect(s.closingBalanceMicros == 7_000_000)
        #expect(s.days.count == 28)
        #expect(s.days.allSatisfy { $0.closingBalanceMicros == 7_000_000 && !$0.hasEntries })
        #expect(s.totals.averageBuyPriceMicrosPerKWh == nil && s.totals.averageSellPriceMicrosPerKWh == nil)
        #expect(s.totals == StatementTotals())
        #expect(s.earningsMicros == 0)
        #expect(s.reconciles)
        #expect(s.html().contains("No entries this month."))
    }

    @Test("Building needs the user, the month and the opening balance")
    func missingFields() throws {
        var builder = StatementBuilder()
        #expect(throws: StatementError.missingField("user")) { try builder.build() }
        builder.setUser(1, role: .consumer)
        #expect(throws: StatementError.missingField("month")) { try builder.build() }
        builder.setMonth(try BillingMonth(year: 2027, month: 1))
        #expect(throws: StatementError.missingField("opening balance")) { try builder.build() }
        builder.setOpeningBalance(micros: 0)
        #expect(try builder.build().lines.isEmpty)
    }

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var name: String
        var entry: StatementEntry
        var error: StatementError
        var testDescription: String { name }
    }

    static let t0 = StatementFixtures.january2027StartMs

    @Test("Entries that break their kind's rules are refused", arguments: [
        InvalidCase(
            name: "trade money that is not its value (fee netted in)",
            entry: StatementEntry(timestampMs: t0, kind: .tradeBought, energyWh: 1_000, amountMicros: -250_100, priceMicrosPerKWh: 250_000),
            error: .tradeValueMismatch(entryIndex: 0, expectedMicros: -250_000, actualMicros: -250_100)),
        InvalidCase(
            name: "sold trade with the buyer's sign",
            entry: StatementEntry(timestampMs: t0, kind: .tradeSold, energyWh: 1_000, amountMicros: -250_000, priceMicrosPerKWh: 250_000),
            error: .tradeValueMismatch(entryIndex: 0, expectedMicros: 250_000, actualMicros: -250_000)),
        InvalidCase(
            name: "trade without a price",
            entry: StatementEntry(timestampMs: t0, kind: .tradeBought, energyWh: 1_000, amountMicros: -1),
            error: .invalidEntry(entryIndex: 0, reason: "a trade must carry its price")),
        InvalidCase(
            name: "trade on the wrong side",
            entry: StatementEntry(timestampMs: t0, kind: .tradeBought, side: .sell, energyWh: 1, amountMicros: 0, priceMicrosPerKWh: 1),
            error: .invalidEntry(entryIndex: 0, reason: "a trade_bought entry must be on the buy side")),
        InvalidCase(
            name: "trade without energy",
            entry: StatementEntry(timestampMs: t0, kind: .tradeSold, energyWh: 0, amountMicros: 0, priceMicrosPerKWh: 1),
            error: .invalidEntry(entryIndex: 0, reason: "a trade must carry positive energy")),
        InvalidCase(
            name: "settlement energy without a side",
            entry: StatementEntry(timestampMs: t0, kind: .settlementPosted, energyWh: -5, amountMicros: -1),
            error: .invalidEntry(entryIndex: 0, reason: "energy without a side")),
        InvalidCase(
            name: "negative deposit",
            entry: StatementEntry(timestampMs: t0, kind: .deposit, amountMicros: -1),
            error: .invalidEntry(entryIndex: 0, reason: "a deposit is a positive amount and no energy")),
        InvalidCase(
            name: "positive withdrawal",
            entry: StatementEntry(timestampMs: t0, kind: .withdrawal, amountMicros: 1),
            error: .invalidEntry(entryIndex: 0, reason: "a withdrawal is a negative amount and no energy")),
        InvalidCase(
            name: "fee with energy",
            entry: StatementEntry(timestampMs: t0, kind: .gridFee, side: .buy, energyWh: 1, amountMicros: -1),
            error: .invalidEntry(entryIndex: 0, reason: "a fee carries no energy")),
    ])
    func invalidEntries(_ c: InvalidCase) throws {
        let builder = try F.builder(entries: [c.entry])
        #expect(throws: c.error) { try builder.build() }
    }

    @Test("A balance that would leave Int64 is an error, not a trap")
    func overflow() throws {
        let entries = [StatementEntry(timestampMs: F.january2027StartMs, kind: .deposit, amountMicros: Int64.max)]
        let builder = try F.builder(entries: entries, openingBalanceMicros: 1)
        #expect(throws: StatementError.overflow("the running balance")) { try builder.build() }
    }

    @Test("The order entries are added in does not change the statement")
    func orderIndependence() throws {
        let entries = F.prosumerJanuaryEntries()
        let forward = try F.builder(entries: entries).build()
        let reversed = try F.builder(entries: entries.reversed()).build()
        let rotated = try F.builder(entries: Array(entries[4...] + entries[..<4])).build()
        #expect(forward == reversed)
        #expect(forward == rotated)
        #expect(forward.lines.map(\.entry.timestampMs) == forward.lines.map(\.entry.timestampMs).sorted())
    }

    @Test("Same-millisecond entries read in cause order: deposit, trades, fees, withdrawal")
    func sameTimestampOrder() throws {
        let t0 = F.january2027StartMs
        let entries = [
            StatementEntry(timestampMs: t0, kind: .withdrawal, amountMicros: -1),
            StatementEntry(timestampMs: t0, kind: .platformFee, amountMicros: -1),
            StatementEntry.sold(timestampMs: t0, energyWh: 1_000, priceMicrosPerKWh: 1, tradeId: 2)!,
            StatementEntry.bought(timestampMs: t0, energyWh: 1_000, priceMicrosPerKWh: 1, tradeId: 3)!,
            StatementEntry.bought(timestampMs: t0, energyWh: 1_000, priceMicrosPerKWh: 1, tradeId: 1)!,
            StatementEntry(timestampMs: t0, kind: .deposit, amountMicros: 10),
        ]
        let s = try F.builder(entries: entries, openingBalanceMicros: 0).build()
        #expect(s.lines.map(\.entry.kind) == [.deposit, .tradeBought, .tradeBought, .tradeSold, .platformFee, .withdrawal])
        #expect(s.lines.map(\.entry.tradeId) == [nil, 1, 3, 2, nil, nil])
        #expect(s.lines.map(\.balanceAfterMicros) == [10, 9, 8, 9, 8, 7])
    }

    @Test("Building twice gives equal statements")
    func buildTwice() throws {
        let builder = try F.builder()
        #expect(try builder.build() == builder.build())
    }
}
