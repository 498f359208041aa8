import GreenGridBilling
import GreenGridDomain
import Testing

/// The statement built from the ledger's journal ends where the ledger says the user stands:
/// the two are written independently, so this is where a mapping error would show.
@Suite("Statements from the ledger")
struct LedgerStatementTests {
    static let seller: TraderId = 2
    static let buyer: TraderId = 3
    /// 2027-02-01T00:00Z, and a delivery interval that day.
    static let monthStartMs: Int64 = 1_801_440_000_000
    static let intervalMs: Int64 = monthStartMs + 10 * 3_600_000

    static func fill(_ tradeId: TradeId, quantityWh: Int64, priceMicrosPerKWh: Int64, rate: Int64) -> LedgerCommand {
        .fill(EscrowFill(tradeId: tradeId, intervalStartMs: intervalMs, buyer: buyer, seller: seller, gridFeeZone: 1,
                         quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh, platformFeeMicrosPerKWh: 1_500,
                         gridFeeMicrosPerKWh: 2_000, reservationMicrosPerWh: rate))
    }

    @Test("deposits, a reservation, fills, a posted and a voided settlement, a release and a withdrawal: both statements close at the ledger's balance")
    func reconciles() throws {
        let fees = FeeSchedule(platformFeeMicrosPerKWh: 1_500, maxGridFeeMicrosPerKWh: 2_000)
        let rate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: 250_000, fees: fees)
        let commands: [LedgerCommand] = [
            .deposit(user: Self.buyer, requestId: 1, amountMicros: 10_000_000),
            .deposit(user: Self.seller, requestId: 2, amountMicros: 1_000_000),
            .reserve(user: Self.buyer, orderId: 100, revision: 100, quantityWh: 2_000, microsPerWh: rate),
            Self.fill(1, quantityWh: 1_500, priceMicrosPerKWh: 240_000, rate: rate),
            Self.fill(2, quantityWh: 300, priceMicrosPerKWh: 245_000, rate: rate),
            .release(user: Self.buyer, orderId: 100, revision: 130, quantityWh: 200, microsPerWh: rate),
            .settle(tradeId: 1, intervalStartMs: Self.intervalMs, deliveredWh: 1_200, outcome: .metered),
            .settle(tradeId: 2, intervalStartMs: Self.intervalMs, deliveredWh: 0, outcome: .voidedNoMeterData),
            .withdraw(user: Self.buyer, requestId: 3, amountMicros: 1_000_000),
        ]
        var ledger = Ledger()
        var applied: [SequencedLedgerCommand] = []
        for (index, command) in commands.enumerated() {
            let record = SequencedLedgerCommand(sequence: UInt64(index + 1), timestampMs: Self.monthStartMs + Int64(index) * 3_600_000,
                                                command: command)
            #expect(ledger.apply(command) == .applied, "\(command)")
            applied.append(record)
        }
        #expect(ledger.invariantViolation() == nil)
        let month = try BillingMonth(year: 2027, month: 2)
        for (user, role) in [(Self.buyer, Role.consumer), (Self.seller, Role.prosumer)] {
            var builder = StatementBuilder()
            builder.setUser(user, role: role)
            builder.setMonth(month)
            builder.setOpeningBalance(micros: 0)
            builder.add(contentsOf: LedgerStatementEntries.entries(for: user, applied: applied, escrows: { ledger.pendings[$0] }))
            let statement = try builder.build()
            #expect(statement.reconciles)
            #expect(statement.closingBalanceMicros == ledger.balances(of: user).totalMicros, "user \(user)")
            if user == Self.buyer {
                #expect(statement.totals.energyBoughtWh == 1_200, "traded 1,800 Wh, delivered 1,200")
                #expect(statement.totals.energySoldWh == 0)
            } else {
                #expect(statement.totals.energySoldWh == 1_200)
            }
        }
    }
}
