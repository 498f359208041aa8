import Testing

@testable import GreenGridForecast

/// The history's own weather columns as a perfect forecast, so the backtest can score the weather method.
@Suite struct WeatherBacktestTests {
    static let site = PVSite(latitudeDeg: 48.1, longitudeDeg: 11.6, capacityW: 5_000)
    static let start: Int64 = 1_750_320_000

    /// Three warm days whose cloud cover jumps about and whose power follows Kasten–Czeplak and the
    /// temperature derating exactly.
    static func cloudyHistory() -> History {
        let samples = (0..<Int64(3 * 96)).map { n -> Sample in
            let time = start + n * 900
            let cloud = Double(n * 37 % 101)
            let index = WeatherPhysics.kastenCzeplakIndex(cloudCoverPct: cloud)
            let derating = WeatherPhysics.temperatureFactor(airTempC: 20, ghiWm2: index * site.clearSkyGhiWm2(atUnixS: time + 450))
            let power = index * derating * site.clearSkyStep(start: time, stepS: 900).powerW
            return Sample(timeS: time, powerW: power, tempC: 20, cloudCoverPct: cloud)
        }
        return History(samples: samples, stepS: 900)
    }

    @Test func perfectWeatherMakesTheWeatherMethodExactWhereSmartPersistenceErrs() throws {
        let history = Self.cloudyHistory()
        let weather = try #require(Backtest.runWithPerfectWeather(.weather, on: history, site: Self.site))
        let blended = try #require(Backtest.runWithPerfectWeather(.smartPersistence, on: history, site: Self.site))
        let alone = Backtest.run(SmartPersistence(), on: history, site: Self.site)
        #expect(weather.method == "weather" && blended.method == "smart-persistence+weather")
        for minutes in Backtest.standardHorizonsMin {
            let exact = try #require(weather.score(horizonMin: minutes))
            #expect(try #require(exact.maeW) < 1e-9, "\(exact)")
            #expect(try #require(alone.score(horizonMin: minutes)?.maeW) > 10)
        }
        // From six hours on the blend is all weather.
        #expect(try #require(blended.score(horizonMin: 1_440)?.maeW) < 1e-9)
        #expect(try #require(blended.score(horizonMin: 60)?.rmseW) < (try #require(alone.score(horizonMin: 60)?.rmseW)))
    }

    @Test func historyWithoutWeatherHasNoPerfectWeatherAndTheOldBacktestIsUnchanged() {
        let samples = (0..<Int64(200)).map { Sample(timeS: Self.start + $0 * 900, powerW: 1_000) }
        let history = History(samples: samples, stepS: 900)
        #expect(WeatherForecast.perfect(from: history) == nil)
        #expect(Backtest.runWithPerfectWeather(.weather, on: history, site: Self.site) == nil)
        #expect(Backtest.run(ForecastMethod.smartPersistence.forecaster(weather: nil), on: history, site: Self.site)
            == Backtest.run(SmartPersistence(), on: history, site: Self.site))
    }
}
