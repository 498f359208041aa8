import GreenGridDomain

/// Wh imported and exported per 15-minute interval, per meter, per user and per zone, kept up to
/// date one stored reading at a time: the incremental twin of `IntervalAggregator`, with the
/// same apportioning rule, so both give the same figures for the same points.
///
/// A reading appended after the newest adds the span from its predecessor. A reading slotted in
/// between two stored ones takes that span's split back out and adds the two halves: the total
/// over the span is unchanged (the registers say so) and only its spread over intervals moves.
/// Quality bits are a union and are never taken back out (conservative). A span longer than one
/// nominal step and at most `shortGapMaxMs` is a short gap: its linear spread is exactly what
/// `GapEstimator` interpolates at the step boundaries, so its intervals are marked `.estimated`
/// (the raw readings stay as they are); longer spans are marked `.spansLongGap`.
public struct LiveAggregation: Sendable {
    public let shortGapMaxMs: Int64
    public let nominalStepMs: Int64
    public private(set) var perMeter: [MeterId: [Int64: IntervalEnergy]] = [:]
    public private(set) var perUser: [TraderId: [Int64: IntervalEnergy]] = [:]
    public private(set) var perZone: [ZoneIndex: [Int64: ZoneIntervalEnergy]] = [:]
    /// Zone intervals changed since the last `takeChanged()`, for the live view.
    private var changed: Set<ZoneInterval> = []

    public init(shortGapMaxMs: Int64 = ValidationRules().shortGapMaxMs, nominalStepMs: Int64 = ValidationRules().nominalStepMs) {
        self.shortGapMaxMs = shortGapMaxMs
        self.nominalStepMs = nominalStepMs
    }

    public mutating func add(_ insertion: MeterValidator.Insertion, meter: Meter) {
        switch (insertion.previous, insertion.next) {
        case (let previous?, let next?):
            apply(from: previous, to: next, meter: meter, sign: -1)
            apply(from: previous, to: insertion.point, meter: meter, sign: 1)
            apply(from: insertion.point, to: next, meter: meter, sign: 1)
        case (let previous?, nil):
            apply(from: previous, to: insertion.point, meter: meter, sign: 1)
        case (nil, let next?):
            apply(from: insertion.point, to: next, meter: meter, sign: 1)
        case (nil, nil):
            break
        }
    }

    private mutating func apply(from a: RegisterPoint, to b: RegisterPoint, meter: Meter, sign: Int64) {
        let spanMs = b.timestampMs - a.timestampMs
        let estimated: IntervalQuality = spanMs > nominalStepMs && spanMs <= shortGapMaxMs ? .estimated : []
        for (start, energy) in IntervalAggregator.apportion(from: a, to: b, shortGapMaxMs: shortGapMaxMs) {
            // Only an added span marks quality: a span taken back out leaves its marks (a union).
            let quality = sign > 0 ? energy.quality.union(estimated) : []
            let signed = IntervalEnergy(importWh: sign * energy.importWh, exportWh: sign * energy.exportWh, quality: quality)
            let isNewForMeter = perMeter[meter.meterId]?[start] == nil
            perMeter[meter.meterId, default: [:]][start, default: IntervalEnergy()] += signed
            perUser[meter.ownerId, default: [:]][start, default: IntervalEnergy()] += signed
            perZone[meter.zone, default: [:]][start, default: ZoneIntervalEnergy()].add(signed, newMeter: isNewForMeter)
            changed.insert(ZoneInterval(zone: meter.zone, intervalStartMs: start))
        }
    }

    /// The zone intervals that changed since the last call, in (zone, interval) order.
    public mutating func takeChanged() -> [ZoneInterval] {
        defer { changed.removeAll(keepingCapacity: true) }
        return changed.sorted()
    }

    /// Settlement's input for one interval: one reading per user with energy data for it,
    /// sorted by trader id.
    public func intervalReadings(intervalStartMs: Int64) -> [IntervalReading] {
        IntervalAggregator.intervalReadings(perUser, intervalStartMs: intervalStartMs)
    }

    /// Forgets intervals that start before `beforeMs` (settled and reported long ago).
    public mutating func prune(beforeMs: Int64) {
        for key in perMeter.keys { perMeter[key] = perMeter[key]!.filter { $0.key >= beforeMs } }
        for key in perUser.keys { perUser[key] = perUser[key]!.filter { $0.key >= beforeMs } }
        for key in perZone.keys { perZone[key] = perZone[key]!.filter { $0.key >= beforeMs } }
        changed = changed.filter { $0.intervalStartMs >= beforeMs }
    }
}

/// One zone's energy in one interval, and how many meters it rests on.
public struct ZoneIntervalEnergy: Sendable, Hashable {
    public var energy = IntervalEnergy()
    public var meters: Int = 0

    public init() {}

    mutating func add(_ delta: IntervalEnergy, newMeter: Bool) {
        energy += delta
        if newMeter { meters += 1 }
    }

    /// What the zone fed in beyond what it drew (negative: a deficit), Wh.
    public var netSurplusWh: Int64 { energy.exportWh - energy.importWh }
}

public struct ZoneInterval: Sendable, Hashable, Comparable {
    public var zone: ZoneIndex
    public var intervalStartMs: Int64

    public init(zone: ZoneIndex, intervalStartMs: Int64) {
        self.zone = zone
        self.intervalStartMs = intervalStartMs
    }

    public static func < (a: ZoneInterval, b: ZoneInterval) -> Bool {
        (a.zone, a.intervalStartMs) < (b.zone, b.intervalStartMs)
    }
}
