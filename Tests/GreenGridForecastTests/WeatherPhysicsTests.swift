import Testing

@testable import GreenGridForecast

/// Kasten–Czeplak and the temperature derating against hand-computed values.
@Suite struct WeatherPhysicsTests {
    @Test(arguments: zip([0.0, 25, 50, 80, 100, -5, 130], [1.0, 0.993_269_35, 0.928_950_79, 0.648_789_72, 0.25, 1, 0.25]))
    func kastenCzeplakIndex(cloudCoverPct: Double, expected: Double) {
        #expect(abs(WeatherPhysics.kastenCzeplakIndex(cloudCoverPct: cloudCoverPct) - expected) < 1e-8)
    }

    @Test func temperatureDeratingStartsAtTwentyFiveDegreesCellTemperature() {
        // 10 °C air at 500 W/m²: cell 25 °C, no loss. 30 °C at 1000 W/m²: cell 60 °C, 35 × 0.4 % = 14 % lost.
        #expect(WeatherPhysics.temperatureFactor(airTempC: 10, ghiWm2: 500) == 1)
        #expect(WeatherPhysics.temperatureFactor(airTempC: -20, ghiWm2: 0) == 1)
        #expect(abs(WeatherPhysics.temperatureFactor(airTempC: 30, ghiWm2: 1_000) - 0.86) < 1e-12)
        #expect(WeatherPhysics.temperatureFactor(airTempC: 100, ghiWm2: 100_000) == 0)
    }
}
