import GreenGridDomain
import GreenGridLoadKit
import GreenGridSimulation

/// The settlement scenario: a ledger holding `trades` escrowed trades spread over `intervals`
/// delivery intervals (built before the clock starts: deposits, one reservation per buyer and
/// interval, the fills), synthetic meter data for every participant (most deliver in full,
/// some short, a few send nothing), then every interval settled by `MeteredSettlement` past
/// its deadline. Only the settlement runs are timed, each one separately for the percentiles.
enum SettlementScenario {
    struct Options {
        var trades = 1_000_000
        var intervals = 96
        var participants = 4_000
        var seed: UInt64 = 7
    }

    static let firstIntervalMs: Int64 = 1_798_761_600_000

    static func run(_ options: Options) -> JSONLine {
        var rng = SplitMix64(seed: options.seed)
        let sellers = options.participants / 2, buyers = options.participants - sellers
        let perInterval = (options.trades + options.intervals - 1) / options.intervals
        let fees = FeeSchedule(platformFeeMicrosPerKWh: 1_500, maxGridFeeMicrosPerKWh: 12_000)
        var ledger = Ledger()
        var readings = MeterReadingTable()
        var built = 0
        for interval in 0..<options.intervals where built < options.trades {
            let intervalStartMs = firstIntervalMs + Int64(interval) * DeliveryInterval.lengthMs
            let count = min(perInterval, options.trades - built)
            var fills: [EscrowFill] = []
            fills.reserveCapacity(count)
            var boughtWh = [Int64](repeating: 0, count: buyers), soldWh = [Int64](repeating: 0, count: sellers)
            let limit: Int64 = 300_000
            let rate = BuyReservation.microsPerWh(limitPriceMicrosPerKWh: limit, fees: fees)
            for ordinal in 0..<count {
                let buyer = rng.below(buyers), seller = rng.below(sellers)
                let quantityWh = Int64(1 + rng.below(5_000))
                let crossZone = rng.chance(20)
                fills.append(EscrowFill(
                    tradeId: Trade.tradeId(commandSequence: UInt64(built + ordinal + 1), ordinal: 0), intervalStartMs: intervalStartMs,
                    buyer: TraderId(sellers + buyer + 1), seller: TraderId(seller + 1), gridFeeZone: crossZone ? 1 : 0,
                    quantityWh: quantityWh, priceMicrosPerKWh: Int64(150_000 + rng.below(150_001)),
                    platformFeeMicrosPerKWh: fees.platformFeeMicrosPerKWh,
                    gridFeeMicrosPerKWh: crossZone ? Int64(rng.below(12_001)) : 0, reservationMicrosPerWh: rate))
                boughtWh[buyer] += quantityWh
                soldWh[seller] += quantityWh
            }
            for buyer in 0..<buyers where boughtWh[buyer] > 0 {
                let user = TraderId(sellers + buyer + 1)
                let micros = boughtWh[buyer] * rate
                precondition(ledger.apply(.deposit(user: user, requestId: UInt64(interval) << 32 | UInt64(user), amountMicros: micros)) == .applied)
                precondition(ledger.apply(.reserve(user: user, orderId: UInt64(interval) << 32 | UInt64(user), revision: 1,
                                                   quantityWh: boughtWh[buyer], microsPerWh: rate)) == .applied)
                meter(&readings, rng: &rng, user: user, tradedWh: boughtWh[buyer], intervalStartMs: intervalStartMs, isExport: false)
            }
            for seller in 0..<sellers where soldWh[seller] > 0 {
                meter(&readings, rng: &rng, user: TraderId(seller + 1), tradedWh: soldWh[seller], intervalStartMs: intervalStartMs,
                      isExport: true)
            }
            for fill in fills { precondition(ledger.apply(.fill(fill)) == .applied) }
            built += count
        }

        let rule = MeteredSettlement(meterDataDeadlineMs: 3_600_000)
        var histogram = LatencyHistogram()
        var settled = 0, flagged = 0, deliveredWh: Int64 = 0, valueMicros: Int64 = 0, feesMicros: Int64 = 0, elapsedNs: UInt64 = 0
        for interval in 0..<options.intervals {
            let intervalStartMs = firstIntervalMs + Int64(interval) * DeliveryInterval.lengthMs
            let nowMs = intervalStartMs + DeliveryInterval.lengthMs + rule.meterDataDeadlineMs
            let start = monotonicNanoseconds()
            let report = rule.settle(intervalStartMs: intervalStartMs, nowMs: nowMs, readings: readings, ledger: &ledger)
            let ns = monotonicNanoseconds() - start
            elapsedNs += ns
            histogram.record(ns)
            precondition(report.rejected == 0, "settlement refused a command")
            settled += report.settled
            flagged += report.flaggedTradeIds.count
            deliveredWh += report.deliveredWh
            valueMicros += report.valueMicros
            feesMicros += report.platformFeeMicros + report.gridFeeMicros
        }
        precondition(settled == built, "every trade settles once")
        precondition(ledger.invariantViolation() == nil, "ledger invariant broken: \(ledger.invariantViolation()!)")
        precondition(ledger.users.values.allSatisfy { $0.escrowMicros == 0 }, "escrow left after settlement")

        let seconds = Double(elapsedNs) / 1e9
        var line = JSONLine()
        line.add("scenario", "settlement")
        line.add("trades", settled)
        line.add("intervals", options.intervals)
        line.add("participants", options.participants)
        line.add("seconds", seconds, decimals: 4)
        line.add("trades_per_s", Int(Double(settled) / seconds))
        line.add("p50_interval_us", (histogram.value(atPercentile: 50) + 999) / 1000)
        line.add("p99_interval_us", (histogram.value(atPercentile: 99) + 999) / 1000)
        line.add("max_interval_us", (histogram.maxValue + 999) / 1000)
        line.add("flagged", flagged)
        line.add("delivered_wh", deliveredWh)
        line.add("value_micros", valueMicros)
        line.add("fees_micros", feesMicros)
        line.add("state_hash", String(ledger.stateHash, radix: 16))
        return line
    }

    /// 80% meter what they traded, 17% somewhere between 50% and 120% of it, 3% nothing at all.
    static func meter(_ readings: inout MeterReadingTable, rng: inout SplitMix64, user: TraderId, tradedWh: Int64,
                      intervalStartMs: Int64, isExport: Bool) {
        let roll = rng.below(100)
        if roll < 3 { return }
        let wh = roll < 83 ? tradedWh : tradedWh * Int64(50 + rng.below(71)) / 100
        if isExport { readings.setExport(wh, participant: user, intervalStartMs: intervalStartMs) }
        else { readings.setImport(wh, participant: user, intervalStartMs: intervalStartMs) }
    }
}
