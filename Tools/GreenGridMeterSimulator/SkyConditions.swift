import Foundation
import GreenGridForecast

/// The sun and the sky at one instant, computed once per time cell and shared by every array of a
/// fleet: Spencer's sun position, Haurwitz clear-sky GHI, Kasten–Czeplak cloud attenuation and the
/// Erbs split into beam and diffuse, which the tilted arrays need.
public struct SkyConditions: Sendable, Equatable {
    public var sun: SolarPosition
    public var latitudeDeg: Double
    public var cloudFraction: Double
    public var ambientC: Double
    /// Global horizontal irradiance under the clouds, W/m².
    public var ghiWm2: Double
    /// Direct normal (beam) irradiance, W/m².
    public var dniWm2: Double
    /// Diffuse horizontal irradiance, W/m².
    public var dhiWm2: Double
    /// sin/cos of latitude, declination and hour angle, so each array's incidence angle is a few multiplications.
    public var sinLat: Double, cosLat: Double, sinDecl: Double, cosDecl: Double, sinHour: Double, cosHour: Double

    public init(sun: SolarPosition, dayOfYear: Int64, latitudeDeg: Double, cloudFraction: Double, ambientC: Double) {
        self.sun = sun
        self.latitudeDeg = latitudeDeg
        self.cloudFraction = cloudFraction
        self.ambientC = ambientC
        let phi = latitudeDeg * .pi / 180, delta = sun.declinationDeg * .pi / 180, omega = sun.hourAngleDeg * .pi / 180
        (sinLat, cosLat, sinDecl, cosDecl, sinHour, cosHour) = (sin(phi), cos(phi), sin(delta), cos(delta), sin(omega), cos(omega))
        let clearGhi = ClearSky.haurwitzGhiWm2(cosZenith: sun.cosZenith)
        ghiWm2 = Irradiance.kastenCzeplakGhiWm2(clearSkyGhiWm2: clearGhi, cloudFraction: cloudFraction)
        (dniWm2, dhiWm2) = Irradiance.erbsSplit(ghiWm2: ghiWm2, cosZenith: sun.cosZenith, dayOfYear: dayOfYear)
    }

    /// The conditions at a UTC instant for a given cloud cover and air temperature.
    public init(unixS: Int64, latitudeDeg: Double, longitudeDeg: Double, cloudFraction: Double, ambientC: Double) {
        self.init(sun: SolarPosition(unixS: unixS, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg),
                  dayOfYear: UTCCalendar.dayOfYear(unixS: unixS).day, latitudeDeg: latitudeDeg, cloudFraction: cloudFraction,
                  ambientC: ambientC)
    }

    /// Solar time of day, hours (12 at solar noon), for the temperature's daily cycle.
    public var solarHour: Double { sun.hourAngleDeg / 15 + 12 }
}

/// Irradiance formulas, each with its source.
public enum Irradiance {
    /// Solar constant, W/m² (Kopp and Lean 2011).
    public static let solarConstantWm2 = 1_361.0

    /// Kasten and Czeplak (1980): GHI = GHI_clear · (1 − 0.75 · C^3.4) for a cloud fraction C in 0…1.
    public static func kastenCzeplakGhiWm2(clearSkyGhiWm2: Double, cloudFraction: Double) -> Double {
        clearSkyGhiWm2 * (1 - 0.75 * pow(min(1, max(0, cloudFraction)), 3.4))
    }

    /// Extraterrestrial irradiance on a plane normal to the sun, W/m² (the orbit's eccentricity, Spencer's first term).
    public static func extraterrestrialWm2(dayOfYear: Int64) -> Double {
        solarConstantWm2 * (1 + 0.033 * cos(2 * Double.pi * Double(dayOfYear) / 365))
    }

    /// Erbs, Klein and Duffie (1982): the diffuse fraction of GHI from the clearness index kt.
    public static func erbsDiffuseFraction(clearnessIndex kt: Double) -> Double {
        if kt <= 0.22 { return 1 - 0.09 * kt }
        if kt <= 0.80 { return 0.9511 - 0.1604 * kt + 4.388 * kt * kt - 16.638 * kt * kt * kt + 12.336 * kt * kt * kt * kt }
        return 0.165
    }

    /// GHI split into beam (DNI) and diffuse (DHI); zero with the sun down. The beam is capped at
    /// the extraterrestrial value because dividing by cos Z near the horizon amplifies any error.
    public static func erbsSplit(ghiWm2: Double, cosZenith: Double, dayOfYear: Int64) -> (dniWm2: Double, dhiWm2: Double) {
        guard cosZenith > 0, ghiWm2 > 0 else { return (0, 0) }
        let extraterrestrial = extraterrestrialWm2(dayOfYear: dayOfYear)
        let kt = min(1, ghiWm2 / (extraterrestrial * cosZenith))
        let dhi = ghiWm2 * erbsDiffuseFraction(clearnessIndex: kt)
        return (min(extraterrestrial, (ghiWm2 - dhi) / cosZenith), dhi)
    }
}
