import GreenGridDomain
import Testing

@Suite("Ledger transfers, reservations and escrow")
struct LedgerTests {
    static let buyer: TraderId = 1, seller: TraderId = 2
    static let interval: Int64 = 1_798_776_000_000
    static let fees = FeeSchedule(platformFeeMicrosPerKWh: 1_500, maxGridFeeMicrosPerKWh: 12_000)

    static func fill(_ tradeId: TradeId, quantityWh: Int64 = 800, price: Int64 = 240_000, gridFee: Int64 = 12_000,
                     rate: Int64 = 264) -> LedgerCommand {
        .fill(EscrowFill(tradeId: tradeId, intervalStartMs: interval, buyer: buyer, seller: seller, gridFeeZone: 1, quantityWh: quantityWh,
                         priceMicrosPerKWh: price, platformFeeMicrosPerKWh: 1_500, gridFeeMicrosPerKWh: gridFee,
                         reservationMicrosPerWh: rate))
    }

    @Test("the same id twice is applied once; the same id with other content is a conflict")
    func idempotencyAndConflict() {
        var ledger = Ledger()
        #expect(ledger.apply(.deposit(user: Self.buyer, requestId: 1, amountMicros: 5_000_000)) == .applied)
        #expect(ledger.apply(.deposit(user: Self.buyer, requestId: 1, amountMicros: 5_000_000)) == .duplicate)
        #expect(ledger.apply(.deposit(user: Self.buyer, requestId: 1, amountMicros: 5_000_001)) == .rejected(.conflict))
        #expect(ledger.apply(.deposit(user: Self.seller, requestId: 1, amountMicros: 5_000_000)) == .rejected(.conflict))
        #expect(ledger.balance(of: .available(Self.buyer)) == 5_000_000)
        #expect(ledger.balance(of: .external) == -5_000_000)
        #expect(ledger.apply(.withdraw(user: Self.buyer, requestId: 1, amountMicros: 1)) == .applied, "ids are per purpose")
        #expect(ledger.apply(.withdraw(user: Self.buyer, requestId: 2, amountMicros: 5_000_000)) == .rejected(.insufficientFunds))
        #expect(ledger.apply(.deposit(user: Self.buyer, requestId: 3, amountMicros: 0)) == .rejected(.invalidAmount))
        #expect(ledger.apply(.withdraw(user: Self.buyer, requestId: 4, amountMicros: -5)) == .rejected(.invalidAmount))
        #expect(ledger.invariantViolation() == nil)
        let before = ledger
        #expect(ledger.apply(.reserve(user: Self.buyer, orderId: 9, revision: 9, quantityWh: 100_000, microsPerWh: 264))
                == .rejected(.insufficientFunds))
        #expect(ledger == before, "a refused command changes nothing")
    }

    @Test("reservation rate: each component rounded up to whole µ per Wh", arguments: [
        (limit: Int64(250_000), platform: Int64(1_500), grid: Int64(12_000), rate: Int64(264)),
        (limit: 250_001, platform: 0, grid: 0, rate: 251),
        (limit: 0, platform: 0, grid: 0, rate: 0),
        (limit: 1, platform: 1, grid: 1, rate: 3),
        (limit: 999, platform: 1_000, grid: 1_001, rate: 4),
    ])
    func reservationRate(limit: Int64, platform: Int64, grid: Int64, rate: Int64) {
        let fees = FeeSchedule(platformFeeMicrosPerKWh: platform, maxGridFeeMicrosPerKWh: grid)
        #expect(BuyReservation.microsPerWh(limitPriceMicrosPerKWh: limit, fees: fees) == rate)
        #expect(BuyReservation.micros(quantityWh: 1_500, limitPriceMicrosPerKWh: limit, fees: fees) == 1_500 * rate)
    }

    @Test("a fill never costs more than its share of the reservation, at any price, fee and size up to the limit")
    func fillCostWithinShare() {
        for limit: Int64 in [0, 1, 499, 500, 501, 999, 1_000, 1_001, 250_500, 333_333] {
            for grid: Int64 in [0, 500, 1_499] {
                let fees = FeeSchedule(platformFeeMicrosPerKWh: 500, maxGridFeeMicrosPerKWh: grid)
                let rate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: limit, fees: fees)
                for quantityWh: Int64 in 1...40 {
                    for price in [limit, limit / 2, max(0, limit - 1)] {
                        let cost = FillCharges(quantityWh: quantityWh, priceMicrosPerKWh: price, platformFeeMicrosPerKWh: 500,
                                               gridFeeMicrosPerKWh: grid)!.totalMicros
                        #expect(cost <= quantityWh * rate)
                    }
                }
            }
        }
    }

    @Test("reserve → partial fills → cancel releases exactly, to the micro; replace re-reserves")
    func reservationLifecycle() {
        var ledger = Ledger()
        let rate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: 250_000, fees: Self.fees)
        ledger.apply(.deposit(user: Self.buyer, requestId: 1, amountMicros: 1_000_000))
        #expect(ledger.apply(.reserve(user: Self.buyer, orderId: 42, revision: 42, quantityWh: 1_500, microsPerWh: rate)) == .applied)
        #expect(ledger.apply(.reserve(user: Self.buyer, orderId: 42, revision: 42, quantityWh: 1_500, microsPerWh: rate)) == .duplicate)
        #expect(ledger.balances(of: Self.buyer) == UserBalances(availableMicros: 604_000, reservedMicros: 396_000, escrowMicros: 0))
        // 333 Wh at 0.2405, a same-zone path: cost 80,087 (79,986.5 → 79,987 half away, +500 platform... see legs).
        #expect(ledger.apply(Self.fill(1, quantityWh: 333, price: 240_500, gridFee: 0)) == .applied)
        let charges = FillCharges(quantityWh: 333, priceMicrosPerKWh: 240_500, platformFeeMicrosPerKWh: 1_500, gridFeeMicrosPerKWh: 0)!
        #expect(charges.valueMicros == 80_087 && charges.platformFeeMicros == 500)
        #expect(ledger.balances(of: Self.buyer) == UserBalances(
            availableMicros: 604_000 + 333 * rate - charges.totalMicros, reservedMicros: (1_500 - 333) * rate,
            escrowMicros: charges.totalMicros))
        #expect(ledger.apply(Self.fill(1, quantityWh: 333, price: 240_500, gridFee: 0)) == .duplicate)
        #expect(ledger.apply(Self.fill(1, quantityWh: 334, price: 240_500, gridFee: 0)) == .rejected(.conflict))
        #expect(ledger.apply(Self.fill(2, quantityWh: 100, price: 300_000, gridFee: 0, rate: 250)) == .rejected(.reservationShort))
        // Replace the rest (1,167 Wh) by 1,000 Wh at a higher limit.
        let newRate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: 251_000, fees: Self.fees)
        #expect(ledger.apply(.replaceReservation(user: Self.buyer, orderId: 42, revision: 50, oldQuantityWh: 1_167, oldMicrosPerWh: rate,
                                                 newQuantityWh: 1_000, newMicrosPerWh: newRate)) == .applied)
        #expect(ledger.balance(of: .reserved(Self.buyer)) == 1_000 * newRate)
        #expect(ledger.apply(.replaceReservation(user: Self.buyer, orderId: 42, revision: 50, oldQuantityWh: 1_167, oldMicrosPerWh: rate,
                                                 newQuantityWh: 1_000, newMicrosPerWh: newRate)) == .duplicate)
        #expect(ledger.apply(.replaceReservation(user: Self.buyer, orderId: 42, revision: 50, oldQuantityWh: 1_167, oldMicrosPerWh: rate,
                                                 newQuantityWh: 999, newMicrosPerWh: newRate)) == .rejected(.conflict))
        #expect(ledger.apply(Self.fill(3, quantityWh: 400, price: 251_000, gridFee: 12_000, rate: newRate)) == .applied)
        // Expiry releases the rest exactly: nothing reserved is left.
        #expect(ledger.apply(.release(user: Self.buyer, orderId: 42, revision: 60, quantityWh: 600, microsPerWh: newRate)) == .applied)
        #expect(ledger.balance(of: .reserved(Self.buyer)) == 0)
        #expect(ledger.apply(.release(user: Self.buyer, orderId: 42, revision: 61, quantityWh: 1, microsPerWh: newRate))
                == .rejected(.insufficientReserved))
        #expect(ledger.invariantViolation() == nil)
        let escrow = ledger.pendings.values.map(\.amountMicros).reduce(0, +)
        #expect(ledger.reservationViolation(expectedReservedMicros: [:], expectedEscrowMicros: [Self.buyer: escrow]) == nil)
        #expect(ledger.reservationViolation(expectedReservedMicros: [Self.buyer: 1], expectedEscrowMicros: [Self.buyer: escrow]) != nil)
    }

    static func escrowed() -> Ledger {
        var ledger = Ledger()
        ledger.apply(.deposit(user: buyer, requestId: 1, amountMicros: 1_000_000))
        ledger.apply(.reserve(user: buyer, orderId: 42, revision: 42, quantityWh: 800, microsPerWh: 264))
        ledger.apply(fill(7))
        return ledger
    }

    @Test("an escrow is posted fully, partly or voided exactly once", arguments: [
        (deliveredWh: Int64(800), outcome: SettlementOutcome.metered, value: Int64(192_000), platform: Int64(1_200), grid: Int64(9_600)),
        (deliveredWh: 650, outcome: .metered, value: 156_000, platform: 975, grid: 7_800),
        (deliveredWh: 1, outcome: .metered, value: 240, platform: 2, grid: 12),
        (deliveredWh: 0, outcome: .metered, value: 0, platform: 0, grid: 0),
        (deliveredWh: 0, outcome: .voidedNoMeterData, value: 0, platform: 0, grid: 0),
    ])
    func postOrVoidOnce(deliveredWh: Int64, outcome: SettlementOutcome, value: Int64, platform: Int64, grid: Int64) {
        var ledger = Self.escrowed()
        let availableBefore = ledger.balance(of: .available(Self.buyer))
        let settle = LedgerCommand.settle(tradeId: 7, intervalStartMs: Self.interval, deliveredWh: deliveredWh, outcome: outcome)
        #expect(ledger.apply(settle) == .applied)
        #expect(ledger.balance(of: .available(Self.seller)) == value)
        #expect(ledger.balance(of: .platformFees) == platform)
        #expect(ledger.balance(of: .gridFees(zone: 1)) == grid)
        #expect(ledger.balance(of: .escrow(Self.buyer)) == 0)
        #expect(ledger.balance(of: .available(Self.buyer)) == availableBefore + 202_800 - value - platform - grid)
        #expect(ledger.pendings[7]!.state == (deliveredWh > 0 ? .posted : .voided))
        let after = ledger
        #expect(ledger.apply(settle) == .duplicate)
        #expect(ledger.apply(.settle(tradeId: 7, intervalStartMs: Self.interval, deliveredWh: deliveredWh == 0 ? 1 : 0, outcome: .metered))
                == .rejected(.conflict))
        #expect(ledger.apply(.settle(tradeId: 7, intervalStartMs: Self.interval, deliveredWh: deliveredWh, outcome: .deemedNoMeterData))
                == .rejected(.conflict))
        #expect(ledger == after)
        #expect(ledger.invariantViolation() == nil)
    }

    @Test("settles that cannot apply are refused and change nothing")
    func settleRefusals() {
        var ledger = Self.escrowed()
        let before = ledger
        #expect(ledger.apply(.settle(tradeId: 8, intervalStartMs: Self.interval, deliveredWh: 1, outcome: .metered)) == .rejected(.unknownTrade))
        #expect(ledger.apply(.settle(tradeId: 7, intervalStartMs: Self.interval + 1, deliveredWh: 1, outcome: .metered)) == .rejected(.conflict))
        #expect(ledger.apply(.settle(tradeId: 7, intervalStartMs: Self.interval, deliveredWh: 801, outcome: .metered)) == .rejected(.invalidAmount))
        #expect(ledger.apply(.settle(tradeId: 7, intervalStartMs: Self.interval, deliveredWh: -1, outcome: .metered)) == .rejected(.invalidAmount))
        #expect(ledger.apply(.settle(tradeId: 7, intervalStartMs: Self.interval, deliveredWh: 5, outcome: .voidedNoMeterData))
                == .rejected(.outcomeMismatch))
        #expect(ledger == before)
    }

    @Test("snapshot round-trips byte for byte; damaged snapshots throw, never trap")
    func snapshot() throws {
        var ledger = Self.escrowed()
        ledger.apply(.settle(tradeId: 7, intervalStartMs: Self.interval, deliveredWh: 650, outcome: .metered))
        ledger.apply(Self.fill(8, quantityWh: 1, rate: 264))
        let bytes = ledger.snapshotBytes()
        let decoded = try Ledger.decodeSnapshot(bytes)
        #expect(decoded == ledger)
        #expect(decoded.snapshotBytes() == bytes)
        #expect(decoded.stateHash == ledger.stateHash)
        for length in 0..<bytes.count { #expect(throws: DecodeError.self) { try Ledger.decodeSnapshot(Array(bytes[0..<length])) } }
        for position in 0..<bytes.count {
            var damaged = bytes
            damaged[position] ^= 0x5a
            _ = try? Ledger.decodeSnapshot(damaged)
        }
        var unbalanced = bytes
        unbalanced[1] ^= 1  // externalMicros: the balances no longer sum to zero
        #expect(throws: DecodeError.self) { try Ledger.decodeSnapshot(unbalanced) }
    }
}
