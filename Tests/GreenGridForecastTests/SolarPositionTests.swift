import Testing

@testable import GreenGridForecast

/// Spencer's series and the solar geometry against what the calendar says must hold.
@Suite struct SolarPositionTests {
    static func unix(_ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
        (UTCCalendar.daysFromCivil(year: year, month: month, day: day) * 24 + hour) * 3_600 + minute * 60
    }

    @Test(arguments: [(Int64(2025), Int64(6), Int64(21), 23.44), (2025, 12, 21, -23.44), (2026, 6, 21, 23.44), (2024, 12, 21, -23.44)])
    func declinationAtTheSolstices(year: Int64, month: Int64, day: Int64, expected: Double) {
        let position = SolarPosition(unixS: Self.unix(year, month, day, 12), latitudeDeg: 0, longitudeDeg: 0)
        #expect(abs(position.declinationDeg - expected) <= 0.5, "\(position.declinationDeg)")
    }

    @Test(arguments: [(48.1, 11.6), (51.5, -0.1), (-33.9, 151.2), (40.7, -74.0), (0.0, 0.0)])
    func noSunAtLocalMidnight(latitudeDeg: Double, longitudeDeg: Double) {
        for (month, day) in [(Int64(3), Int64(20)), (6, 21), (9, 22), (12, 21)] {
            // Local mean midnight: 00:00 − lon/15 h UTC.
            let midnight = Self.unix(2025, month, day) - Int64(longitudeDeg * 240)
            let position = SolarPosition(unixS: midnight, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg)
            #expect(!position.isUp, "sun up at local midnight \(month)-\(day): elevation \(position.elevationDeg)")
            #expect(ClearSky.haurwitzGhiWm2(cosZenith: position.cosZenith) == 0)
        }
    }

    @Test(arguments: [(48.1, 11.6, Int64(6), Int64(21)), (51.5, -0.1, 11, 3), (-33.9, 151.2, 2, 11), (40.7, -74.0, 9, 22)])
    func elevationPeaksNearSolarNoon(latitudeDeg: Double, longitudeDeg: Double, month: Int64, day: Int64) {
        let midnight = Self.unix(2025, month, day)
        // Scan the UTC day ±12 h around the expected noon, minute by minute.
        let guess = SolarPosition(unixS: midnight + 43_200, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg)
        let expectedNoonS = 43_200 - longitudeDeg * 240 - guess.equationOfTimeMin * 60
        let start = midnight + Int64(expectedNoonS) - 43_200
        let peak = (0..<1_440).max { a, b in
            SolarPosition(unixS: start + Int64(a) * 60, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg).cosZenith
                < SolarPosition(unixS: start + Int64(b) * 60, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg).cosZenith
        }!
        let peakS = Double(start + Int64(peak) * 60 - midnight)
        #expect(abs(peakS - expectedNoonS) <= 15 * 60, "peak at \(peakS / 3_600) h UTC, expected \(expectedNoonS / 3_600) h")
        let atPeak = SolarPosition(unixS: start + Int64(peak) * 60, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg)
        #expect(abs(atPeak.hourAngleDeg) < 1)
        #expect(abs(atPeak.elevationDeg - (90 - abs(latitudeDeg - atPeak.declinationDeg))) < 0.5)
    }

    @Test func haurwitzIsZeroAtNightAndPlausibleAtNoonInJune() {
        #expect(ClearSky.haurwitzGhiWm2(cosZenith: 0) == 0)
        #expect(ClearSky.haurwitzGhiWm2(cosZenith: -0.3) == 0)
        let site = PVSite(latitudeDeg: 48, longitudeDeg: 11, capacityW: 10_000)
        // Solar noon at lon 11° in late June: about 12:00 − 44 min + 2 min ≈ 11:18 UTC.
        let noon = Self.unix(2025, 6, 21, 11, 18)
        let ghi = site.clearSkyGhiWm2(atUnixS: noon)
        #expect(ghi > 800 && ghi < 1_100, "\(ghi)")
        #expect(site.clearSkyGhiWm2(atUnixS: Self.unix(2025, 6, 21, 23, 18)) == 0)
        let power = site.clearSkyPowerW(atUnixS: noon)
        #expect(abs(power - 10_000 * 0.85 * ghi / 1_000) < 1e-9)
        #expect(power > 7_000 && power < 9_350, "\(power)")
    }

    @Test(arguments: [(Int64(0), Int64(1), Int64(0)), (1_750_507_200, 172, 43_200), (1_735_689_599, 366, 86_399)])
    func dayOfYear(unixS: Int64, day: Int64, secondOfDay: Int64) {
        let result = UTCCalendar.dayOfYear(unixS: unixS)
        #expect(result.day == day && result.secondOfDay == secondOfDay)
    }
}
