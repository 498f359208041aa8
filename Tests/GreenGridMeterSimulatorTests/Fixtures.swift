import GreenGridForecast

@testable import GreenGridMeterSimulator

/// Dates and sites the tests share.
enum Fixture {
    static let berlinLat = 52.52
    static let berlinLon = 13.40
    /// 2025-06-21T00:00:00Z and 2025-12-21T00:00:00Z.
    static let summerSolsticeS: Int64 = 1_750_464_000
    static let winterSolsticeS: Int64 = 1_766_275_200

    static func unixS(_ year: Int64, _ month: Int64, _ day: Int64, hour: Int64 = 0) -> Int64 {
        UTCCalendar.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600
    }

    /// Clear or cloudy sky at an instant, with the default climate's air temperature.
    static func sky(unixS: Int64, latitudeDeg: Double = berlinLat, longitudeDeg: Double = berlinLon, cloud: Double = 0) -> SkyConditions {
        let sun = SolarPosition(unixS: unixS, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg)
        let day = UTCCalendar.dayOfYear(unixS: unixS).day
        let airC = AmbientTemperature().celsius(dayOfYear: day, solarHour: sun.hourAngleDeg / 15 + 12, latitudeDeg: latitudeDeg,
                                                cloudFraction: cloud)
        return SkyConditions(sun: sun, dayOfYear: day, latitudeDeg: latitudeDeg, cloudFraction: cloud, ambientC: airC)
    }

    /// A day's energy of an array under a constant cloud cover, Wh, by 1-minute steps from UTC midnight.
    static func dailyEnergyWh(_ array: PVArray, dayStartS: Int64, latitudeDeg: Double = berlinLat, cloud: Double = 0) -> Double {
        stride(from: dayStartS, to: dayStartS + 86_400, by: 60).reduce(0) {
            $0 + array.powerW(sky(unixS: $1, latitudeDeg: latitudeDeg, cloud: cloud)) / 60
        }
    }
}
