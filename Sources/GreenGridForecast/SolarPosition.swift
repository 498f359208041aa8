import Foundation

/// Where the sun is, seen from a site at a UTC instant: Spencer's (1971) Fourier series for the
/// declination and the equation of time, the hour angle from the longitude, and the cosine of
/// the zenith angle. Good to a few tenths of a degree, plenty for a clear-sky envelope.
public struct SolarPosition: Sendable, Equatable {
    /// Declination, degrees (+23.4 at the June solstice).
    public var declinationDeg: Double
    /// Apparent minus mean solar time, minutes.
    public var equationOfTimeMin: Double
    /// Hour angle, degrees: 0 at solar noon, negative in the morning.
    public var hourAngleDeg: Double
    /// cos(zenith) = sin(elevation); negative when the sun is below the horizon.
    public var cosZenith: Double

    public var elevationDeg: Double { asin(max(-1, min(1, cosZenith))) * 180 / .pi }
    public var isUp: Bool { cosZenith > 0 }

    public init(unixS: Int64, latitudeDeg: Double, longitudeDeg: Double) {
        let (day, secondOfDay, daysInYear) = UTCCalendar.dayOfYear(unixS: unixS)
        let hourUTC = Double(secondOfDay) / 3_600
        // The day angle Γ, with the hour folded in so the series moves smoothly through the day.
        let gamma = 2 * Double.pi / Double(daysInYear) * (Double(day - 1) + (hourUTC - 12) / 24)
        declinationDeg = SolarPosition.declinationRad(gamma) * 180 / .pi
        equationOfTimeMin = SolarPosition.equationOfTimeMin(gamma)
        let trueSolarTimeMin = hourUTC * 60 + 4 * longitudeDeg + equationOfTimeMin
        hourAngleDeg = trueSolarTimeMin / 4 - 180
        let phi = latitudeDeg * .pi / 180
        let delta = declinationDeg * .pi / 180
        let omega = hourAngleDeg * .pi / 180
        cosZenith = sin(phi) * sin(delta) + cos(phi) * cos(delta) * cos(omega)
    }

    /// Spencer's declination series, radians, of the day angle Γ (radians).
    public static func declinationRad(_ gamma: Double) -> Double {
        0.006918 - 0.399912 * cos(gamma) + 0.070257 * sin(gamma) - 0.006758 * cos(2 * gamma) + 0.000907 * sin(2 * gamma)
            - 0.002697 * cos(3 * gamma) + 0.00148 * sin(3 * gamma)
    }

    /// Spencer's equation of time, minutes, of the day angle Γ (radians).
    public static func equationOfTimeMin(_ gamma: Double) -> Double {
        229.18 * (0.000075 + 0.001868 * cos(gamma) - 0.032077 * sin(gamma) - 0.014615 * cos(2 * gamma) - 0.040849 * sin(2 * gamma))
    }
}
