import GreenGridDomain
@testable import GreenGridAlerts

/// Times on the interval grid: `t0` is a day's start, intervals `t0 + k × 15 min`.
let t0: Int64 = 1_700_006_400_000
let interval: Int64 = DeliveryInterval.lengthMs
let alice: TraderId = 7
let bob: TraderId = 8

func spec(zone: ZoneIndex = 0, intervalStartMs: Int64 = 0, metric: AlertMetric = .reference, direction: AlertDirection = .above,
          threshold: Int64 = 100_000, rearm: Int64 = 10_000) -> AlertSpec {
    AlertSpec(zone: zone, intervalStartMs: intervalStartMs, metric: metric, direction: direction, thresholdMicrosPerKWh: threshold,
              rearmMicrosPerKWh: rearm)
}

func observation(zone: ZoneIndex = 0, intervalStartMs: Int64 = t0 + 4 * interval, reference: Int64? = nil, bestBid: Int64? = nil,
                 bestAsk: Int64? = nil) -> PriceObservation {
    PriceObservation(zone: zone, intervalStartMs: intervalStartMs, reference: reference, bestBid: bestBid, bestAsk: bestAsk)
}

func observation(_ metric: AlertMetric, _ price: Int64?, zone: ZoneIndex = 0, intervalStartMs: Int64 = t0 + 4 * interval) -> PriceObservation {
    switch metric {
    case .reference: observation(zone: zone, intervalStartMs: intervalStartMs, reference: price)
    case .bestBid: observation(zone: zone, intervalStartMs: intervalStartMs, bestBid: price)
    case .bestAsk: observation(zone: zone, intervalStartMs: intervalStartMs, bestAsk: price)
    }
}

/// A book that records what it did, checks its invariants after every mutation, and can replay.
struct Recorded {
    var book = AlertBook(zoneCount: 3)
    var records: [AlertRecord] = []
    var nowMs = t0

    @discardableResult
    mutating func set(_ spec: AlertSpec, owner: TraderId = alice) -> Result<PriceAlert, AlertRejection> {
        let result = book.set(spec, ownerId: owner, nowMs: nowMs)
        if case .success(let alert) = result { records.append(.set(alert)) }
        book.checkInvariants()
        return result
    }

    @discardableResult
    mutating func delete(_ alertId: UInt64, owner: TraderId = alice) -> Result<PriceAlert, AlertRejection> {
        let result = book.delete(alertId: alertId, ownerId: owner)
        if case .success = result { records.append(.delete(alertId: alertId, ownerId: owner)) }
        book.checkInvariants()
        return result
    }

    /// One round a second after the last.
    @discardableResult
    mutating func round(_ observations: [PriceObservation]) -> [AlertTrigger] {
        nowMs += 1_000
        let (round, triggers) = book.evaluateRound(observations, nowMs: nowMs)
        records += round.records
        book.checkInvariants()
        return triggers
    }

    /// The records through their codec into a fresh book.
    func replayed() throws -> AlertBook {
        var replay = AlertBook(zoneCount: book.zoneCount)
        for record in records {
            try replay.apply(try AlertRecord.decode(type: record.type, bytes: record.encoded))
            replay.checkInvariants()
        }
        return replay
    }
}

/// A small deterministic generator (SplitMix64) for the seeded tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
