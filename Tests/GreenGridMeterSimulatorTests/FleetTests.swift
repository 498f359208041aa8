import GreenGridMetering
import Testing

@testable import GreenGridMeterSimulator

/// The fleet as a caller sees it: registration data, readings, registers and determinism.
@Suite struct FleetTests {
    static let mix = FleetMix(solarCount: 3, windCount: 2, batteryCount: 2, householdCount: 5, businessCount: 3, prosumerCount: 6,
                              prosumerBatteryShare: 0.5)

    static func configuration(seed: UInt64 = 11, mix: FleetMix = mix, random: Bool = true) -> FleetConfiguration {
        FleetConfiguration(seed: seed, firstMeterId: 1_000, ownerIds: [7, 8, 9], mix: mix, randomInitialRegisters: random)
    }

    /// Reading times from `startS`: irregular steps drawn from `stepsS` by a seeded generator.
    static func times(startS: Int64, count: Int, stepsMs: ClosedRange<Double>, seed: UInt64) -> [Int64] {
        var random = SeededRandom(seed: seed)
        var time = startS * 1_000
        return (0..<count).map { _ in
            defer { time += Int64(random.uniform(stepsMs)) }
            return time
        }
    }

    static func run(_ configuration: FleetConfiguration, times: [Int64]) -> [[MeterReading]] {
        var fleet = MeterFleet(configuration: configuration)
        return times.map { fleet.readings(atMs: $0) }
    }

    @Test func metersAreNumberedOwnedAndRatedForRegistration() {
        let fleet = MeterFleet(configuration: Self.configuration())
        let meters = fleet.meters
        #expect(meters.count == 21)
        #expect(meters.map(\.meterId) == Array(1_000..<1_021))
        #expect(meters.map(\.ownerId) == (0..<21).map { [7, 8, 9][$0 % 3] })
        let kinds: [MeterKind] = [.solar, .wind, .battery, .householdLoad, .businessLoad, .bidirectional]
        #expect(meters.map(\.kind) == zip(kinds, [3, 2, 2, 5, 3, 6]).flatMap { Array(repeating: $0, count: $1) })
        #expect(meters.allSatisfy { $0.ratedPowerW > 0 })
        #expect(FleetConfiguration.nominalUtcOffsetMin(longitudeDeg: 13.4) == 60)
        #expect(FleetConfiguration.nominalUtcOffsetMin(longitudeDeg: -74) == -300)
    }

    @Test func theSameSeedGivesIdenticalReadingsAndAnotherSeedDoesNot() {
        let times = Self.times(startS: Fixture.summerSolsticeS, count: 300, stepsMs: 1_000...600_000, seed: 1)
        let first = Self.run(Self.configuration(), times: times)
        #expect(first == Self.run(Self.configuration(), times: times))
        let other = Self.run(Self.configuration(seed: 12), times: times)
        #expect(first != other)
        #expect(first.last!.map(\.importWh) != other.last!.map(\.importWh))
    }

    @Test func registersNeverDecreaseAndPowerStaysWithinTheRating() {
        let configuration = Self.configuration()
        let rated = MeterFleet(configuration: configuration).meters.map(\.ratedPowerW)
        let times = Self.times(startS: Fixture.unixS(2025, 3, 28), count: 600, stepsMs: 60_000...900_000, seed: 2)
        var previous: [MeterReading]?
        var sawImport = false, sawExport = false
        for readings in Self.run(configuration, times: times) {
            for (index, reading) in readings.enumerated() {
                #expect(abs(reading.powerW!) <= rated[index], "meter \(reading.meterId): \(reading.powerW!) W > \(rated[index]) W")
                if let before = previous?[index] {
                    #expect(reading.importWh >= before.importWh && reading.exportWh >= before.exportWh)
                    sawImport = sawImport || reading.importWh > before.importWh
                    sawExport = sawExport || reading.exportWh > before.exportWh
                }
            }
            previous = readings
        }
        #expect(sawImport && sawExport)
    }

    @Test func registersTrackTheIntegratedEnergyWithinOneWh() {
        var fleet = MeterFleet(configuration: Self.configuration())
        let start = fleet.readings(atMs: Fixture.summerSolsticeS * 1_000)
        for timeMs in Self.times(startS: Fixture.summerSolsticeS, count: 2_000, stepsMs: 1_000...300_000, seed: 3).dropFirst() {
            let readings = fleet.readings(atMs: timeMs)
            for (site, reading) in zip(fleet.sites, readings) {
                let index = Int(reading.meterId - 1_000)
                for (registerWh, firstWh, integratedWh) in [
                    (reading.importWh, start[index].importWh, site.importRegister.integratedWh),
                    (reading.exportWh, start[index].exportWh, site.exportRegister.integratedWh),
                ] {
                    let shownWh = Double(registerWh - firstWh)
                    #expect(shownWh <= integratedWh + 1e-6 && integratedWh < shownWh + 1 + 1e-6)
                }
            }
        }
    }

    @Test func theEnergyBetweenTwoTimesDoesNotDependOnTheStepsInBetween() {
        let startS = Fixture.unixS(2025, 5, 2, hour: 4)
        let coarse = (0...48).map { (startS + Int64($0) * 900) * 1_000 }  // 15-minute steps
        var fine = Set(coarse)
        var random = SeededRandom(seed: 4)
        for _ in 0..<3_000 { fine.insert(coarse[0] + Int64(random.uniform(0...Double(coarse.last! - coarse[0])))) }
        var coarseFleet = MeterFleet(configuration: Self.configuration()), fineFleet = coarseFleet
        var coarseByTime: [Int64: [SimulatedSite]] = [:]
        for time in coarse {
            coarseFleet.advance(toMs: time)
            coarseByTime[time] = coarseFleet.sites
        }
        for time in fine.sorted() {
            fineFleet.advance(toMs: time)
            guard let coarseSites = coarseByTime[time] else { continue }
            for (a, b) in zip(coarseSites, fineFleet.sites) {
                #expect(abs(a.importRegister.integratedWh - b.importRegister.integratedWh) < 1e-6 * max(1, a.importRegister.integratedWh))
                #expect(abs(a.exportRegister.integratedWh - b.exportRegister.integratedWh) < 1e-6 * max(1, a.exportRegister.integratedWh))
                #expect(abs(a.importRegister.wh - b.importRegister.wh) <= 1 && abs(a.exportRegister.wh - b.exportRegister.wh) <= 1)
                // Equal but for rounding: a battery near a limit sees its state of charge summed in different pieces.
                #expect(abs(a.netPowerW - b.netPowerW) < 1e-6)
            }
        }
    }

    @Test func aHouseholdMetersExactlyItsProfileOverADay() throws {
        let mix = FleetMix(householdCount: 3, businessCount: 1)
        var fleet = MeterFleet(configuration: Self.configuration(mix: mix))
        let dayStartS = Fixture.unixS(2025, 10, 7) - 3_600  // local midnight, UTC+1
        let first = fleet.readings(atMs: dayStartS * 1_000)
        var timeMs = dayStartS * 1_000
        while timeMs < (dayStartS + 86_400) * 1_000 {
            timeMs = min(timeMs + 7 * 60_000 + 13_000, (dayStartS + 86_400) * 1_000)
            _ = fleet.readings(atMs: timeMs)
        }
        let last = fleet.readings(atMs: timeMs + 1)  // 1 ms later: under 1 mWh more
        for (index, site) in fleet.sites.enumerated() {
            let load = try #require(site.load)
            let expectedWh = stride(from: dayStartS, to: dayStartS + 86_400, by: 900).reduce(0.0) {
                $0 + load.powerW(unixS: $1, local: LocalTime(unixS: $1, utcOffsetMin: 60)) * 0.25
            }
            let meteredWh = Double(last[index].importWh - first[index].importWh)
            #expect(abs(meteredWh - expectedWh) < 1, "meter \(site.meterId): \(meteredWh) Wh metered, \(expectedWh) Wh expected")
            #expect(last[index].exportWh == first[index].exportWh)
            #expect(expectedWh > 1_000)
        }
    }

    @Test func solarMetersAreSilentAtNightAndExportByDay() {
        let mix = FleetMix(solarCount: 4)
        var fleet = MeterFleet(configuration: Self.configuration(mix: mix))
        var previous = fleet.readings(atMs: Fixture.winterSolsticeS * 1_000)
        var dayExportWh: Int64 = 0, nightSteps = 0
        for step in Int64(1)...96 {
            let timeMs = (Fixture.winterSolsticeS + step * 900) * 1_000
            let readings = fleet.readings(atMs: timeMs)
            let sunUp = fleet.currentCell!.sky.sun.isUp
            for (before, now) in zip(previous, readings) {
                #expect(now.importWh == before.importWh)
                #expect(now.powerW! <= 0)
                if !sunUp { #expect(now.powerW == 0) }
                dayExportWh += now.exportWh - before.exportWh
            }
            if !Self.sunUpDuring(fromMs: timeMs - 900_000) {
                #expect(zip(previous, readings).allSatisfy { $0.exportWh == $1.exportWh })
                nightSteps += 1
            }
            previous = readings
        }
        #expect(dayExportWh > 0 && nightSteps > 40)
    }

    /// Whether the sun was up at any minute of the 15 minutes from `fromMs`.
    static func sunUpDuring(fromMs: Int64) -> Bool {
        (0...15).contains { minute in
            Fixture.sky(unixS: fromMs / 1_000 + Int64(minute) * 60).sun.isUp
        }
    }

    @Test func aThousandMetersStepQuickly() {
        let mix = FleetMix(solarCount: 100, windCount: 10, batteryCount: 10, householdCount: 500, businessCount: 80, prosumerCount: 300)
        var fleet = MeterFleet(configuration: Self.configuration(mix: mix))
        var count = 0
        for step in Int64(0)..<4 { count += fleet.readings(atMs: (Fixture.summerSolsticeS + 36_000 + step * 900) * 1_000).count }
        #expect(count == 4_000)
    }
}
