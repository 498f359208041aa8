import GreenGridDomain
import Testing
@testable import GreenGridMetering

@Suite("Interval aggregation")
struct IntervalAggregatorTests {
    /// Five meters: users 1 (two meters, two zones), 2 and 3; meter 5 starts near the register
    /// modulus so it rolls over.
    static func registry() -> MeterRegistry {
        var registry = MeterRegistry()
        let meters = [
            Meter(meterId: 1, ownerId: 1, feederId: 1, zone: 0, kind: .solar, ratedPowerW: 8_000),
            Meter(meterId: 2, ownerId: 1, feederId: 2, zone: 1, kind: .householdLoad, ratedPowerW: 20_000),
            Meter(meterId: 3, ownerId: 2, feederId: 1, zone: 0, kind: .bidirectional, ratedPowerW: 15_000),
            Meter(meterId: 4, ownerId: 3, feederId: 3, zone: 1, kind: .businessLoad, ratedPowerW: 250_000),
            Meter(meterId: 5, ownerId: 3, feederId: 3, zone: 1, kind: .battery, ratedPowerW: 50_000),
        ]
        for meter in meters { try! registry.register(meter) }
        return registry
    }

    @Test("Random readings: intervals sum exactly to register advances; users and zones sum meters",
          arguments: [UInt64(1), 2, 3, 42, 2_026])
    func conservation(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let registry = Self.registry()
        // Nothing pruned: the test aggregates every stored point afterwards.
        var rules = ValidationRules()
        rules.outOfOrderWindowMs = 100 * 86_400_000
        var validator = MeterValidator(registry: registry, rules: rules)
        for meterId in MeterId(1)...5 {
            let ratedW = registry[meterId]!.ratedPowerW
            var timeMs = t0 + Int64.random(in: 0..<900_000, using: &rng)
            var importWh: Int64 = meterId == 5 ? modulusWh - 20_000 : Int64.random(in: 0..<1_000_000, using: &rng)
            var exportWh: Int64 = Int64.random(in: 0..<1_000_000, using: &rng)
            // The first reading carries the start values, so meter 5 starts just below the modulus.
            #expect(validator.validate(MeterReading(meterId: meterId, timestampMs: timeMs, importWh: importWh, exportWh: exportWh),
                                       nowMs: timeMs) == .accepted)
            for _ in 0..<120 {
                // Mostly near-nominal steps, sometimes a short or long gap.
                let stepMs = Bool.random(using: &rng) ? Int64.random(in: 1_000...1_800_000, using: &rng)
                                                      : Int64.random(in: 1_000...14_400_000, using: &rng)
                let maxWh = ratedW * stepMs / 3_600_000
                let nextTimeMs = timeMs + stepMs
                importWh = (importWh + Int64.random(in: 0...maxWh, using: &rng)) % modulusWh
                exportWh = (exportWh + Int64.random(in: 0...maxWh, using: &rng)) % modulusWh
                timeMs = nextTimeMs
                let r = MeterReading(meterId: meterId, timestampMs: timeMs, importWh: importWh, exportWh: exportWh)
                #expect(validator.validate(r, nowMs: timeMs).isStored)
            }
        }
        var series: [MeterId: [RegisterPoint]] = [:]
        for meterId in MeterId(1)...5 { series[meterId] = GapEstimator.filled(validator.points(meterId: meterId)) }
        let aggregator = IntervalAggregator(registry: registry, series: series)

        for meterId in MeterId(1)...5 {
            let points = validator.points(meterId: meterId)
            let intervals = aggregator.perMeter[meterId]!
            #expect(intervals.values.reduce(0) { $0 + $1.importWh } == points.last!.importWh - points.first!.importWh)
            #expect(intervals.values.reduce(0) { $0 + $1.exportWh } == points.last!.exportWh - points.first!.exportWh)
            #expect(intervals.values.allSatisfy { $0.importWh >= 0 && $0.exportWh >= 0 })
            #expect(intervals.keys.allSatisfy(DeliveryInterval.isAligned))
        }
        // Per user and per zone: the same sums, interval by interval.
        func sumByGroup<Key: Hashable>(_ key: (Meter) -> Key) -> [Key: [Int64: IntervalEnergy]] {
            var result: [Key: [Int64: IntervalEnergy]] = [:]
            for (meterId, intervals) in aggregator.perMeter {
                for (start, energy) in intervals { result[key(registry[meterId]!), default: [:]][start, default: IntervalEnergy()] += energy }
            }
            return result
        }
        #expect(aggregator.perUser == sumByGroup(\.ownerId))
        #expect(aggregator.perZone == sumByGroup(\.zone))
        #expect(aggregator.unknownMeterIds.isEmpty)
        // The table must exercise what it claims: a rollover and a span over a long gap.
        #expect(validator.points(meterId: 5).contains { $0.flags.contains(.registerRollover) })
        #expect(aggregator.perMeter.values.contains { $0.values.contains { $0.quality.contains(.spansLongGap) } })
    }

    @Test("A span across a boundary is split by time")
    func split() {
        let a = RegisterPoint(timestampMs: t0 + 10 * minuteMs, importWh: 0, exportWh: 0)
        let b = RegisterPoint(timestampMs: t0 + 20 * minuteMs, importWh: 1_001, exportWh: 10)
        let parts = IntervalAggregator.apportion(from: a, to: b, shortGapMaxMs: ValidationRules().shortGapMaxMs)
        #expect(parts.map(\.intervalStartMs) == [t0, t0 + 15 * minuteMs])
        #expect(parts.map(\.energy.importWh) == [500, 501])
        #expect(parts.map(\.energy.exportWh) == [5, 5])
    }

    @Test("Quality marks estimated spans and long gaps")
    func quality() {
        let registry = Self.registry()
        let points = [
            RegisterPoint(timestampMs: t0, importWh: 0, exportWh: 0),
            RegisterPoint(timestampMs: t0 + 15 * minuteMs, importWh: 100, exportWh: 0, flags: .estimated),
            RegisterPoint(timestampMs: t0 + 30 * minuteMs, importWh: 200, exportWh: 0),
            RegisterPoint(timestampMs: t0 + 210 * minuteMs, importWh: 300, exportWh: 0),
        ]
        let aggregator = IntervalAggregator(registry: registry, series: [1: points, 99: points])
        let meter = aggregator.perMeter[1]!
        #expect(meter[t0]?.quality == .estimated)
        #expect(meter[t0 + 15 * minuteMs]?.quality == .estimated)
        #expect(meter[t0 + 30 * minuteMs]?.quality == .spansLongGap)
        #expect(aggregator.unknownMeterIds == [99])
    }

    @Test("intervalReadings gives settlement one reading per user for the interval")
    func intervalReadings() {
        let registry = Self.registry()
        func pair(_ import0: Int64, _ export0: Int64, _ import1: Int64, _ export1: Int64) -> [RegisterPoint] {
            [RegisterPoint(timestampMs: t0, importWh: import0, exportWh: export0),
             RegisterPoint(timestampMs: t0 + 15 * minuteMs, importWh: import1, exportWh: export1),
             RegisterPoint(timestampMs: t0 + 30 * minuteMs, importWh: import1 + 1, exportWh: export1 + 1)]
        }
        let aggregator = IntervalAggregator(registry: registry, series: [
            1: pair(0, 5_000, 0, 6_200),       // user 1, solar: exports 1 200
            2: pair(10_000, 0, 10_700, 0),     // user 1, load: imports 700
            3: pair(500, 500, 800, 900),       // user 2: imports 300, exports 400
            4: pair(0, 0, 20_000, 0),          // user 3: imports 20 000
        ])
        #expect(aggregator.intervalReadings(intervalStartMs: t0) == [
            IntervalReading(traderId: 1, intervalStartMs: t0, exportWh: 1_200, importWh: 700),
            IntervalReading(traderId: 2, intervalStartMs: t0, exportWh: 400, importWh: 300),
            IntervalReading(traderId: 3, intervalStartMs: t0, exportWh: 0, importWh: 20_000),
        ])
        #expect(aggregator.intervalReadings(intervalStartMs: t0 + 30 * minuteMs).isEmpty)
        #expect(aggregator.perZone[1]?[t0] == IntervalEnergy(importWh: 20_700, exportWh: 0))
    }
}
