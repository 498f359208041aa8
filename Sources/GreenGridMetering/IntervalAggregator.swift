import GreenGridDomain

/// Wh imported and exported per 15-minute delivery interval, per meter, per user and per zone,
/// from each meter's register points (measured and estimated, sorted by time).
///
/// Between two consecutive points the register advance is spread linearly over time and split
/// at interval boundaries by cumulative flooring: at each boundary `b` the share so far is
/// `floor(advance × (b − tA) / (tB − tA))`, and an interval gets the difference of the shares at
/// its two ends. The shares telescope, so the intervals' sum is exactly the register advance:
/// no Wh is created or lost by rounding. User and zone figures are sums of meter figures.
///
/// Built once from complete inputs (there is no `add`), so a span cannot be counted twice.
public struct IntervalAggregator: Sendable {
    public private(set) var perMeter: [MeterId: [Int64: IntervalEnergy]] = [:]
    public private(set) var perUser: [TraderId: [Int64: IntervalEnergy]] = [:]
    public private(set) var perZone: [ZoneIndex: [Int64: IntervalEnergy]] = [:]
    /// Meters in the input that the registry does not know; their points are ignored.
    public private(set) var unknownMeterIds: [MeterId] = []

    public init(registry: MeterRegistry, series: [MeterId: [RegisterPoint]], rules: ValidationRules = ValidationRules()) {
        for meterId in series.keys.sorted() {
            guard let meter = registry[meterId] else {
                unknownMeterIds.append(meterId)
                continue
            }
            let points = series[meterId]!.sorted { $0.timestampMs < $1.timestampMs }
            var byInterval: [Int64: IntervalEnergy] = [:]
            for (a, b) in zip(points, points.dropFirst()) {
                for (start, energy) in Self.apportion(from: a, to: b, shortGapMaxMs: rules.shortGapMaxMs) {
                    byInterval[start, default: IntervalEnergy()] += energy
                }
            }
            perMeter[meterId] = byInterval
            for (start, energy) in byInterval {
                perUser[meter.ownerId, default: [:]][start, default: IntervalEnergy()] += energy
                perZone[meter.zone, default: [:]][start, default: IntervalEnergy()] += energy
            }
        }
    }

    /// The energy between two points, split over the delivery intervals the span touches.
    public static func apportion(from a: RegisterPoint, to b: RegisterPoint, shortGapMaxMs: Int64) -> [(intervalStartMs: Int64, energy: IntervalEnergy)] {
        let spanMs = b.timestampMs - a.timestampMs
        guard spanMs > 0 else { return [] }
        var quality: IntervalQuality = []
        if a.isEstimated || b.isEstimated { quality.insert(.estimated) }
        if spanMs > shortGapMaxMs { quality.insert(.spansLongGap) }
        let importAdvance = b.importWh - a.importWh
        let exportAdvance = b.exportWh - a.exportWh

        var result: [(Int64, IntervalEnergy)] = []
        var start = DeliveryInterval.start(containing: a.timestampMs)
        var importSoFar: Int64 = 0, exportSoFar: Int64 = 0
        while start < b.timestampMs {
            let end = start + DeliveryInterval.lengthMs
            let importAtEnd: Int64, exportAtEnd: Int64
            if end >= b.timestampMs {
                importAtEnd = importAdvance
                exportAtEnd = exportAdvance
            } else {
                importAtEnd = GapEstimator.interpolate(0, importAdvance, at: end - a.timestampMs, over: spanMs)
                exportAtEnd = GapEstimator.interpolate(0, exportAdvance, at: end - a.timestampMs, over: spanMs)
            }
            result.append((start, IntervalEnergy(importWh: importAtEnd - importSoFar, exportWh: exportAtEnd - exportSoFar, quality: quality)))
            importSoFar = importAtEnd
            exportSoFar = exportAtEnd
            start = end
        }
        return result
    }

    /// Settlement's input for one interval: one reading per user with energy data for it,
    /// sorted by trader id.
    public func intervalReadings(intervalStartMs: Int64) -> [IntervalReading] {
        Self.intervalReadings(perUser, intervalStartMs: intervalStartMs)
    }

    /// One reading per user with energy data for the interval, sorted by trader id (shared with
    /// `LiveAggregation`).
    static func intervalReadings(_ perUser: [TraderId: [Int64: IntervalEnergy]], intervalStartMs: Int64) -> [IntervalReading] {
        perUser.compactMap { traderId, intervals in
            intervals[intervalStartMs].map {
                IntervalReading(traderId: traderId, intervalStartMs: intervalStartMs, exportWh: $0.exportWh, importWh: $0.importWh)
            }
        }
        .sorted { $0.traderId < $1.traderId }
    }
}
