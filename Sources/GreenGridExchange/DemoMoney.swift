import GreenGridDomain
import GreenGridEngine
import GreenGridSimulation

/// The demo's view of the money: what each trader sold and bought per interval (what the
/// simulated meters read), and what settlement did, summed for the summary.
struct DemoMoney {
    var soldWh: [Int64: [TraderId: Int64]] = [:]
    var boughtWh: [Int64: [TraderId: Int64]] = [:]
    var escrows: [TradeId: PendingTransfer] = [:]
    var settledByOutcome: [SettlementOutcome: Int] = [:]
    var deliveredWh: Int64 = 0
    var escrowedWh: Int64 = 0
    var paidToSellersMicros: Int64 = 0
    var platformFeesMicros: Int64 = 0
    var gridFeesMicros: Int64 = 0
    var refundedMicros: Int64 = 0
    /// The demo's settlement clock, made when the first commands are due (it needs the rules).
    var schedule: SettlementSchedule?

    mutating func noteTrade(_ trade: Trade) {
        soldWh[trade.intervalStartMs, default: [:]][trade.sellerId, default: 0] += trade.quantityWh
        boughtWh[trade.intervalStartMs, default: [:]][trade.buyerId, default: 0] += trade.quantityWh
    }

    mutating func absorb(_ ledger: ContiguousArray<SequencedLedgerCommand>) {
        for record in ledger {
            switch record.command {
            case .fill(let fill):
                escrows[fill.tradeId] = PendingTransfer(fill)
                escrowedWh += fill.quantityWh
            case .settle(let tradeId, _, let delivered, let outcome):
                guard let escrow = escrows[tradeId], let held = escrow.legs(forWh: escrow.quantityWh),
                      let paid = escrow.legs(forWh: delivered) else { continue }
                settledByOutcome[outcome, default: 0] += 1
                deliveredWh += delivered
                paidToSellersMicros += paid.valueMicros
                platformFeesMicros += paid.platformFeeMicros
                gridFeesMicros += paid.gridFeeMicros
                refundedMicros += held.totalMicros - paid.totalMicros
            default:
                continue
            }
        }
    }

    /// The settlement commands due at `nowMs`: an interval's readings and first run a minute after
    /// it ends, one more run once the meter-data deadline has passed.
    mutating func settlementCommands(nowMs: Int64, rules: WalletRules, meters: SimulatedDeliveryMeters) -> [Command] {
        var schedule = self.schedule ?? SettlementSchedule(firstRunDelayMs: 60_000, meterDataDeadlineMs: rules.meterDataDeadlineMs)
        defer { self.schedule = schedule }
        var commands: [Command] = []
        for interval in soldWh.keys.sorted() {
            switch schedule.due(intervalStartMs: interval, nowMs: nowMs) {
            case .firstRun?:
                commands += meters.readings(intervalStartMs: interval, soldWh: soldWh[interval] ?? [:], boughtWh: boughtWh[interval] ?? [:])
                    .map(Command.intervalReading)
                commands.append(.settleInterval(intervalStartMs: interval))
            case .deadlineRun?:
                commands.append(.settleInterval(intervalStartMs: interval))
            case nil:
                break
            }
        }
        return commands
    }

    var summary: String {
        let settled = settledByOutcome.values.reduce(0, +)
        let outcomes = settledByOutcome.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return """
          settled \(settled) of \(escrows.count) trades (\(outcomes.isEmpty ? "none yet" : outcomes)): \
        \(Format.energy(deliveredWh)) kWh delivered of \(Format.energy(escrowedWh)) traded
          paid to sellers \(Format.money(paidToSellersMicros)), platform fees \(Format.money(platformFeesMicros)), \
        grid fees \(Format.money(gridFeesMicros)), refunded to buyers \(Format.money(refundedMicros))
        """
    }
}
