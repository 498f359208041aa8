import Foundation

/// A rooftop or ground-mounted PV array: size, orientation and losses.
///
/// Plane-of-array irradiance by the isotropic-sky (Liu–Jordan) transposition:
/// POA = DNI·max(0, cos θ) + DHI·(1 + cos β)/2 + GHI·ρ·(1 − cos β)/2, with θ the angle of incidence
/// (Duffie and Beckman, eq. 1.6.2), β the tilt and ρ the ground albedo.
/// Power: P = peak · POA/1000 · PR · (1 + γ·(T_cell − 25 °C)), with the cell temperature from the
/// NOCT model T_cell = T_air + (NOCT − 20)/800 · POA, and clipped at the inverter's AC rating.
/// PR (default 0.86, PVWatts' 14 % system losses: inverter, wiring, soiling, mismatch) covers every
/// loss but temperature; γ = −0.4 %/K is typical of crystalline silicon.
public struct PVArray: Sendable, Equatable {
    public let peakW: Double
    public let tiltDeg: Double
    /// Compass azimuth the array faces: 90 east, 180 south, 270 west.
    public let azimuthDeg: Double
    public let performanceRatio: Double
    public let temperatureCoefficientPerK: Double
    public let noctC: Double
    public let albedo: Double
    /// The inverter's AC limit; equal to the peak by default (a DC/AC ratio of 1).
    public let inverterW: Double
    private let sinTilt: Double, cosTilt: Double, sinAzimuth: Double, cosAzimuth: Double

    public init(peakW: Double, tiltDeg: Double = 30, azimuthDeg: Double = 180, performanceRatio: Double = 0.86,
                temperatureCoefficientPerK: Double = -0.004, noctC: Double = 45, albedo: Double = 0.2, inverterW: Double? = nil) {
        precondition(peakW >= 0 && (0...90).contains(tiltDeg))
        self.peakW = peakW
        self.tiltDeg = tiltDeg
        self.azimuthDeg = azimuthDeg
        self.performanceRatio = performanceRatio
        self.temperatureCoefficientPerK = temperatureCoefficientPerK
        self.noctC = noctC
        self.albedo = albedo
        self.inverterW = inverterW ?? peakW
        let beta = tiltDeg * .pi / 180
        // Duffie–Beckman surface azimuth γ: 0 facing south, east negative, west positive.
        let gamma = (azimuthDeg - 180) * .pi / 180
        (sinTilt, cosTilt, sinAzimuth, cosAzimuth) = (sin(beta), cos(beta), sin(gamma), cos(gamma))
    }

    /// cos θ between the beam and the array's normal; negative when the sun is behind the array.
    public func cosIncidence(_ sky: SkyConditions) -> Double {
        let (sd, cd, sl, cl, sw, cw) = (sky.sinDecl, sky.cosDecl, sky.sinLat, sky.cosLat, sky.sinHour, sky.cosHour)
        return sd * sl * cosTilt - sd * cl * sinTilt * cosAzimuth + cd * cl * cosTilt * cw
            + cd * sl * sinTilt * cosAzimuth * cw + cd * sinTilt * sinAzimuth * sw
    }

    /// Irradiance on the array's plane, W/m².
    public func planeOfArrayWm2(_ sky: SkyConditions) -> Double {
        guard sky.sun.isUp else { return 0 }
        let beam = sky.dniWm2 * max(0, cosIncidence(sky))
        let diffuse = sky.dhiWm2 * (1 + cosTilt) / 2
        let ground = sky.ghiWm2 * albedo * (1 - cosTilt) / 2
        return beam + diffuse + ground
    }

    /// AC output, W: exactly 0 while the sun is down.
    public func powerW(_ sky: SkyConditions) -> Double {
        let poa = planeOfArrayWm2(sky)
        guard poa > 0 else { return 0 }
        let cellC = sky.ambientC + (noctC - 20) / 800 * poa
        let derate = max(0, 1 + temperatureCoefficientPerK * (cellC - 25))
        return min(inverterW, peakW * poa / 1_000 * performanceRatio * derate)
    }

    /// The most the array can ever deliver: the inverter clips there.
    public var maxPowerW: Double { inverterW }
}
