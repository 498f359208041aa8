
/// Settlement as a Template Method: `settle` runs gather → allocate → post → report, and a
/// rule overrides only the steps it changes (another allocation, a report with more in it)
/// while the order of steps, the deadline handling and idempotency stay in one place.
///
/// Deterministic: the run's time comes in as `nowMs` (from the command that triggers it), the
/// meter data through `IntervalMeterReadings`, and every posting is a `settle` command whose id
/// is the trade id and interval, so running it again posts nothing twice.
public protocol SettlementRule: Sendable {
    /// How long after an interval ENDS the rule waits for meter data before `missingMeterData`
    /// decides.
    var meterDataDeadlineMs: Int64 { get }
    var missingMeterData: any MissingMeterDataPolicy { get }

    /// The escrows of the interval, resolved ones included (they keep the pro-rata split of a
    /// re-run the same), in trade order.
    func gather(intervalStartMs: Int64, from ledger: Ledger) -> [PendingTransfer]
    /// Delivered Wh for each unresolved escrow, from the readings, or nothing yet.
    func allocate<Readings: IntervalMeterReadings>(_ trades: [PendingTransfer], intervalStartMs: Int64, nowMs: Int64,
                                                   readings: Readings) -> SettlementPlan
    /// Applies the plan's commands to the ledger, in order, and sums what moved.
    func post(_ plan: SettlementPlan, to ledger: inout Ledger) -> SettlementReport
    /// The last step's hook: a rule may add to (never undo) the report.
    func report(_ report: SettlementReport, plan: SettlementPlan) -> SettlementReport
}

extension SettlementRule {
    /// The template: nothing happens before the interval has ended.
    public func settle<Readings: IntervalMeterReadings>(intervalStartMs: Int64, nowMs: Int64, readings: Readings,
                                                        ledger: inout Ledger) -> SettlementReport {
        guard let plan = plan(intervalStartMs: intervalStartMs, nowMs: nowMs, readings: readings, ledger: ledger) else {
            var report = SettlementReport(intervalStartMs: intervalStartMs)
            report.intervalEnded = false
            return report
        }
        return report(post(plan, to: &ledger), plan: plan)
    }

    /// Gather and allocate only: the commands a run would apply, for the wiring to journal
    /// before applying them. Nil while the interval has not ended.
    public func plan<Readings: IntervalMeterReadings>(intervalStartMs: Int64, nowMs: Int64, readings: Readings,
                                                      ledger: Ledger) -> SettlementPlan? {
        if nowMs < intervalStartMs + DeliveryInterval.lengthMs { return nil }
        return allocate(gather(intervalStartMs: intervalStartMs, from: ledger), intervalStartMs: intervalStartMs, nowMs: nowMs,
                        readings: readings)
    }

    public func gather(intervalStartMs: Int64, from ledger: Ledger) -> [PendingTransfer] {
        ledger.pendingTransfers(intervalStartMs: intervalStartMs)
    }

    /// Pro rata: each seller's measured export is split over the seller's trades of the
    /// interval in proportion to their quantities, each buyer's import likewise (largest
    /// remainder, so the Wh add up exactly; a party that metered more than it traded is capped
    /// at what it traded), and each trade delivered the lower of its two shares. A trade missing
    /// either party's data waits until the deadline, then `missingMeterData` decides.
    public func allocate<Readings: IntervalMeterReadings>(_ trades: [PendingTransfer], intervalStartMs: Int64, nowMs: Int64,
                                                          readings: Readings) -> SettlementPlan {
        var plan = SettlementPlan(intervalStartMs: intervalStartMs)
        if trades.isEmpty { return plan }
        let quantities = trades.map(\.quantityWh)
        let sellerShares = ProRata.shares(owners: trades.map(\.seller), quantities: quantities) {
            readings.exportWh(participant: $0, intervalStartMs: intervalStartMs)
        }
        let buyerShares = ProRata.shares(owners: trades.map(\.buyer), quantities: quantities) {
            readings.importWh(participant: $0, intervalStartMs: intervalStartMs)
        }
        let deadlinePassed = nowMs >= intervalStartMs + DeliveryInterval.lengthMs + meterDataDeadlineMs
        plan.decisions.reserveCapacity(trades.count)
        for (index, trade) in trades.enumerated() {
            if trade.state != .pending {
                plan.alreadySettled += 1
                continue
            }
            if sellerShares[index] >= 0 && buyerShares[index] >= 0 {
                plan.decisions.append(SettlementDecision(tradeId: trade.tradeId, intervalStartMs: intervalStartMs,
                                                         deliveredWh: min(sellerShares[index], buyerShares[index]), outcome: .metered))
            } else if deadlinePassed {
                let (deliveredWh, outcome) = missingMeterData.resolve(trade)
                plan.decisions.append(SettlementDecision(tradeId: trade.tradeId, intervalStartMs: intervalStartMs,
                                                         deliveredWh: deliveredWh, outcome: outcome))
            } else {
                plan.awaitingData += 1
            }
        }
        return plan
    }

    public func post(_ plan: SettlementPlan, to ledger: inout Ledger) -> SettlementReport {
        var report = SettlementReport(intervalStartMs: plan.intervalStartMs)
        report.alreadySettled = plan.alreadySettled
        report.awaitingData = plan.awaitingData
        report.commands.reserveCapacity(plan.decisions.count)
        for decision in plan.decisions {
            let (outcome, posting) = ledger.settle(tradeId: decision.tradeId, intervalStartMs: decision.intervalStartMs,
                                                   deliveredWh: decision.deliveredWh, outcome: decision.outcome)
            switch outcome {
            case .applied:
                let posting = posting!
                report.settled += 1
                report.deliveredWh += decision.deliveredWh
                report.undeliveredWh += posting.quantityWh - decision.deliveredWh
                report.valueMicros += posting.paid.valueMicros
                report.platformFeeMicros += posting.paid.platformFeeMicros
                report.gridFeeMicros += posting.paid.gridFeeMicros
                report.refundedMicros += posting.refundedMicros
                if decision.outcome.isFlagged { report.flaggedTradeIds.append(decision.tradeId) }
                report.commands.append(decision.command)
            case .duplicate: report.alreadySettled += 1
            case .rejected: report.rejected += 1
            }
        }
        return report
    }

    public func report(_ report: SettlementReport, plan: SettlementPlan) -> SettlementReport { report }
}
