import Foundation

/// Weather physics the forecasts need: cloud cover to a clear-sky index, and heat to lost PV power.
public enum WeatherPhysics {
    /// Kasten & Czeplak (1980): GHI / GHI_clear = 1 − 0.75 × (C / 100)^3.4 for a cloud cover of C %
    /// (clamped to 0...100), so an overcast sky still lets a quarter of the clear-sky light through.
    public static func kastenCzeplakIndex(cloudCoverPct: Double) -> Double {
        let fraction = min(1, max(0, cloudCoverPct / 100))
        return 1 - 0.75 * pow(fraction, 3.4)
    }

    /// Power lost per °C of cell temperature above the 25 °C of standard test conditions (crystalline silicon).
    public static let deratingPerC = 0.004
    /// Cell temperature rise per W/m² of irradiance (a simple NOCT-style rule: +30 °C at 1000 W/m²).
    public static let cellHeatingCPerWm2 = 0.03

    /// The share of power the array keeps at an air temperature and irradiance:
    /// 1 − 0.4 %/°C × max(0, T_air + 0.03 × GHI − 25 °C), never below 0.
    public static func temperatureFactor(airTempC: Double, ghiWm2: Double) -> Double {
        let cellC = airTempC + cellHeatingCPerWm2 * max(0, ghiWm2)
        return max(0, 1 - deratingPerC * max(0, cellC - 25))
    }
}
