import Testing

@testable import GreenGridMeterSimulator

/// The BDEW shapes, the calendar that picks them and the scaling to an annual consumption.
@Suite struct LoadProfileTests {
    struct YearCase: Sendable, CustomStringConvertible {
        var profile: LoadProfile
        var year: Int64
        var annualKWh: Double
        var description: String { "\(profile) \(year) \(annualKWh) kWh" }
    }

    @Test(arguments: [
        YearCase(profile: .h0, year: 2025, annualKWh: 3_500), YearCase(profile: .h0, year: 2026, annualKWh: 1_800),
        YearCase(profile: .h0, year: 2024, annualKWh: 4_200), YearCase(profile: .g0, year: 2025, annualKWh: 25_000),
        YearCase(profile: .g0, year: 2027, annualKWh: 12_000),
    ])
    func dailyEnergyOverAYearAveragesTheAnnualConsumptionOver365(_ c: YearCase) {
        let load = LoadModel(profile: c.profile, annualKWh: c.annualKWh, seed: 42)
        let startS = Fixture.unixS(c.year, 1, 1) - 3_600, endS = Fixture.unixS(c.year + 1, 1, 1) - 3_600  // local midnight at UTC+1
        var energyWh = 0.0
        for time in stride(from: startS, to: endS, by: 900) {
            energyWh += load.powerW(unixS: time, local: LocalTime(unixS: time, utcOffsetMin: 60)) * 0.25
        }
        let days = Double((endS - startS) / 86_400)
        let dailyWh = energyWh / days, targetWh = c.annualKWh * 1_000 / 365
        #expect(abs(dailyWh / targetWh - 1) < 0.03, "daily \(dailyWh) Wh, target \(targetWh) Wh")
    }

    static let wednesdays: [(LoadSeason, Int64)] = [
        (.winter, Fixture.unixS(2025, 1, 15)), (.summer, Fixture.unixS(2025, 7, 16)), (.transition, Fixture.unixS(2025, 4, 9)),
    ]

    /// Mean expected power over local hours [from, to) of the local day starting at `dayS` (UTC midnight, offset 0).
    static func meanW(_ load: LoadModel, dayS: Int64, from: Int64, to: Int64) -> Double {
        let times = stride(from: dayS + from * 3_600, to: dayS + to * 3_600, by: 900)
        return times.reduce(0) { $0 + load.expectedPowerW(LocalTime(unixS: $1, utcOffsetMin: 0)) } / Double((to - from) * 4)
    }

    @Test func householdsPeakInTheEveningAndAtNoonAndSleepAtNight() {
        let load = LoadModel(profile: .h0, annualKWh: 3_500, seed: 1)
        for (season, dayS) in Self.wednesdays {
            for offsetDays: Int64 in [0, 3, 4] {  // Wednesday, Saturday, Sunday
                let day = dayS + offsetDays * 86_400
                let nightW = Self.meanW(load, dayS: day, from: 3, to: 4)
                let eveningW = Self.meanW(load, dayS: day, from: 18, to: 21)
                let noonW = Self.meanW(load, dayS: day, from: 11, to: 13)
                let earlyAfternoonW = Self.meanW(load, dayS: day, from: 15, to: 16)
                #expect(eveningW > 2 * nightW, "\(season) +\(offsetDays): evening \(eveningW) W, night \(nightW) W")
                #expect(noonW > earlyAfternoonW, "\(season) +\(offsetDays): no midday peak")
                #expect(Self.meanW(load, dayS: day, from: 8, to: 10) > nightW * 1.5)
            }
        }
    }

    @Test func businessesRunOnWeekdaysInDaytime() {
        let load = LoadModel(profile: .g0, annualKWh: 20_000, seed: 1)
        for (season, wednesday) in Self.wednesdays {
            let weekdayW = Self.meanW(load, dayS: wednesday, from: 9, to: 17)
            let saturdayW = Self.meanW(load, dayS: wednesday + 3 * 86_400, from: 9, to: 17)
            let sundayW = Self.meanW(load, dayS: wednesday + 4 * 86_400, from: 9, to: 17)
            let weekdayNightW = Self.meanW(load, dayS: wednesday, from: 0, to: 5)
            #expect(weekdayW > 1.4 * saturdayW && saturdayW > sundayW, "\(season): \(weekdayW) / \(saturdayW) / \(sundayW) W")
            #expect(weekdayW > 2.5 * weekdayNightW)
        }
    }

    @Test func theHouseholdDynamisationMovesEnergyIntoWinter() {
        #expect(abs(LoadProfile.h0.dynamisation(dayOfYear: 1) - 1.2421) < 0.001)
        let summer = LoadProfile.h0.dynamisation(dayOfYear: 182)
        #expect(summer > 0.75 && summer < 0.85)
        #expect(LoadProfile.g0.dynamisation(dayOfYear: 182) == 1)
        let load = LoadModel(profile: .h0, annualKWh: 3_500, seed: 1)
        let januaryWh = Self.meanW(load, dayS: Fixture.unixS(2025, 1, 15), from: 0, to: 24) * 24
        let julyWh = Self.meanW(load, dayS: Fixture.unixS(2025, 7, 16), from: 0, to: 24) * 24
        #expect(januaryWh > 1.3 * julyWh)
    }

    @Test func quarterHourInterpolationKeepsTheDailyEnergy() {
        let hourly = (0..<24).map { Double($0 * $0 % 17 + 3) }
        let quarters = LoadProfileTables.quarterHours(hourly)
        #expect(quarters.count == 96)
        let quarterSumWh: Double = quarters.reduce(0, +) / 4, hourlySumWh: Double = hourly.reduce(0, +)
        #expect(abs(quarterSumWh - hourlySumWh) < 1e-9)
    }

    @Test func noiseHasMeanOneAndIsFixedPerQuarterHour() {
        let load = LoadModel(profile: .h0, annualKWh: 3_500, noiseSigma: 0.2, seed: 77)
        let factors = (0..<Int64(20_000)).map { load.noiseFactor(quarterIndex: $0) }
        let mean = factors.reduce(0, +) / Double(factors.count)
        #expect(abs(mean - 1) < 0.01)
        #expect(factors.allSatisfy { (0.399...1.601).contains($0) })
        #expect(load.noiseFactor(quarterIndex: 5) == LoadModel(profile: .g0, annualKWh: 1, noiseSigma: 0.2, seed: 77).noiseFactor(quarterIndex: 5))
        #expect(load.noiseFactor(quarterIndex: 5) != LoadModel(profile: .h0, annualKWh: 1, noiseSigma: 0.2, seed: 78).noiseFactor(quarterIndex: 5))
    }

    struct CalendarCase: Sendable, CustomStringConvertible {
        var month: Int64, day: Int64
        var season: LoadSeason, dayType: LoadDayType
        var description: String { "2025-\(month)-\(day)" }
    }

    @Test(arguments: [
        CalendarCase(month: 3, day: 20, season: .winter, dayType: .workday),
        CalendarCase(month: 3, day: 21, season: .transition, dayType: .workday),
        CalendarCase(month: 5, day: 14, season: .transition, dayType: .workday),
        CalendarCase(month: 5, day: 15, season: .summer, dayType: .workday),
        CalendarCase(month: 9, day: 14, season: .summer, dayType: .sunday),
        CalendarCase(month: 9, day: 15, season: .transition, dayType: .workday),
        CalendarCase(month: 10, day: 31, season: .transition, dayType: .workday),
        CalendarCase(month: 11, day: 1, season: .winter, dayType: .saturday),
        CalendarCase(month: 4, day: 18, season: .transition, dayType: .sunday),  // Good Friday
        CalendarCase(month: 4, day: 21, season: .transition, dayType: .sunday),  // Easter Monday
        CalendarCase(month: 5, day: 29, season: .summer, dayType: .sunday),  // Ascension
        CalendarCase(month: 6, day: 9, season: .summer, dayType: .sunday),  // Whit Monday
        CalendarCase(month: 10, day: 3, season: .transition, dayType: .sunday),
        CalendarCase(month: 12, day: 24, season: .winter, dayType: .saturday),
        CalendarCase(month: 12, day: 25, season: .winter, dayType: .sunday),
        CalendarCase(month: 6, day: 21, season: .summer, dayType: .saturday),
        CalendarCase(month: 6, day: 23, season: .summer, dayType: .workday),
    ])
    func seasonsAndDayTypesFollowBDEW(_ c: CalendarCase) {
        let local = LocalTime(unixS: Fixture.unixS(2025, c.month, c.day, hour: 12), utcOffsetMin: 60)
        #expect(local.season == c.season)
        #expect(local.dayType == c.dayType)
    }

    @Test func localTimeAppliesTheOffset() {
        let local = LocalTime(unixS: Fixture.unixS(2025, 12, 31, hour: 23), utcOffsetMin: 60)
        #expect(local.year == 2026 && local.month == 1 && local.day == 1 && local.dayOfYear == 1 && local.secondOfDay == 0)
        #expect(local.weekday == 3)  // a Thursday
        #expect(GermanHolidays.easterSunday(year: 2024) == (2024, 3, 31))
        #expect(GermanHolidays.easterSunday(year: 2026) == (2026, 4, 5))
    }
}
