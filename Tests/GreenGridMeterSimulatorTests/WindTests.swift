import Foundation
import Testing

@testable import GreenGridMeterSimulator

/// The turbine's power curve and the Weibull wind process.
@Suite struct WindTests {
    struct CurveCase: Sendable, CustomStringConvertible {
        var speedMps: Double
        /// nil: strictly between 0 and rated.
        var expectedW: Double?
        var description: String { "\(speedMps) m/s" }
    }

    static let turbine = WindTurbine(ratedPowerW: 2_000_000, cutInMps: 3, ratedMps: 12, cutOutMps: 25)

    @Test(arguments: [
        CurveCase(speedMps: 0, expectedW: 0), CurveCase(speedMps: 2.99, expectedW: 0), CurveCase(speedMps: 3, expectedW: 0),
        CurveCase(speedMps: 3.5, expectedW: nil), CurveCase(speedMps: 8, expectedW: nil), CurveCase(speedMps: 11.9, expectedW: nil),
        CurveCase(speedMps: 12, expectedW: 2_000_000), CurveCase(speedMps: 18, expectedW: 2_000_000),
        CurveCase(speedMps: 24.99, expectedW: 2_000_000), CurveCase(speedMps: 25, expectedW: 0), CurveCase(speedMps: 40, expectedW: 0),
    ])
    func powerCurve(_ c: CurveCase) {
        let power = Self.turbine.powerW(speedMps: c.speedMps)
        if let expected = c.expectedW {
            #expect(power == expected)
        } else {
            #expect(power > 0 && power < Self.turbine.ratedPowerW)
        }
    }

    @Test func betweenCutInAndRatedThePowerRisesWithTheCube() {
        let cube = { (v: Double) in Self.turbine.powerW(speedMps: v) }
        var previous = 0.0
        for tenth in 31...119 {
            let power = cube(Double(tenth) / 10)
            #expect(power > previous)
            previous = power
        }
        #expect(abs(cube(8) - 2_000_000 * (512 - 27) / (1_728 - 27)) < 1e-6)
    }

    @Test func theSpeedIsWeibullWithAutocorrelation() {
        var speeds: [Double] = []
        for seed: UInt64 in [1, 2, 3] {
            var wind = WindProcess(seed: seed, shape: 2, scaleMps: 7)
            let startMs: Int64 = 1_735_689_600_000  // 2025-01-01
            for step in 0..<Int64(365 * 24 * 6) { speeds.append(wind.speedMps(atMs: startMs + step * 600_000)) }
        }
        let mean = speeds.reduce(0, +) / Double(speeds.count)
        let weibullMean = 7 * tgamma(1.5)
        #expect(abs(mean / weibullMean - 1) < 0.05, "mean \(mean), Weibull mean \(weibullMean)")
        #expect(abs(WindProcess(seed: 1, shape: 2, scaleMps: 7).meanMps - weibullMean) < 1e-12)
        // Half the samples lie below the Weibull median λ·(ln 2)^(1/k).
        let median = 7 * log(2.0).squareRoot()
        let below = Double(speeds.filter { $0 < median }.count) / Double(speeds.count)
        #expect(abs(below - 0.5) < 0.05, "fraction below the median: \(below)")
        #expect(speeds.allSatisfy { $0 >= 0 && $0.isFinite })
        // Ten minutes apart the wind is nearly the same; three days apart it has forgotten.
        #expect(Self.autocorrelation(speeds, lag: 1) > 0.95)
        #expect(abs(Self.autocorrelation(speeds, lag: 432)) < 0.15)
    }

    @Test func theSpeedAtAnInstantDoesNotDependOnHowTimeIsStepped() {
        var coarse = WindProcess(seed: 9), fine = WindProcess(seed: 9)
        let startMs: Int64 = 1_750_464_000_000
        _ = coarse.speedMps(atMs: startMs)
        var fineSpeeds: [Int64: Double] = [:]
        for step in Int64(0)...3_600 { fineSpeeds[startMs + step * 1_000] = fine.speedMps(atMs: startMs + step * 1_000) }
        for minutes in [7, 15, 60] as [Int64] {
            #expect(coarse.speedMps(atMs: startMs + minutes * 60_000) == fineSpeeds[startMs + minutes * 60_000])
        }
    }

    static func autocorrelation(_ values: [Double], lag: Int) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        var numerator = 0.0, denominator = 0.0
        for index in values.indices {
            let deviation = values[index] - mean
            denominator += deviation * deviation
            if index + lag < values.count { numerator += deviation * (values[index + lag] - mean) }
        }
        return numerator / denominator
    }
}
