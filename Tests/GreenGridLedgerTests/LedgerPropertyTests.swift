import GreenGridDomain
import GreenGridSimulation
import Testing

/// 100,000 random operations against a model of open orders and unsettled trades: every
/// invariant after every operation, restarts through the snapshot, every command through the
/// journal codec, and at the end a ledger rebuilt by replaying the commands is byte-identical.
@Suite("Ledger properties")
struct LedgerPropertyTests {
    struct OpenOrder {
        var user: TraderId
        var remainingWh: Int64
        var microsPerWh: Int64
        var limit: Int64
    }

    @Test("random operations keep every invariant; replay rebuilds the same ledger", arguments: [UInt64(1), 2])
    func randomOperations(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var ledger = Ledger()
        var journal: [SequencedLedgerCommand] = []
        var orders: [OrderId: OpenOrder] = [:]
        /// The keys of `orders`, ascending (order ids only grow): picking the k-th needs no sort per step.
        var orderIds: [OrderId] = []
        var sequence: UInt64 = 0
        var nextTrade: UInt64 = 0
        let users: [TraderId] = Array(1...12)
        let intervals: [Int64] = (0..<6).map { 1_798_776_000_000 + $0 * DeliveryInterval.lengthMs }
        let rule = MeteredSettlement(meterDataDeadlineMs: 600_000)
        var outcomes: [LedgerOutcome] = []
        var restarts = 0
        var resolvedTrades: [TradeId] = []
        let operations = 50_000

        // The loop runs 50,000 times per seed: a plain comparison that records an issue only on
        // failure costs a fraction of `#expect`, which captures every operand each time.
        func check(_ ok: Bool, _ what: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation) {
            if !ok { Issue.record(Comment(rawValue: what()), sourceLocation: sourceLocation) }
        }
        func pickOrder() -> OrderId? {
            let index = rng.below(max(orderIds.count, 1))
            return orderIds.isEmpty ? nil : orderIds[index]
        }
        func forget(_ orderId: OrderId) {
            var low = 0, high = orderIds.count
            while low < high { let middle = (low + high) / 2; if orderIds[middle] < orderId { low = middle + 1 } else { high = middle } }
            if low < orderIds.count && orderIds[low] == orderId { orderIds.remove(at: low) }
        }

        func submit(_ command: LedgerCommand) throws -> LedgerOutcome {
            sequence += 1
            let sequenced = SequencedLedgerCommand(sequence: sequence, timestampMs: Int64(sequence), command: command)
            let decoded = try SequencedLedgerCommand.decode(sequenced.encoded)
            check(decoded == sequenced)
            journal.append(decoded)
            let outcome = ledger.apply(decoded.command)
            outcomes.append(outcome)
            return outcome
        }

        for step in 0..<operations {
            let user = users[rng.below(users.count)]
            switch rng.below(100) {
            case 0..<12:
                _ = try submit(.deposit(user: user, requestId: UInt64(rng.below(1 << 20)), amountMicros: Int64(rng.below(50_000_000)) - 10))
            case 12..<18:
                _ = try submit(.withdraw(user: user, requestId: UInt64(rng.below(1 << 20)), amountMicros: Int64(1 + rng.below(20_000_000))))
            case 18..<40:
                let limit = Int64(rng.below(400_001)), quantityWh = Int64(1 + rng.below(5_000))
                let fees = FeeSchedule(platformFeeMicrosPerKWh: 1_500, maxGridFeeMicrosPerKWh: Int64(rng.below(20_000)))
                let rate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: limit, fees: fees)
                let orderId = sequence + 1
                if try submit(.reserve(user: user, orderId: orderId, revision: orderId, quantityWh: quantityWh, microsPerWh: rate)) == .applied {
                    orders[orderId] = OpenOrder(user: user, remainingWh: quantityWh, microsPerWh: rate, limit: limit)
                    orderIds.append(orderId)
                }
            case 40..<65:
                guard let orderId = pickOrder() else { continue }
                var order = orders[orderId]!
                let quantityWh = Int64(1 + rng.below(Int(order.remainingWh)))
                let crossZone = rng.chance(30)
                let fill = EscrowFill(
                    tradeId: Trade.tradeId(commandSequence: sequence + 1, ordinal: 0), intervalStartMs: intervals[rng.below(intervals.count)],
                    buyer: order.user, seller: users[rng.below(users.count)], gridFeeZone: UInt16(rng.below(3)), quantityWh: quantityWh,
                    priceMicrosPerKWh: Int64(rng.below(Int(order.limit) + 1)), platformFeeMicrosPerKWh: 1_500,
                    gridFeeMicrosPerKWh: crossZone ? Int64(rng.below(1_000)) : 0, reservationMicrosPerWh: order.microsPerWh)
                check(try submit(.fill(fill)) == .applied)
                nextTrade += 1
                order.remainingWh -= quantityWh
                orders[orderId] = order.remainingWh == 0 ? nil : order
                if order.remainingWh == 0 { forget(orderId) }
            case 65..<75:
                guard let orderId = pickOrder() else { continue }
                let order = orders.removeValue(forKey: orderId)!
                forget(orderId)
                check(try submit(.release(user: order.user, orderId: orderId, revision: sequence + 1, quantityWh: order.remainingWh,
                                            microsPerWh: order.microsPerWh)) == .applied)
            case 75..<82:
                guard let orderId = pickOrder() else { continue }
                var order = orders[orderId]!
                let newQuantityWh = Int64(1 + rng.below(5_000)), newLimit = Int64(rng.below(400_001))
                let newRate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: newLimit, fees: FeeSchedule(platformFeeMicrosPerKWh: 1_500, maxGridFeeMicrosPerKWh: 1_000))
                let outcome = try submit(.replaceReservation(user: order.user, orderId: orderId, revision: sequence + 1,
                                                             oldQuantityWh: order.remainingWh, oldMicrosPerWh: order.microsPerWh,
                                                             newQuantityWh: newQuantityWh, newMicrosPerWh: newRate))
                if outcome == .applied {
                    order.remainingWh = newQuantityWh
                    order.microsPerWh = newRate
                    order.limit = newLimit
                    orders[orderId] = order
                }
            case 82..<90:
                // Settlement of one interval with random meter data (some missing), at a random time.
                let interval = intervals[rng.below(intervals.count)]
                var readings = MeterReadingTable()
                for participant in users {
                    if !rng.chance(15) { readings.setExport(Int64(rng.below(12_000)) - 100, participant: participant, intervalStartMs: interval) }
                    if !rng.chance(15) { readings.setImport(Int64(rng.below(12_000)) - 100, participant: participant, intervalStartMs: interval) }
                }
                let nowMs = interval + DeliveryInterval.lengthMs + Int64(rng.below(1_200_000)) - 100_000
                if let plan = rule.plan(intervalStartMs: interval, nowMs: nowMs, readings: readings, ledger: ledger) {
                    for decision in plan.decisions {
                        check(try submit(decision.command) == .applied)
                        resolvedTrades.append(decision.tradeId)
                    }
                }
            case 90..<94:
                // Replays of earlier commands: duplicates or refusals, never a second effect.
                // (A refused command may apply later, once funds allow: that is a new command, not a replay.)
                if !journal.isEmpty {
                    let index = rng.below(journal.count)
                    if outcomes[index] == .applied {
                        let before = (ledger.users, ledger.platformFeesMicros, ledger.gridFeesMicros, ledger.transfers.count)
                        let outcome = try submit(journal[index].command)
                        check(outcome == .duplicate || outcome == .applied)
                        check(ledger.users == before.0 && ledger.platformFeesMicros == before.1 && ledger.gridFeesMicros == before.2
                                && ledger.transfers.count == before.3)
                    }
                }
            case 94..<97:
                // A restart: snapshot out and back in (every 200th time, to keep the test quick).
                restarts += 1
                if restarts % 200 != 0 { continue }
                let bytes = ledger.snapshotBytes()
                let restarted = try Ledger.decodeSnapshot(bytes)
                check(restarted == ledger)
                ledger = restarted
            default:
                // A conflicting settle of a resolved trade, or a deposit reusing an id with other content.
                if !resolvedTrades.isEmpty, let resolved = ledger.pendings[resolvedTrades[rng.below(resolvedTrades.count)]] {
                    let outcome = try submit(.settle(tradeId: resolved.tradeId, intervalStartMs: resolved.intervalStartMs,
                                                     deliveredWh: resolved.deliveredWh == 0 ? 1 : 0, outcome: .metered))
                    check(outcome == .rejected(.conflict) || (resolved.quantityWh == 0))
                }
            }
            // The ledger's own invariants after every operation; the reservations against the model
            // of open orders (a walk over all of them) every tenth, and everything every thousandth.
            if let violation = ledger.balanceInvariantViolation() { Issue.record("step \(step): \(violation)"); return }
            guard step % 10 == 0 || step == operations - 1 else { continue }
            var reserved: [TraderId: Int64] = [:]
            for order in orders.values { reserved[order.user, default: 0] += order.remainingWh * order.microsPerWh }
            var escrow: [TraderId: Int64] = [:]
            if step % 1_000 == 0 || step == operations - 1 {
                for pending in ledger.pendings.values where pending.state == .pending { escrow[pending.buyer, default: 0] += pending.amountMicros }
                if let violation = ledger.reservationViolation(expectedReservedMicros: reserved, expectedEscrowMicros: escrow) {
                    Issue.record("step \(step): \(violation)"); return
                }
                if let violation = ledger.invariantViolation() { Issue.record("step \(step): \(violation)"); return }
            } else {
                for (user, micros) in reserved where ledger.balance(of: .reserved(user)) != micros {
                    Issue.record("step \(step): user \(user) reserved \(ledger.balance(of: .reserved(user))), orders need \(micros)"); return
                }
                for user in users where reserved[user] == nil && ledger.balance(of: .reserved(user)) != 0 {
                    Issue.record("step \(step): user \(user) reserved without open orders"); return
                }
            }
        }

        #expect(nextTrade > 5_000)
        #expect(ledger.pendings.values.contains { $0.state == .posted })
        #expect(ledger.pendings.values.contains { $0.outcome == .voidedNoMeterData })
        #expect(outcomes.contains(.duplicate) && outcomes.contains(.rejected(.conflict)) && outcomes.contains(.rejected(.insufficientFunds)))
        var rebuilt = Ledger()
        for (index, record) in journal.enumerated() { #expect(rebuilt.apply(record.command) == outcomes[index]) }
        #expect(rebuilt.snapshotBytes() == ledger.snapshotBytes())
        #expect(rebuilt.stateHash == ledger.stateHash)
    }
}
