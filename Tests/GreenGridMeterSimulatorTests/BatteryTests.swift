import Testing

@testable import GreenGridMeterSimulator

/// Limits, efficiency and the policies that decide when a battery runs.
@Suite struct BatteryTests {
    @Test func stateOfChargeStaysWithinItsLimitsUnderRandomRequests() {
        var battery = Battery(capacityWh: 10_000, socMin: 0.1, socMax: 0.9, maxChargeW: 5_000, maxDischargeW: 4_000)
        var random = SeededRandom(seed: 5)
        var reachedMax = false, reachedMin = false
        for _ in 0..<20_000 {
            let hours = random.uniform(0.001...2)
            let power = battery.feasiblePowerW(requestW: random.uniform(-9_000...9_000), hours: hours)
            #expect(power <= 5_000 && power >= -4_000)
            battery.apply(powerW: power, hours: hours)
            #expect(battery.stateOfCharge >= 0.1 - 1e-12 && battery.stateOfCharge <= 0.9 + 1e-12)
            reachedMax = reachedMax || battery.stateOfCharge > 0.9 - 1e-9
            reachedMin = reachedMin || battery.stateOfCharge < 0.1 + 1e-9
        }
        #expect(reachedMax && reachedMin)
        #expect(battery.dischargedWh <= battery.chargedWh * battery.roundTripEfficiency + 1e-6)
    }

    @Test func aFullCycleReturnsTheRoundTripEfficiency() {
        var battery = Battery(capacityWh: 10_000, socMin: 0.1, socMax: 0.9, maxChargeW: 2_000, maxDischargeW: 2_000,
                              chargeEfficiency: 0.96, dischargeEfficiency: 0.94)
        while battery.stateOfCharge < 0.9 { battery.apply(powerW: battery.feasiblePowerW(requestW: 10_000, hours: 0.25), hours: 0.25) }
        while battery.stateOfCharge > 0.1 { battery.apply(powerW: battery.feasiblePowerW(requestW: -10_000, hours: 0.25), hours: 0.25) }
        // 8 kWh of storage: 8,000 / 0.96 in, 8,000 × 0.94 out.
        #expect(abs(battery.chargedWh - 8_000 / 0.96) < 1e-6)
        #expect(abs(battery.dischargedWh - 8_000 * 0.94) < 1e-6)
        #expect(abs(battery.dischargedWh / battery.chargedWh - 0.96 * 0.94) < 1e-9)
    }

    @Test func policiesAskForTheRightDirection() {
        let battery = Battery(capacityWh: 10_000, maxChargeW: 3_000, maxDischargeW: 3_000)
        #expect(BatteryPolicy.selfConsumption.requestW(surplusW: 1_200, localHour: 12, battery: battery) == 1_200)
        #expect(BatteryPolicy.selfConsumption.requestW(surplusW: -500, localHour: 3, battery: battery) == -500)
        let evening = BatteryPolicy.eveningPeak(fromHour: 17, toHour: 21)
        #expect(evening.requestW(surplusW: -500, localHour: 3, battery: battery) == 0)
        #expect(evening.requestW(surplusW: -500, localHour: 19.5, battery: battery) == -500)
        #expect(evening.requestW(surplusW: 800, localHour: 9, battery: battery) == 800)
        let grid = BatteryPolicy.gridSchedule(chargeFromHour: 10, chargeToHour: 15, dischargeFromHour: 17, dischargeToHour: 21)
        #expect(grid.requestW(surplusW: 0, localHour: 11, battery: battery) == 3_000)
        #expect(grid.requestW(surplusW: 0, localHour: 18, battery: battery) == -3_000)
        #expect(grid.requestW(surplusW: 0, localHour: 16, battery: battery) == 0)
    }

    /// A prosumer with a big roof, a household and a battery through a June day, every 5 minutes.
    static func prosumerDay(policy: BatteryPolicy) -> [(hour: Double, batteryW: Double, netW: Double, soc: Double, site: SimulatedSite)] {
        let mix = FleetMix(prosumerCount: 1, rooftopPeakWRange: 12_000...12_000, householdKWhRange: 4_000...4_000,
                           prosumerBatteryShare: 1, homeBatteryCapacityWhRange: 10_000...10_000, prosumerBatteryPolicy: policy)
        var fleet = MeterFleet(configuration: FleetConfiguration(seed: 3, mix: mix, randomInitialRegisters: false))
        var result: [(hour: Double, batteryW: Double, netW: Double, soc: Double, site: SimulatedSite)] = []
        for step in Int64(0)..<(2 * 288) {
            let timeMs = (Fixture.summerSolsticeS - 3_600 + step * 300) * 1_000  // from local midnight (UTC+1)
            fleet.advance(toMs: timeMs)
            let site = fleet.sites[0]
            result.append((fleet.currentCell!.local.hour, site.batteryPowerW, site.netPowerW, site.battery!.stateOfCharge, site))
        }
        return result
    }

    @Test func aProsumerBatteryChargesFromSurplusAndDischargesInTheEvening() throws {
        let day = Self.prosumerDay(policy: .selfConsumption)
        let battery = try #require(day.last?.site.battery)
        #expect(day.contains { (10..<15).contains($0.hour) && $0.batteryW > 0 })
        #expect(day.contains { (19..<23).contains($0.hour) && $0.batteryW < 0 })
        for sample in day {
            #expect(sample.soc >= battery.socMin - 1e-12 && sample.soc <= battery.socMax + 1e-12)
            // Charging only from surplus: the battery never makes the meter import; discharging never makes it export.
            if sample.batteryW > 0 { #expect(sample.netW <= 1e-9) }
            if sample.batteryW < 0 { #expect(sample.netW >= -1e-9) }
        }
        #expect(battery.dischargedWh > 0)
        #expect(battery.dischargedWh <= battery.chargedWh * battery.roundTripEfficiency + 1e-6)
    }

    @Test func anEveningPeakBatteryDischargesOnlyInItsWindow() {
        let day = Self.prosumerDay(policy: .eveningPeak(fromHour: 17, toHour: 21))
        #expect(day.contains { $0.batteryW < 0 })
        for sample in day where sample.batteryW < 0 { #expect((17..<21).contains(sample.hour), "discharging at \(sample.hour)") }
    }
}
