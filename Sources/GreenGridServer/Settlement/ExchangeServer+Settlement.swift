import GreenGridDomain
import GreenGridJournal

/// The settlement clock: every `settlementCheckMs` the server asks the exchange which ended
/// intervals still hold unsettled trades. The first time it sees one (at least
/// `settlementDelayMs` after the interval's end) it sends the meter source's readings and a
/// settlement run; once the market's meter-data deadline has passed, one more run, which
/// settles what still waited by the missing-data rule. Every step is a journaled command, so a
/// restart repeats nothing twice: a run settles only what is still pending.
extension ExchangeServer {
    func scheduleSettlement() {
        guard market.wallets != nil else { return }
        _ = loop.scheduleTimer(afterMs: configuration.settlementCheckMs) { [weak self] in
            guard let self, !self.stopped else { return }
            self.checkSettlement()
            self.scheduleSettlement()
        }
    }

    func checkSettlement() {
        guard market.wallets != nil, !settlementCheckInFlight else { return }
        settlementCheckInFlight = true
        let endedBeforeMs = WallClock.nowMs() - configuration.settlementDelayMs
        let durable = self.durable
        let loop = self.loop!
        Task { [self] in
            let due = await durable.unsettledIntervals(endedBeforeMs: endedBeforeMs)
            var fetched: [Int64: [IntervalReading]] = [:]
            for (interval, escrows) in due { fetched[interval] = await meterReadings(intervalStartMs: interval, escrows: escrows) }
            let readings = fetched
            _ = loop.execute { [self] in
                settlementCheckInFlight = false
                let nowMs = WallClock.nowMs()
                for (interval, escrows) in due {
                    switch settlementSchedule.due(intervalStartMs: interval, nowMs: nowMs) {
                    case .firstRun?:
                        for reading in readings[interval] ?? [] {
                            enqueue(.intervalReading(reading), tag: .silent)
                        }
                        enqueue(.settleInterval(intervalStartMs: interval), tag: .silent)
                        log.info("settlement_run", [("interval", .int(interval)), ("trades", .int(Int64(escrows.count)))])
                    case .deadlineRun?:
                        enqueue(.settleInterval(intervalStartMs: interval), tag: .silent)
                        log.info("settlement_deadline_run", [("interval", .int(interval)), ("trades", .int(Int64(escrows.count)))])
                    case nil:
                        break
                    }
                }
            }
        }
    }
}

extension ExchangeServer {
    /// The interval's readings of the parties of its trades (only they matter to settlement).
    nonisolated func meterReadings(intervalStartMs: Int64, escrows: [PendingTransfer]) async -> [IntervalReading] {
        switch configuration.meterData {
        case .metering:
            let parties = Set(escrows.flatMap { [$0.buyer, $0.seller] })
            return await metering.intervalReadings(intervalStartMs: intervalStartMs).filter { parties.contains($0.traderId) }
        case .source(let source):
            return source.readings(intervalStartMs: intervalStartMs, escrows: escrows)
        case .none:
            return []
        }
    }
}
