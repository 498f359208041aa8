import Foundation

/// Air temperature for the PV temperature derating: an annual cosine (coldest mid-January in the
/// northern hemisphere, mid-July in the southern) plus a daily cosine peaking at 15:00 solar time,
/// damped by clouds. The defaults are German climate normals (annual mean ≈ 9.5 °C, January ≈ 0.5 °C,
/// July ≈ 18.5 °C). Deterministic: the weather's randomness lives in the cloud and wind processes.
public struct AmbientTemperature: Sendable, Equatable {
    public var annualMeanC: Double
    public var seasonalAmplitudeC: Double
    public var dailyAmplitudeC: Double

    public init(annualMeanC: Double = 9.5, seasonalAmplitudeC: Double = 9, dailyAmplitudeC: Double = 4) {
        self.annualMeanC = annualMeanC
        self.seasonalAmplitudeC = seasonalAmplitudeC
        self.dailyAmplitudeC = dailyAmplitudeC
    }

    public func celsius(dayOfYear: Int64, solarHour: Double, latitudeDeg: Double, cloudFraction: Double) -> Double {
        let season = -cos(2 * Double.pi * Double(dayOfYear - 15) / 365.25) * (latitudeDeg >= 0 ? 1 : -1)
        let daily = cos(2 * Double.pi * (solarHour - 15) / 24) * (1 - 0.6 * cloudFraction)
        return annualMeanC + seasonalAmplitudeC * season + dailyAmplitudeC * daily
    }
}
