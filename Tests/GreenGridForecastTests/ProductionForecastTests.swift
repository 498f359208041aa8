import Testing

@testable import GreenGridForecast

/// Day-ahead forecasts on synthetic histories and weather whose answer is known from the clear sky.
@Suite struct ProductionForecastTests {
    static let site = PVSite(latitudeDeg: 48.1, longitudeDeg: 11.6, capacityW: 5_000)
    /// 2025-06-21T00:00:00Z.
    static let midnight: Int64 = 1_750_464_000

    /// Two days up to `end` of power = index × clear-sky power.
    static func history(index: Double, end: Int64 = midnight, stepS: Int64 = 900, days: Int64 = 2) -> History {
        let samples = (0..<(days * 86_400 / stepS)).map { n -> Sample in
            let time = end - days * 86_400 + n * stepS
            return Sample(timeS: time, powerW: index * site.clearSkyStep(start: time, stepS: stepS).powerW)
        }
        return History(samples: samples, stepS: stepS)
    }

    static func weather(cloudCoverPct: Double, tempC: Double? = nil, from start: Int64 = midnight, hours: Int = 48) throws -> WeatherForecast {
        try WeatherForecast(startS: start, stepS: 3_600, cloudCoverPct: Array(repeating: cloudCoverPct, count: hours),
                            tempC: tempC.map { Array(repeating: $0, count: hours) })
    }

    /// Clear-sky energy of each interval × `index`, rounded as the forecast rounds.
    static func clearWh(_ index: Double = 1, from start: Int64 = midnight, intervals: Int = 192) -> [Int64] {
        (0..<intervals).map { Int64((index * site.clearSkyStep(start: start + Int64($0) * 900, stepS: 900).powerW / 4).rounded()) }
    }

    static func expectClose(_ actual: [Int64], _ expected: [Int64], within tolerance: Int64 = 1, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (index, pair) in zip(actual, expected).enumerated() where abs(pair.0 - pair.1) > tolerance {
            Issue.record("interval \(index): \(pair.0) Wh, expected \(pair.1)", sourceLocation: sourceLocation)
            return
        }
    }

    @Test(arguments: [ForecastMethod.smartPersistence, .exponentialSmoothing, .weather])
    func clearSkyHistoryAndClearSkyWeatherGiveClearSkyEnergy(method: ForecastMethod) throws {
        let forecast = try ProductionForecast.predict(site: Self.site, history: Self.history(index: 1), weather: Self.weather(cloudCoverPct: 0),
                                                      method: method, startS: Self.midnight, intervals: 192)
        #expect(forecast.energyWh.count == 192)
        #expect(forecast.method == (method == .weather ? "weather" : "\(method.rawValue)+weather"))
        Self.expectClose(forecast.energyWh, Self.clearWh())
        // A cold day (no cell above 25 °C) changes nothing.
        let cold = try ProductionForecast.predict(site: Self.site, history: Self.history(index: 1),
                                                  weather: Self.weather(cloudCoverPct: 0, tempC: -10), method: method,
                                                  startS: Self.midnight, intervals: 192)
        #expect(cold.energyWh == forecast.energyWh)
        #expect(forecast.totalWh == forecast.energyWh.reduce(0, +) && forecast.totalWh > 50_000)
    }

    @Test(arguments: [ForecastMethod.smartPersistence, .exponentialSmoothing])
    func overcastWeatherIsAQuarterOfClearSkyFromSixHoursOn(method: ForecastMethod) throws {
        // The history ends at 06:00 UTC with a clear sky; the weather says overcast all day.
        let issue = Self.midnight + 6 * 3_600
        let forecast = try ProductionForecast.predict(site: Self.site, history: Self.history(index: 1, end: issue),
                                                      weather: Self.weather(cloudCoverPct: 100), method: method, startS: issue,
                                                      intervals: 96)
        let clear = Self.clearWh(from: issue, intervals: 96)
        // Lead 0: all history. Lead 3 h: half and half (0.5 + 0.5 × 0.25). Lead ≥ 6 h: all weather.
        #expect(abs(forecast.energyWh[0] - clear[0]) <= 1)
        let halfway = Double(Self.site.clearSkyStep(start: issue + 3 * 3_600, stepS: 900).powerW) / 4 * 0.625
        #expect(abs(Double(forecast.energyWh[12]) - halfway) <= 1, "\(forecast.energyWh[12]) vs \(halfway)")
        Self.expectClose(Array(forecast.energyWh[24...]), Array(Self.clearWh(0.25, from: issue, intervals: 96)[24...]))
        #expect(forecast.energyWh[24...].contains { $0 > 100 })
    }

    @Test func hotWeatherDeratesByFourTenthsOfAPercentPerDegree() throws {
        let noon = Self.midnight + 86_400 + 11 * 3_600
        let forecast = try ProductionForecast.predict(site: Self.site, history: Self.history(index: 1),
                                                      weather: Self.weather(cloudCoverPct: 0, tempC: 30), method: .weather,
                                                      startS: noon, intervals: 1)
        let clear = Self.site.clearSkyStep(start: noon, stepS: 900)
        let ghi = Self.site.clearSkyGhiWm2(atUnixS: noon + 450)
        let factor = 1 - 0.004 * (30 + 0.03 * ghi - 25)
        #expect(factor < 0.9)
        #expect(forecast.energyWh == [Int64((clear.powerW * factor / 4).rounded())])
    }

    @Test(arguments: [ForecastMethod.persistence, .smartPersistence, .exponentialSmoothing, .weather])
    func nightIntervalsAreExactlyZero(method: ForecastMethod) throws {
        // The history ends at 18:00 UTC, while the sun still shines; persistence would hold that power into the night.
        let issue = Self.midnight + 18 * 3_600
        for weather in [nil, try Self.weather(cloudCoverPct: 20, from: issue)] {
            let forecast = try ProductionForecast.predict(site: Self.site, history: Self.history(index: 0.8, end: issue), weather: weather,
                                                          method: method, startS: issue, intervals: 192)
            let dark = (0..<192).filter { Self.site.clearSkyStep(start: issue + Int64($0) * 900, stepS: 900).powerW == 0 }
            #expect(dark.count > 40)
            #expect(dark.allSatisfy { forecast.energyWh[$0] == 0 }, "\(method) \(forecast.energyWh)")
            #expect(forecast.energyWh.allSatisfy { $0 >= 0 })
            #expect(forecast.energyWh.contains { $0 > 0 })
        }
    }

    @Test func withoutWeatherTheMethodIsProjectedAndThirtyMinuteHistoriesAreSplitByTheClearSky() throws {
        for stepS: Int64 in [900, 1_800] {
            let forecast = try ProductionForecast.predict(site: Self.site, history: Self.history(index: 0.6, stepS: stepS), weather: nil,
                                                          method: .smartPersistence, startS: Self.midnight, intervals: 192)
            #expect(forecast.method == "smart-persistence")
            Self.expectClose(forecast.energyWh, Self.clearWh(0.6))
        }
    }

    @Test func onlyWhatWasMeteredBeforeTheStartCounts() throws {
        // Index 0.5 until midnight, 1.0 afterwards: a forecast from midnight must not see the later samples.
        var history = Self.history(index: 0.5)
        history.samples += Self.history(index: 1, end: Self.midnight + 86_400, days: 1).samples
        let forecast = try ProductionForecast.predict(site: Self.site, history: history, weather: nil, method: .smartPersistence,
                                                      startS: Self.midnight, intervals: 96)
        Self.expectClose(forecast.energyWh, Self.clearWh(0.5, intervals: 96))
    }

    @Test func shortEmptyOrStaleHistoryFallsBackToWeatherOrTheDefaultIndex() throws {
        let nightOnly = History(samples: (0..<8).map { Sample(timeS: Self.midnight - 8 * 900 + $0 * 900, powerW: 0) }, stepS: 900)
        let stale = Self.history(index: 1, end: Self.midnight - 8 * 86_400)
        for history in [nil, History(samples: [], stepS: 900), nightOnly, stale] {
            let plain = try ProductionForecast.predict(site: Self.site, history: history, weather: nil, method: .exponentialSmoothing,
                                                       startS: Self.midnight, intervals: 192)
            #expect(plain.method == "clear-sky×0.7")
            Self.expectClose(plain.energyWh, Self.clearWh(0.7))
            let overcast = try ProductionForecast.predict(site: Self.site, history: history, weather: Self.weather(cloudCoverPct: 100, hours: 24),
                                                          method: .smartPersistence, startS: Self.midnight, intervals: 192)
            #expect(overcast.method == "clear-sky×weather")
            // The weather covers the first day; the default index the second.
            Self.expectClose(overcast.energyWh, Array(Self.clearWh(0.25)[..<96] + Self.clearWh(0.7)[96...]))
        }
    }

    @Test func fortyEightHoursAreOneHundredNinetyTwoIntervalsAndNoMore() throws {
        let history = Self.history(index: 1)
        let full = try ProductionForecast.predict(site: Self.site, history: history, weather: nil, method: .smartPersistence,
                                                  startS: Self.midnight, intervals: ProductionForecast.intervalsMax)
        #expect(full.energyWh.count == 192 && full.intervalStartS(191) == Self.midnight + 47 * 3_600 + 45 * 60)
        for (intervals, start) in [(193, Self.midnight), (0, Self.midnight), (96, Self.midnight + 60)] {
            #expect(throws: ForecastRequestError.self) {
                try ProductionForecast.predict(site: Self.site, history: history, weather: nil, method: .smartPersistence, startS: start,
                                               intervals: intervals)
            }
        }
        #expect(throws: ForecastRequestError.self) {
            try ProductionForecast.predict(site: PVSite(latitudeDeg: 48, longitudeDeg: 11, capacityW: .infinity), history: nil, weather: nil,
                                           method: .smartPersistence, startS: Self.midnight, intervals: 4)
        }
    }

    @Test func zoneIsTheSumOfItsMeters() throws {
        let meters = [
            ForecastMeter(site: Self.site, history: Self.history(index: 0.9)),
            ForecastMeter(site: PVSite(latitudeDeg: 48.2, longitudeDeg: 11.4, capacityW: 12_345), history: Self.history(index: 0.4)),
            ForecastMeter(site: PVSite(latitudeDeg: 47.9, longitudeDeg: 11.9, capacityW: 800), history: nil),
        ]
        let weather = try Self.weather(cloudCoverPct: 60, tempC: 28)
        for method in ForecastMethod.allCases {
            let zone = try ProductionForecast.zone(meters, weather: weather, method: method, startS: Self.midnight, intervals: 192)
            let each = try meters.map {
                try ProductionForecast.predict(site: $0.site, history: $0.history, weather: weather, method: method, startS: Self.midnight,
                                               intervals: 192)
            }
            #expect(zone.energyWh == (0..<192).map { index in each.reduce(0) { $0 + $1.energyWh[index] } })
            #expect(zone.totalWh == each.reduce(0) { $0 + $1.totalWh } && zone.totalWh > 0)
        }
        let empty = try ProductionForecast.zone([], weather: nil, method: .smartPersistence, startS: Self.midnight, intervals: 8)
        #expect(empty.energyWh == Array(repeating: 0, count: 8))
    }
}
