import Foundation
import GreenGridDomain
import Testing
@testable import GreenGridMetering

/// The metering service's state: incremental aggregation equal to the batch aggregator, replay
/// giving the same outcomes and figures, the journal record codec, the gateway check, and the
/// bounded per-meter series.
@Suite("Metering state")
struct MeteringStateTests {
    static let gateway: TraderId = 50

    static func state(rules: ValidationRules = ValidationRules()) -> MeteringState {
        var state = MeteringState(zoneCount: 2, rules: rules)
        for (id, owner, zone) in [(MeterId(1), TraderId(7), 0), (2, 7, 1), (3, 8, 0)] {
            try! state.register(Meter(meterId: id, ownerId: owner, gatewayId: gateway, feederId: 1, zone: zone, kind: .bidirectional,
                                      ratedPowerW: 10_000))
        }
        return state
    }

    /// Readings of three meters over six hours with irregular steps, some shuffled inside the
    /// out-of-order window, some sent twice, some bad: a seeded random stream of batches.
    static func records(seed: UInt64) -> [MeteringRecord] {
        var random = SplitMix64(seed: seed)
        var readings: [MeterReading] = []
        for meterId in MeterId(1)...3 {
            var t = t0, imported: Int64 = 1_000, exported: Int64 = 0
            while t < t0 + 6 * 3_600_000 {
                t += Int64.random(in: 1...40, using: &random) * 30_000
                imported += Int64.random(in: 0...400, using: &random)
                exported += Int64.random(in: 0...300, using: &random)
                readings.append(MeterReading(meterId: meterId, timestampMs: t, importWh: imported, exportWh: exported, powerW: 500))
            }
        }
        readings.sort { $0.timestampMs < $1.timestampMs }
        // Local shuffles (messages overtaking each other), duplicates and a few spikes.
        for i in stride(from: 0, to: readings.count - 3, by: 3) where Int.random(in: 0..<4, using: &random) == 0 {
            readings.swapAt(i, i + 2)
        }
        var stream: [MeterReading] = []
        for reading in readings {
            stream.append(reading)
            if Int.random(in: 0..<10, using: &random) == 0 { stream.append(reading) }
            if Int.random(in: 0..<25, using: &random) == 0 {
                var spike = reading
                spike.timestampMs += 1_000
                spike.importWh += 5_000_000
                stream.append(spike)
            }
        }
        var records: [MeteringRecord] = []
        var index = 0
        while index < stream.count {
            let count = min(stream.count - index, Int.random(in: 1...128, using: &random))
            let slice = Array(stream[index..<(index + count)])
            records.append(.readings(ReadingBatch(receivedMs: slice.map(\.timestampMs).max()! + 1_000, gatewayId: gateway, readings: slice)))
            index += count
        }
        return records
    }

    @Test("the live aggregation equals the batch aggregator over the stored points, to the Wh", arguments: [1, 2, 3, 4] as [UInt64])
    func liveEqualsBatch(seed: UInt64) {
        // A window wide enough that nothing is pruned, so the stored points are all there is.
        var rules = ValidationRules()
        rules.outOfOrderWindowMs = 10 * 86_400_000
        var state = Self.state(rules: rules)
        var outcomes: [ReadingOutcome] = []
        for record in Self.records(seed: seed) {
            if case .ingested(let some) = state.apply(record) { outcomes += some }
        }
        #expect(outcomes.contains(.acceptedDuplicate))
        #expect(outcomes.contains(.rejected(.importSpike)))
        let series = Dictionary(uniqueKeysWithValues: (MeterId(1)...3).map { ($0, state.validator.points(meterId: $0)) })
        let batch = IntervalAggregator(registry: state.registry, series: series, rules: rules)
        for meterId in MeterId(1)...3 {
            let live = state.aggregation.perMeter[meterId] ?? [:]
            let reference = batch.perMeter[meterId] ?? [:]
            #expect(live.mapValues { [$0.importWh, $0.exportWh] } == reference.mapValues { [$0.importWh, $0.exportWh] })
        }
        for zone in 0..<2 {
            let live = (state.aggregation.perZone[zone] ?? [:]).mapValues { [$0.energy.importWh, $0.energy.exportWh] }
            let reference = (batch.perZone[zone] ?? [:]).mapValues { [$0.importWh, $0.exportWh] }
            #expect(live == reference)
        }
        let interval = t0 + 2 * DeliveryInterval.lengthMs
        #expect(state.aggregation.intervalReadings(intervalStartMs: interval) == batch.intervalReadings(intervalStartMs: interval))
    }

    @Test("replaying the records gives every reading the same outcome and the same figures")
    func replayIsDeterministic() {
        let records = Self.records(seed: 9)
        var first = Self.state(), second = Self.state()
        let a = records.map { first.apply($0) }
        let b = records.map { second.apply($0) }
        #expect(a == b)
        #expect(first.aggregation.perMeter == second.aggregation.perMeter)
        #expect(first.statistics == second.statistics)
        #expect(first.statistics.readings == records.reduce(0) { count, record in
            if case .readings(let batch) = record { return count + batch.readings.count }
            return count
        })
    }

    @Test("journal records decode to what was encoded; a count above 128 or an unknown status bit is refused")
    func recordCodec() throws {
        let meter = Meter(meterId: 77, ownerId: 3, gatewayId: 9, feederId: 4, zone: 1, kind: .wind, ratedPowerW: 2_000_000)
        let batch = ReadingBatch(receivedMs: t0, gatewayId: 9, readings: [
            MeterReading(meterId: 77, timestampMs: t0, importWh: 1, exportWh: 2, powerW: -3, status: [.batteryLow]),
            MeterReading(meterId: 78, timestampMs: t0 + 1, importWh: 4, exportWh: 5, powerW: nil),
        ])
        for record in [MeteringRecord.registerMeter(meter), .readings(batch)] {
            let bytes = record.encoded
            let decoded = try bytes.withUnsafeBytes { try MeteringRecord.decode(type: record.type, body: $0) }
            #expect(decoded == record)
        }
        var tooMany = MeteringRecord.readings(batch).encoded
        tooMany[12] = 129
        tooMany[13] = 0
        #expect(throws: DecodeError.self) { try tooMany.withUnsafeBytes { try MeteringRecord.decode(type: MeteringRecord.readingsType, body: $0) } }
        var badStatus = MeteringRecord.readings(batch).encoded
        badStatus[14 + 40] = 0x10
        #expect(throws: DecodeError.self) { try badStatus.withUnsafeBytes { try MeteringRecord.decode(type: MeteringRecord.readingsType, body: $0) } }
    }

    @Test("a reading from another gateway is refused notYourMeter and changes nothing; unknown zones do not register")
    func gatewayAndZone() {
        var state = Self.state()
        let outcomes = state.ingest(ReadingBatch(receivedMs: t0 + 60_000, gatewayId: Self.gateway + 1, readings: [reading(0, 10)]))
        #expect(outcomes == [.rejected(.notYourMeter)])
        #expect(state.validator.points(meterId: 1).isEmpty)
        #expect(state.apply(.registerMeter(Meter(meterId: 99, ownerId: 1, feederId: 0, zone: 2, kind: .solar, ratedPowerW: 1)))
                == .registrationRefused(.unknownZone))
    }

    @Test("each meter keeps only its out-of-order window, and frozen registers are still seen across the cut")
    func boundedSeries() {
        var state = Self.state()
        // Two hours of one-minute readings with unchanged registers while the meter reports power.
        var last: ReadingOutcome = .accepted
        for minute in Int64(0)..<120 {
            last = state.ingest(ReadingBatch(receivedMs: t0 + minute * minuteMs, gatewayId: Self.gateway,
                                             readings: [reading(minute, 500, 0, powerW: 800)]))[0]
        }
        let kept = state.validator.storedReadings(meterId: 1)
        #expect(kept.count <= 32, "at most about twice the 15-minute window of one-minute readings")
        #expect(kept.last?.reading.timestampMs == t0 + 119 * minuteMs)
        #expect(last == .flagged(.frozenRegisters))
    }

    @Test("a short gap's intervals are marked estimated, a long gap's spansLongGap, regular ones not at all")
    func gapQuality() {
        var state = Self.state()
        let readings = [reading(0, 0), reading(15, 500), reading(60, 2_000), reading(240, 6_000), reading(255, 6_300)]
        for r in readings {
            _ = state.ingest(ReadingBatch(receivedMs: r.timestampMs, gatewayId: Self.gateway, readings: [r]))
        }
        let intervals = state.aggregation.perMeter[1]!
        let start = { (minutes: Int64) in t0 + minutes * minuteMs }
        #expect(intervals[start(0)]?.quality == [])
        #expect(intervals[start(15)]?.quality == .estimated)
        #expect(intervals[start(45)]?.quality == .estimated)
        #expect(intervals[start(60)]?.quality == .spansLongGap)
        #expect(intervals[start(240)]?.quality == [])
        #expect(intervals.values.reduce(0) { $0 + $1.importWh } == 6_300)
    }

    @Test("the metering journal's examples in Protocol/journal-bodies.md are what the encoder writes")
    func documentedExamples() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("Protocol/journal-bodies.md"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: "")
        let meter = Meter(meterId: 1_001, ownerId: 2, gatewayId: 11, feederId: 0, zone: 0, kind: .bidirectional, ratedPowerW: 17_000)
        let t: Int64 = 1_795_000_000_000
        let batch = ReadingBatch(receivedMs: t + 2_500, gatewayId: 11, readings: [
            MeterReading(meterId: 1_001, timestampMs: t, importWh: 7_000_123, exportWh: 250_002, powerW: 640),
            MeterReading(meterId: 1_002, timestampMs: t, importWh: 10, exportWh: 1_234_567, powerW: nil, status: .batteryLow),
        ])
        for record in [MeteringRecord.registerMeter(meter), .readings(batch)] {
            let hex = record.encoded.map { String(format: "%02x", $0) }.joined()
            #expect(document.contains(hex), "journal-bodies.md lacks \(hex)")
        }
    }
}
