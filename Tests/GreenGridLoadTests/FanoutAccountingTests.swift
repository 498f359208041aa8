import Testing

@testable import GreenGridLoad

@Suite struct FanoutAccountingTests {
    let key = FanoutTradeKey(window: 100)
    let schedule = FanoutSchedule(startNs: 1_000_000_000, ratePerSecond: 10, warmupSeconds: 1, seconds: 2)

    @Test("a trade's quantity names it, across window wrap-arounds, relative to the trade expected next")
    func tradeKeyRoundTrips() {
        for k in [0, 1, 57, 99, 100, 101, 250, 999] {
            let quantity = key.quantityWh(forTrade: k)
            #expect((1...100).contains(quantity))
            #expect(key.trade(forQuantityWh: quantity, near: k) == k)
            #expect(key.trade(forQuantityWh: quantity, near: k + 30) == k)  // a late print
            #expect(key.trade(forQuantityWh: quantity, near: max(0, k - 30)) == k)  // one overtaking its predecessors
        }
        #expect(key.trade(forQuantityWh: 0, near: 5) == nil)
        #expect(key.trade(forQuantityWh: 101, near: 5) == nil)
        #expect(key.trade(forQuantityWh: 100, near: 0) == 99)  // never a negative trade number
    }

    @Test("the schedule is open loop: intended times from the rate, the warm-up untimed")
    func scheduleTimes() {
        #expect(schedule.trades == 30)
        #expect(schedule.firstMeasuredTrade == 10)
        #expect(schedule.intendedNs(ofTrade: 0) == 1_000_000_000)
        #expect(schedule.intendedNs(ofTrade: 15) == 2_500_000_000)
    }

    @Test("every trade exactly once in order: nothing missing, nothing repeated, measured trades timed from their intended time")
    func cleanDelivery() {
        var tally = started()
        for k in 0..<30 { deliver(k, to: &tally, sequence: UInt64(10 + 3 * k), lateNs: 2_000) }
        #expect(tally.missing(sent: 30) == 0)
        #expect(tally.received == 30)
        #expect(tally.duplicates == 0)
        #expect(tally.outOfOrder == 0)
        #expect(tally.foreign == 0)
        #expect(tally.histogram.total == 20)
        #expect(tally.histogram.maxValue >= 2_000)
    }

    @Test("gaps, duplicates, stray prints and sequence regressions are each counted")
    func brokenDelivery() {
        var tally = started()
        var sequence: UInt64 = 100
        for k in 0..<30 where k != 4 && k != 17 {
            sequence += 2
            deliver(k, to: &tally, sequence: sequence, lateNs: 1_000)
        }
        deliver(9, to: &tally, sequence: sequence + 1, lateNs: 1_000)  // a repeat of trade 9
        tally.trade(quantityWh: 5_000, zoneSequence: sequence + 2, atNs: 0)  // no trade of the run has that quantity
        tally.observe(zoneSequence: 50)  // an update going backwards
        tally.recovering()
        #expect(tally.missing(sent: 30) == 2)
        #expect(tally.missing(sent: 10) == 1)  // only what was sent can be missing
        #expect(tally.duplicates == 1)
        #expect(tally.received == 29)
        #expect(tally.foreign == 1)
        #expect(tally.outOfOrder == 1)
        #expect(tally.recoveries == 1)
    }

    @Test("prints before the run starts are not the run's")
    func printsBeforeStart() {
        var tally = FanoutTally(key: key)
        tally.trade(quantityWh: 1, zoneSequence: 1, atNs: 0)
        #expect(tally.foreign == 1)
        #expect(tally.received == 0)
    }

    private func started() -> FanoutTally {
        var tally = FanoutTally(key: key)
        tally.start(schedule)
        return tally
    }

    private func deliver(_ k: Int, to tally: inout FanoutTally, sequence: UInt64, lateNs: UInt64) {
        tally.trade(quantityWh: key.quantityWh(forTrade: k), zoneSequence: sequence, atNs: schedule.intendedNs(ofTrade: k) + lateNs)
    }
}
