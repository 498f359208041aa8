import Testing
@testable import GreenGridMetering

@Suite("Gap estimation")
struct GapEstimatorTests {
    func point(_ minutes: Int64, _ importWh: Int64, _ exportWh: Int64) -> RegisterPoint {
        RegisterPoint(timestampMs: t0 + minutes * minuteMs, importWh: importWh, exportWh: exportWh)
    }

    @Test("A 45-minute gap gives 2 estimated points exactly on the line")
    func fortyFiveMinutes() {
        let estimates = GapEstimator.estimates(between: point(0, 1_000, 0), and: point(45, 4_000, 900))
        #expect(estimates == [
            RegisterPoint(timestampMs: t0 + 15 * minuteMs, importWh: 2_000, exportWh: 300, flags: .estimated),
            RegisterPoint(timestampMs: t0 + 30 * minuteMs, importWh: 3_000, exportWh: 600, flags: .estimated),
        ])
    }

    struct SpanCase: Sendable, CustomTestStringConvertible {
        var fromMinutes: Int64, toMinutes: Int64, count: Int
        var testDescription: String { "\(fromMinutes)…\(toMinutes) min → \(count)" }
    }
    @Test("Which gaps are estimated", arguments: [
        SpanCase(fromMinutes: 0, toMinutes: 15, count: 0),     // one nominal step: no gap
        SpanCase(fromMinutes: 0, toMinutes: 30, count: 1),
        SpanCase(fromMinutes: 0, toMinutes: 120, count: 7),    // exactly shortGapMax
        SpanCase(fromMinutes: 0, toMinutes: 121, count: 0),    // longer: left as a gap
        SpanCase(fromMinutes: 0, toMinutes: 180, count: 0),    // 3 h
        SpanCase(fromMinutes: 7, toMinutes: 52, count: 3),     // unaligned: 15, 30, 45
    ])
    func spans(_ c: SpanCase) {
        #expect(GapEstimator.estimates(between: point(c.fromMinutes, 0, 0), and: point(c.toMinutes, 10_000, 0)).count == c.count)
    }

    @Test("Rounding floors and stays monotone")
    func rounding() {
        let estimates = GapEstimator.estimates(between: point(0, 0, 0), and: point(45, 100, 2))
        #expect(estimates.map(\.importWh) == [33, 66])
        #expect(estimates.map(\.exportWh) == [0, 1])
    }

    @Test("Filling keeps the raw readings, adds marked estimates; a 3-hour gap stays a gap")
    func rawKept() {
        var validator = MeterValidator(registry: fixtureRegistry())
        let raw = [reading(0, 1_000), reading(45, 4_000), reading(225, 4_000)]
        for r in raw { #expect(validator.validate(r, nowMs: t0 + 240 * minuteMs) == .accepted) }
        let filled = GapEstimator.filled(validator.points(meterId: 1))
        #expect(filled.count == 5)
        #expect(filled.filter(\.isEstimated).map(\.timestampMs) == [t0 + 15 * minuteMs, t0 + 30 * minuteMs])
        #expect(filled.filter { !$0.isEstimated } == validator.points(meterId: 1))
        #expect(validator.storedReadings(meterId: 1).map(\.reading) == raw)
    }
}
