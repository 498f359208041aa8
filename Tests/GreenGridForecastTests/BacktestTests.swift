import Testing

@testable import GreenGridForecast

/// Synthetic histories with a known answer: power that is an exact multiple of the clear-sky power.
@Suite struct BacktestTests {
    static let site = PVSite(latitudeDeg: 48.1, longitudeDeg: 11.6, capacityW: 5_000)
    /// 2025-06-19T08:00:00Z, morning daylight, so every forecast has a daylight index behind it.
    static let start: Int64 = 1_750_320_000

    /// `days` days of samples with power = index × clear-sky power, leaving out the steps in `gaps`.
    static func history(index: Double, stepS: Int64 = 900, days: Int64 = 4, gaps: Set<Int64> = []) -> History {
        let samples = (0..<(days * 86_400 / stepS)).filter { !gaps.contains($0) }.map { n -> Sample in
            let time = start + n * stepS
            return Sample(timeS: time, powerW: index * site.clearSkyStep(start: time, stepS: stepS).powerW)
        }
        return History(samples: samples, stepS: stepS)
    }

    @Test(arguments: [1.0, 0.5])
    func smartPersistenceIsExactOnAConstantClearSkyIndex(index: Double) throws {
        let history = Self.history(index: index, gaps: [10, 11, 12, 200])
        let report = Backtest.run(SmartPersistence(), on: history, site: Self.site)
        let reference = Backtest.run(Persistence(), on: history, site: Self.site)
        #expect(report.method == "smart-persistence")
        #expect(report.scores.map(\.horizonMin) == [15, 60, 240, 1_440])
        for score in report.scores {
            let persistence = try #require(reference.score(horizonMin: score.horizonMin))
            #expect(score.count > 0 && score.count == persistence.count)
            #expect(try #require(score.maeW) < 1e-9, "\(score)")
            #expect(try #require(score.rmseW) < 1e-9, "\(score)")
            // Persistence errs; least at 24 h, where only the sun's daily drift in declination separates the days.
            #expect(try #require(persistence.maeW) > (score.horizonMin < 1_440 ? 1 : 0), "at \(score.horizonMin) min: \(persistence)")
            #expect(abs(try #require(score.skill) - 1) < 1e-9, "\(score)")
            #expect(persistence.skill == 0)
        }
        // 4 days of 15-minute steps minus 4 gaps. At 24 h: targets 96 ... 383 (288), minus the missing target 200 and the
        // targets whose issue sample is missing (issues 10, 11, 12, 200 → targets 106, 107, 108, 296).
        #expect(history.samples.count == 380)
        #expect(report.score(horizonMin: 1_440)?.count == 288 - 1 - 4)
    }

    @Test func exponentialSmoothingConvergesOnAConstantIndex() throws {
        let report = Backtest.run(ExponentialSmoothing(), on: Self.history(index: 0.5), site: Self.site)
        #expect(report.method == "exponential-smoothing")
        for score in report.scores {
            #expect(try #require(score.maeW) < 1e-9, "\(score)")
            #expect(abs(try #require(score.skill) - 1) < 1e-9)
        }
    }

    @Test func exponentialSmoothingWeighsTheRecentIndex() {
        // Index 1 for a day, then 0.5: after the switch the level moves by α each sample.
        let stepS: Int64 = 900
        let samples = (0..<Int64(12)).map { n -> Sample in
            let time = Self.start + n * stepS
            return Sample(timeS: time, powerW: (n < 10 ? 1 : 0.5) * Self.site.clearSkyStep(start: time, stepS: stepS).powerW)
        }
        let forecast = ExponentialSmoothing(alpha: 0.3).forecast(history: samples[...], site: Self.site, stepS: stepS, horizonSteps: 1)
        let level = 0.3 * 0.5 + 0.7 * (0.3 * 0.5 + 0.7 * 1)
        let expected = level * Self.site.clearSkyStep(start: Self.start + 12 * stepS, stepS: stepS).powerW
        #expect(abs(forecast[0] - expected) < 1e-9)
    }

    @Test func smartPersistenceAtNightUsesTheLastDaylightIndexAndForecastsZeroInTheDark() {
        let stepS: Int64 = 900
        // From morning to 23:00 UTC (night in Munich in June) at index 0.7.
        let samples = (0..<Int64(60)).map { n -> Sample in
            let time = Self.start + n * stepS
            return Sample(timeS: time, powerW: 0.7 * Self.site.clearSkyStep(start: time, stepS: stepS).powerW)
        }
        let issue = samples.last!.timeS
        let forecast = SmartPersistence().forecast(history: samples[...], site: Self.site, stepS: stepS, horizonSteps: 40)
        #expect(forecast[0] == 0)
        let morning = 0.7 * Self.site.clearSkyStep(start: issue + 40 * stepS, stepS: stepS).powerW
        #expect(morning > 0 && abs(forecast[39] - morning) < 1e-9)
        // No daylight sample at all: index 0.
        let dark = SmartPersistence().forecast(history: samples[56...], site: Self.site, stepS: stepS, horizonSteps: 40)
        #expect(dark.allSatisfy { $0 == 0 })
    }

    @Test func thirtyMinuteHistoryHasNoFifteenMinuteHorizon() throws {
        let report = Backtest.run(SmartPersistence(), on: Self.history(index: 0.8, stepS: 1_800, days: 3), site: Self.site)
        #expect(report.score(horizonMin: 15) == nil)
        #expect(report.scores.map(\.horizonMin) == [60, 240, 1_440])
        #expect(try #require(report.score(horizonMin: 60)?.maeW) < 1e-9)
    }

    @Test func persistenceOfAConstantPowerHasNoSkillScore() throws {
        let samples = (0..<Int64(200)).map { Sample(timeS: Self.start + $0 * 900, powerW: 1_000) }
        let report = Backtest.run(Persistence(), on: History(samples: samples, stepS: 900), site: Self.site)
        let score = try #require(report.score(horizonMin: 60))
        #expect(score.maeW == 0 && score.rmseW == 0 && score.skill == nil && score.count == 196)
    }
}
