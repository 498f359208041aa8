import GreenGridDomain
import Testing
@testable import GreenGridMetering

/// Every validation rule, one row each: the readings already stored, the new reading, and the
/// outcome with its reason. The server clock is `t0 + 60 min` unless a row says otherwise.
@Suite("Meter validation (VEE)")
struct MeterValidatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var prior: [MeterReading] = []
        var reading: MeterReading
        var nowMinutes: Int64 = 60
        var expected: ReadingOutcome
        var testDescription: String { name }
    }

    @Test("Rules", arguments: [
        Case(name: "first reading accepted", reading: reading(0, 1_000), expected: .accepted),
        Case(name: "normal advance accepted", prior: [reading(0, 1_000, 50)], reading: reading(15, 2_000, 60), expected: .accepted),
        Case(name: "unknown meter rejected", reading: reading(0, 1_000, meterId: 99), expected: .rejected(.unknownMeter)),
        Case(name: "negative register rejected", reading: reading(0, -1), expected: .rejected(.registerOutOfRange)),
        Case(name: "register at modulus rejected", reading: reading(0, modulusWh), expected: .rejected(.registerOutOfRange)),
        Case(name: "import decrease rejected", prior: [reading(0, 1_000)], reading: reading(15, 999),
             expected: .rejected(.importRegisterDecreased)),
        Case(name: "export decrease rejected", prior: [reading(0, 1_000, 500)], reading: reading(15, 1_000, 400),
             expected: .rejected(.exportRegisterDecreased)),
        Case(name: "rollover from top 1% to bottom 1% flagged, stored", prior: [reading(0, modulusWh - 500)], reading: reading(15, 300),
             expected: .flagged(.registerRollover)),
        Case(name: "decrease from mid-range is not a rollover", prior: [reading(0, modulusWh / 2)], reading: reading(15, 300),
             expected: .rejected(.importRegisterDecreased)),
        Case(name: "clock skew: 5 min ahead accepted", reading: reading(65, 0), expected: .accepted),
        Case(name: "clock skew: 5 min 1 ms ahead rejected",
             reading: MeterReading(meterId: 1, timestampMs: t0 + 65 * minuteMs + 1, importWh: 0, exportWh: 0),
             expected: .rejected(.timestampInFuture)),
        Case(name: "clock skew: older than 24 h rejected", reading: reading(0, 0), nowMinutes: 24 * 60 + 1,
             expected: .rejected(.timestampTooOld)),
        Case(name: "clock skew: 24 h old (buffered) accepted", reading: reading(0, 0), nowMinutes: 24 * 60, expected: .accepted),
        Case(name: "duplicate with same content is idempotent", prior: [reading(0, 1_000), reading(15, 2_000)],
             reading: reading(15, 2_000), expected: .acceptedDuplicate),
        Case(name: "old duplicate outside the window still idempotent", prior: [reading(0, 1_000), reading(45, 2_000)],
             reading: reading(0, 1_000), expected: .acceptedDuplicate),
        Case(name: "same timestamp, other content: conflict", prior: [reading(0, 1_000), reading(15, 2_000)],
             reading: reading(15, 2_001), expected: .rejected(.conflictingDuplicate)),
        Case(name: "same timestamp, other power: conflict", prior: [reading(0, 1_000, powerW: 10)],
             reading: reading(0, 1_000, powerW: 11), expected: .rejected(.conflictingDuplicate)),
        Case(name: "out of order inside window accepted", prior: [reading(0, 1_000), reading(30, 3_000)],
             reading: reading(15, 2_000), expected: .accepted),
        Case(name: "out of order outside window rejected", prior: [reading(0, 1_000), reading(30, 3_000)],
             reading: reading(14, 2_000), expected: .rejected(.outOfOrderOutsideWindow)),
        Case(name: "out of order above the reading after it rejected", prior: [reading(0, 1_000), reading(30, 3_000)],
             reading: reading(20, 3_001), expected: .rejected(.importRegisterDecreased)),
        Case(name: "out of order spiking against the reading after it", prior: [reading(0, 0), reading(30, 3_000)],
             reading: reading(29, 0), expected: .rejected(.importSpike)),
        Case(name: "rated power × elapsed plus the register's 1 Wh resolution accepted", prior: [reading(0, 0)], reading: reading(15, 2_501),
             expected: .accepted),
        Case(name: "import spike rejected", prior: [reading(0, 0)], reading: reading(15, 2_502), expected: .rejected(.importSpike)),
        Case(name: "export spike rejected", prior: [reading(0, 0, 0)], reading: reading(15, 0, 2_502), expected: .rejected(.exportSpike)),
        Case(name: "1 Wh within a second is resolution, not a spike (10 kW is 2.8 Wh/s)", prior: [reading(0, 0)],
             reading: MeterReading(meterId: 1, timestampMs: t0 + 1_000, importWh: 3, exportWh: 0), expected: .accepted),
        Case(name: "5 Wh within a second is a spike", prior: [reading(0, 0)],
             reading: MeterReading(meterId: 1, timestampMs: t0 + 1_000, importWh: 5, exportWh: 0), expected: .rejected(.importSpike)),
        Case(name: "frozen for 1 h with power flagged", prior: [reading(0, 1_000, powerW: 800), reading(30, 1_000, powerW: 800)],
             reading: reading(60, 1_000, powerW: 800), expected: .flagged(.frozenRegisters)),
        Case(name: "unchanged for 45 min is not yet frozen", prior: [reading(0, 1_000, powerW: 800)],
             reading: reading(45, 1_000, powerW: 800), expected: .accepted),
        Case(name: "unchanged for 1 h without power is idle, not frozen", prior: [reading(0, 1_000, powerW: 0)],
             reading: reading(60, 1_000, powerW: 0), expected: .accepted),
        Case(name: "meter alarm status flagged", reading: reading(0, 0, status: [.tamperAlarm]), expected: .flagged(.meterAlarm)),
        Case(name: "battery low is not an alarm", reading: reading(0, 0, status: [.batteryLow]), expected: .accepted),
    ])
    func rule(_ c: Case) {
        var validator = MeterValidator(registry: fixtureRegistry())
        for prior in c.prior {
            #expect(validator.validate(prior, nowMs: t0 + 60 * minuteMs).isStored, "fixture reading refused")
        }
        let before = validator.storedReadings(meterId: 1)
        let outcome = validator.validate(c.reading, nowMs: t0 + c.nowMinutes * minuteMs)
        #expect(outcome == c.expected)
        let after = validator.storedReadings(meterId: 1)
        switch outcome {
        case .accepted, .flagged: #expect(after.count == before.count + 1)
        case .acceptedDuplicate, .rejected: #expect(after == before)
        }
        // The series stays sorted and continuous (non-decreasing) whatever was accepted.
        #expect(zip(after, after.dropFirst()).allSatisfy {
            $0.point.timestampMs < $1.point.timestampMs && $0.point.importWh <= $1.point.importWh && $0.point.exportWh <= $1.point.exportWh
        })
    }

    @Test("A rollover continues the register on the continuous scale")
    func rolloverContinuous() {
        var validator = MeterValidator(registry: fixtureRegistry())
        #expect(validator.validate(reading(0, modulusWh - 500), nowMs: t0) == .accepted)
        #expect(validator.validate(reading(15, 300), nowMs: t0 + 15 * minuteMs) == .flagged(.registerRollover))
        let points = validator.points(meterId: 1)
        #expect(points[1].importWh - points[0].importWh == 800)
        #expect(validator.storedReadings(meterId: 1)[1].reading.importWh == 300)  // raw kept
    }

    struct CodeCase: Sendable { var outcome: ReadingOutcome; var code: UInt8; var reasonCode: UInt16 }
    @Test("Wire codes are stable", arguments: [
        CodeCase(outcome: .accepted, code: 0, reasonCode: 0),
        CodeCase(outcome: .acceptedDuplicate, code: 1, reasonCode: 0),
        CodeCase(outcome: .flagged([.registerRollover, .meterAlarm]), code: 2, reasonCode: 5),
        CodeCase(outcome: .rejected(.unknownMeter), code: 3, reasonCode: 1),
        CodeCase(outcome: .rejected(.exportSpike), code: 3, reasonCode: 10),
    ])
    func codes(_ c: CodeCase) {
        #expect(c.outcome.code == c.code)
        #expect(c.outcome.reasonCode == c.reasonCode)
    }

    @Test("Pruning bounds memory but keeps the newest reading")
    func prune() {
        var validator = MeterValidator(registry: fixtureRegistry())
        for i in Int64(0)..<8 { _ = validator.validate(reading(i * 15, i * 100), nowMs: t0 + 120 * minuteMs) }
        validator.prune(beforeMs: t0 + 1_000 * minuteMs)
        #expect(validator.storedReadings(meterId: 1).map(\.reading) == [reading(105, 700)])
        #expect(validator.validate(reading(120, 800), nowMs: t0 + 120 * minuteMs) == .accepted)
    }
}

@Suite("Meter registry")
struct MeterRegistryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var meter: Meter
        var expected: MeterRegistrationError?
        var testDescription: String { "\(meter.meterId) → \(expected.map { "\($0)" } ?? "registered")" }
    }

    @Test("Registration bounds", arguments: [
        Case(meter: Meter(meterId: 2, ownerId: 1, feederId: 1, zone: 0, kind: .solar, ratedPowerW: 5_000), expected: nil),
        Case(meter: Meter(meterId: 1, ownerId: 1, feederId: 1, zone: 0, kind: .solar, ratedPowerW: 5_000), expected: .duplicateMeterId),
        Case(meter: Meter(meterId: 3, ownerId: 1, feederId: 1, zone: 0, kind: .wind, ratedPowerW: 0), expected: .ratedPowerNotPositive),
        Case(meter: Meter(meterId: 4, ownerId: 1, feederId: 1, zone: 0, kind: .battery, ratedPowerW: 100_000_001), expected: .ratedPowerTooHigh),
        Case(meter: Meter(meterId: 5, ownerId: 1, feederId: 1, zone: -1, kind: .householdLoad, ratedPowerW: 1), expected: .negativeZone),
    ])
    func register(_ c: Case) {
        var registry = fixtureRegistry()
        do {
            try registry.register(c.meter)
            #expect(c.expected == nil)
            #expect(registry[c.meter.meterId] == c.meter)
        } catch {
            #expect(error == c.expected)
            #expect(registry.count == 1)
        }
    }

    @Test("A full registry refuses more meters")
    func full() {
        var registry = MeterRegistry(maxMeters: 1)
        try! registry.register(Meter(meterId: 1, ownerId: 1, feederId: 1, zone: 0, kind: .businessLoad, ratedPowerW: 1))
        #expect(throws: MeterRegistrationError.registryFull) {
            try registry.register(Meter(meterId: 2, ownerId: 1, feederId: 1, zone: 0, kind: .businessLoad, ratedPowerW: 1))
        }
    }
}
