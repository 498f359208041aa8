import GreenGridLoadKit

/// One subscriber's account of what it was delivered: each scheduled trade should arrive exactly
/// once and the zone's updates in strictly increasing sequence; anything else is counted, never
/// dropped silently, because "zero gaps" is half of what the scenario measures.
struct FanoutTally: Sendable {
    let key: FanoutTradeKey
    /// Set when the run starts; prints before that cannot be the run's.
    var schedule: FanoutSchedule?
    private(set) var counts: [UInt8] = []
    /// When each trade's print arrived (first time), for the latency from the trade itself.
    private(set) var arrivals: [UInt64] = []
    private(set) var distinct = 0
    private(set) var received = 0
    private(set) var duplicates = 0
    /// Prints whose quantity maps to no scheduled trade (another trader, or a leftover order).
    private(set) var foreign = 0
    private(set) var outOfOrder = 0
    private(set) var recoveries = 0
    private(set) var lastZoneSequence: UInt64 = 0
    private(set) var snapshotComplete = false
    private(set) var histogram = LatencyHistogram()
    private var recent = LatencyHistogram()
    private var nextExpected = 0

    init(key: FanoutTradeKey) { self.key = key }

    mutating func start(_ schedule: FanoutSchedule) {
        self.schedule = schedule
        counts = Array(repeating: 0, count: schedule.trades)
        arrivals = Array(repeating: 0, count: schedule.trades)
    }

    /// Trades of the run never delivered, out of the first `sent`.
    func missing(sent: Int) -> Int {
        var missing = 0
        for k in 0..<min(sent, counts.count) where counts[k] == 0 { missing += 1 }
        return missing
    }

    mutating func observe(zoneSequence: UInt64) {
        if zoneSequence <= lastZoneSequence { outOfOrder += 1 }
        lastZoneSequence = max(lastZoneSequence, zoneSequence)
    }

    mutating func trade(quantityWh: Int64, zoneSequence: UInt64, atNs now: UInt64) {
        observe(zoneSequence: zoneSequence)
        guard let schedule, let k = key.trade(forQuantityWh: quantityWh, near: nextExpected), k < schedule.trades else {
            foreign += 1
            return
        }
        received += 1
        if counts[k] > 0 {
            duplicates += 1
            if counts[k] < .max { counts[k] += 1 }
            return
        }
        counts[k] = 1
        arrivals[k] = now
        distinct += 1
        nextExpected = max(nextExpected, k + 1)
        if k >= schedule.firstMeasuredTrade {
            let intended = schedule.intendedNs(ofTrade: k)
            let latency = now > intended ? now - intended : 0
            histogram.record(latency)
            recent.record(latency)
        }
    }

    mutating func recovering() { recoveries += 1 }
    mutating func snapshotEnded() { snapshotComplete = true }

    /// The latencies since the last call, for the progress line.
    mutating func takeRecent() -> LatencyHistogram {
        defer { recent = LatencyHistogram() }
        return recent
    }
}
