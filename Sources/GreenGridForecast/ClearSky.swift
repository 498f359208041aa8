import Foundation

/// Clear-sky irradiance and the PV power it would give.
public enum ClearSky {
    /// Haurwitz (1945) global horizontal irradiance under a cloudless sky, W/m²:
    /// 1098 × cosZ × exp(−0.057 / cosZ), and 0 when the sun is down.
    public static func haurwitzGhiWm2(cosZenith: Double) -> Double {
        guard cosZenith > 0 else { return 0 }
        return 1_098 * cosZenith * exp(-0.057 / cosZenith)
    }
}

/// A PV system as the forecasts see it.
///
/// Assumption: the array lies on a horizontal-ish plane, so its clear-sky power follows the
/// clear-sky GHI: P_clear = capacity × performanceRatio × GHI_clear / 1000 W/m² (the standard
/// test irradiance). At clear-sky noon (GHI ≈ 1000 W/m²) that is ≈ capacity × 0.85 by default.
/// Tilt, orientation, temperature and shading are left to the clear-sky index k = P / P_clear,
/// which is what the forecasters model.
public struct PVSite: Sendable, Equatable {
    public var latitudeDeg: Double
    public var longitudeDeg: Double
    public var capacityW: Double
    public var performanceRatio: Double

    public init(latitudeDeg: Double, longitudeDeg: Double, capacityW: Double, performanceRatio: Double = 0.85) {
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.capacityW = capacityW
        self.performanceRatio = performanceRatio
    }

    /// Below this clear-sky GHI the sun is too low for a clear-sky index to mean anything
    /// (dawn, dusk, night): the index is neither measured nor trusted there.
    public static let daylightGhiWm2 = 50.0

    public func clearSkyGhiWm2(atUnixS time: Int64) -> Double {
        ClearSky.haurwitzGhiWm2(cosZenith: SolarPosition(unixS: time, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg).cosZenith)
    }

    /// Clear-sky power at an instant, W.
    public func clearSkyPowerW(atUnixS time: Int64) -> Double {
        capacityW * performanceRatio * clearSkyGhiWm2(atUnixS: time) / 1_000
    }

    /// Clear-sky average power of the step starting at `start` (taken at mid-step), W, and whether
    /// that step counts as daylight.
    public func clearSkyStep(start: Int64, stepS: Int64) -> (powerW: Double, daylight: Bool) {
        let mid = start + stepS / 2
        let ghi = clearSkyGhiWm2(atUnixS: mid)
        return (capacityW * performanceRatio * ghi / 1_000, ghi >= PVSite.daylightGhiWm2)
    }
}
