import GreenGridDomain
import Testing

/// One row: trades of one interval (seller, buyer, Wh, price, grid fee per kWh), the meter
/// readings (nil = no data), and what each trade must deliver.
struct SettlementCase: CustomTestStringConvertible, Sendable {
    var name: String
    var trades: [(seller: TraderId, buyer: TraderId, quantityWh: Int64, price: Int64, gridFee: Int64)]
    var exports: [TraderId: Int64]
    var imports: [TraderId: Int64]
    var deliveredWh: [Int64]
    var flagged: Int = 0
    var awaiting: Int = 0
    var pastDeadline = true
    var testDescription: String { name }
}

@Suite("Settlement")
struct SettlementTests {
    static let interval: Int64 = 1_798_776_000_000
    static let platformFee: Int64 = 1_500

    static let cases: [SettlementCase] = [
        SettlementCase(name: "full delivery", trades: [(1, 11, 1_000, 250_000, 0)], exports: [1: 1_000], imports: [11: 1_000],
                       deliveredWh: [1_000]),
        SettlementCase(name: "metered more than traded is capped", trades: [(1, 11, 1_000, 250_000, 0)], exports: [1: 5_000],
                       imports: [11: 9_000], deliveredWh: [1_000]),
        SettlementCase(name: "short seller", trades: [(1, 11, 1_000, 250_000, 0)], exports: [1: 600], imports: [11: 1_000],
                       deliveredWh: [600]),
        SettlementCase(name: "short buyer", trades: [(1, 11, 1_000, 250_000, 0)], exports: [1: 1_000], imports: [11: 350],
                       deliveredWh: [350]),
        SettlementCase(name: "no data at the deadline: void and flag", trades: [(1, 11, 1_000, 250_000, 0), (2, 12, 500, 250_000, 0)],
                       exports: [2: 500], imports: [11: 1_000], deliveredWh: [0, 0], flagged: 2),
        SettlementCase(name: "no data before the deadline: wait", trades: [(1, 11, 1_000, 250_000, 0), (2, 12, 500, 250_000, 0)],
                       exports: [1: 1_000, 2: 500], imports: [11: 1_000], deliveredWh: [1_000, 0], awaiting: 1, pastDeadline: false),
        SettlementCase(name: "negative readings count as nothing", trades: [(1, 11, 1_000, 250_000, 0)], exports: [1: -5],
                       imports: [11: 1_000], deliveredWh: [0]),
        // Seller 1 sold 1,000 + 2,000 + 3,000 and exported 3,001: 500.1667, 1000.333, 1500.5 → 500, 1000, 1501.
        SettlementCase(name: "several trades per seller: largest remainder",
                       trades: [(1, 11, 1_000, 250_000, 0), (1, 12, 2_000, 250_000, 0), (1, 13, 3_000, 250_000, 0)],
                       exports: [1: 3_001], imports: [11: 1_000, 12: 2_000, 13: 3_000], deliveredWh: [500, 1_000, 1_501]),
        // Buyer 11 bought 3 × 1 Wh and imported 2: remainders tie, the earlier trades get them.
        SettlementCase(name: "several trades per buyer: ties to the earlier trade",
                       trades: [(1, 11, 1, 250_000, 0), (2, 11, 1, 250_000, 0), (3, 11, 1, 250_000, 0)],
                       exports: [1: 1, 2: 1, 3: 1], imports: [11: 2], deliveredWh: [1, 1, 0]),
        SettlementCase(name: "both sides short on shared trades",
                       trades: [(1, 11, 400, 250_000, 0), (1, 12, 600, 250_000, 0), (2, 11, 600, 250_000, 0)],
                       exports: [1: 500, 2: 600], imports: [11: 700, 12: 600], deliveredWh: [200, 300, 420]),
        SettlementCase(name: "cross-zone trades pay the grid fee on what was delivered",
                       trades: [(1, 11, 1_000, 250_000, 12_000), (2, 11, 1_000, 240_000, 9_999)],
                       exports: [1: 1_000, 2: 333], imports: [11: 2_000], deliveredWh: [1_000, 333]),
        SettlementCase(name: "rounding at the minor unit: half away from zero on each leg",
                       trades: [(1, 11, 3, 166_667, 1_500)], exports: [1: 1], imports: [11: 3], deliveredWh: [1]),
    ]

    static func ledger(for row: SettlementCase) -> Ledger {
        var ledger = Ledger()
        let fees = FeeSchedule(platformFeeMicrosPerKWh: platformFee, maxGridFeeMicrosPerKWh: 12_000)
        for (index, trade) in row.trades.enumerated() {
            let rate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: trade.price, fees: fees)
            let orderId = UInt64(index + 1)
            #expect(ledger.apply(.deposit(user: trade.buyer, requestId: orderId, amountMicros: trade.quantityWh * rate)) == .applied)
            #expect(ledger.apply(.reserve(user: trade.buyer, orderId: orderId, revision: orderId, quantityWh: trade.quantityWh,
                                          microsPerWh: rate)) == .applied)
            #expect(ledger.apply(.fill(EscrowFill(
                tradeId: Trade.tradeId(commandSequence: 100 + orderId, ordinal: 0), intervalStartMs: interval, buyer: trade.buyer,
                seller: trade.seller, gridFeeZone: 3, quantityWh: trade.quantityWh, priceMicrosPerKWh: trade.price,
                platformFeeMicrosPerKWh: platformFee, gridFeeMicrosPerKWh: trade.gridFee, reservationMicrosPerWh: rate))) == .applied)
        }
        return ledger
    }

    @Test("settlement table", arguments: SettlementTests.cases)
    func table(row: SettlementCase) throws {
        var ledger = Self.ledger(for: row)
        var readings = MeterReadingTable()
        for (user, wh) in row.exports { readings.setExport(wh, participant: user, intervalStartMs: Self.interval) }
        for (user, wh) in row.imports { readings.setImport(wh, participant: user, intervalStartMs: Self.interval) }
        let rule = MeteredSettlement(meterDataDeadlineMs: 3_600_000)
        let end = Self.interval + DeliveryInterval.lengthMs
        let now = row.pastDeadline ? end + 3_600_000 : end + 1
        let before = ledger
        #expect(!rule.settle(intervalStartMs: Self.interval, nowMs: end - 1, readings: readings, ledger: &ledger).intervalEnded)
        #expect(ledger == before, "nothing settles before the interval ends")

        let report = rule.settle(intervalStartMs: Self.interval, nowMs: now, readings: readings, ledger: &ledger)
        #expect(report.rejected == 0)
        #expect(report.flaggedTradeIds.count == row.flagged)
        #expect(report.awaitingData == row.awaiting)
        #expect(report.settled == row.trades.count - row.awaiting)
        var sellerIncome: [TraderId: Int64] = [:]
        var platform: Int64 = 0, grid: Int64 = 0
        for (index, trade) in row.trades.enumerated() {
            let pending = ledger.pendings[Trade.tradeId(commandSequence: 101 + UInt64(index), ordinal: 0)]!
            if pending.state == .pending { continue }
            #expect(pending.deliveredWh == row.deliveredWh[index], "trade \(index)")
            let paid = FillCharges(quantityWh: row.deliveredWh[index], priceMicrosPerKWh: trade.price, platformFeeMicrosPerKWh: Self.platformFee,
                                   gridFeeMicrosPerKWh: trade.gridFee)!
            sellerIncome[trade.seller, default: 0] += paid.valueMicros
            platform += paid.platformFeeMicros
            grid += paid.gridFeeMicros
        }
        for (seller, micros) in sellerIncome { #expect(ledger.balance(of: .available(seller)) == micros) }
        #expect(ledger.balance(of: .platformFees) == platform && report.platformFeeMicros == platform)
        #expect(ledger.balance(of: .gridFees(zone: 3)) == grid && report.gridFeeMicros == grid)
        #expect(ledger.invariantViolation() == nil)

        // Running it again changes nothing.
        let settled = ledger
        let again = rule.settle(intervalStartMs: Self.interval, nowMs: now, readings: readings, ledger: &ledger)
        #expect(ledger == settled)
        #expect(again.settled == 0 && again.commands.isEmpty)
        #expect(again.alreadySettled == row.trades.count - row.awaiting)

        // The report's commands rebuild the same ledger from the pre-settlement state.
        var replayed = before
        for command in report.commands { #expect(replayed.apply(command) == .applied) }
        #expect(replayed.snapshotBytes() == settled.snapshotBytes())
    }

    @Test("the rounding row in numbers: 1 Wh of 3 at 0.166667 + 0.0015 + 0.0015")
    func roundingInNumbers() {
        let escrowed = FillCharges(quantityWh: 3, priceMicrosPerKWh: 166_667, platformFeeMicrosPerKWh: 1_500, gridFeeMicrosPerKWh: 1_500)!
        let paid = FillCharges(quantityWh: 1, priceMicrosPerKWh: 166_667, platformFeeMicrosPerKWh: 1_500, gridFeeMicrosPerKWh: 1_500)!
        #expect(escrowed == FillCharges(valueMicros: 500, platformFeeMicros: 5, gridFeeMicros: 5))  // 500.001, 4.5, 4.5
        #expect(paid == FillCharges(valueMicros: 167, platformFeeMicros: 2, gridFeeMicros: 2))  // 166.667, 1.5, 1.5
    }

    @Test("the missing-data rule is pluggable: deem delivered and flag")
    func pluggablePolicy() {
        var ledger = Self.ledger(for: Self.cases[0])
        let rule = MeteredSettlement(meterDataDeadlineMs: 0, missingMeterData: DeemDeliveredAndFlag())
        let report = rule.settle(intervalStartMs: Self.interval, nowMs: Self.interval + DeliveryInterval.lengthMs,
                                 readings: MeterReadingTable(), ledger: &ledger)
        #expect(report.flaggedTradeIds.count == 1 && report.deliveredWh == 1_000)
        #expect(ledger.pendings.values.first?.outcome == .deemedNoMeterData)
    }

    static let splits: [(total: Int64, weights: [Int64], expected: [Int64])] = [
        (7, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
        (10, [3, 3, 3], [3, 3, 3]),
        (5, [3, 3, 3], [2, 2, 1]),
        (0, [5], [0]),
        (Int64.max, [Int64.max / 2, Int64.max / 4], [Int64.max / 2, Int64.max / 4]),
    ]

    @Test("largest remainder: parts sum exactly, never exceed their weight", arguments: SettlementTests.splits)
    func largestRemainder(total: Int64, weights: [Int64], expected: [Int64]) {
        #expect(LargestRemainder.split(total, weights: weights) == expected)
    }
}
