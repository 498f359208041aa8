/// A BDEW standard load profile, as shapes per season and day type scaled to an annual consumption.
public enum LoadProfile: Int, Sendable, CaseIterable {
    /// Household (Haushalt).
    case h0 = 0
    /// Business in general (Gewerbe allgemein).
    case g0 = 1

    /// H0's dynamisation (BDEW): F(t) = −3.92·10⁻¹⁰t⁴ + 3.2·10⁻⁷t³ − 7.02·10⁻⁵t² + 2.1·10⁻³t + 1.24
    /// for day of year t, which moves household consumption from summer (≈0.8) to winter (≈1.24)
    /// on top of the seasonal tables. G0 is static (factor 1).
    public func dynamisation(dayOfYear: Int64) -> Double {
        guard self == .h0 else { return 1 }
        let t = Double(dayOfYear)
        return (((-3.92e-10 * t + 3.2e-7) * t - 7.02e-5) * t + 2.1e-3) * t + 1.24
    }

    /// Mean power, W, over the local quarter hour at 1,000 kWh/a, dynamised and normalised so the
    /// reference year 2025 sums to exactly 1,000 kWh (other years differ by their mix of day types).
    public func powerWPer1000KWh(_ local: LocalTime) -> Double {
        let table = LoadProfile.quarterTables[rawValue][local.season.rawValue * 3 + local.dayType.rawValue]
        return table[local.quarterOfDay] * dynamisation(dayOfYear: local.dayOfYear) * LoadProfile.normalisation[rawValue]
    }

    /// The largest value `powerWPer1000KWh` can take in any year, W.
    public var maxPowerWPer1000KWh: Double { LoadProfile.maxima[rawValue] }

    /// [profile][season × 3 + day type][quarter], W before normalisation.
    static let quarterTables: [[[Double]]] = [LoadProfileTables.h0, LoadProfileTables.g0].map { profile in
        profile.flatMap { season in season.map(LoadProfileTables.quarterHours) }
    }

    static let normalisation: [Double] = LoadProfile.allCases.map { profile in
        let firstDay = 20_089  // days from 1970-01-01 to 2025-01-01
        var energyWh = 0.0
        for day in Int64(firstDay)..<Int64(firstDay + 365) {
            let noon = LocalTime(unixS: day * 86_400 + 43_200, utcOffsetMin: 0)
            let table = quarterTables[profile.rawValue][noon.season.rawValue * 3 + noon.dayType.rawValue]
            energyWh += table.reduce(0, +) * 0.25 * profile.dynamisation(dayOfYear: noon.dayOfYear)
        }
        return 1_000_000 / energyWh
    }

    static let maxima: [Double] = LoadProfile.allCases.map { profile in
        let tableMax = quarterTables[profile.rawValue].map { $0.max()! }.max()!
        let dynamisationMax = (1...366).map { profile.dynamisation(dayOfYear: Int64($0)) }.max()!
        return tableMax * dynamisationMax * normalisation[profile.rawValue]
    }
}

/// One consumer's load: a profile scaled to its annual consumption, times a multiplicative noise
/// per quarter hour (1 + σ·z with z a standard normal clipped to ±3, mean 1, so the annual energy
/// stays the profile's). The noise is a counter-based draw per (meter seed, UTC quarter hour), so
/// it does not depend on how time is stepped. A real single household is far spikier than the
/// profile, which is a many-household average; the noise only roughens it.
public struct LoadModel: Sendable, Equatable {
    public let profile: LoadProfile
    public let annualKWh: Double
    public let noiseSigma: Double
    public let seed: UInt64

    public init(profile: LoadProfile, annualKWh: Double, noiseSigma: Double = 0.15, seed: UInt64) {
        precondition(annualKWh >= 0 && (0...0.3).contains(noiseSigma))
        self.profile = profile
        self.annualKWh = annualKWh
        self.noiseSigma = noiseSigma
        self.seed = seed
    }

    /// Profile power without noise, W.
    public func expectedPowerW(_ local: LocalTime) -> Double { profile.powerWPer1000KWh(local) * annualKWh / 1_000 }

    /// The noise factor of the UTC quarter hour `quarterIndex` (Unix seconds / 900).
    public func noiseFactor(quarterIndex: Int64) -> Double {
        let z = SeededRandom.gaussian(seed: seed, stream: 0x10AD, index: quarterIndex)
        return 1 + noiseSigma * min(3, max(-3, z))
    }

    /// Power, W, at an instant: constant over each quarter hour, like the BDEW values.
    public func powerW(unixS: Int64, local: LocalTime) -> Double {
        let quarter = unixS >= 0 ? unixS / 900 : (unixS - 899) / 900
        return expectedPowerW(local) * noiseFactor(quarterIndex: quarter)
    }

    public var maxPowerW: Double { profile.maxPowerWPer1000KWh * annualKWh / 1_000 * (1 + 3 * noiseSigma) }
}
