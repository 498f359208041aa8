/// The exchange's money: the double-entry ledger, fed in command order by the zones' ledger
/// commands, and settlement, run on a sequenced command with the readings that came in for the
/// interval. The synchronous core and the mediator each hold one and drive it the same way, so
/// their ledgers are equal byte for byte.
///
/// Every zone command was decided against the zone's copy of the trader's available balance,
/// so the ledger accepts each one; a refusal would mean the two disagree, which is recorded
/// (never silently dropped) and reported by `invariantViolation`.
public struct ExchangeWallets: Sendable {
    public let rules: WalletRules
    public private(set) var ledger = Ledger()
    public private(set) var readings = MeterReadingTable()
    /// Every applied ledger command since the owner last drained them: the money history.
    public private(set) var log: ContiguousArray<SequencedLedgerCommand> = []
    /// The first command the ledger refused, if any.
    public private(set) var disagreement: String?

    public init(rules: WalletRules) { self.rules = rules }

    init(rules: WalletRules, ledger: Ledger, readings: MeterReadingTable) {
        self.rules = rules
        self.ledger = ledger
        self.readings = readings
    }

    public mutating func drainLog() -> ContiguousArray<SequencedLedgerCommand> {
        let drained = log
        log.removeAll(keepingCapacity: true)
        return drained
    }

    /// Applies what a zone decided, in its order.
    public mutating func apply(_ commands: ContiguousArray<SequencedLedgerCommand>) {
        for command in commands {
            let outcome = ledger.apply(command.command)
            if outcome == .applied { log.append(command) }
            else if disagreement == nil { disagreement = "ledger refused \(command.command) at \(command.sequence): \(outcome)" }
        }
    }

    /// After a gate closure: no order below the lowest resting one (or below the closing
    /// command, which is newer than every order) can be open again, so their reservation
    /// transfers are forgotten (`Ledger.forgetReservations`).
    public mutating func gateClosed(lowestOpenOrderId: OrderId) {
        ledger.forgetReservations(ofOrdersBelow: lowestOpenOrderId)
    }

    /// Keeps a reading for settlement. Non-negative, bounded values only (the sequencer refuses others).
    public mutating func record(_ reading: IntervalReading) {
        readings.setExport(reading.exportWh, participant: reading.traderId, intervalStartMs: reading.intervalStartMs)
        readings.setImport(reading.importWh, participant: reading.traderId, intervalStartMs: reading.intervalStartMs)
    }

    /// Runs the settlement template for an interval at the command's time and returns what it
    /// paid into available balances (sellers' value, buyers' refunds), for the zones' copies.
    /// Readings of an interval with nothing left to settle are dropped.
    public mutating func settle(intervalStartMs: Int64, sequence: UInt64, timestampMs: Int64) -> [(traderId: TraderId, micros: Int64)] {
        let rule = rules.settlementRule
        var credits: [(traderId: TraderId, micros: Int64)] = []
        guard let plan = rule.plan(intervalStartMs: intervalStartMs, nowMs: timestampMs, readings: readings, ledger: ledger) else {
            return credits
        }
        for decision in plan.decisions {
            let buyer = ledger.pendings[decision.tradeId]!.buyer, seller = ledger.pendings[decision.tradeId]!.seller
            let (outcome, posting) = ledger.settle(tradeId: decision.tradeId, intervalStartMs: decision.intervalStartMs,
                                                   deliveredWh: decision.deliveredWh, outcome: decision.outcome)
            guard outcome == .applied, let posting else {
                if disagreement == nil { disagreement = "settlement of trade \(decision.tradeId) refused: \(outcome)" }
                continue
            }
            log.append(SequencedLedgerCommand(sequence: sequence, timestampMs: timestampMs, command: decision.command))
            if posting.refundedMicros != 0 { credits.append((buyer, posting.refundedMicros)) }
            if posting.paid.valueMicros != 0 { credits.append((seller, posting.paid.valueMicros)) }
        }
        if plan.awaitingData == 0 { readings.removeInterval(intervalStartMs) }
        return credits
    }

    /// The ledger's own invariants; agreement with the zones' copies of available balances;
    /// reserved money equal to what the open buys hold, escrow to the unsettled trades' cost.
    public func invariantViolation(availableByTrader: [(traderId: TraderId, availableMicros: Int64)],
                                   reservedByTrader: [TraderId: Int64]) -> String? {
        if let disagreement { return disagreement }
        if let problem = ledger.invariantViolation() { return problem }
        for (traderId, micros) in availableByTrader where ledger.balances(of: traderId).availableMicros != micros {
            return "trader \(traderId): zone holds \(micros) available, ledger \(ledger.balances(of: traderId).availableMicros)"
        }
        var escrow: [TraderId: Int64] = [:]
        for pending in ledger.pendings.values where pending.state == .pending {
            escrow[pending.buyer, default: 0] += pending.legs(forWh: pending.quantityWh)!.totalMicros
        }
        return ledger.reservationViolation(expectedReservedMicros: reservedByTrader, expectedEscrowMicros: escrow)
    }
}
