import GreenGridForecast
import Testing

@testable import GreenGridMeterSimulator

/// The PV chain: sun, clear sky, clouds, transposition and losses.
@Suite struct SolarTests {
    static let arrays = [
        PVArray(peakW: 10_000, tiltDeg: 0), PVArray(peakW: 10_000, tiltDeg: 30, azimuthDeg: 180),
        PVArray(peakW: 10_000, tiltDeg: 60, azimuthDeg: 90), PVArray(peakW: 10_000, tiltDeg: 90, azimuthDeg: 0),
    ]

    @Test(arguments: [Fixture.summerSolsticeS, Fixture.winterSolsticeS])
    func outputIsExactlyZeroAtNightAndPositiveByDay(dayStartS: Int64) {
        var nightSamples = 0, daySamples = 0
        for time in stride(from: dayStartS, to: dayStartS + 86_400, by: 300) {
            for cloud in [0.0, 0.5, 1.0] {
                let sky = Fixture.sky(unixS: time, cloud: cloud)
                for array in Self.arrays {
                    let power = array.powerW(sky)
                    if !sky.sun.isUp {
                        #expect(power == 0, "at \(time)")
                        nightSamples += 1
                    } else if sky.sun.elevationDeg > 10 && array.tiltDeg < 90 {
                        #expect(power > 0, "at \(time)")
                        daySamples += 1
                    }
                }
            }
        }
        #expect(nightSamples > 100 && daySamples > 100)
    }

    struct NoonCase: Sendable, CustomStringConvertible {
        var dayStartS: Int64
        var latitudeDeg: Double
        var longitudeDeg: Double
        var tiltDeg: Double
        var description: String { "day \(dayStartS) lat \(latitudeDeg) lon \(longitudeDeg) tilt \(tiltDeg)" }
    }

    static let noonCases = [
        NoonCase(dayStartS: Fixture.summerSolsticeS, latitudeDeg: 52.52, longitudeDeg: 13.40, tiltDeg: 0),
        NoonCase(dayStartS: Fixture.summerSolsticeS, latitudeDeg: 52.52, longitudeDeg: 13.40, tiltDeg: 30),
        NoonCase(dayStartS: Fixture.winterSolsticeS, latitudeDeg: 52.52, longitudeDeg: 13.40, tiltDeg: 35),
        NoonCase(dayStartS: Fixture.unixS(2025, 11, 3), latitudeDeg: 48.1, longitudeDeg: 11.6, tiltDeg: 0),
        NoonCase(dayStartS: Fixture.unixS(2025, 2, 11), latitudeDeg: 40.4, longitudeDeg: -3.7, tiltDeg: 20),
    ]

    @Test(arguments: noonCases)
    func dailyMaximumIsWithinAnHourOfSolarNoon(_ c: NoonCase) {
        let array = PVArray(peakW: 5_000, tiltDeg: c.tiltDeg, azimuthDeg: 180)
        let peakS = stride(from: c.dayStartS, to: c.dayStartS + 86_400, by: 60).max {
            array.powerW(Fixture.sky(unixS: $0, latitudeDeg: c.latitudeDeg, longitudeDeg: c.longitudeDeg))
                < array.powerW(Fixture.sky(unixS: $1, latitudeDeg: c.latitudeDeg, longitudeDeg: c.longitudeDeg))
        }!
        let noonS = Self.solarNoonS(dayStartS: c.dayStartS, longitudeDeg: c.longitudeDeg)
        #expect(abs(peakS - noonS) <= 3_600, "peak \(peakS), solar noon \(noonS)")
    }

    @Test func eastFacingArraysPeakInTheMorningAndWestFacingInTheAfternoon() {
        let noonS = Self.solarNoonS(dayStartS: Fixture.summerSolsticeS, longitudeDeg: Fixture.berlinLon)
        func peakS(_ array: PVArray) -> Int64 {
            stride(from: Fixture.summerSolsticeS, to: Fixture.summerSolsticeS + 86_400, by: 60).max {
                array.powerW(Fixture.sky(unixS: $0)) < array.powerW(Fixture.sky(unixS: $1))
            }!
        }
        #expect(peakS(PVArray(peakW: 5_000, tiltDeg: 45, azimuthDeg: 90)) < noonS - 2_700)
        #expect(peakS(PVArray(peakW: 5_000, tiltDeg: 45, azimuthDeg: 270)) > noonS + 2_700)
    }

    @Test func aClearSummerDayGivesMoreEnergyThanAClearWinterDay() {
        let array = PVArray(peakW: 10_000, tiltDeg: 30)
        let summerWh = Fixture.dailyEnergyWh(array, dayStartS: Fixture.summerSolsticeS)
        let winterWh = Fixture.dailyEnergyWh(array, dayStartS: Fixture.winterSolsticeS)
        #expect(summerWh > 2.5 * winterWh, "summer \(summerWh) Wh, winter \(winterWh) Wh")
        // A clear June day at 52° gives 6–8 kWh per kWp on a 30° south roof.
        #expect((60_000...80_000).contains(summerWh), "summer \(summerWh) Wh")
    }

    @Test func aTiltedSouthArrayBeatsAHorizontalOneInWinter() {
        let horizontalWh = Fixture.dailyEnergyWh(PVArray(peakW: 10_000, tiltDeg: 0), dayStartS: Fixture.winterSolsticeS)
        let tiltedWh = Fixture.dailyEnergyWh(PVArray(peakW: 10_000, tiltDeg: 35, azimuthDeg: 180), dayStartS: Fixture.winterSolsticeS)
        let northWh = Fixture.dailyEnergyWh(PVArray(peakW: 10_000, tiltDeg: 35, azimuthDeg: 0), dayStartS: Fixture.winterSolsticeS)
        #expect(tiltedWh > 1.5 * horizontalWh, "tilted \(tiltedWh) Wh, horizontal \(horizontalWh) Wh")
        #expect(northWh < horizontalWh)
    }

    @Test func cloudsAttenuateByKastenCzeplak() {
        let clear = Fixture.sky(unixS: Fixture.summerSolsticeS + 11 * 3_600)
        let overcast = Fixture.sky(unixS: Fixture.summerSolsticeS + 11 * 3_600, cloud: 1)
        let half = Fixture.sky(unixS: Fixture.summerSolsticeS + 11 * 3_600, cloud: 0.5)
        #expect(abs(overcast.ghiWm2 - 0.25 * clear.ghiWm2) < 1e-9)
        #expect(abs(half.ghiWm2 / clear.ghiWm2 - (1 - 0.75 * 0.094_732_2)) < 1e-6)
        // The split adds back up, and clouds move light from beam to diffuse.
        for sky in [clear, half, overcast] {
            #expect(abs(sky.dniWm2 * sky.sun.cosZenith + sky.dhiWm2 - sky.ghiWm2) < 1e-9)
        }
        #expect(overcast.dhiWm2 / overcast.ghiWm2 > clear.dhiWm2 / clear.ghiWm2)
        let array = PVArray(peakW: 10_000)
        #expect(array.powerW(overcast) < array.powerW(half) && array.powerW(half) < array.powerW(clear))
    }

    @Test func outputNeverExceedsTheInverterRating() {
        let array = PVArray(peakW: 8_000, tiltDeg: 40, performanceRatio: 1, inverterW: 7_000)
        var cold = Fixture.sky(unixS: Fixture.summerSolsticeS + 11 * 3_600)
        cold.ambientC = -20
        #expect(array.powerW(cold) == 7_000)
        #expect(array.maxPowerW == 7_000)
    }

    /// UTC seconds of solar noon: 12:00 minus the longitude's 4 min/° minus the equation of time.
    static func solarNoonS(dayStartS: Int64, longitudeDeg: Double) -> Int64 {
        let equationOfTimeMin = SolarPosition(unixS: dayStartS + 43_200, latitudeDeg: 0, longitudeDeg: longitudeDeg).equationOfTimeMin
        return dayStartS + Int64((720 - 4 * longitudeDeg - equationOfTimeMin) * 60)
    }
}
