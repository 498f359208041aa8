import GreenGridDomain
import GreenGridEngine
import Testing

@Suite struct SequencerTests {
    let window = TradingWindow(horizonMs: 48 * 3_600_000, gateClosureLeadMs: 5 * 60_000)
    let dayMs: Int64 = 1_798_761_600_000  // 2027-01-01T00:00Z

    @Test("commands get consecutive sequence numbers and the call's time")
    func stampsInOrder() {
        var sequencer = Sequencer(window: window, startTimeMs: dayMs)
        let stamped = sequencer.stamp([.closeGate(intervalStartMs: 0), .closeGate(intervalStartMs: 1)], nowMs: dayMs + 1000)
        #expect(stamped.map(\.sequence) == [1, 2])
        #expect(stamped.allSatisfy { $0.timestampMs == dayMs + 1000 })
    }

    @Test("passing a gate closure inserts a close-gate command before the batch")
    func emitsGateClosures() {
        var sequencer = Sequencer(window: window, startTimeMs: dayMs)  // 00:00: next gate is 00:15's, at 00:10
        #expect(sequencer.nextGateIntervalMs == dayMs + DeliveryInterval.lengthMs)
        #expect(sequencer.stamp([], nowMs: dayMs + 9 * 60_000).isEmpty)
        let atTen = sequencer.stamp([.resume(operatorId: 1, zone: 0)], nowMs: dayMs + 10 * 60_000)
        #expect(atTen.map(\.command) == [.closeGate(intervalStartMs: dayMs + DeliveryInterval.lengthMs), .resume(operatorId: 1, zone: 0)])
        // An hour later: the four gates in between close, in order.
        let later = sequencer.stamp([], nowMs: dayMs + 70 * 60_000)
        #expect(later.map(\.command) == (2...5).map { .closeGate(intervalStartMs: dayMs + Int64($0) * DeliveryInterval.lengthMs) })
    }

    @Test("time never runs backwards in stamps, even if the clock does")
    func monotonicTime() {
        var sequencer = Sequencer(window: window, startTimeMs: dayMs)
        _ = sequencer.stamp([], nowMs: dayMs + 5000)
        let stamped = sequencer.stamp([.resume(operatorId: 1, zone: 0)], nowMs: dayMs + 10)
        #expect(stamped[0].timestampMs == dayMs + 5000)
    }

    @Test("a command for a zone the market does not have is refused before sequencing")
    func refusesUnknownZones() {
        #expect(Sequencer.refusal(for: .halt(operatorId: 1, zone: 4, cancelResting: false), zoneCount: 4) == .unknownZone)
        #expect(Sequencer.refusal(for: .halt(operatorId: 1, zone: -1, cancelResting: false), zoneCount: 4) == .unknownZone)
        #expect(Sequencer.refusal(for: .halt(operatorId: 1, zone: 3, cancelResting: false), zoneCount: 4) == nil)
        #expect(Sequencer.refusal(for: .closeGate(intervalStartMs: 0), zoneCount: 4) == nil)
    }
}
