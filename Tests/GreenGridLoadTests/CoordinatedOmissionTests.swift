import GreenGridLoadKit
import Testing

/// Synthetic timings: a sender at 1,000 requests/s whose thread stalls for 50 ms, and a server
/// that answers every request 100 µs after it actually went out.
@Suite struct CoordinatedOmissionTests {
    let serviceNs: UInt64 = 100_000
    let stallFromNs: UInt64 = 100_000_000
    let stallNs: UInt64 = 50_000_000

    /// When the open-loop sender actually gets request `intendedNs` out: on time, or when the stall ends.
    func actualSend(_ intendedNs: UInt64) -> UInt64 {
        let stallEnd = stallFromNs + stallNs
        return intendedNs >= stallFromNs && intendedNs < stallEnd ? stallEnd : intendedNs
    }

    @Test("a stall inflates the latency of every request queued behind it, measured from its intended time")
    func stallInflatesQueuedSends() {
        let schedule = LoadSchedule(ratePerSecond: 1_000, connections: 1)
        var ledger = IntendedTimeLedger<Int>()
        var fromActualSend = LatencyHistogram()
        for action in schedule.prefix(1_000) {
            ledger.sent(action.index, intendedNs: action.intendedOffsetNs)
            let sentAt = actualSend(action.intendedOffsetNs)
            let answeredAt = sentAt + serviceNs
            let latency = ledger.answered(action.index, atNs: answeredAt)
            fromActualSend.record(answeredAt - sentAt)
            let expected = sentAt - action.intendedOffsetNs + serviceNs
            #expect(latency == expected)
        }
        // 50 of the 1,000 requests were due during the stall; they waited 50 ms, 49 ms, … 1 ms.
        #expect(ledger.histogram.total == 1_000)
        #expect(ledger.histogram.maxValue == stallNs + serviceNs)
        let p99 = ledger.histogram.value(atPercentile: 99)
        #expect(p99 >= 40_000_000 && p99 <= 42_000_000)
        let p90 = ledger.histogram.value(atPercentile: 90)
        #expect(p90 >= serviceNs && p90 <= serviceNs + serviceNs / 16)
        // Timed from the actual send, the stall would vanish: the omission the correction prevents.
        #expect(fromActualSend.maxValue == serviceNs)
        #expect(ledger.outstandingCount == 0)
    }

    @Test("only the first answer counts; warm-up is answered but not timed; a withdrawn request is not outstanding")
    func ledgerRules() {
        var ledger = IntendedTimeLedger<String>()
        ledger.sent("a", intendedNs: 1_000)
        ledger.sent("warm", intendedNs: 0, measured: false)
        ledger.sent("failed", intendedNs: 5)
        ledger.withdraw("failed")
        #expect(ledger.answered("a", atNs: 3_000) == 2_000)
        #expect(ledger.answered("a", atNs: 9_000) == nil)  // a fill after the acceptance
        #expect(ledger.answered("warm", atNs: 10) == 10)
        #expect(ledger.answered == 2)
        #expect(ledger.histogram.total == 1)
        #expect(ledger.outstandingCount == 0)
        #expect(ledger.takeRecent().total == 1)
        #expect(ledger.takeRecent().total == 0)
        #expect(ledger.histogram.total == 1)
    }
}
